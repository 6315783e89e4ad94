//! The PNG report: every chart of every shipped scenario is written, decodes, has the expected
//! size and is not blank; report.md references only files that exist, and index.html carries
//! every chart inline, so it can be sent on its own.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::common::shipped_runs;
use jcpoa_sim::report::kit::frame::{HEIGHT, WIDTH};
use jcpoa_sim::report::run::charts::CHARTS;

/// Variance of the grey level of an image, and its share of non-white pixels.
fn pixel_stats(path: &Path) -> (u32, u32, f64, f64) {
    let img = image::open(path).unwrap().to_rgb8();
    let (w, h) = img.dimensions();
    let n = f64::from(w * h);
    let grey: Vec<f64> = img
        .pixels()
        .map(|p| (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0)
        .collect();
    let mean = grey.iter().sum::<f64>() / n;
    let variance = grey.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / n;
    let inked = grey.iter().filter(|g| **g < 250.0).count() as f64 / n;
    (w, h, variance, inked)
}

/// Relative links (`](file)` in Markdown, `src="file"` in HTML) in a text.
fn links(text: &str, open: &str, close: char) -> Vec<String> {
    text.match_indices(open)
        .filter_map(|(i, _)| {
            let rest = &text[i + open.len()..];
            rest.find(close).map(|end| rest[..end].to_string())
        })
        .filter(|l| !l.starts_with("http"))
        .collect()
}

#[test]
fn every_shipped_scenario_gets_readable_charts() {
    for run in shipped_runs() {
        let (name, dir, o) = (&run.name, &run.dir, &run.output);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        for (file, _) in CHARTS {
            let (w, h, variance, inked) = pixel_stats(&dir.join(file));
            assert_eq!((w, h), (WIDTH, HEIGHT), "{name}/{file}");
            assert!(
                variance > 200.0,
                "{name}/{file} looks blank (variance {variance})"
            );
            assert!(inked > 0.02, "{name}/{file} has almost no ink ({inked})");
        }
        let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        let md_links = links(&md, "](", ')');
        let html_sources = links(&html, "src=\"", '"');
        for (file, _) in CHARTS {
            assert!(
                md_links.iter().any(|l| l == file),
                "{name}: report.md lacks {file}"
            );
            let embedded = format!(
                "data:image/png;base64,{}",
                STANDARD.encode(std::fs::read(dir.join(file)).unwrap())
            );
            assert!(
                html_sources.contains(&embedded),
                "{name}: index.html does not embed {file}"
            );
        }
        assert_eq!(
            html_sources.len(),
            CHARTS.len(),
            "{name}: index.html images"
        );
        for link in &md_links {
            assert!(dir.join(link).is_file(), "{name}: {link} does not exist");
        }
        assert!(
            md.find("outcomes.png") < md.find("timeline.png"),
            "charts in reading order"
        );
    }
}
