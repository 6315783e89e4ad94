//! Colours: ink and greys, one colour per outcome, per failure cause and per actor (all safe for
//! colour-blind readers), and a sequential scale for heat maps. Compared scenarios get a colour,
//! dash and marker each from [`series`](super::series).

use plotters::style::RGBColor;

use crate::model::outcome::{Cause, Outcome};

/// A colour as red, green, blue.
pub(crate) type Rgb = (u8, u8, u8);

/// One colour per outcome, everywhere (Okabe–Ito, safe for colour-blind readers).
pub(crate) fn outcome_color(o: Outcome) -> Rgb {
    match o {
        Outcome::Restored => (0x00, 0x9E, 0x73),
        Outcome::Interim => (0x56, 0xB4, 0xE9),
        Outcome::Stalemate => (0xE6, 0x9F, 0x00),
        Outcome::Collapse => (0xD5, 0x5E, 0x00),
    }
}

/// One colour per failure cause (Paul Tol's muted scheme, safe for colour-blind readers).
pub(crate) fn cause_color(c: Cause) -> Rgb {
    match c {
        Cause::Veto => (0x88, 0x22, 0x55),
        Cause::Misunderstanding => (0xDD, 0xCC, 0x77),
        Cause::Defection => (0xCC, 0x66, 0x77),
        Cause::Shock => (0x33, 0x22, 0x88),
        Cause::ElectionFreeze => (0x88, 0xCC, 0xEE),
        Cause::Standoff => (0x99, 0x99, 0x33),
        Cause::Horizon => (0xBB, 0xBB, 0xBB),
    }
}

/// Colours of the two actors.
pub(crate) const IRAN_COLOR: Rgb = (0x00, 0x72, 0xB2);
/// Colour of the US.
pub(crate) const US_COLOR: Rgb = (0xCC, 0x79, 0xA7);

/// A plotters colour from an [`Rgb`] triple.
pub(crate) fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Text colour.
pub(crate) const INK: Rgb = (0x22, 0x22, 0x22);

/// The colour for text written on a `fill`: white on dark fills, [`INK`] on light ones (by
/// perceived lightness, ITU-R BT.601 weights).
pub(crate) fn ink_on(fill: Rgb) -> Rgb {
    let lightness =
        (u32::from(fill.0) * 299 + u32::from(fill.1) * 587 + u32::from(fill.2) * 114) / 1000;
    if lightness < 140 {
        (0xFF, 0xFF, 0xFF)
    } else {
        INK
    }
}

/// Secondary text and axes.
pub(crate) const MUTED: Rgb = (0x66, 0x66, 0x66);
/// Grid lines.
pub(crate) const GRID: Rgb = (0xE4, 0xE4, 0xE4);
/// Shaded calendar windows.
pub(crate) const SHADE: Rgb = (0xCC, 0xCC, 0xCC);

/// A colour-blind-safe sequential scale (viridis, by linear interpolation between anchors).
pub(crate) fn viridis(t: f64) -> Rgb {
    const ANCHORS: [Rgb; 5] = [
        (0x44, 0x01, 0x54),
        (0x3B, 0x52, 0x8B),
        (0x21, 0x90, 0x8C),
        (0x5E, 0xC9, 0x62),
        (0xFD, 0xE7, 0x25),
    ];
    let t = t.clamp(0.0, 1.0) * (ANCHORS.len() - 1) as f64;
    let i = (t.floor() as usize).min(ANCHORS.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}
