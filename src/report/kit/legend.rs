//! Legends, laid out from their contents (as many rows as the labels need), and the small marks
//! they share with the charts.

use plotters::prelude::*;

use super::frame::{Area, abs, err};
use super::palette::{INK, Rgb, rgb};
use super::series::{SeriesStyle, draw_styled};
use super::text::{Style, TextLayer, width};

/// How a legend item is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A thick line.
    Line,
    /// A line series: its colour, dash pattern and marker.
    Series(SeriesStyle),
    /// A filled box.
    Box,
    /// A light filled box (a band or a shaded window).
    Light,
    /// A dashed vertical line.
    Dashed,
    /// A small open triangle (IAEA Board meetings).
    Triangle,
}

impl Swatch {
    /// Width of the swatch in pixels.
    fn width(self) -> i32 {
        match self {
            Swatch::Series(_) => 40,
            _ => 22,
        }
    }
}

/// A legend item: label, colour and swatch.
pub(crate) type LegendItem = (String, Rgb, Swatch);

/// Row height of a legend.
const ROW: i32 = 22;

/// Where each of `items` goes, left to right from `x` and wrapping before `max_x`, and how many
/// rows that takes.
fn layout(items: &[LegendItem], x: i32, max_x: i32) -> (Vec<(i32, i32)>, i32) {
    let style = Style::new(14.0, false, INK);
    let (mut cx, mut cy) = (x, 0);
    let mut at = Vec::new();
    for (label, _, swatch) in items {
        let item_width = swatch.width() + 8 + width(label, &style).ceil() as i32 + 24;
        if cx + item_width > max_x && cx > x {
            cx = x;
            cy += ROW;
        }
        at.push((cx, cy));
        cx += item_width;
    }
    let rows = if items.is_empty() { 0 } else { cy / ROW + 1 };
    (at, rows)
}

/// Draws legend `items` in `area` at the places [`layout`] gives, offset by `top`.
fn legend(
    area: &Area<'_>,
    text: &mut TextLayer,
    top: i32,
    items: &[LegendItem],
) -> Result<(), String> {
    let style = Style::new(14.0, false, INK);
    let (w, _) = area.dim_in_pixel();
    let (places, _) = layout(items, 24, w as i32 - 24);
    for ((label, color, swatch), (cx, y)) in items.iter().zip(places) {
        let cy = y + top;
        let c = rgb(*color);
        match swatch {
            Swatch::Line => area.draw(&PathElement::new(
                vec![(cx, cy + 8), (cx + 22, cy + 8)],
                c.stroke_width(3),
            )),
            Swatch::Series(s) => {
                draw_styled(
                    area,
                    &[(cx, cy + 8), (cx + 40, cy + 8)],
                    *s,
                    3,
                    (20.0, 100.0),
                )?;
                Ok(())
            }
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
        text.add(
            label.clone(),
            abs(area, (cx + swatch.width() + 8, cy)),
            style,
        );
    }
    Ok(())
}

/// Splits a band off the top of `area` as tall as the legend `items` need once wrapped to its
/// width, draws them in it and returns the area below.
pub(crate) fn legend_band<'a>(
    area: &Area<'a>,
    text: &mut TextLayer,
    items: &[LegendItem],
) -> Result<Area<'a>, String> {
    let (w, _) = area.dim_in_pixel();
    let (_, rows) = layout(items, 24, w as i32 - 24);
    let (band, rest) = area.split_vertically(8 + ROW * rows + 4);
    legend(&band, text, 4, items)?;
    Ok(rest)
}

/// Width in pixels of the widest of `labels` in `style`, rounded up.
pub(crate) fn widest<'s>(labels: impl IntoIterator<Item = &'s str>, style: &Style) -> i32 {
    labels
        .into_iter()
        .map(|l| width(l, style))
        .fold(0.0, f32::max)
        .ceil() as i32
}

/// A small downward open triangle with its top edge centred at `(x, y)`.
pub(crate) fn triangle((x, y): (i32, i32), color: RGBColor) -> PathElement<(i32, i32)> {
    PathElement::new(
        vec![(x - 6, y), (x + 6, y), (x, y + 9), (x - 6, y)],
        color.stroke_width(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legends_wrap_into_as_many_rows_as_their_labels_need() {
        let item = |label: &str| (label.to_string(), INK, Swatch::Box);
        let (_, rows) = layout(&[item("a"), item("b")], 24, 1176);
        assert_eq!(rows, 1);
        let long: Vec<LegendItem> = (0..9)
            .map(|i| item(&format!("stepwise_direct_talks_{i} (83.5% at the horizon)")))
            .collect();
        let (places, rows) = layout(&long, 24, 1176);
        assert!(rows >= 3, "{rows}");
        assert!(places.iter().all(|&(x, _)| x < 1176));
        assert_eq!(places.last().unwrap().1, (rows - 1) * ROW);
        assert_eq!(layout(&[], 24, 1176).1, 0);
    }
}
