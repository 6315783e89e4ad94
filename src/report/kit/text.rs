//! Text on charts: shaped with rustybuzz (a port of HarfBuzz), ordered with the Unicode
//! bidirectional algorithm, and rasterised from fonts embedded in the binary with ab_glyph, so no
//! system font library is needed.
//!
//! Latin text is set in DejaVu Sans; Arabic-script text (Persian, Arabic) in Noto Sans Arabic,
//! joined and right to left, mixed freely with Latin text. User text embedded in English labels is
//! wrapped in a bidi isolate ([`isolate`]) so a Persian title keeps its own order. Characters
//! neither font has (CJK, emoji…) are drawn as a visible replacement character, and remembered so
//! the command can warn once ([`take_replaced`]).
//!
//! plotters' own text path places each glyph by its ink box, ignoring side bearings and rounding
//! the baseline per glyph, which gives uneven letter spacing and floating full stops. The charts
//! therefore queue their text in a [`TextLayer`] while plotters draws the geometry, and the layer
//! is rasterised onto the finished image with proper advances, kerning, bearings and one baseline
//! per line.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use unicode_bidi::ParagraphBidiInfo;

use super::palette::Rgb;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
static ARABIC: &[u8] = include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf");
static ARABIC_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansArabic-Bold.ttf");

/// The size of Arabic-script text relative to Latin text of the same style.
const ARABIC_RELATIVE: f32 = 1.12;

/// Drawn for a character no embedded font has.
const REPLACEMENT: char = '\u{FFFD}';

/// One embedded font: the same bytes parsed for shaping and for drawing.
struct Face {
    shaper: rustybuzz::Face<'static>,
    glyphs: FontRef<'static>,
    /// Its size relative to the text's em, so that fonts with different proportions look alike
    /// in size when mixed on one line.
    relative: f32,
}

impl Face {
    fn parse(data: &'static [u8], relative: f32) -> Option<Face> {
        Some(Face {
            shaper: rustybuzz::Face::from_slice(data, 0)?,
            glyphs: FontRef::try_from_slice(data).ok()?,
            relative,
        })
    }

    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The ab_glyph scale that sets this font in text of an em of `em` pixels.
    fn scale(&self, em: f32) -> PxScale {
        let upem = self.glyphs.units_per_em().unwrap_or(1000.0);
        PxScale::from(self.relative * em * self.glyphs.height_unscaled() / upem)
    }

    /// Pixels per font unit in text of an em of `em` pixels.
    fn unit(&self, em: f32) -> f32 {
        self.relative * em / self.shaper.units_per_em() as f32
    }
}

/// The Latin and the Arabic-script font, regular and bold.
struct Fonts {
    latin: [Face; 2],
    arabic: [Face; 2],
}

/// The embedded fonts, parsed once. `None` only if the embedded files were corrupt, which a test
/// rules out; text is then skipped rather than crashing.
fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                latin: [Face::parse(REGULAR, 1.0)?, Face::parse(BOLD, 1.0)?],
                // Noto Sans Arabic is drawn smaller than DejaVu Sans at the same em.
                arabic: [
                    Face::parse(ARABIC, ARABIC_RELATIVE)?,
                    Face::parse(ARABIC_BOLD, ARABIC_RELATIVE)?,
                ],
            })
        })
        .as_ref()
}

/// Characters drawn as the replacement character since the last [`take_replaced`].
static REPLACED: Mutex<BTreeSet<char>> = Mutex::new(BTreeSet::new());

/// The characters that charts drew as a replacement (no embedded font has them: scripts other
/// than Latin and Arabic, emoji) since the last call, so a command can warn about them once.
pub fn take_replaced() -> Vec<char> {
    REPLACED
        .lock()
        .map(|mut set| std::mem::take(&mut *set).into_iter().collect())
        .unwrap_or_default()
}

