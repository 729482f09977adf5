//! The article DOM, built once per document: one `<p>` per paragraph, each cut into
//! `<span class="article__chunk">` text nodes of a few thousand bytes, so the painter can
//! register only the ranges near the viewport. Blank-line separators are not in the DOM
//! (paragraph margins show them). Maps DOM positions (UTF-16) to text offsets (bytes) and
//! back through the document's [`TextIndex`].

use crate::model::offsets::{ByteOffset, Span, TextIndex, Utf16Offset};
use crate::model::text::{chunks, paragraphs};
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Text};

/// Most bytes per text node.
pub const CHUNK_BYTES: usize = 2048;

/// Paragraphs per group. Far groups are skipped by `content-visibility: auto`, which the
/// browser tracks with an intersection check per element after every change: a few
/// hundred groups cost far less than thousands of paragraphs.
pub const GROUP: usize = 16;

/// One text node of the article.
pub struct Chunk {
    /// The text it holds.
    pub span: Span,
    /// UTF-16 offset of its start in the document.
    pub utf16_start: usize,
    /// The DOM text node.
    pub node: Text,
    /// Index of its paragraph.
    pub para: usize,
}

/// One paragraph element.
pub struct Para {
    /// The text it holds.
    pub span: Span,
    /// The `<p>` element.
    pub element: Element,
}

/// The built article and its offset maps.
pub struct ArticleDom {
    /// The article element holding everything.
    pub root: Element,
    /// Paragraphs in text order.
    pub paras: Vec<Para>,
    /// Text chunks in text order.
    pub chunks: Vec<Chunk>,
}

impl ArticleDom {
    /// Replaces the children of `root` with the document's paragraphs.
    pub fn build(root: &Element, text: &str, index: &TextIndex) -> ArticleDom {
        let doc = super::document();
        root.set_text_content(None);
        let mut paras = Vec::new();
        let mut all_chunks = Vec::new();
        let mut group: Option<Element> = None;
        for (pi, pspan) in paragraphs(text).into_iter().enumerate() {
            if pi % GROUP == 0 {
                let g = doc.create_element("div").expect("create <div>");
                g.set_class_name("article__group");
                let _ = g.set_attribute("data-g", &(pi / GROUP).to_string());
                let _ = root.append_child(&g);
                group = Some(g);
            }
            let p = doc.create_element("p").expect("create <p>");
            p.set_class_name("article__para");
            let _ = p.set_attribute("data-p", &pi.to_string());
            for cspan in chunks(text, pspan, CHUNK_BYTES) {
                let s = doc.create_element("span").expect("create <span>");
                s.set_class_name("article__chunk");
                let _ = s.set_attribute("data-c", &all_chunks.len().to_string());
                let t = doc.create_text_node(cspan.slice(text).unwrap_or(""));
                let _ = s.append_child(&t);
                let _ = p.append_child(&s);
                let utf16_start = index
                    .byte_to_utf16(text, cspan.start)
                    .map(|u| u.0)
                    .unwrap_or(0);
                all_chunks.push(Chunk {
                    span: cspan,
                    utf16_start,
                    node: t,
                    para: pi,
                });
            }
            if let Some(g) = &group {
                let _ = g.append_child(&p);
            }
            paras.push(Para {
                span: pspan,
                element: p,
            });
        }
        ArticleDom {
            root: root.clone(),
            paras,
            chunks: all_chunks,
        }
    }

    /// The chunk holding byte `b` (for an end offset, the chunk it ends in).
    fn chunk_for(&self, b: usize, is_end: bool) -> Option<usize> {
        let i = self.chunks.partition_point(|c| {
            if is_end {
                c.span.end.0 < b
            } else {
                c.span.end.0 <= b
            }
        });
        self.chunks.get(i).map(|_| i)
    }

    /// A DOM range over `span` (clamped to the chunks: separators between paragraphs
    /// are not in the DOM).
    pub fn range_for(&self, text: &str, index: &TextIndex, span: Span) -> Option<web_sys::Range> {
        let si = self.chunk_for(span.start.0, false)?;
        let ei = self.chunk_for(span.end.0, true)?;
        let sc = &self.chunks[si];
        let ec = &self.chunks[ei];
        let sb = span.start.max(sc.span.start);
        let eb = span.end.min(ec.span.end);
        if si > ei || (si == ei && sb >= eb) {
            return None;
        }
        let so = index.byte_to_utf16(text, sb).ok()?.0 - sc.utf16_start;
        let eo = index.byte_to_utf16(text, eb).ok()?.0 - ec.utf16_start;
        let r = super::document().create_range().ok()?;
        r.set_start(&sc.node, so as u32).ok()?;
        r.set_end(&ec.node, eo as u32).ok()?;
        Some(r)
    }

    /// The text offset of a DOM boundary point (as in a `Selection` or a `Range`).
    pub fn dom_to_byte(
        &self,
        text: &str,
        index: &TextIndex,
        node: &Node,
        offset: u32,
    ) -> Option<ByteOffset> {
        if let Some(t) = node.dyn_ref::<Text>() {
            let ci = chunk_index(&t.parent_element()?)?;
            let c = self.chunks.get(ci)?;
            let u = Utf16Offset(c.utf16_start + offset as usize);
            return index.utf16_to_byte(text, u).ok();
        }
        let el = node.dyn_ref::<Element>()?;
        if let Some(ci) = chunk_index(el) {
            let c = self.chunks.get(ci)?;
            return Some(if offset == 0 {
                c.span.start
            } else {
                c.span.end
            });
        }
        if el.class_list().contains("article__para") {
            let pi: usize = el.get_attribute("data-p")?.parse().ok()?;
            let in_para: Vec<&Chunk> = self.chunks.iter().filter(|c| c.para == pi).collect();
            return match in_para.get(offset as usize) {
                Some(c) => Some(c.span.start),
                None => self.paras.get(pi).map(|p| p.span.end),
            };
        }
        // A group counts its paragraphs; the article element counts groups.
        let first_para = if el.class_list().contains("article__group") {
            let g: usize = el.get_attribute("data-g")?.parse().ok()?;
            g * GROUP + offset as usize
        } else {
            offset as usize * GROUP
        };
        let group_end = if el.class_list().contains("article__group") {
            let g: usize = el.get_attribute("data-g")?.parse().ok()?;
            (g + 1) * GROUP
        } else {
            usize::MAX
        };
        match self
            .paras
            .get(first_para)
            .filter(|_| first_para < group_end)
        {
            Some(p) => Some(p.span.start),
            None => self
                .paras
                .get(
                    first_para
                        .min(group_end)
                        .min(self.paras.len())
                        .saturating_sub(1),
                )
                .map(|p| p.span.end),
        }
    }

    /// The paragraph index of a `<p>` element.
    pub fn para_of(el: &Element) -> Option<usize> {
        el.get_attribute("data-p")?.parse().ok()
    }
}

fn chunk_index(el: &Element) -> Option<usize> {
    if !el.class_list().contains("article__chunk") {
        return None;
    }
    el.get_attribute("data-c")?.parse().ok()
}
