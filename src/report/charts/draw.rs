//! Drawing pieces shared by the charts: colours, headers, legends, axes and the calendar axis.
//! Geometry is drawn with plotters; all text goes through the [`TextLayer`].

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::Area;
use super::data::{Rgb, TimeAxis};
use super::text::{Align, Style, TextLayer, Valign, width};

/// A plotters colour from an [`Rgb`] triple.
pub fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Text colour.
pub const INK: Rgb = (0x22, 0x22, 0x22);

/// The colour for text written on a `fill`: white on dark fills, [`INK`] on light ones (by
/// perceived lightness, ITU-R BT.601 weights).
pub fn ink_on(fill: Rgb) -> Rgb {
    let lightness =
        (u32::from(fill.0) * 299 + u32::from(fill.1) * 587 + u32::from(fill.2) * 114) / 1000;
    if lightness < 140 {
        (0xFF, 0xFF, 0xFF)
    } else {
        INK
    }
}
/// Secondary text and axes.
pub const MUTED: Rgb = (0x66, 0x66, 0x66);
/// Grid lines.
pub const GRID: Rgb = (0xE4, 0xE4, 0xE4);
/// Shaded calendar windows.
pub const SHADE: Rgb = (0xCC, 0xCC, 0xCC);

/// Error text from anything displayable.
pub fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Absolute image coordinates of a point given relative to `area`.
pub fn abs(area: &Area<'_>, (x, y): (i32, i32)) -> (i32, i32) {
    let (ax, ay) = area.get_base_pixel();
    (ax + x, ay + y)
}

/// Draws a title and subtitle at the top of `area` and returns the area below them.
pub fn header<'a>(area: &Area<'a>, text: &mut TextLayer, title: &str, subtitle: &str) -> Area<'a> {
    let (top, rest) = area.split_vertically(78);
    // Long titles shrink to fit the width rather than run off the image.
    let room = top.dim_in_pixel().0 as f32 - 48.0;
    let mut size = 24.0;
    while size > 15.0 && width(title, &Style::new(size, true, INK)) > room {
        size -= 1.0;
    }
    text.add(title, abs(&top, (24, 14)), Style::new(size, true, INK));
    text.add(
        subtitle,
        abs(&top, (24, 50)),
        Style::new(15.0, false, MUTED),
    );
    rest
}

/// Writes a one-line note at the bottom of `area` and returns the area above it.
pub fn footer<'a>(area: &Area<'a>, text: &mut TextLayer, note: &str) -> Area<'a> {
    let (_, height) = area.dim_in_pixel();
    let (rest, bottom) = area.split_vertically(height.saturating_sub(30));
    text.add(note, abs(&bottom, (24, 6)), Style::new(13.0, false, MUTED));
    rest
}

/// How a legend item is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// A thick line.
    Line,
    /// A filled box.
    Box,
    /// A light filled box (a band or a shaded window).
    Light,
    /// A dashed vertical line.
    Dashed,
    /// A small open triangle (IAEA Board meetings).
    Triangle,
}

/// Draws legend items left to right from `(x, y)` within `area`, wrapping before `max_x`.
fn legend(
    area: &Area<'_>,
    text: &mut TextLayer,
    (x, y): (i32, i32),
    max_x: i32,
    items: &[(String, Rgb, Swatch)],
) -> Result<(), String> {
    let style = Style::new(14.0, false, INK);
    let (mut cx, mut cy) = (x, y);
    for (label, color, swatch) in items {
        let item_width = 30 + width(label, &style).ceil() as i32 + 24;
        if cx + item_width > max_x && cx > x {
            cx = x;
            cy += 22;
        }
        let c = rgb(*color);
        match swatch {
            Swatch::Line => area.draw(&PathElement::new(
                vec![(cx, cy + 8), (cx + 22, cy + 8)],
                c.stroke_width(3),
            )),
            Swatch::Box => area.draw(&Rectangle::new(
                [(cx, cy + 1), (cx + 22, cy + 15)],
                c.filled(),
            )),
            Swatch::Light => area.draw(&Rectangle::new(
                [(cx, cy + 1), (cx + 22, cy + 15)],
                c.mix(0.35).filled(),
            )),
            Swatch::Dashed => (0..3).try_for_each(|i| {
                area.draw(&PathElement::new(
                    vec![(cx + 11, cy + i * 6), (cx + 11, cy + i * 6 + 3)],
                    c.stroke_width(2),
                ))
            }),
            Swatch::Triangle => area.draw(&triangle((cx + 11, cy + 4), c)),
        }
        .map_err(err)?;
        text.add(label.clone(), abs(area, (cx + 30, cy)), style);
        cx += item_width;
    }
    Ok(())
}

/// Splits a band of `height` pixels off the top of `area`, draws the legend `items` in it and
/// returns the area below.
pub fn legend_band<'a>(
    area: &Area<'a>,
    text: &mut TextLayer,
    height: u32,
    items: &[(String, Rgb, Swatch)],
) -> Result<Area<'a>, String> {
    let (band, rest) = area.split_vertically(height);
    let (w, _) = band.dim_in_pixel();
    legend(&band, text, (24, 4), w as i32 - 24, items)?;
    Ok(rest)
}

/// Width in pixels of the widest of `labels` in `style`, rounded up.
pub fn widest<'s>(labels: impl IntoIterator<Item = &'s str>, style: &Style) -> i32 {
    labels
        .into_iter()
        .map(|l| width(l, style))
        .fold(0.0, f32::max)
        .ceil() as i32
}

