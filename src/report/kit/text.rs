//! Text on charts, rendered from the embedded DejaVu Sans with ab_glyph.
//!
//! plotters' own ab_glyph text path places each glyph by its ink box, ignoring side bearings and
//! rounding the baseline per glyph, which gives uneven letter spacing and floating full stops. The
//! charts therefore queue their text in a [`TextLayer`] while plotters draws the geometry, and the
//! layer is rasterised onto the finished image with proper advances, kerning, bearings and one
//! baseline per line.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

use super::palette::Rgb;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

/// The embedded fonts, parsed once. `None` only if the embedded files were corrupt, which a test
/// rules out; text is then skipped rather than crashing.
fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: FontRef::try_from_slice(REGULAR).ok()?,
                bold: FontRef::try_from_slice(BOLD).ok()?,
            })
        })
        .as_ref()
}

/// Horizontal alignment of a text at its anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// The anchor is the left end.
    Left,
    /// The anchor is the centre.
    Center,
    /// The anchor is the right end.
    Right,
}

/// Vertical alignment of a text at its anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Valign {
    /// The anchor is the top of the line.
    Top,
    /// The anchor is the middle of the line.
    Middle,
    /// The anchor is the bottom of the line.
    Bottom,
}

/// How a piece of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Style {
    /// Size in pixels.
    pub(crate) size: f32,
    /// Bold face.
    pub(crate) bold: bool,
    /// Colour.
    pub(crate) color: Rgb,
    /// Horizontal alignment.
    pub(crate) align: Align,
    /// Vertical alignment.
    pub(crate) valign: Valign,
}

impl Style {
    /// Left- and top-aligned text.
    pub(crate) const fn new(size: f32, bold: bool, color: Rgb) -> Style {
        Style {
            size,
            bold,
            color,
            align: Align::Left,
            valign: Valign::Top,
        }
    }

    /// This style with other alignments.
    pub(crate) const fn at(self, align: Align, valign: Valign) -> Style {
        Style {
            align,
            valign,
            ..self
        }
    }
}

/// Width in pixels of `text` in `style`.
pub(crate) fn width(text: &str, style: &Style) -> f32 {
    let Some(f) = fonts() else { return 0.0 };
    if style.bold {
        layout_width(&f.bold, style.size, text)
    } else {
        layout_width(&f.regular, style.size, text)
    }
}

fn layout_width<F: Font>(font: &F, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    x
}

#[derive(Clone, Debug)]
struct Item {
    text: String,
    x: f32,
    y: f32,
    style: Style,
}

/// Text queued for a chart, in absolute pixel coordinates of the image.
#[derive(Clone, Debug, Default)]
pub(crate) struct TextLayer {
    items: Vec<Item>,
}

impl TextLayer {
    /// Queues `text` anchored at pixel `(x, y)`.
    pub(crate) fn add(&mut self, text: impl Into<String>, (x, y): (i32, i32), style: Style) {
        self.items.push(Item {
            text: text.into(),
            x: x as f32,
            y: y as f32,
            style,
        });
    }

    /// Draws every queued text onto an RGB8 image of `width` × `height`.
    pub(crate) fn rasterize(&self, buffer: &mut [u8], width: u32, height: u32) {
        let Some(f) = fonts() else { return };
        for item in &self.items {
            if item.style.bold {
                draw(&f.bold, item, buffer, width, height);
            } else {
                draw(&f.regular, item, buffer, width, height);
            }
        }
    }
}

fn draw<F: Font>(font: &F, item: &Item, buffer: &mut [u8], width: u32, height: u32) {
    let scale = PxScale::from(item.style.size);
    let scaled = font.as_scaled(scale);
    let total = layout_width(font, item.style.size, &item.text);
    let left = match item.style.align {
        Align::Left => item.x,
        Align::Center => item.x - total / 2.0,
        Align::Right => item.x - total,
    };
    let (ascent, descent) = (scaled.ascent(), scaled.descent());
    let baseline = match item.style.valign {
        Valign::Top => item.y + ascent,
        Valign::Middle => item.y + (ascent + descent) / 2.0,
        Valign::Bottom => item.y + descent,
    }
    .round();
    let (r, g, b) = item.style.color;
    let mut x = left;
    let mut previous = None;
    for c in item.text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(x, baseline));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i32 + gx as i32;
                let py = bounds.min.y as i32 + gy as i32;
                if px < 0 || py < 0 || px >= width as i32 || py >= height as i32 {
                    return;
                }
                let i = (py as usize * width as usize + px as usize) * 3;
                let a = coverage.clamp(0.0, 1.0);
                for (k, v) in [r, g, b].into_iter().enumerate() {
                    let old = f32::from(buffer[i + k]);
                    buffer[i + k] = (old + (f32::from(v) - old) * a).round() as u8;
                }
            });
        }
        x += scaled.h_advance(id);
        previous = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_parse_and_measure() {
        assert!(fonts().is_some());
        let style = Style::new(20.0, false, (0, 0, 0));
        let w1 = width("restored", &style);
        let w2 = width("restored restored", &style);
        assert!(w1 > 40.0 && w2 > 2.0 * w1);
        assert!(width("x", &Style::new(20.0, true, (0, 0, 0))) > 0.0);
    }

    #[test]
    fn text_is_drawn_where_anchored() {
        let (w, h) = (200u32, 60u32);
        let mut buffer = vec![255u8; (w * h * 3) as usize];
        let mut layer = TextLayer::default();
        layer.add(
            "Mid",
            (100, 30),
            Style::new(20.0, false, (0, 0, 0)).at(Align::Center, Valign::Middle),
        );
        layer.rasterize(&mut buffer, w, h);
        let dark: Vec<(u32, u32)> = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| buffer[((y * w + x) * 3) as usize] < 128)
            .collect();
        assert!(!dark.is_empty());
        let mean_x = dark.iter().map(|p| f64::from(p.0)).sum::<f64>() / dark.len() as f64;
        let mean_y = dark.iter().map(|p| f64::from(p.1)).sum::<f64>() / dark.len() as f64;
        assert!((mean_x - 100.0).abs() < 6.0, "{mean_x}");
        assert!((mean_y - 30.0).abs() < 6.0, "{mean_y}");
    }
}
