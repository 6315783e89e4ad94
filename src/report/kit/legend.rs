//! Legends and the small marks they share with the charts.

use plotters::prelude::*;

use super::frame::{Area, abs, err};
use super::palette::{INK, Rgb, rgb};
use super::text::{Style, TextLayer, width};

/// How a legend item is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Swatch {
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
pub(crate) fn legend_band<'a>(
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
