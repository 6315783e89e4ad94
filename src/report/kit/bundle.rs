//! What every report directory holds: its JSON document, its charts, `report.md` showing them and
//! `index.html` with the same content and the charts inline, so the page can be sent on its own.

use std::fmt::Write;

use super::frame::{ChartError, ChartList};
use super::html;
use crate::report::output::ReportDir;

/// Writes the JSON document `json_text` as `json_name`, then the charts `draw_charts` writes, then
/// `report.md` as `markdown` renders it around the charts, and `index.html` with the same content
/// under `title`, the charts embedded in it.
pub(crate) fn write_bundle(
    dir: &ReportDir,
    (json_name, json_text): (&str, &str),
    title: &str,
    draw_charts: impl FnOnce() -> Result<ChartList, ChartError>,
    markdown: impl FnOnce(&[(&str, &str)]) -> String,
) -> Result<(), ChartError> {
    dir.write(json_name, json_text.as_bytes())?;
    let charts = draw_charts()?;
    let listed: Vec<(&str, &str)> = charts.iter().map(|c| (c.file, c.caption)).collect();
    let md = markdown(&listed);
    dir.write("report.md", md.as_bytes())?;
    dir.write("index.html", html::render(title, &md, &charts).as_bytes())?;
    Ok(())
}

/// Writes each chart as a Markdown image with its caption.
pub(crate) fn images(md: &mut String, charts: &[(&str, &str)]) {
    for (file, caption) in charts {
        let _ = writeln!(md, "![{caption}]({file})\n");
    }
}
