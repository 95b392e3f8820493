//! The page's element tree: html5ever's tree builder (the browser-grade HTML5 algorithm) builds it
//! into one arena of nodes linked by index, so that walking it never recurses and dropping it
//! frees one vector. Its tokens come from [`super::tokenize`], or from html5ever's own tokenizer
//! for the rare page that one leaves to it.
//!
//! Only what extraction reads is kept: element names (HTML namespace local names), attributes,
//! text and the tree links. Comments, processing instructions and the doctype are dropped.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

/// Index of a node in [`Dom::nodes`].
pub type NodeId = u32;

/// "No node" in the links of [`Node`].
pub const NONE: NodeId = u32::MAX;

/// What a node is.
#[derive(Debug)]
pub enum Kind {
    /// The document root (node 0).
    Document,
    /// An element: its local name (lower-case for HTML) and attributes.
    Element {
        /// Local name (`p`, `div`, `svg`, …).
        name: LocalName,
        /// Attributes in source order.
        attrs: Vec<(LocalName, StrTendril)>,
    },
    /// A run of text (adjacent runs are merged as the parser appends them).
    Text(StrTendril),
    /// Anything else the parser makes (comments, processing instructions): never read.
    Other,
}

/// One node and its links to the others.
#[derive(Debug)]
pub struct Node {
    /// The parent, or [`NONE`].
    pub parent: NodeId,
    /// The first child, or [`NONE`].
    pub first_child: NodeId,
    /// The last child, or [`NONE`].
    pub last_child: NodeId,
    /// The previous sibling, or [`NONE`].
    pub prev: NodeId,
    /// The next sibling, or [`NONE`].
    pub next: NodeId,
    /// What the node is.
    pub kind: Kind,
}

/// A parsed page: node 0 is the document.
#[derive(Debug)]
pub struct Dom {
    /// Every node the parser created (some may be detached from the tree).
    pub nodes: Vec<Node>,
}

impl Dom {
    /// Parses a page's text (the charset is already decoded); nesting past
    /// [`super::depth::MAX_DEPTH`] is flattened first.
    pub fn parse(text: &str) -> Dom {
        let (text, tags) = super::depth::prepare(text);
        Self::parse_prepared_with(&text, tags, true).0
    }

    /// [`Self::parse`] with html5ever's own tokenizer only: the reference the fast one
    /// ([`super::tokenize`]) is checked against, in tests and by a fuzz target. The tree is
    /// the same.
    pub fn parse_with_html5ever(text: &str) -> Dom {
        let (text, tags) = super::depth::prepare(text);
        Self::parse_prepared_with(&text, tags, false).0
    }

    /// Parses a page [`super::depth::prepare`] has prepared, which had about `tags` tags:
    /// with the fast tokenizer ([`super::tokenize`]) when `fast` and the page allows it,
    /// else with html5ever's; and whether the fast one took it.
    pub(crate) fn parse_prepared_with(text: &str, tags: usize, fast: bool) -> (Dom, bool) {
        // About one node per tag (an element, or the text after a tag): reserved at once
        // instead of growing by doubling, each step a copy into fresh memory.
        let sink = || {
            let mut nodes = Vec::with_capacity(tags + 1);
            nodes.push(Node::new(Kind::Document));
            Sink {
                nodes: RefCell::new(nodes),
            }
        };
        // As a browser with scripts off sees the page: `<noscript>` content is markup.
        let mut opts = html5ever::ParseOpts::default();
        opts.tree_builder.scripting_enabled = false;
        if fast {
            let builder = TreeBuilder::new(sink(), opts.tree_builder);
            if super::tokenize::tokenize(text, &builder).is_ok() {
                return (builder.sink.finish(), true);
            }
        }
        let dom = html5ever::parse_document(sink(), opts).one(StrTendril::from_slice(text));
        (dom, false)
    }

