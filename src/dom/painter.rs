//! Paints annotations with the CSS Custom Highlight API: a handful of named highlights
//! (one per label, plus quote, cue, evidence, depth, selection and active layers), never
//! one per annotation. Only the paragraphs near the viewport have their ranges
//! registered: with every range of a long document registered, each change anywhere on
//! the page costs the browser ~100 ms; with the visible neighbourhood it stays within a
//! frame (`docs/architecture.md`).

use super::article::ArticleDom;
use super::highlight::{registry, Highlight, HighlightRegistry};
use crate::model::annotations::SpanRef;
use crate::model::offsets::Span;
use crate::model::schema::LabelSchema;
use crate::model::workspace::DocState;
use std::collections::{BTreeMap, BTreeSet};
use wasm_bindgen::JsCast;

/// The fixed, non-label layers, with their paint priority (higher on top).
const FIXED_LAYERS: &[(&str, i32)] = &[
    ("g-depth", 2),
    ("g-quote", 3),
    ("g-cue", 4),
    ("g-evidence", 5),
    ("g-find", 6),
    ("g-suggest", 7),
    ("g-active", 8),
    ("g-selection", 9),
];

/// What to paint besides the annotations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlay {
    /// The pending selection (not yet an annotation).
    pub selection: Option<Span>,
    /// The annotation currently selected in the panel or the text.
    pub active: Option<SpanRef>,
}

/// The highlight layers and the set of paragraphs near the viewport.
pub struct Painter {
    registry: HighlightRegistry,
    layers: BTreeMap<String, Highlight>,
    near: BTreeSet<usize>,
    label_rules: Option<web_sys::CssStyleSheet>,
}

/// The highlight name of the label at palette position `index`.
pub fn label_layer(index: usize) -> String {
    format!("g-l{index}")
}

impl Painter {
    /// A painter, or `None` in a browser without the CSS Custom Highlight API.
    pub fn new() -> Option<Painter> {
        Some(Painter {
            registry: registry()?,
            layers: BTreeMap::new(),
            near: BTreeSet::new(),
            label_rules: None,
        })
    }

    fn layer(&mut self, name: &str, priority: i32) -> &Highlight {
        if !self.layers.contains_key(name) {
            let h = Highlight::new();
            h.set_priority(priority);
            self.registry.set(name, &h);
            self.layers.insert(name.to_owned(), h);
        }
        &self.layers[name]
    }

    /// Sets which paragraphs are near the viewport; returns true if that changed.
    pub fn set_near_all(&mut self, near: BTreeSet<usize>) -> bool {
        if near == self.near {
            return false;
        }
        self.near = near;
        true
    }

    /// Forgets the near set (a new document is being shown).
    pub fn reset(&mut self) {
        self.near.clear();
        for h in self.layers.values() {
            h.clear();
        }
    }

    /// Paragraphs currently registered.
    pub fn near_count(&self) -> usize {
        self.near.len()
    }

    /// Whether paragraph `para` is near the viewport (its ranges are registered).
    pub fn is_near(&self, para: usize) -> bool {
        self.near.contains(&para)
    }

    /// The highlight layer named `name`, once painted.
    pub fn highlight(&self, name: &str) -> Option<&Highlight> {
        self.layers.get(name)
    }

    /// Ranges registered in all layers together.
    pub fn registered(&self) -> u32 {
        self.layers.values().map(Highlight::size).sum()
    }

    /// Sets the colour rules of the label layers and palette swatches through CSSOM
    /// (never inline styles: the release CSP forbids them).
    pub fn set_label_colours(&mut self, schema: &LabelSchema) {
        if self.label_rules.is_none() {
            // A constructed stylesheet, adopted by the document: CSSOM, so the release
            // CSP (`style-src 'self'`) allows it, unlike a `<style>` element.
            if let Ok(sheet) = web_sys::CssStyleSheet::new() {
                let doc = super::document();
                let adopted = js_sys::Reflect::get(&doc, &"adoptedStyleSheets".into())
                    .ok()
                    .and_then(|a| a.dyn_into::<js_sys::Array>().ok())
                    .unwrap_or_default();
                adopted.push(&sheet);
                let _ = js_sys::Reflect::set(&doc, &"adoptedStyleSheets".into(), &adopted);
                self.label_rules = Some(sheet);
            }
        }
        let Some(sheet) = &self.label_rules else {
            return;
        };
        let mut css = String::new();
        for (i, l) in schema.labels.iter().enumerate() {
            let c = l.color.as_str();
            css.push_str(&format!(
                "::highlight({}) {{ background-color: {c}66; }}\n\
                 .label-swatch--l{i} {{ background-color: {c}; }}\n\
                 .label-chip--l{i} {{ background-color: {c}40; border-color: {c}; }}\n",
                label_layer(i)
            ));
        }
        let _ = sheet.replace_sync(&css);
    }

