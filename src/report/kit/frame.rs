//! The chart frame: a [`WIDTH`] × [`HEIGHT`] canvas drawn with plotters into memory, the title
//! and subtitle every chart carries, a footnote, the text layer rasterised on top, and the PNG
//! written into the report directory.
//!
//! Text is shaped and rendered from the fonts embedded in the binary (DejaVu Sans and Noto Sans
//! Arabic, `assets/fonts`, with their licences) by the [`text`](super::text) layer, so no system
//! font library is needed.

use image::ImageEncoder;
use plotters::prelude::*;

use super::palette::{INK, MUTED};
use super::text::{Style, TextLayer, isolate, width};
use crate::report::format::{TOOL_NAME, TOOL_VERSION};
use crate::report::output::{OutputError, ReportDir};

/// Width of every chart in pixels.
pub const WIDTH: u32 = 1200;
/// Height of every chart in pixels.
pub const HEIGHT: u32 = 800;

/// A chart that could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// plotters failed to draw.
    #[error("cannot draw {chart}: {message}")]
    Draw {
        /// Which chart.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The PNG could not be encoded.
    #[error("cannot encode {chart} as PNG: {message}")]
    Encode {
        /// Which chart.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A JSON document would hold a number that is not finite (a fault of the tool).
    #[error("internal error, a JSON document was not written: {0}")]
    NotFinite(#[from] crate::report::finite::NotFinite),
}

/// The drawing surface every chart receives.
pub(crate) type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// Draws a [`WIDTH`] × [`HEIGHT`] chart and returns it PNG-encoded: `title` and `subtitle` (to
/// which the tool and its version are appended) at the top, then `paint` fills the area below
/// them (geometry on the area, text into the layer).
pub(crate) fn render_chart(
    chart: &'static str,
    title: &str,
    subtitle: &str,
    paint: impl FnOnce(&Area<'_>, &mut TextLayer) -> Result<(), String>,
) -> Result<Vec<u8>, ChartError> {
    let mut buffer = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    let mut text = TextLayer::default();
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                let subtitle = format!("{subtitle} · {TOOL_NAME} {TOOL_VERSION}");
                let area = header(&root, &mut text, title, &subtitle);
                paint(&area, &mut text)
            })
            .and_then(|()| root.present().map_err(|e| e.to_string()));
        drawn.map_err(|message| ChartError::Draw { chart, message })?;
    }
    text.rasterize(&mut buffer, WIDTH, HEIGHT);
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&buffer, WIDTH, HEIGHT, image::ColorType::Rgb8)
        .map_err(|e| ChartError::Encode {
            chart,
            message: e.to_string(),
        })?;
    Ok(png)
}

/// A chart written into a report: its file name, caption and PNG bytes.
#[derive(Clone, Debug)]
pub(crate) struct WrittenChart {
    /// File name, e.g. `outcomes.png`.
    pub(crate) file: &'static str,
    /// Caption.
    pub(crate) caption: &'static str,
    /// The PNG.
    pub(crate) png: Vec<u8>,
}

/// Chart files written, in reading order.
pub(crate) type ChartList = Vec<WrittenChart>;

/// Writes `pngs[i]` as the file named in `charts[i]` and returns the list.
pub(crate) fn write_listed(
    dir: &ReportDir,
    charts: &[(&'static str, &'static str)],
    pngs: &[Vec<u8>],
) -> Result<ChartList, ChartError> {
    charts
        .iter()
        .zip(pngs)
        .map(|(&(file, caption), png)| {
            dir.write(file, png)?;
            Ok(WrittenChart {
                file,
                caption,
                png: png.clone(),
            })
        })
        .collect()
}

/// Error text from anything displayable.
pub(crate) fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Absolute image coordinates of a point given relative to `area`.
pub(crate) fn abs(area: &Area<'_>, (x, y): (i32, i32)) -> (i32, i32) {
    let (ax, ay) = area.get_base_pixel();
    (ax + x, ay + y)
}

/// Draws a title and subtitle at the top of `area` and returns the area below them.
pub(crate) fn header<'a>(
    area: &Area<'a>,
    text: &mut TextLayer,
    title: &str,
    subtitle: &str,
) -> Area<'a> {
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

/// A chart title: the scenario's `title`, a dash and `what` the chart shows. The title is
/// isolated, so a right-to-left (Persian) title keeps its own order before the English words.
pub(crate) fn titled(title: &str, what: &str) -> String {
    format!("{} — {what}", isolate(title))
}

/// Writes a one-line note at the bottom of `area` and returns the area above it.
pub(crate) fn footer<'a>(area: &Area<'a>, text: &mut TextLayer, note: &str) -> Area<'a> {
    let (_, height) = area.dim_in_pixel();
    let (rest, bottom) = area.split_vertically(height.saturating_sub(30));
    text.add(note, abs(&bottom, (24, 6)), Style::new(13.0, false, MUTED));
    rest
}