    /// Every node, its links and what it is, one per line: two parses made the same tree
    /// when their outlines are equal.
    pub fn outline(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (i, n) in self.nodes.iter().enumerate() {
            let _ = write!(
                out,
                "{i} p{} f{} l{} <{} >{} ",
                n.parent, n.first_child, n.last_child, n.prev, n.next
            );
            let _ = match &n.kind {
                Kind::Element { name, attrs } => {
                    let attrs: Vec<(&str, &str)> =
                        attrs.iter().map(|(n, v)| (&**n, &**v)).collect();
                    writeln!(out, "<{} {attrs:?}>", &**name)
                }
                Kind::Text(t) => writeln!(out, "{:?}", &**t),
                Kind::Document => writeln!(out, "#document"),
                Kind::Other => writeln!(out, "#other"),
            };
        }
        out
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The element name of a node, or `None` for anything but an element.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            Kind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The interned element name of a node, or `None` for anything but an element.
    pub fn local_name(&self, id: NodeId) -> Option<&LocalName> {
        match &self.node(id).kind {
            Kind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The value of an attribute of an element. Only the attributes in
    /// [`super::depth::READ_ATTRIBUTES`] are kept when a page is parsed: a new one read here
    /// must be added there.
    pub fn attr(&self, id: NodeId, attr: &str) -> Option<&str> {
        debug_assert!(
            super::depth::READ_ATTRIBUTES.contains(&attr),
            "{attr} is left out before parsing: add it to READ_ATTRIBUTES"
        );
        match &self.node(id).kind {
            Kind::Element { attrs, .. } => {
                attrs.iter().find(|(n, _)| &**n == attr).map(|(_, v)| &**v)
            }
            _ => None,
        }
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.node(id).first_child,
        }
    }

    /// The node and all its descendants in document order (pre-order), without recursion.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            dom: self,
            root: id,
            next: id,
        }
    }

    /// The elements with this name, in document order.
    pub fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(0)
            .filter(move |&id| self.name(id) == Some(name))
    }

    /// The text of a node and its descendants, concatenated as it appears in the source.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for d in self.descendants(id) {
            if let Kind::Text(t) = &self.node(d).kind {
                out.push_str(t);
            }
        }
        out
    }

    /// Each node's place in document order and the place of its last descendant: node `d` is
    /// inside node `a` exactly when `pre[a] <= pre[d] <= end[a]`. Detached nodes get `u32::MAX`.
    pub fn order(&self) -> Order {
        let n = self.nodes.len();
        let mut pre = vec![u32::MAX; n];
        let mut end = vec![u32::MAX; n];
        let walk: Vec<NodeId> = self.descendants(0).collect();
        for (i, &id) in walk.iter().enumerate() {
            pre[id as usize] = i as u32;
        }
        // Children come after their parent in pre-order: walking backwards, a node's last
        // child is done before the node.
        for &id in walk.iter().rev() {
            let last = self.node(id).last_child;
            end[id as usize] = if last == NONE {
                pre[id as usize]
            } else {
                end[last as usize]
            };
        }
        Order { pre, end }
    }

    /// The ancestors of a node, nearest first (the node itself not included).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let up = |p: NodeId| (p != NONE).then_some(p);
        std::iter::successors(up(self.node(id).parent), move |&p| up(self.node(p).parent))
    }
}

/// Document order of a [`Dom`]'s nodes (see [`Dom::order`]).
#[derive(Debug)]
pub struct Order {
    /// Pre-order index of each node.
    pub pre: Vec<u32>,
    /// Pre-order index of each node's last descendant (itself when it has none).
    pub end: Vec<u32>,
}

/// Iterator behind [`Dom::children`].
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        (self.next != NONE).then(|| {
            let id = self.next;
            self.next = self.dom.node(id).next;
            id
        })
    }
}

/// Iterator behind [`Dom::descendants`].
pub struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: NodeId,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        let n = self.dom.node(id);
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            // Climb until a node has a next sibling, stopping at the root.
            let mut at = id;
            loop {
                if at == self.root {
                    break NONE;
                }
                let node = self.dom.node(at);
                if node.next != NONE {
                    break node.next;
                }
                at = node.parent;
                if at == NONE {
                    break NONE;
                }
            }
        };
        Some(id)
    }
}