    /// Clears every layer and registers the ranges of the near paragraphs.
    pub fn paint(
        &mut self,
        dom: &ArticleDom,
        ds: &DocState,
        schema: &LabelSchema,
        overlay: Overlay,
        find: &[Span],
    ) {
        let names: Vec<String> = self.layers.keys().cloned().collect();
        for n in &names {
            self.layers[n].clear();
        }
        for (i, _) in schema.labels.iter().enumerate() {
            self.layer(&label_layer(i), 1);
        }
        for (name, prio) in FIXED_LAYERS {
            self.layer(name, *prio);
        }
        let text = ds.text();
        let index = ds.text_index();
        let near: Vec<usize> = self.near.iter().copied().collect();
        for pi in near {
            let Some(para) = dom.paras.get(pi) else {
                continue;
            };
            let mut mention_spans: Vec<Span> = Vec::new();
            let mut adds: Vec<(String, Span)> = Vec::new();
            ds.for_each_overlapping(para.span, |span, r| {
                let clipped = clip(span, para.span);
                let pending = match r {
                    SpanRef::Mention(id) => ds
                        .ann
                        .mentions
                        .get(&id)
                        .is_some_and(|m| m.meta.provenance.is_pending_suggestion()),
                    SpanRef::QuoteContent(id) => ds
                        .ann
                        .quotes
                        .get(&id)
                        .is_some_and(|q| q.meta.provenance.is_pending_suggestion()),
                    _ => false,
                };
                if pending {
                    adds.push(("g-suggest".into(), clipped));
                }
                let layer = match r {
                    SpanRef::Mention(id) => {
                        let label = ds.ann.mentions.get(&id).map(|m| m.label);
                        match label.and_then(|l| schema.index_of(l)) {
                            Some(i) => {
                                mention_spans.push(clipped);
                                label_layer(i)
                            }
                            None => return,
                        }
                    }
                    SpanRef::QuoteContent(_) => "g-quote".into(),
                    SpanRef::QuoteCue(_) => "g-cue".into(),
                    SpanRef::Evidence(..) => "g-evidence".into(),
                };
                adds.push((layer, clipped));
            });
            for d in depth_regions(&mut mention_spans) {
                adds.push(("g-depth".into(), d));
            }
            // Search matches (sorted, not overlapping): only those in this paragraph.
            let first = find.partition_point(|m| m.end <= para.span.start);
            for m in find[first..].iter().take_while(|m| m.start < para.span.end) {
                adds.push(("g-find".into(), clip(*m, para.span)));
            }
            if let Some(s) = overlay.selection {
                if s.overlaps(para.span) {
                    adds.push(("g-selection".into(), clip(s, para.span)));
                }
            }
            if let Some(s) = overlay.active.and_then(|r| ds.span_of(r)) {
                if s.overlaps(para.span) {
                    adds.push(("g-active".into(), clip(s, para.span)));
                }
            }
            for (layer, span) in adds {
                if let Some(range) = dom.range_for(text, index, span) {
                    if let Some(h) = self.layers.get(&layer) {
                        h.add(&range);
                    }
                }
            }
        }
    }
}

fn clip(s: Span, to: Span) -> Span {
    Span {
        start: s.start.max(to.start),
        end: s.end.min(to.end),
    }
}

/// Regions covered by two or more of `spans` (nested or crossing mentions).
fn depth_regions(spans: &mut [Span]) -> Vec<Span> {
    let mut events: Vec<(usize, i32)> = Vec::with_capacity(spans.len() * 2);
    for s in spans.iter() {
        events.push((s.start.0, 1));
        events.push((s.end.0, -1));
    }
    events.sort();
    let mut out = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    for (pos, d) in events {
        let before = depth;
        depth += d;
        if before < 2 && depth >= 2 {
            open = pos;
        } else if before >= 2 && depth < 2 && pos > open {
            out.push(Span {
                start: crate::model::offsets::ByteOffset(open),
                end: crate::model::offsets::ByteOffset(pos),
            });
        }
    }
    out
}
