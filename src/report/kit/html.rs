//! `index.html`: the Markdown report as a standalone page, every chart embedded as a `data:` URI
//! so the page can be sent on its own (the PNG files beside it are the same images).
//!
//! The Markdown carries text of the user's (a scenario's title and description, question texts,
//! forecasters' names), and scenario files are shared: opening a colleague's report must never run
//! anything. So every text reaches the page through one path, pulldown-cmark's escaping: raw HTML
//! in the Markdown is rendered as the text it is, the page's `<title>` is a text event like any
//! other, and a link or image leading anywhere but a web or mail address (or one of the report's
//! own charts) is shown as its text alone (no `javascript:` link, no foreign `data:` image).

use base64::Engine;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::frame::WrittenChart;

/// Wraps the HTML rendering of `markdown` in a page titled `title`; an image whose source is one
/// of `charts` is embedded.
pub(crate) fn render(title: &str, markdown: &str, charts: &[WrittenChart]) -> String {
    let mut body = String::new();
    // Whether each open link or image is kept (its end is dropped with its start).
    let mut open: Vec<bool> = Vec::new();
    let events =
        Parser::new_ext(markdown, Options::ENABLE_TABLES).filter_map(|event| match event {
            Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
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
                    None if is_web_address(&dest_url) => dest_url,
                    None => {
                        open.push(false);
                        return None;
                    }
                };
                open.push(true);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = is_web_address(dest_url);
                open.push(keep);
                keep.then_some(event)
            }
            Event::End(TagEnd::Image | TagEnd::Link) => open.pop().unwrap_or(true).then_some(event),
            other => Some(other),
        });
    html::push_html(&mut body, events);
    let mut escaped_title = String::new();
    html::push_html(
        &mut escaped_title,
        std::iter::once(Event::Text(title.into())),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{escaped_title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// Whether a link's destination is a web or mail address (`http:`, `https:`, `mailto:`): the
/// only ones a report's reader is taken to.
fn is_web_address(dest: &CowStr<'_>) -> bool {
    let lower = dest.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
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
        assert!(
            !page.contains("other.png"),
            "only the report's own charts are images"
        );
        assert!(page.contains("<table>") && page.contains("<td>2</td>"));
    }

    #[test]
    fn text_of_the_users_never_becomes_markup() {
        let md = "# <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n\
                  [click](javascript:alert(3)) [site](https://example.org) <JavaScript:alert(4)>\n\n\
                  ![t](data:text/html,x)\n";
        let page = render("</title><script>alert(5)</script>", md, &[]);
        let body = &page[page.find("<body>").unwrap()..];
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(
            !page.to_ascii_lowercase().contains("href=\"javascript"),
            "{page}"
        );
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{body}"
        );
        assert!(
            body.contains("<a href=\"https://example.org\">site</a>"),
            "{body}"
        );
        assert!(
            body.contains("click"),
            "a dropped link keeps its text: {body}"
        );
        assert!(
            page.contains("<title>&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;</title>")
        );
    }
}