impl Node {
    fn new(kind: Kind) -> Node {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
            kind,
        }
    }
}

/// A handle the tree builder holds: the node's id and, for elements, its name (the builder asks
/// for names often, and a name kept here needs no borrow of the arena).
#[derive(Clone, Debug)]
struct Handle {
    id: NodeId,
    name: QualName,
}

/// The html5ever tree sink that fills the arena.
struct Sink {
    nodes: RefCell<Vec<Node>>,
}

impl Sink {
    fn push(&self, kind: Kind) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        let id = NodeId::try_from(nodes.len()).unwrap_or(NONE - 1);
        if id >= NONE - 1 {
            // Four billion nodes cannot come from a page under the size limit; never link past it.
            return NONE - 1;
        }
        nodes.push(Node::new(kind));
        id
    }

    fn handle(id: NodeId) -> Handle {
        Handle {
            id,
            name: QualName::new(None, ns!(), local_name!("")),
        }
    }

    fn detach(nodes: &mut [Node], id: NodeId) {
        let (parent, prev, next) = {
            let n = &nodes[id as usize];
            (n.parent, n.prev, n.next)
        };
        if parent == NONE {
            return;
        }
        if prev != NONE {
            nodes[prev as usize].next = next;
        } else {
            nodes[parent as usize].first_child = next;
        }
        if next != NONE {
            nodes[next as usize].prev = prev;
        } else {
            nodes[parent as usize].last_child = prev;
        }
        let n = &mut nodes[id as usize];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    fn append_child(nodes: &mut [Node], parent: NodeId, child: NodeId) {
        Self::detach(nodes, child);
        let last = nodes[parent as usize].last_child;
        {
            let c = &mut nodes[child as usize];
            c.parent = parent;
            c.prev = last;
        }
        if last != NONE {
            nodes[last as usize].next = child;
        } else {
            nodes[parent as usize].first_child = child;
        }
        nodes[parent as usize].last_child = child;
    }

    fn insert_before(nodes: &mut [Node], sibling: NodeId, child: NodeId) {
        Self::detach(nodes, child);
        let (parent, prev) = {
            let s = &nodes[sibling as usize];
            (s.parent, s.prev)
        };
        if parent == NONE {
            return;
        }
        {
            let c = &mut nodes[child as usize];
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        }
        nodes[sibling as usize].prev = child;
        if prev != NONE {
            nodes[prev as usize].next = child;
        } else {
            nodes[parent as usize].first_child = child;
        }
    }

    /// Text goes into the text node before which (or at the end of which) it lands, when
    /// there is one: the parser expects adjacent text to be merged.
    fn append_text(&self, parent: NodeId, text: StrTendril) {
        {
            let mut nodes = self.nodes.borrow_mut();
            let last = nodes[parent as usize].last_child;
            if last != NONE
                && let Kind::Text(t) = &mut nodes[last as usize].kind
            {
                t.push_tendril(&text);
                return;
            }
        }
        let id = self.push(Kind::Text(text));
        if id < NONE - 1 {
            Self::append_child(&mut self.nodes.borrow_mut(), parent, id);
        }
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Dom;
    type ElemName<'a> = &'a QualName;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Self::handle(0)
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        &target.name
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Handle {
        let kind = Kind::Element {
            name: name.local.clone(),
            attrs: attrs.into_iter().map(|a| (a.name.local, a.value)).collect(),
        };
        Handle {
            id: self.push(kind),
            name,
        }
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        Self::handle(self.push(Kind::Other))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        Self::handle(self.push(Kind::Other))
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        if parent.id >= NONE - 1 {
            return;
        }
        match child {
            NodeOrText::AppendNode(h) if h.id < NONE - 1 => {
                Self::append_child(&mut self.nodes.borrow_mut(), parent.id, h.id);
            }
            NodeOrText::AppendNode(_) => {}
            NodeOrText::AppendText(t) => self.append_text(parent.id, t),
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent =
            element.id < NONE - 1 && self.nodes.borrow()[element.id as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        target.clone()
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.id == y.id
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        if sibling.id >= NONE - 1 {
            return;
        }
        let id = match new_node {
            NodeOrText::AppendNode(h) => h.id,
            NodeOrText::AppendText(t) => {
                // Merge with a text node just before the sibling, if any.
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let prev = nodes[sibling.id as usize].prev;
                    if prev != NONE
                        && let Kind::Text(old) = &mut nodes[prev as usize].kind
                    {
                        old.push_tendril(&t);
                        return;
                    }
                }
                self.push(Kind::Text(t))
            }
        };
        if id < NONE - 1 {
            Self::insert_before(&mut self.nodes.borrow_mut(), sibling.id, id);
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        if target.id >= NONE - 1 {
            return;
        }
        let mut nodes = self.nodes.borrow_mut();
        if let Kind::Element { attrs: have, .. } = &mut nodes[target.id as usize].kind {
            for a in attrs {
                if !have.iter().any(|(n, _)| *n == a.name.local) {
                    have.push((a.name.local, a.value));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        if target.id < NONE - 1 {
            Self::detach(&mut self.nodes.borrow_mut(), target.id);
        }
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        if node.id >= NONE - 1 || new_parent.id >= NONE - 1 {
            return;
        }
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[node.id as usize].first_child;
        while child != NONE {
            let next = nodes[child as usize].next;
            Self::append_child(&mut nodes, new_parent.id, child);
            child = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom, name: &str) -> Vec<String> {
        dom.elements(name).map(|id| dom.text(id)).collect()
    }

    #[test]
    fn builds_the_html5_tree() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("<p>one<p>two", "p", &["one", "two"]),
            ("<div><p>a<b>b</b>c</div>", "p", &["abc"]),
            ("<table><tr><td>x<td>y</table>", "td", &["x", "y"]),
            // Misnested formatting: the adoption agency moves nodes around.
            ("<p><b>1<i>2</b>3</i>4</p>", "p", &["1234"]),
            // Text before a table inside it is foster-parented before the table.
            (
                "<table>lost<tr><td>cell</td></tr></table>",
                "body",
                &["lostcell"],
            ),
            ("<title>T &amp; U</title>", "title", &["T & U"]),
            ("", "p", &[]),
        ];
        for (html, name, want) in cases {
            let dom = Dom::parse(html);
            assert_eq!(texts(&dom, name), *want, "{html}");
        }
    }

    #[test]
    fn attributes_and_links() {
        let dom = Dom::parse(r#"<div id=a class="x y"><span>s</span><em>e</em></div>"#);
        let div = dom.elements("div").next().unwrap();
        assert_eq!(dom.attr(div, "class"), Some("x y"));
        assert_eq!(dom.attr(div, "id"), Some("a"));
        assert_eq!(dom.attr(div, "href"), None);
        let kids: Vec<_> = dom
            .children(div)
            .filter_map(|c| dom.name(c).map(str::to_string))
            .collect();
        assert_eq!(kids, ["span", "em"]);
        let em = dom.elements("em").next().unwrap();
        let up: Vec<_> = dom.ancestors(em).filter_map(|a| dom.name(a)).collect();
        assert_eq!(up, ["div", "body", "html"]);
    }

    #[test]
    fn deep_nesting_is_flattened_and_walked_without_recursion() {
        let depth = 10_000;
        let html = format!(
            "{}deep{}",
            "<table><tr><td>".repeat(depth),
            "</td></tr></table>".repeat(depth)
        );
        let dom = Dom::parse(&html);
        assert_eq!(dom.elements("table").count(), crate::html::depth::MAX_DEPTH);
        assert_eq!(dom.text(0), "deep");
        let div = "<div>".repeat(depth * 10) + "x";
        assert_eq!(Dom::parse(&div).text(0), "x");
    }
}
