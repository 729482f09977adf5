//! Readable text of an HTML page.
//!
//! The browser parses an imported HTML file inertly (`DOMParser`, so no script runs and
//! nothing loads) and walks it into an [`HtmlNode`] tree: elements with their tag name,
//! attributes and children, and text nodes (comments and processing instructions are
//! left out). [`extract`] turns that tree into plain text, which then goes through the
//! scraped-page cleaner like any saved page ([`super::clean_html`]).
//!
//! # What is read
//!
//! - **Content root**: the `<article>` elements (all of them, in page order) if they
//!   hold substantial text (at least 500 characters, or 30 % of the page's readable
//!   text); else the first `<main>` (or `role="main"`) under the same test; else the
//!   whole page.
//! - **Skipped**: `script`, `style`, `noscript`, `template`, `nav`, `footer`, `aside`,
//!   `form`, `button`, `select`, `input`, `textarea`, `option`, `svg`, `math`, `iframe`,
//!   `object`, `embed`, `canvas`, `video`, `audio`, `dialog`, `figcaption` (captions are
//!   furniture), `head`; `header` outside an `article`/`main` (the site banner; an
//!   article's own header holds its headline and is read); elements with the `hidden`
//!   attribute, `aria-hidden="true"`, an inline `display:none` or `visibility:hidden`,
//!   a landmark role for navigation, banners, footers, sidebars, search or dialogs, or a
//!   class or id mentioning `cookie` or `consent`.
//! - **Blocks** (`p`, `div`, `section`, `article`, `h1`–`h6`, `li`, `blockquote`,
//!   `pre`, `tr`, `dd`, `dt`, `figure`, `hr`, …) become paragraphs separated by one blank
//!   line (`"\n\n"`). Empty blocks vanish.
//! - **Whitespace**: runs of HTML whitespace (space, tab, LF, CR, FF) inside and between
//!   inline elements collapse to one space, and paragraphs and lines are trimmed; a
//!   no-break space is content and stays (except at the ends of lines). Inside `pre`,
//!   text is taken as is (leading and trailing line breaks trimmed).
//! - `<br>` is a line break (`"\n"`) inside the paragraph.
//! - **Lists**: items of a `ul` (or an item outside any list) start with `"• "`, items of
//!   an `ol` with their number (`"1. "`, honouring `start`). The marks are what a reader
//!   sees; the cleaner's rules ignore leading bullets, so "• Facebook" is still a share
//!   button to them.
//! - **Tables**: each row is a paragraph, its cells separated by a tab.
//! - `<q>` gets typographic quotation marks (“…”, ‘…’ when nested), as browsers show it.
//! - **Title**: the first `h1` of the content root, else the first `h1` of the page,
//!   else the page's `<title>`; whitespace collapsed. `None` when all are missing or
//!   empty.
//!
//! Tag and attribute names are compared ignoring ASCII case (the DOM reports upper-case
//! tag names). The walk is iterative, so any nesting depth is read without recursion;
//! the walker that builds the tree should still cap its depth (dropping a very deep tree
//! is recursive).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A node of a parsed HTML document, as handed over by the browser.
///
/// In JSON (for tests and debugging) a text node is a string and an element an object
/// `{"tag": "p", "attrs": [["class", "lead"]], "children": [...]}`; `attrs` may also be
/// written as an object, and both `attrs` and `children` may be left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HtmlNode {
    /// An element.
    Element {
        /// Tag name (any case).
        tag: String,
        /// Attributes, in document order.
        #[serde(default, deserialize_with = "attrs_from_json")]
        attrs: Vec<(String, String)>,
        /// Child nodes, in document order.
        #[serde(default)]
        children: Vec<HtmlNode>,
    },
    /// A text node.
    Text(String),
}

fn attrs_from_json<'de, D>(d: D) -> Result<Vec<(String, String)>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Attrs {
        List(Vec<(String, String)>),
        Map(BTreeMap<String, String>),
    }
    Ok(match Attrs::deserialize(d)? {
        Attrs::List(list) => list,
        Attrs::Map(map) => map.into_iter().collect(),
    })
}

