//! Cutting a page into text blocks: the runs of text a browser would lay out as separate lines
//! or boxes (a paragraph, a heading, a list item, a table cell, the text directly in a `<div>`),
//! each with the element that holds it and how much of it is link text.
//!
//! Invisible and non-text content is skipped whole: `<script>`, `<style>`, `<head>`, forms'
//! controls, media, `hidden` and `display:none` elements. The walk keeps its own stack, so a
//! page nested 10,000 deep costs no program stack.

use super::dom::{Dom, Kind, NONE, NodeId};

/// A run of text laid out as one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The text, whitespace collapsed, trimmed; never empty.
    pub text: String,
    /// The nearest block-level element holding the text.
    pub owner: NodeId,
    /// Characters of the text.
    pub chars: u32,
    /// Characters of the words inside links (the spaces between them not counted).
    pub link_chars: u32,
    /// The text node the block starts in (its place in document order).
    pub first_text: NodeId,
}

/// True for an element name that starts a block (and ends the one before).
pub fn is_block_level(name: &str) -> bool {
    // A `match` on the names: the compiler switches on length first, where a list would be
    // compared name by name (this runs for every element of every page).
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "hr"
            | "br"
            | "form"
            | "fieldset"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "hgroup"
            | "menu"
            | "legend"
            | "body"
            | "html"
            | "label"
            | "option"
    )
}

/// True for the elements whose content is never text of the page.
fn is_skipped_name(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "optgroup"
            | "textarea"
            | "button"
            | "input"
            | "map"
            | "area"
            | "link"
            | "meta"
            | "title"
            | "base"
            | "param"
            | "source"
            | "track"
            | "datalist"
            | "dialog"
            | "frame"
            | "frameset"
            | "applet"
            | "picture"
            | "img"
    )
}

/// True when an element and its content are not shown or are not text.
pub fn is_skipped(dom: &Dom, id: NodeId, name: &str) -> bool {
    if is_skipped_name(name) {
        return true;
    }
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if let Some(style) = dom.attr(id, "style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// The text blocks of a page, in document order.
pub fn blocks(dom: &Dom) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur = Pending::default();
    // (node, leaving): an element is pushed twice, to act when its content is done.
    let mut stack: Vec<(NodeId, bool)> = vec![(0, false)];
    // The open block-level elements; the last one owns the text being gathered.
    let mut owners: Vec<NodeId> = vec![0];
    let mut links = 0usize;
    while let Some((id, leaving)) = stack.pop() {
        let node = dom.node(id);
        match &node.kind {
            Kind::Text(t) => cur.push(t, links > 0, *owners.last().unwrap_or(&0), id),
            Kind::Element { name, .. } => {
                let name: &str = name;
                let block = is_block_level(name);
                if leaving {
                    if block {
                        cur.flush(&mut out);
                        owners.pop();
                    }
                    if name == "a" {
                        links = links.saturating_sub(1);
                    }
                    continue;
                }
                if is_skipped(dom, id, name) {
                    continue;
                }
                if block {
                    cur.flush(&mut out);
                    owners.push(id);
                }
                if name == "a" {
                    links += 1;
                }
                stack.push((id, true));
                push_children(dom, id, &mut stack);
            }
            Kind::Document => push_children(dom, id, &mut stack),
            Kind::Other => {}
        }
    }
    cur.flush(&mut out);
    out
}

fn push_children(dom: &Dom, id: NodeId, stack: &mut Vec<(NodeId, bool)>) {
    // Pushed last child first, so the first child is handled first.
    let mut c = dom.node(id).last_child;
    while c != NONE {
        stack.push((c, false));
        c = dom.node(c).prev;
    }
}

/// The block being gathered.
#[derive(Default)]
struct Pending {
    text: String,
    chars: u32,
    link_chars: u32,
    owner: NodeId,
    first_text: NodeId,
    /// A space is due before the next word.
    space: bool,
}

impl Pending {
    fn push(&mut self, t: &str, in_link: bool, owner: NodeId, node: NodeId) {
        if self.text.is_empty() {
            self.owner = owner;
            self.first_text = node;
        }
        for (i, word) in t.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
                self.chars += 1;
            }
            self.space = false;
            let n = word.chars().count() as u32;
            self.text.push_str(word);
            self.chars += n;
            if in_link {
                self.link_chars += n;
            }
        }
    }

    fn flush(&mut self, out: &mut Vec<Block>) {
        if !self.text.is_empty() {
            out.push(Block {
                text: std::mem::take(&mut self.text),
                owner: self.owner,
                chars: self.chars,
                link_chars: self.link_chars,
                first_text: self.first_text,
            });
        }
        *self = Pending::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        blocks(&Dom::parse(html))
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn blocks_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "<p>One <b>bold</b> word.</p><p>Two</p>",
                &["One bold word.", "Two"],
            ),
            (
                "<div>Intro<p>Para</p>tail</div>",
                &["Intro", "Para", "tail"],
            ),
            ("<p>line<br>break</p>", &["line", "break"]),
            (
                "<ul><li>a</li><li>b <a href=x>c</a></li></ul>",
                &["a", "b c"],
            ),
            (
                "<p>shown</p><script>var x;</script><style>p{}</style><div hidden>h</div><div style='display: none'>n</div>",
                &["shown"],
            ),
            ("<p>  lots \n of\tspace  </p>", &["lots of space"]),
            ("<p>a<span>b</span>c</p>", &["abc"]),
            ("<table><tr><td>x</td><td>y</td></tr></table>", &["x", "y"]),
            ("<title>not body</title><p>body</p>", &["body"]),
            ("", &[]),
        ];
        for (html, want) in cases {
            assert_eq!(texts(html), *want, "{html}");
        }
    }

    #[test]
    fn counts_link_text_and_owner() {
        let dom = Dom::parse("<div id=d><p>read <a href=x>more here</a></p></div>");
        let b = blocks(&dom);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].chars, b[0].link_chars), (14, 8));
        assert_eq!(dom.name(b[0].owner), Some("p"));
    }

    #[test]
    fn deep_pages_are_walked_without_recursion() {
        let html = "<div>".repeat(50_000) + "deep text";
        assert_eq!(texts(&html), ["deep text"]);
    }
}
