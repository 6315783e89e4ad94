//! Line series that stay distinguishable without colour: each has a colour, a dash pattern and a
//! marker, and the first twelve differ in all three ways from every other, so a colour-blind
//! reader (or a grey-scale print) can still tell them apart.

use plotters::prelude::*;

use super::frame::{Area, err};
use super::palette::{Rgb, rgb};

/// How a line is dashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dash {
    /// Unbroken.
    Solid,
    /// Long dashes.
    Long,
    /// Short dashes, nearly dots.
    Short,
}

impl Dash {
    /// On and off lengths in pixels, `None` for a solid line.
    fn pattern(self) -> Option<(f64, f64)> {
        match self {
            Dash::Solid => None,
            Dash::Long => Some((14.0, 6.0)),
            Dash::Short => Some((4.0, 5.0)),
        }
    }
}

/// The marker set along a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// No marker.
    None,
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled triangle, point up.
    Triangle,
}

/// How one series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SeriesStyle {
    /// Colour.
    pub(crate) color: Rgb,
    /// Dash pattern.
    pub(crate) dash: Dash,
    /// Marker.
    pub(crate) mark: Mark,
}

impl SeriesStyle {
    /// A solid, unmarked line of `color`.
    pub(crate) const fn solid(color: Rgb) -> SeriesStyle {
        SeriesStyle {
            color,
            dash: Dash::Solid,
            mark: Mark::None,
        }
    }

    /// A dashed, unmarked line of `color`.
    pub(crate) const fn dashed(color: Rgb) -> SeriesStyle {
        SeriesStyle {
            color,
            dash: Dash::Long,
            mark: Mark::None,
        }
    }
}

/// Twelve colours that stay apart for most colour-blind readers: Paul Tol's bright scheme, then
/// indigo, orange and teal from his other schemes, black, olive and grey.
const COLORS: [Rgb; 12] = [
    (0x44, 0x77, 0xAA),
    (0xEE, 0x66, 0x77),
    (0x22, 0x88, 0x33),
    (0xCC, 0xBB, 0x44),
    (0x66, 0xCC, 0xEE),
    (0xAA, 0x33, 0x77),
    (0x33, 0x22, 0x88),
    (0xEE, 0x77, 0x33),
    (0x00, 0x99, 0x88),
    (0x00, 0x00, 0x00),
    (0x99, 0x99, 0x33),
    (0x88, 0x88, 0x88),
];

/// The style of series `i`: the first twelve have twelve different colours and, independently,
/// twelve different pairs of dash and marker (three dashes × four markers); then they repeat.
pub(crate) fn series_style(i: usize) -> SeriesStyle {
    let i = i % COLORS.len();
    SeriesStyle {
        color: COLORS[i],
        dash: [Dash::Solid, Dash::Long, Dash::Short][i % 3],
        mark: [Mark::None, Mark::Circle, Mark::Square, Mark::Triangle][i / 3],
    }
}

/// Draws a marker centred at `(x, y)` (pixels in `area`).
pub(crate) fn draw_mark(
    area: &Area<'_>,
    mark: Mark,
    (x, y): (i32, i32),
    color: Rgb,
) -> Result<(), String> {
    let c = rgb(color);
    match mark {
        Mark::None => Ok(()),
        Mark::Circle => area.draw(&Circle::new((x, y), 5, c.filled())),
        Mark::Square => area.draw(&Rectangle::new(
            [(x - 4, y - 4), (x + 4, y + 4)],
            c.filled(),
        )),
        Mark::Triangle => area.draw(&Polygon::new(
            vec![(x, y - 6), (x + 6, y + 4), (x - 6, y + 4)],
            c.filled(),
        )),
    }
    .map_err(err)
}

/// Draws the polyline `points` (pixels in `area`) in `style`, `width` pixels wide, with its
/// markers every `spacing` pixels along the line from `offset` (stagger the offsets so that the
/// markers of neighbouring series do not sit on each other).
pub(crate) fn draw_styled(
    area: &Area<'_>,
    points: &[(i32, i32)],
    style: SeriesStyle,
    width: u32,
    (offset, spacing): (f64, f64),
) -> Result<(), String> {
    let stroke = rgb(style.color).stroke_width(width);
    match style.dash.pattern() {
        None => area
            .draw(&PathElement::new(points.to_vec(), stroke))
            .map_err(err)?,
        Some(pattern) => {
            for dash in dashes(points, pattern) {
                area.draw(&PathElement::new(dash, stroke)).map_err(err)?;
            }
        }
    }
    if style.mark != Mark::None {
        for at in along(points, offset, spacing) {
            draw_mark(area, style.mark, at, style.color)?;
        }
    }
    Ok(())
}

/// The pieces of the polyline `points` that are drawn with the dash `pattern` (on, off lengths).
fn dashes(points: &[(i32, i32)], (on, off): (f64, f64)) -> Vec<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    let mut current: Vec<(i32, i32)> = Vec::new();
    // Distance into the current on/off period.
    let mut phase = 0.0;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let length = dx.hypot(dy);
        let at = |t: f64| {
            (
                a.0 + (dx * t / length.max(1e-9)).round() as i32,
                a.1 + (dy * t / length.max(1e-9)).round() as i32,
            )
        };
        let mut t = 0.0;
        while t < length {
            if phase < on {
                let step = (on - phase).min(length - t);
                if current.is_empty() {
                    current.push(at(t));
                }
                current.push(at(t + step));
                (t, phase) = (t + step, phase + step);
                if phase >= on {
                    out.push(std::mem::take(&mut current));
                }
            } else {
                let step = (on + off - phase).min(length - t);
                (t, phase) = (t + step, phase + step);
                if phase >= on + off {
                    phase = 0.0;
                }
            }
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out.retain(|d| d.len() > 1);
    out
}

/// Points every `spacing` pixels along the polyline `points`, the first at `offset`.
fn along(points: &[(i32, i32)], offset: f64, spacing: f64) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    let mut next = offset;
    let mut walked = 0.0;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let length = dx.hypot(dy);
        while next <= walked + length && length > 0.0 {
            let t = (next - walked) / length;
            out.push((a.0 + (dx * t).round() as i32, a.1 + (dy * t).round() as i32));
            next += spacing.max(1.0);
        }
        walked += length;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_series_differ_in_colour_and_in_dash_or_marker() {
        let styles: Vec<SeriesStyle> = (0..12).map(series_style).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a.color, b.color);
                assert!((a.dash, a.mark) != (b.dash, b.mark), "{a:?} {b:?}");
            }
        }
        assert_eq!(series_style(12), series_style(0));
    }

    #[test]
    fn dashes_cover_the_line_in_their_pattern() {
        let d = dashes(&[(0, 0), (100, 0)], (14.0, 6.0));
        assert_eq!(d.len(), 5);
        assert_eq!(d[0], vec![(0, 0), (14, 0)]);
        assert_eq!(d[1][0], (20, 0));
        // Around a corner the dash continues.
        let d = dashes(&[(0, 0), (10, 0), (10, 10)], (14.0, 6.0));
        assert_eq!(d[0], vec![(0, 0), (10, 0), (10, 4)]);
        let marks = along(&[(0, 0), (100, 0)], 10.0, 40.0);
        assert_eq!(marks, vec![(10, 0), (50, 0), (90, 0)]);
    }
}