impl HtmlNode {
    /// An element node.
    pub fn element(tag: &str, attrs: &[(&str, &str)], children: Vec<HtmlNode>) -> HtmlNode {
        HtmlNode::Element {
            tag: tag.to_owned(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            children,
        }
    }

    /// A text node.
    pub fn text(text: &str) -> HtmlNode {
        HtmlNode::Text(text.to_owned())
    }

    /// The tag name in lower case (`None` for text).
    pub fn tag(&self) -> Option<String> {
        match self {
            HtmlNode::Element { tag, .. } => Some(tag.to_ascii_lowercase()),
            HtmlNode::Text(_) => None,
        }
    }

    /// The value of an attribute (name compared ignoring ASCII case).
    pub fn attr(&self, name: &str) -> Option<&str> {
        match self {
            HtmlNode::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str()),
            HtmlNode::Text(_) => None,
        }
    }

    fn children(&self) -> &[HtmlNode] {
        match self {
            HtmlNode::Element { children, .. } => children,
            HtmlNode::Text(_) => &[],
        }
    }
}

/// The readable part of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    /// The title: first `h1` of the content, else of the page, else `<title>`.
    pub title: Option<String>,
    /// Paragraphs separated by one blank line.
    pub text: String,
}

/// Text shorter than this (in characters) counts as substantial only as a share of the page.
const SUBSTANTIAL_CHARS: usize = 500;
/// Share of the page's text (numerator / denominator) that makes a content root substantial.
const SUBSTANTIAL_SHARE: (usize, usize) = (3, 10);

/// Extracts the readable text and the title of a page (see the module docs).
pub fn extract(root: &HtmlNode) -> Extracted {
    let whole = text_of(&[root]);
    let whole_len = whole.chars().count();
    let substantial = |text: &str| {
        let len = text.chars().count();
        len > 0
            && (len >= SUBSTANTIAL_CHARS
                || len * SUBSTANTIAL_SHARE.1 >= whole_len * SUBSTANTIAL_SHARE.0)
    };
    let articles = find_all(root, |n, _| n.tag().as_deref() == Some("article"));
    let mut content: Option<(Vec<&HtmlNode>, String)> = None;
    if !articles.is_empty() {
        let text = text_of(&articles);
        if substantial(&text) {
            content = Some((articles, text));
        }
    }
    if content.is_none() {
        let mains = find_all(root, |n, _| {
            n.tag().as_deref() == Some("main")
                || n.attr("role")
                    .is_some_and(|r| r.eq_ignore_ascii_case("main"))
        });
        if let Some(main) = mains.first() {
            let text = text_of(&[main]);
            if substantial(&text) {
                content = Some((vec![main], text));
            }
        }
    }
    let (roots, text) = content.unwrap_or_else(|| (vec![root], whole));
    let h1 = |roots: &[&HtmlNode]| {
        roots.iter().find_map(|r| {
            find_all(r, |n, _| n.tag().as_deref() == Some("h1"))
                .into_iter()
                .map(|h| collapse(&plain_text(h)))
                .find(|t| !t.is_empty())
        })
    };
    let title = h1(&roots).or_else(|| h1(&[root])).or_else(|| {
        find_all_including_skipped(root, |n| n.tag().as_deref() == Some("title"))
            .into_iter()
            .map(|t| collapse(&plain_text(t)))
            .find(|t| !t.is_empty())
    });
    Extracted { title, text }
}

/// Collapses whitespace runs to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All text below `node` (nothing skipped), for titles.
fn plain_text(node: &HtmlNode) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n {
            HtmlNode::Text(t) => out.push_str(t),
            HtmlNode::Element { children, .. } => {
                if n.tag().as_deref() == Some("br") {
                    out.push(' ');
                }
                stack.extend(children.iter().rev());
            }
        }
    }
    out
}