/// Whether `c` is written in the Arabic script (Persian, Arabic, Urdu…).
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether `c` is a bidi formatting character: it steers the order and is never drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` takes the direction and font of the text around it (spaces, punctuation, digits,
/// joiners) rather than choosing its own.
fn is_neutral(c: char) -> bool {
    !c.is_alphabetic() && !is_arabic(c)
}

/// `text` wrapped in a first-strong isolate when it holds right-to-left text, so that embedded in a
/// left-to-right label (a title followed by " — how trials end") it keeps its own order.
pub(crate) fn isolate(text: &str) -> String {
    if text.chars().any(is_arabic) {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text.to_string()
    }
}

/// A glyph placed on a line.
struct Placed {
    arabic: bool,
    id: u16,
    /// Offset from the line's left end, in pixels.
    x: f32,
    /// Offset from the baseline, in pixels (down is positive).
    y: f32,
}

/// The most characters of one label that are shaped and drawn; a longer label (a scenario title
/// of a million characters) is cut there and ends in `…`. No chart is wide enough to show more,
/// and shaping what cannot be seen would cost time in proportion to the text.
const MAX_LABEL_CHARS: usize = 1000;

/// `text` shaped and laid out from left to right at an em of `em` pixels: its glyphs and its
/// width. Characters no font has are replaced (and remembered); a label longer than
/// [`MAX_LABEL_CHARS`] is cut.
fn layout(fonts: &Fonts, text: &str, em: f32, bold: bool) -> (Vec<Placed>, f32) {
    let b = usize::from(bold);
    let (latin, arabic) = (&fonts.latin[b], &fonts.arabic[b]);
    let mut replaced = Vec::new();
    let cut = text.char_indices().nth(MAX_LABEL_CHARS).map(|(i, _)| i);
    let text: String = text[..cut.unwrap_or(text.len())]
        .chars()
        .chain(cut.map(|_| '…'))
        // A label is one line: line breaks and tabs become spaces.
        .map(|c| if c.is_control() { ' ' } else { c })
        .map(|c| {
            let drawable = is_bidi_control(c)
                || latin.has(c)
                || arabic.has(c)
                || c.is_whitespace()
                || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}');
            if drawable {
                c
            } else {
                replaced.push(c);
                REPLACEMENT
            }
        })
        .collect();
    if !replaced.is_empty()
        && let Ok(mut set) = REPLACED.lock()
    {
        set.extend(replaced);
    }
    let mut glyphs = Vec::new();
    let mut x = 0.0;
    if text.is_empty() {
        return (glyphs, x);
    }
    let bidi = ParagraphBidiInfo::new(&text, None);
    let (levels, runs) = bidi.visual_runs(0..text.len());
    for run in runs {
        let rtl = levels[run.start].is_rtl();
        let mut segments = font_segments(&text[run], latin, arabic);
        if rtl {
            segments.reverse();
        }
        for (segment, use_arabic) in segments {
            let face = if use_arabic { arabic } else { latin };
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(&segment);
            buffer.set_direction(if rtl {
                rustybuzz::Direction::RightToLeft
            } else {
                rustybuzz::Direction::LeftToRight
            });
            let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
            let unit = face.unit(em);
            for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                glyphs.push(Placed {
                    arabic: use_arabic,
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    x: x + pos.x_offset as f32 * unit,
                    y: -(pos.y_offset as f32) * unit,
                });
                x += pos.x_advance as f32 * unit;
            }
        }
    }
    (glyphs, x)
}

/// Splits one directional run into stretches set in one font, in logical order: Arabic-script
/// letters in the Arabic font, other letters in the Latin font, and neutral characters (spaces,
/// punctuation, digits, joiners) with the letters before them (or after, at the start), so that
/// joining and kerning see whole words. Bidi controls are dropped.
fn font_segments(run: &str, latin: &Face, arabic: &Face) -> Vec<(String, bool)> {
    let chars: Vec<char> = run.chars().filter(|c| !is_bidi_control(*c)).collect();
    let strong: Vec<Option<bool>> = chars
        .iter()
        .map(|&c| (!is_neutral(c)).then(|| is_arabic(c) || !latin.has(c)))
        .collect();
    let mut segments: Vec<(String, bool)> = Vec::new();
    let mut current = strong.iter().flatten().next().copied().unwrap_or(false);
    for (&c, s) in chars.iter().zip(&strong) {
        if let Some(s) = s {
            current = *s;
        }
        let face = if current { arabic } else { latin };
        let use_arabic = if face.has(c) || c.is_whitespace() {
            current
        } else {
            !current
        };
        match segments.last_mut() {
            Some((text, a)) if *a == use_arabic => text.push(c),
            _ => segments.push((c.to_string(), use_arabic)),
        }
    }
    segments
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
    /// Set vertically, reading from bottom to top (an axis title beside a y axis); the
    /// alignments then apply along the rotated line.
    pub(crate) vertical: bool,
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
            vertical: false,
        }
    }

    /// This style, set vertically (reading from bottom to top).
    pub(crate) const fn vertical(self) -> Style {
        Style {
            vertical: true,
            ..self
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

/// The em size in pixels of text set at `size` (the size of the Latin font's ascent-to-descent
/// height, as ab_glyph measures it).
fn em_of(fonts: &Fonts, size: f32) -> f32 {
    let f = &fonts.latin[0].glyphs;
    size * f.units_per_em().unwrap_or(1000.0) / f.height_unscaled()
}

/// Width in pixels of `text` in `style`.
pub(crate) fn width(text: &str, style: &Style) -> f32 {
    let Some(f) = fonts() else { return 0.0 };
    layout(f, text, em_of(f, style.size), style.bold).1
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
            draw(f, item, buffer, width, height);
        }
    }
}

fn draw(fonts: &Fonts, item: &Item, buffer: &mut [u8], width: u32, height: u32) {
    let em = em_of(fonts, item.style.size);
    let b = usize::from(item.style.bold);
    let (glyphs, total) = layout(fonts, &item.text, em, item.style.bold);
    // Laid out horizontally around the origin, then placed: shifted to the anchor, or for
    // vertical text turned a quarter turn anticlockwise about it.
    let (ox, oy) = (item.x, item.y);
    let place = |x: i32, y: i32| {
        if item.style.vertical {
            (ox as i32 + y, oy as i32 - x)
        } else {
            (ox as i32 + x, oy as i32 + y)
        }
    };
    let left = match item.style.align {
        Align::Left => 0.0,
        Align::Center => -total / 2.0,
        Align::Right => -total,
    };
    let latin = &fonts.latin[b].glyphs;
    let scaled = latin.as_scaled(PxScale::from(item.style.size));
    let (ascent, descent) = (scaled.ascent(), scaled.descent());
    let baseline = match item.style.valign {
        Valign::Top => ascent,
        Valign::Middle => (ascent + descent) / 2.0,
        Valign::Bottom => descent,
    }
    .round();
    let (r, g, bl) = item.style.color;
    for placed in glyphs {
        let face = if placed.arabic {
            &fonts.arabic[b]
        } else {
            &fonts.latin[b]
        };
        let glyph = GlyphId(placed.id)
            .with_scale_and_position(face.scale(em), point(left + placed.x, baseline + placed.y));
        let Some(outlined) = face.glyphs.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let (px, py) = place(
                bounds.min.x.floor() as i32 + gx as i32,
                bounds.min.y.floor() as i32 + gy as i32,
            );
            if px < 0 || py < 0 || px >= width as i32 || py >= height as i32 {
                return;
            }
            let i = (py as usize * width as usize + px as usize) * 3;
            let a = coverage.clamp(0.0, 1.0);
            for (k, v) in [r, g, bl].into_iter().enumerate() {
                let old = f32::from(buffer[i + k]);
                buffer[i + k] = (old + (f32::from(v) - old) * a).round() as u8;
            }
        });
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

    fn laid_out(text: &str) -> Vec<Placed> {
        let f = fonts().unwrap();
        layout(f, text, em_of(f, 20.0), false).0
    }

    #[test]
    fn persian_is_joined_and_right_to_left_among_latin() {
        let f = fonts().unwrap();
        // Joined: the letters of a word take their contextual forms, not their isolated ones.
        let word: Vec<u16> = laid_out("سلام").iter().map(|g| g.id).collect();
        let isolated: Vec<u16> = ['س', 'ل', 'ا', 'م']
            .iter()
            .map(|c| laid_out(&c.to_string())[0].id)
            .collect();
        let mut sorted_word = word.clone();
        sorted_word.sort_unstable();
        let mut sorted_isolated = isolated.clone();
        sorted_isolated.sort_unstable();
        assert_ne!(sorted_word, sorted_isolated, "no contextual forms");
        // Right to left: the first letter (initial seen) is drawn rightmost, the last leftmost.
        assert_eq!(word.last(), laid_out("سس").last().map(|g| g.id).as_ref());
        assert!(laid_out("سلام").iter().all(|g| g.arabic));
        // In a Latin label the isolated Persian title stays whole, before the Latin words.
        let label = format!("{} — how trials end", isolate("گام‌به‌گام (JCPOA)"));
        let glyphs = laid_out(&label);
        let last_arabic = glyphs
            .iter()
            .filter(|g| g.arabic)
            .map(|g| g.x)
            .fold(0.0, f32::max);
        let trailing_latin = glyphs
            .iter()
            .rev()
            .take(8)
            .all(|g| !g.arabic && g.x > last_arabic);
        assert!(trailing_latin, "the English words follow the Persian title");
        // A Persian paragraph of its own reads from the right: its Latin word sits left of the
        // Persian words before it.
        let glyphs = laid_out("برجام JCPOA");
        let latin_x = glyphs
            .iter()
            .filter(|g| !g.arabic)
            .map(|g| g.x)
            .fold(0.0, f32::max);
        let arabic_x = glyphs
            .iter()
            .filter(|g| g.arabic)
            .map(|g| g.x)
            .fold(f32::MAX, f32::min);
        assert!(latin_x < arabic_x, "{latin_x} {arabic_x}");
        assert!(f.arabic[0].has('گ') && f.arabic[1].has('۴'));
        assert_eq!(isolate("stepwise"), "stepwise");
    }

    #[test]
    fn a_label_too_long_for_any_chart_is_cut() {
        let f = fonts().unwrap();
        let (long, _) = layout(f, &"a".repeat(1_000_000), 20.0, false);
        assert_eq!(
            long.len(),
            MAX_LABEL_CHARS + 1,
            "the cut text and its ellipsis"
        );
        let (short, _) = layout(f, &"a".repeat(MAX_LABEL_CHARS), 20.0, false);
        assert_eq!(short.len(), MAX_LABEL_CHARS, "a label that fits is whole");
    }

    #[test]
    fn any_text_lays_out() {
        for text in [
            "",
            " ",
            "a\nb\tc",
            "\u{2069}\u{2068}",
            "\u{2068}سلام",
            "\u{202E}abc",
            "‌\u{200D}",
            "؟!؛ 123 ۱۲۳ (abc) [سلام] «متن»",
        ] {
            let (glyphs, w) = layout(fonts().unwrap(), text, 20.0, true);
            assert!(w.is_finite() && w >= 0.0, "{text:?}");
            assert!(glyphs.iter().all(|g| g.x.is_finite()), "{text:?}");
        }
    }

    #[test]
    fn other_scripts_are_replaced_and_remembered() {
        let style = Style::new(20.0, false, (0, 0, 0));
        assert_eq!(width("中", &style), width("\u{FFFD}", &style));
        assert!(take_replaced().contains(&'中'));
    }

    /// The dark pixels of `text` drawn at `at` in `style` on a white `w` × `h` image.
    fn dark_pixels(
        text: &str,
        at: (i32, i32),
        style: Style,
        (w, h): (u32, u32),
    ) -> Vec<(u32, u32)> {
        let mut buffer = vec![255u8; (w * h * 3) as usize];
        let mut layer = TextLayer::default();
        layer.add(text, at, style);
        layer.rasterize(&mut buffer, w, h);
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| buffer[((y * w + x) * 3) as usize] < 128)
            .collect()
    }

    #[test]
    fn vertical_text_reads_upwards_beside_its_anchor() {
        let style = Style::new(15.0, false, (0, 0, 0))
            .at(Align::Center, Valign::Middle)
            .vertical();
        let dark = dark_pixels("share of trials", (60, 100), style, (120, 200));
        let span = |f: fn(&(u32, u32)) -> u32| {
            let v: Vec<u32> = dark.iter().map(f).collect();
            v.iter().max().unwrap() - v.iter().min().unwrap()
        };
        assert!(span(|p| p.1) > 5 * span(|p| p.0), "taller than wide");
        let mean_y = dark.iter().map(|p| f64::from(p.1)).sum::<f64>() / dark.len() as f64;
        assert!((mean_y - 100.0).abs() < 8.0, "{mean_y}");
    }

    #[test]
    fn text_is_drawn_where_anchored() {
        let style = Style::new(20.0, false, (0, 0, 0)).at(Align::Center, Valign::Middle);
        let dark = dark_pixels("Mid", (100, 30), style, (200, 60));
        assert!(!dark.is_empty());
        let mean_x = dark.iter().map(|p| f64::from(p.0)).sum::<f64>() / dark.len() as f64;
        let mean_y = dark.iter().map(|p| f64::from(p.1)).sum::<f64>() / dark.len() as f64;
        assert!((mean_x - 100.0).abs() < 6.0, "{mean_x}");
        assert!((mean_y - 30.0).abs() < 6.0, "{mean_y}");
    }
}
