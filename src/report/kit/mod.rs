//! The render kit every report document draws with: the chart [`frame`] (canvas, title, PNG),
//! [`text`] shaped from the embedded fonts, the `palette`, line `series` styles, `axes` and
//! `legend`s, charts over the calendar (`time`), the HTML page (`html`) and the `bundle` of files
//! every report holds.

pub(crate) mod axes;
pub(crate) mod bundle;
pub mod frame;
pub(crate) mod html;
pub(crate) mod legend;
pub(crate) mod palette;
pub(crate) mod series;
pub mod text;
pub(crate) mod time;
