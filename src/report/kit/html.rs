//! `index.html`: the Markdown report as a standalone page, every chart embedded as a `data:` URI
//! so the page can be sent on its own (the PNG files beside it are the same images).

use base64::Engine;
use pulldown_cmark::{Event, Options, Parser, Tag, html};

use super::frame::WrittenChart;

/// Wraps the HTML rendering of `markdown` in a page titled `title`; an image whose source is one
/// of `charts` is embedded.
pub(crate) fn render(title: &str, markdown: &str, charts: &[WrittenChart]) -> String {
    let mut body = String::new();
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match charts.iter().find(|c| *c.file == *dest_url) {
                Some(chart) => format!(
                    "data:image/png;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(&chart.png)
                )
                .into(),
                None => dest_url,
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    html::push_html(&mut body, events);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 1240px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
img { max-width: 100%; height: auto; border: 1px solid #ddd; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; }
th { background: #f3f3f3; }
code, pre { background: #f6f6f6; }
pre { padding: 0.6em; overflow-x: auto; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_inline_images_and_escapes_the_title() {
        let chart = WrittenChart {
            file: "outcomes.png",
            caption: "x",
            png: vec![0x89, b'P', b'N', b'G'],
        };
        let page = render(
            "A <b> & C",
            "# T\n\n![x](outcomes.png)\n\n![y](other.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &[chart],
        );
        assert!(page.contains("<title>A &lt;b&gt; &amp; C</title>"));
        assert!(page.contains("<img src=\"data:image/png;base64,iVBORw==\" alt=\"x\""));
        assert!(page.contains("<img src=\"other.png\" alt=\"y\""));
        assert!(page.contains("<table>") && page.contains("<td>2</td>"));
    }
}
