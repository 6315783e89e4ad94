//! `index.html`: the Markdown report as a standalone page, charts inline by relative path.

use pulldown_cmark::{Options, Parser, html};

/// Wraps the HTML rendering of `markdown` in a page titled `title`.
pub(crate) fn render(title: &str, markdown: &str) -> String {
    let mut body = String::new();
    html::push_html(&mut body, Parser::new_ext(markdown, Options::ENABLE_TABLES));
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
    fn renders_tables_images_and_escapes_the_title() {
        let page = render(
            "A <b> & C",
            "# T\n\n![x](outcomes.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(page.contains("<title>A &lt;b&gt; &amp; C</title>"));
        assert!(page.contains("<img src=\"outcomes.png\" alt=\"x\""));
        assert!(page.contains("<table>") && page.contains("<td>2</td>"));
    }
}
