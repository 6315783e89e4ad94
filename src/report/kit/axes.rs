//! Axes: round tick values and their labels, grid lines, and the bare two-axis chart every plot
//! starts from. Geometry is drawn with plotters; all text goes through the [`TextLayer`].

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::frame::{Area, err};
use super::palette::{GRID, MUTED, rgb};
use super::text::{Align, Style, TextLayer, Valign};
use crate::report::format::trimmed;

/// Vertical grid lines at `ticks` across the plot (the zero line darker) and their labels below:
/// the value axis of horizontal bar charts.
pub(crate) fn x_grid(
    area: &Area<'_>,
    text: &mut TextLayer,
    chart: &mut Chart2d<'_, '_>,
    ticks: &[(f64, String)],
    size: f32,
) -> Result<(), String> {
    let y = chart.y_range();
    for (x, _) in ticks {
        let color = if *x == 0.0 { rgb(MUTED) } else { rgb(GRID) };
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(*x, y.start), (*x, y.end)],
                color,
            )))
            .map_err(err)?;
    }
    x_labels(area, text, chart, ticks, size)
}

/// The smallest round step (1, 2, 2.5 or 5 times a power of ten) at least `raw`.
pub(crate) fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// About `max` round tick values covering `[lo, hi]`.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) || max == 0 {
        return vec![lo];
    }
    let step = nice_step((hi - lo) / max as f64);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A share as an axis label: `0.2` → `20%`, `0.025` → `2.5%`.
pub(crate) fn percent_tick(share: f64) -> String {
    let text = format!("{:.1}", 100.0 * share);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// A level as an axis label, with as few decimals as it needs: `0.25`, `0.5`, `1`.
pub(crate) fn number_tick(value: f64) -> String {
    trimmed(value, 2)
}

/// A chart with both axes in `f64`.
pub(crate) type Chart2d<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws horizontal grid lines and y labels at `ticks`.
pub(crate) fn y_axis(
    text: &mut TextLayer,
    chart: &mut Chart2d<'_, '_>,
    ticks: &[f64],
    format: &dyn Fn(f64) -> String,
    size: f32,
) -> Result<(), String> {
    let x_range = chart.x_range();
    for &t in ticks {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x_range.start, t), (x_range.end, t)],
                rgb(GRID),
            )))
            .map_err(err)?;
        let (px, py) = chart.backend_coord(&(x_range.start, t));
        text.add(
            format(t),
            (px - 8, py),
            Style::new(size, false, MUTED).at(Align::Right, Valign::Middle),
        );
    }
    Ok(())
}

/// Writes labels under the x axis at `ticks` (value, label), with small tick marks.
pub(crate) fn x_labels(
    area: &Area<'_>,
    text: &mut TextLayer,
    chart: &Chart2d<'_, '_>,
    ticks: &[(f64, String)],
    size: f32,
) -> Result<(), String> {
    let y = chart.y_range().start;
    let (ax, ay) = area.get_base_pixel();
    for (x, label) in ticks {
        let (px, py) = chart.backend_coord(&(*x, y));
        area.draw(&PathElement::new(
            vec![(px - ax, py - ay), (px - ax, py - ay + 5)],
            rgb(MUTED),
        ))
        .map_err(err)?;
        text.add(
            label.clone(),
            (px, py + 8),
            Style::new(size, false, MUTED).at(Align::Center, Valign::Top),
        );
    }
    Ok(())
}

/// Builds a chart on `area` with the given ranges and reserved label space, drawing only the two
/// axis lines (labels and grid are drawn by the caller, through the text layer).
pub(crate) fn plain_chart<'a, 'b>(
    area: &'a Area<'b>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    (left, bottom, top, right): (u32, u32, u32, u32),
) -> Result<Chart2d<'a, 'b>, String> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(top)
        .margin_right(right)
        .margin_left(8)
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(x, y)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .axis_style(rgb(MUTED))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_are_round_and_cover_the_range() {
        let t = nice_ticks(0.0, 1.0, 5);
        let expected = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
        assert_eq!(t.len(), expected.len());
        assert!(
            t.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-12),
            "{t:?}"
        );
        let t = nice_ticks(-173.0, 40.0, 8);
        assert!(t.len() <= 9 && t.len() >= 4, "{t:?}");
        assert!(t.iter().all(|x| (x / 25.0).fract().abs() < 1e-9), "{t:?}");
        assert_eq!(nice_ticks(1.0, 1.0, 5), vec![1.0]);
        assert_eq!(nice_step(0.03), 0.05);
        assert_eq!(nice_step(0.2), 0.2);
        assert_eq!(percent_tick(0.2), "20%");
        assert_eq!(percent_tick(0.025), "2.5%");
        assert_eq!(number_tick(0.25), "0.25");
        assert_eq!(number_tick(1.0), "1");
        assert_eq!(number_tick(0.0), "0");
    }
}