/// Whether `node` is read when inside (`in_content`) or outside an article or main.
fn is_skipped(node: &HtmlNode, in_content: bool) -> bool {
    let Some(tag) = node.tag() else { return false };
    if matches!(
        tag.as_str(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "option"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "dialog"
            | "figcaption"
            | "head"
            | "title"
            | "meta"
            | "link"
    ) {
        return true;
    }
    if tag == "header" && !in_content {
        return true;
    }
    if node.attr("hidden").is_some()
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = node.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "dialog"
                | "alertdialog"
                | "menu"
                | "menubar"
                | "toolbar"
        ) {
            return true;
        }
    }
    ["class", "id"].iter().any(|a| {
        node.attr(a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("cookie") || v.contains("consent")
        })
    })
}

fn opens_content(node: &HtmlNode) -> bool {
    matches!(node.tag().as_deref(), Some("article" | "main"))
        || node
            .attr("role")
            .is_some_and(|r| r.eq_ignore_ascii_case("main"))
}

/// The outermost nodes below `root` (itself included) satisfying `want`, in document
/// order, not looking inside skipped elements.
fn find_all(root: &HtmlNode, want: impl Fn(&HtmlNode, bool) -> bool) -> Vec<&HtmlNode> {
    let mut found = Vec::new();
    let mut stack = vec![(root, false)];
    while let Some((n, in_content)) = stack.pop() {
        if is_skipped(n, in_content) {
            continue;
        }
        if want(n, in_content) {
            found.push(n);
            continue;
        }
        let inner = in_content || opens_content(n);
        stack.extend(n.children().iter().rev().map(|c| (c, inner)));
    }
    found
}

/// Like [`find_all`] but looking everywhere (for `<title>`, which lives in `<head>`).
fn find_all_including_skipped(root: &HtmlNode, want: impl Fn(&HtmlNode) -> bool) -> Vec<&HtmlNode> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if want(n) {
            found.push(n);
            continue;
        }
        stack.extend(n.children().iter().rev());
    }
    found
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{C}')
}

/// Readable text of `roots` (in order), paragraphs separated by blank lines.
fn text_of(roots: &[&HtmlNode]) -> String {
    let mut w = Walker::default();
    for root in roots {
        w.walk(root);
        w.flush();
    }
    w.paragraphs.join("\n\n")
}

enum Step<'a> {
    Enter(&'a HtmlNode, bool),
    Leave(String),
}

enum ListKind {
    Bullets,
    Numbers(i64),
}

#[derive(Default)]
struct Walker {
    paragraphs: Vec<String>,
    current: String,
    /// A collapsed space is due before the next visible character.
    space: bool,
    /// A list mark is due before the next visible character.
    mark: Option<String>,
    /// The current paragraph holds `pre` text.
    pre_text: bool,
    pre_depth: usize,
    lists: Vec<ListKind>,
    quotes: usize,
}