/// Vertical grid lines at `ticks` across the plot (the zero line darker) and their labels below:
/// the value axis of horizontal bar charts.
pub fn x_grid(
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

/// A small downward open triangle with its top edge centred at `(x, y)`.
pub fn triangle((x, y): (i32, i32), color: RGBColor) -> PathElement<(i32, i32)> {
    PathElement::new(
        vec![(x - 6, y), (x + 6, y), (x, y + 9), (x - 6, y)],
        color.stroke_width(2),
    )
}

/// About `max` round tick values covering `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) || max == 0 {
        return vec![lo];
    }
    let raw = (hi - lo) / max as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A share as an axis label: `0.2` → `20%`, `0.025` → `2.5%`.
pub fn percent_tick(share: f64) -> String {
    let text = format!("{:.1}", 100.0 * share);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// A level as an axis label, with as few decimals as it needs: `0.25`, `0.5`, `1`.
pub fn number_tick(value: f64) -> String {
    crate::report::markdown::trimmed(value, 2)
}

/// A chart with both axes in `f64`.
pub type Chart2d<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws horizontal grid lines and y labels at `ticks`.
pub fn y_axis(
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
pub fn x_labels(
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
pub fn plain_chart<'a, 'b>(
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

/// Options of [`time_chart`].
pub struct TimeChartStyle<'f> {
    /// Range of the y axis.
    pub y_range: (f64, f64),
    /// Formats y tick labels.
    pub y_format: &'f dyn Fn(f64) -> String,
    /// At most this many y ticks.
    pub y_ticks: usize,
    /// Size of tick labels.
    pub label_size: f32,
    /// Pixels above the plot reserved for event labels (0 leaves events unlabelled).
    pub event_label_space: u32,
    /// Pixels left of the plot for y labels.
    pub y_label_area: u32,
}

/// Builds a chart whose x axis is the calendar: month ticks, shaded windows, dashed event lines
/// and, when there is room, event labels staggered above the plot so they never sit on the data.
pub fn time_chart<'a, 'b>(
    area: &'a Area<'b>,
    text: &mut TextLayer,
    axis: &TimeAxis,
    style: &TimeChartStyle<'_>,
) -> Result<Chart2d<'a, 'b>, String> {
    let (ylo, yhi) = style.y_range;
    let mut chart = plain_chart(
        area,
        0.0..axis.steps as f64,
        ylo..yhi,
        (
            style.y_label_area,
            (style.label_size * 2.2) as u32,
            style.event_label_space + 8,
            28,
        ),
    )?;
    for w in &axis.windows {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(w.from, ylo), (w.to, yhi)],
                rgb(SHADE).mix(0.35).filled(),
            )))
            .map_err(err)?;
    }
    y_axis(
        text,
        &mut chart,
        &nice_ticks(ylo, yhi, style.y_ticks),
        style.y_format,
        style.label_size,
    )?;
    for (x, _) in &axis.ticks {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(*x, ylo), (*x, yhi)],
                rgb(GRID),
            )))
            .map_err(err)?;
    }
    x_labels(area, text, &chart, &axis.ticks, style.label_size)?;
    for m in &axis.markers {
        chart
            .draw_series(
                dashed(m.x, ylo, yhi, 28)
                    .into_iter()
                    .map(|seg| PathElement::new(seg, rgb(MUTED).stroke_width(1))),
            )
            .map_err(err)?;
    }
    if style.event_label_space > 0 {
        label_events(area, text, &chart, axis, style.event_label_space)?;
    }
    Ok(chart)
}

/// Segments of a dashed vertical line at `x` from `ylo` to `yhi`.
fn dashed(x: f64, ylo: f64, yhi: f64, dashes: usize) -> Vec<Vec<(f64, f64)>> {
    let step = (yhi - ylo) / dashes as f64;
    (0..dashes)
        .map(|i| {
            let y0 = ylo + step * i as f64;
            vec![(x, y0), (x, y0 + step * 0.55)]
        })
        .collect()
}

/// Writes each event's label above the plot, on the lowest row where it does not overlap another
/// label, with a thin connector down to its line.
fn label_events(
    area: &Area<'_>,
    text: &mut TextLayer,
    chart: &Chart2d<'_, '_>,
    axis: &TimeAxis,
    space: u32,
) -> Result<(), String> {
    let style = Style::new(13.0, false, INK);
    let row_height = 18;
    let rows = (space as i32 / row_height).max(1) as usize;
    let (ax, ay) = area.get_base_pixel();
    let (area_width, _) = area.dim_in_pixel();
    let yhi = chart.y_range().end;
    let mut occupied: Vec<Vec<(i32, i32)>> = vec![Vec::new(); rows];
    for m in &axis.markers {
        let (px, top) = chart.backend_coord(&(m.x, yhi));
        let w = width(&m.label, &style).ceil() as i32;
        let left = (px - w / 2).clamp(ax + 2, ax + area_width as i32 - w - 2);
        let span = (left - 8, left + w + 8);
        let row = (0..rows)
            .find(|&r| occupied[r].iter().all(|&(a, b)| span.1 < a || span.0 > b))
            .unwrap_or(rows - 1);
        occupied[row].push(span);
        let y = top - 4 - row_height * (row as i32 + 1);
        area.draw(&PathElement::new(
            vec![(px - ax, y - ay + row_height - 3), (px - ax, top - ay)],
            rgb(MUTED).stroke_width(1),
        ))
        .map_err(err)?;
        text.add(m.label.clone(), (left, y), style);
    }
    Ok(())
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
        assert_eq!(percent_tick(0.2), "20%");
        assert_eq!(percent_tick(0.025), "2.5%");
        assert_eq!(number_tick(0.25), "0.25");
        assert_eq!(number_tick(1.0), "1");
        assert_eq!(number_tick(0.0), "0");
    }
}