impl Walker {
    fn walk(&mut self, root: &HtmlNode) {
        let mut stack = vec![Step::Enter(root, false)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(HtmlNode::Text(t), _) => self.text(t),
                Step::Enter(node, in_content) => {
                    if is_skipped(node, in_content) {
                        continue;
                    }
                    let tag = node.tag().unwrap_or_default();
                    self.open(&tag, node);
                    stack.push(Step::Leave(tag));
                    let inner = in_content || opens_content(node);
                    stack.extend(node.children().iter().rev().map(|c| Step::Enter(c, inner)));
                }
                Step::Leave(tag) => self.close(&tag),
            }
        }
    }

    fn open(&mut self, tag: &str, node: &HtmlNode) {
        if is_block(tag) {
            self.flush();
        }
        match tag {
            "br" => {
                let trimmed = self.current.trim_end_matches([' ', '\t']).len();
                self.current.truncate(trimmed);
                self.current.push('\n');
                self.space = false;
            }
            "pre" => self.pre_depth += 1,
            "ul" | "menu" | "dir" => self.lists.push(ListKind::Bullets),
            "ol" => {
                let start = node
                    .attr("start")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .unwrap_or(1);
                self.lists.push(ListKind::Numbers(start));
            }
            "li" => {
                self.mark = Some(match self.lists.last_mut() {
                    Some(ListKind::Numbers(n)) => {
                        let mark = format!("{n}. ");
                        *n = n.saturating_add(1);
                        mark
                    }
                    _ => "• ".to_owned(),
                });
            }
            "td" | "th" => {
                if !self.current.is_empty() && !self.current.ends_with('\n') {
                    self.current.push('\t');
                }
                self.space = false;
            }
            "q" => {
                let mark = if self.quotes % 2 == 0 { "“" } else { "‘" };
                self.push_visible(mark);
                self.quotes += 1;
            }
            _ => {}
        }
    }

    fn close(&mut self, tag: &str) {
        match tag {
            "pre" => self.pre_depth = self.pre_depth.saturating_sub(1),
            "ul" | "ol" | "menu" | "dir" => {
                self.lists.pop();
            }
            "q" => {
                self.quotes = self.quotes.saturating_sub(1);
                let mark = if self.quotes % 2 == 0 { "”" } else { "’" };
                self.push_visible(mark);
            }
            _ => {}
        }
        if is_block(tag) {
            self.flush();
        }
        if tag == "li" {
            // An item without text: its mark is not shown.
            self.mark = None;
        }
    }

    /// Appends visible text, emitting a due list mark or space first.
    fn push_visible(&mut self, s: &str) {
        if let Some(mark) = self.mark.take() {
            if !self.current.is_empty() && !self.current.ends_with('\n') {
                self.current.push(' ');
            }
            self.current.push_str(&mark);
            self.space = false;
        }
        if self.space && !self.current.is_empty() && !self.current.ends_with(['\n', ' ', '\t']) {
            self.current.push(' ');
        }
        self.space = false;
        self.current.push_str(s);
    }

    fn text(&mut self, t: &str) {
        if self.pre_depth > 0 {
            if t.is_empty() {
                return;
            }
            if let Some(mark) = self.mark.take() {
                self.current.push_str(&mark);
            }
            self.current.push_str(t);
            self.pre_text = true;
            self.space = false;
            return;
        }
        let mut word = String::new();
        for c in t.chars() {
            if is_html_space(c) {
                if !word.is_empty() {
                    self.push_visible(&word);
                    word.clear();
                }
                self.space = true;
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            self.push_visible(&word);
        }
    }

    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.current);
        self.space = false;
        let pre = std::mem::replace(&mut self.pre_text, false);
        let paragraph = if pre {
            raw.trim_start_matches(['\n', '\r']).trim_end().to_owned()
        } else {
            let lines: Vec<&str> = raw.split('\n').map(str::trim).collect();
            // Blank lines from consecutive <br>s: at most one in a row, none at the ends.
            let mut out: Vec<&str> = Vec::new();
            for line in lines {
                if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
                    continue;
                }
                out.push(line);
            }
            while out.last().is_some_and(|l| l.is_empty()) {
                out.pop();
            }
            out.join("\n")
        };
        if !paragraph.trim().is_empty() {
            self.paragraphs.push(paragraph);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: &str, children: Vec<HtmlNode>) -> HtmlNode {
        HtmlNode::element(tag, &[], children)
    }
    fn t(s: &str) -> HtmlNode {
        HtmlNode::text(s)
    }

    #[test]
    fn inline_whitespace_collapses_across_elements() {
        let page = el(
            "BODY",
            vec![el(
                "P",
                vec![
                    t("  Hello\n\t "),
                    el("b", vec![t("bold")]),
                    t(" world\u{a0}! "),
                ],
            )],
        );
        assert_eq!(extract(&page).text, "Hello bold world\u{a0}!");
    }

    #[test]
    fn very_deep_trees_are_walked_without_recursion() {
        let mut node = t("deep");
        for _ in 0..20_000 {
            node = el("span", vec![node]);
        }
        let page = el("p", vec![node]);
        assert_eq!(extract(&page).text, "deep");
        // Dismantle iteratively: dropping a deep tree is recursive.
        let mut stack = vec![page];
        while let Some(n) = stack.pop() {
            if let HtmlNode::Element { children, .. } = n {
                stack.extend(children);
            }
        }
    }
}
