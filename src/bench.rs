//! Bench mode: with `?bench=1` in the URL the app exposes `window.__benchPeer`, the page
//! contract of the peer benchmark (`scripts/bench.sh`, and the shared peers harness).
//!
//! Every hook drives the code a user's action runs, on the same [`Actions`], editor,
//! storage and painter:
//!
//! - `setup(doc)` adds `doc.text` as a document the way the paste dialog does and opens
//!   it; it resolves once the article is built and the painter knows which paragraphs
//!   are near the viewport (text only, no highlights).
//! - `prepare(highlights)` (untimed) turns the harness' records (UTF-16 offsets) into
//!   what a user's import hands the app: the Glossa JSON export of that document with
//!   those mentions, as the bytes of a file.
//! - `load()` runs the import dialog's path for that file: decode, the storage-space
//!   reading, [`native::parse`], both plans, then "Merge" ([`import_dialog::apply_native`]:
//!   apply, store, repaint). `ready()` is true once every record is in the model and the
//!   painter has registered ranges.
//! - `addOne(h)`, `removeOne(h)`, `relabel(h, label)` do what the keyboard does: select
//!   the span and press a label key, select the mention and press `Delete`, select it and
//!   press another label key ([`app::apply_label`], `Actions::edit`: storage, side
//!   panel revision and repaint included). `readyOne`, `readyGone`, `readyRelabel` check
//!   the model and the registered ranges.
//! - `verify(highlights)` checks that every record is stored with its text, and that every
//!   record whose paragraph is in view has a registered range, in its label's highlight,
//!   whose `toString()` equals its quote (also after scrolling to the middle).
//! - `exportFormat(i)`, `autosave()`, `memoryBytes()`, `status()`: timings of one export
//!   and of the save of one edit, wasm memory, and the counts the harness reports.
#![cfg(target_arch = "wasm32")]

use crate::components::app;
use crate::components::import_dialog;
use crate::components::state::{Actions, SaveState};
use crate::dom::painter::label_layer;
use crate::dom::{now_ms, window};
use crate::formats::native::{self, ImportMode};
use crate::formats::{export, ExportOptions, Format};
use crate::model::annotations::{Annotations, Mention, Meta, SpanRef};
use crate::model::commands::Touched;
use crate::model::ids::Id;
use crate::model::offsets::{Span, Utf16Offset};
use crate::model::schema::{Color, Label};
use crate::model::workspace::{DocState, Workspace};
use crate::storage;
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The file name the prepared import carries.
const FILE_NAME: &str = "bench-glossa.json";

/// Colours for labels the harness uses and the schema lacks.
const NEW_LABEL_COLOUR: &str = "#cc79a7";

/// One record of the harness: UTF-16 offsets, a label name and the text it covers.
struct Rec {
    start: usize,
    end: usize,
    label: String,
    quote: String,
}

#[derive(Default)]
struct State {
    /// The benchmark document (added by `setup`).
    doc: Option<Id>,
    /// The prepared import file.
    file: Option<Vec<u8>>,
    /// What `load` found out besides the timing (e.g. the storage guard's verdict).
    load_note: String,
}

type Shared = Rc<RefCell<State>>;
type Hook = Closure<dyn FnMut(JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// Installs `window.__benchPeer` when the page's query string has `bench=1`.
pub fn install(actions: Actions) {
    let search = window().location().search().unwrap_or_default();
    if !search
        .trim_start_matches('?')
        .split('&')
        .any(|kv| kv == "bench=1")
    {
        return;
    }
    let st: Shared = Rc::default();
    let previous: StoredValue<Option<Workspace>> = StoredValue::new(None);
    let can_undo = RwSignal::new(false);
    let peer = Object::new();
    let set = |name: &str, v: &JsValue| {
        let _ = Reflect::set(&peer, &name.into(), v);
    };
    set("name", &"glossa".into());
    let caps = Object::new();
    for (k, v) in [
        ("highlights", true),
        ("overlaps", true),
        ("addOne", true),
        ("virtualized", true),
    ] {
        let _ = Reflect::set(&caps, &k.into(), &v.into());
    }
    set("capabilities", &caps);

    let hook = |name: &str, f: Hook| {
        let _ = Reflect::set(&peer, &name.into(), f.as_ref());
        f.forget();
    };
    {
        let st = st.clone();
        hook(
            "setup",
            Closure::new(move |doc: JsValue, _| {
                let text = Reflect::get(&doc, &"text".into())?
                    .as_string()
                    .ok_or("setup: doc.text is not a string")?;
                let st = st.clone();
                Ok(wasm_bindgen_futures::future_to_promise(async move {
                    setup(actions, st, text).await.map(|_| JsValue::UNDEFINED)
                })
                .into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "prepare",
            Closure::new(move |hs: JsValue, _| {
                let recs = records(&hs)?;
                let file = prepare(actions, &st, &recs)?;
                let n = file.len();
                st.borrow_mut().file = Some(file);
                Ok(n.into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "load",
            Closure::new(move |_, _| load(actions, &st, previous, can_undo)),
        );
    }
    {
        let st = st.clone();
        hook(
            "ready",
            Closure::new(move |hs: JsValue, _| {
                let n = Reflect::get(&hs, &"length".into())?.as_f64().unwrap_or(0.0) as usize;
                Ok(ready(actions, &st, n).into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "addOne",
            Closure::new(move |h: JsValue, _| {
                let r = record(&h)?;
                let span = span_of(actions, &st, &r).ok_or("addOne: span outside the text")?;
                let label = label_id(actions, &r.label).ok_or("addOne: unknown label")?;
                // As the keyboard does: the word cursor selects the span, a label key labels it.
                actions.active.0.set(None);
                actions.selection.0.set(Some(span));
                app::apply_label(actions, label);
                Ok(JsValue::UNDEFINED)
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "readyOne",
            Closure::new(move |h: JsValue, _| {
                let r = record(&h)?;
                Ok(is_painted(actions, &st, &r, true).into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "removeOne",
            Closure::new(move |h: JsValue, _| {
                let r = record(&h)?;
                let (doc, id) = find(actions, &st, &r).ok_or("removeOne: no such mention")?;
                // Click on it (it becomes the active annotation), then Delete.
                actions.selection.0.set(None);
                actions.active.0.set(Some(SpanRef::Mention(id)));
                actions.edit(|ed| ed.remove_mention(doc, id));
                Ok(JsValue::UNDEFINED)
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "readyGone",
            Closure::new(move |h: JsValue, _| {
                let r = record(&h)?;
                Ok(is_painted(actions, &st, &r, false).into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "relabel",
            Closure::new(move |h: JsValue, to: JsValue| {
                let r = record(&h)?;
                let to = to.as_string().ok_or("relabel: no label name")?;
                let (_, id) = find(actions, &st, &r).ok_or("relabel: no such mention")?;
                let label = label_id(actions, &to).ok_or("relabel: unknown label")?;
                // Click on it, then press the other label's key.
                actions.selection.0.set(None);
                actions.active.0.set(Some(SpanRef::Mention(id)));
                app::apply_label(actions, label);
                Ok(JsValue::UNDEFINED)
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "readyRelabel",
            Closure::new(move |h: JsValue, to: JsValue| {
                let mut r = record(&h)?;
                let gone = is_painted(actions, &st, &r, false);
                r.label = to.as_string().unwrap_or_default();
                Ok((gone && is_painted(actions, &st, &r, true)).into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "verify",
            Closure::new(move |hs: JsValue, _| {
                let recs = records(&hs)?;
                let st = st.clone();
                Ok(wasm_bindgen_futures::future_to_promise(async move {
                    verify(actions, st, recs).await
                })
                .into())
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "exportFormat",
            Closure::new(move |i: JsValue, _| {
                let i = i.as_f64().unwrap_or(0.0) as usize;
                export_timing(actions, &st, i)
            }),
        );
    }
    {
        let st = st.clone();
        hook(
            "autosave",
            Closure::new(move |_, _| autosave_timing(actions, &st)),
        );
    }
    {
        let st = st.clone();
        hook("status", Closure::new(move |_, _| Ok(status(actions, &st))));
    }
    {
        let st = st.clone();
        hook(
            "profileParts",
            Closure::new(move |_, _| profile_parts(actions, &st)),
        );
    }
    hook(
        "memoryBytes",
        Closure::new(move |_, _| {
            let buffer = Reflect::get(&wasm_bindgen::memory(), &"buffer".into())?;
            Reflect::get(&buffer, &"byteLength".into())
        }),
    );
    let _ = Reflect::set(&window(), &"__benchPeer".into(), &peer);
}

fn err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: milliseconds since the page started.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;
}

fn field(o: &JsValue, k: &str) -> Result<JsValue, JsValue> {
    Reflect::get(o, &k.into())
}

fn record(h: &JsValue) -> Result<Rec, JsValue> {
    let num = |k: &str| -> Result<usize, JsValue> {
        field(h, k)?
            .as_f64()
            .map(|f| f as usize)
            .ok_or_else(|| err(format!("record field {k} is not a number")))
    };
    let s =
        |k: &str| -> Result<String, JsValue> { Ok(field(h, k)?.as_string().unwrap_or_default()) };
    Ok(Rec {
        start: num("start")?,
        end: num("end")?,
        label: s("label")?,
        quote: s("quote")?,
    })
}

fn records(hs: &JsValue) -> Result<Vec<Rec>, JsValue> {
    let arr: &js_sys::Array = hs.dyn_ref().ok_or("highlights must be an array")?;
    arr.iter().map(|h| record(&h)).collect()
}

/// Resolves once the next animation frame has started.
async fn next_frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The paste dialog's path: a new document of the open project, kept verbatim, opened.
async fn setup(actions: Actions, st: Shared, text: String) -> Result<(), JsValue> {
    let project = actions.editor.0.with_value(|e| {
        actions
            .open
            .0
            .get_untracked()
            .and_then(|d| e.ws.project_of(d))
            .or(e.ws.projects.first())
            .map(|p| p.id)
    });
    let project = project.ok_or("setup: no project")?;
    let title = crate::components::doc_list::guess_title(&text);
    let out = actions
        .edit(|ed| ed.add_document(project, title.trim(), "pasted", &text, now_ms()))
        .ok_or_else(|| err(actions.status.message.get_untracked()))?;
    let doc = out.created.ok_or("setup: no document created")?;
    st.borrow_mut().doc = Some(doc);
    actions.open.0.set(Some(doc));
    // Wait until the article of this document is built and the painter knows which
    // paragraphs are near the viewport (computed from the scroll position).
    let expected = crate::model::text::paragraphs(&text).len();
    let started = now();
    loop {
        next_frame().await;
        let built = actions
            .view
            .dom
            .with_value(|d| d.as_ref().is_some_and(|d| d.paras.len() == expected));
        let near = actions
            .view
            .painter
            .with_value(|p| p.as_ref().is_some_and(|p| p.near_count() > 0));
        if built && (near || expected == 0) && actions.open.0.get_untracked() == Some(doc) {
            return Ok(());
        }
        if now() - started > 60_000.0 {
            return Err(err("setup: the article was not shown within 60 s"));
        }
    }
}

fn bench_doc(st: &Shared) -> Result<Id, JsValue> {
    st.borrow().doc.ok_or_else(|| err("setup() first"))
}

/// Byte span of a record in the benchmark document.
fn span_of(actions: Actions, st: &Shared, r: &Rec) -> Option<Span> {
    let doc = st.borrow().doc?;
    actions
        .editor
        .0
        .with_value(|e| byte_span(e.ws.doc(doc)?, r.start, r.end))
}

fn byte_span(ds: &DocState, start: usize, end: usize) -> Option<Span> {
    let (text, index) = (ds.text(), ds.text_index());
    let s = index.utf16_to_byte(text, Utf16Offset(start)).ok()?;
    let e = index.utf16_to_byte(text, Utf16Offset(end)).ok()?;
    Span::new(s, e).ok()
}

fn label_id(actions: Actions, name: &str) -> Option<Id> {
    let doc = actions.open.0.get_untracked()?;
    actions
        .editor
        .0
        .with_value(|e| Some(e.ws.project_of(doc)?.schema.by_name(name)?.id))
}

/// The mention of a record (same span and label).
fn find(actions: Actions, st: &Shared, r: &Rec) -> Option<(Id, Id)> {
    let doc = st.borrow().doc?;
    let span = span_of(actions, st, r)?;
    let label = label_id(actions, &r.label)?;
    actions
        .editor
        .0
        .with_value(|e| Some((doc, e.ws.doc(doc)?.find_mention(span, label)?.id)))
}

/// The Glossa JSON export of the benchmark document with the records as its mentions
/// (labels the schema lacks are added, as another annotator's schema would have them).
fn prepare(actions: Actions, st: &Shared, recs: &[Rec]) -> Result<Vec<u8>, JsValue> {
    let doc = bench_doc(st)?;
    let mut ws = actions.editor.0.with_value(|e| e.ws.clone());
    let pid = ws.project_of(doc).map(|p| p.id).ok_or("no project")?;
    let now = now_ms();
    let mut ids = Vec::new();
    for r in recs {
        if ws
            .project(pid)
            .and_then(|p| p.schema.by_name(&r.label))
            .is_none()
        {
            let id = ws.new_id(now);
            let label = Label {
                id,
                name: r.label.clone(),
                color: Color::parse(NEW_LABEL_COLOUR).map_err(err)?,
                hotkey: None,
                description: String::new(),
            };
            if let Some(p) = ws.projects.iter_mut().find(|p| p.id == pid) {
                p.schema.labels.push(label);
            }
        }
        ids.push(ws.new_id(now));
    }
    let schema = ws.project(pid).ok_or("no project")?.schema.clone();
    let ds = ws.doc(doc).ok_or("no document")?;
    let mut ann = Annotations::default();
    for (r, id) in recs.iter().zip(ids) {
        let span = byte_span(ds, r.start, r.end)
            .ok_or_else(|| err(format!("record {}..{} is outside the text", r.start, r.end)))?;
        let label = schema.by_name(&r.label).ok_or("label")?.id;
        ann.mentions.insert(
            id,
            Mention {
                id,
                span,
                label,
                entity: None,
                meta: Meta::default(),
            },
        );
    }
    let new = DocState::new(ds.doc.clone(), ann);
    ws.docs.insert(doc, new);
    let file = native::export(&ws, &[doc]).map_err(err)?;
    Ok(file.bytes)
}

/// The import dialog's path for a Glossa JSON file, ending in "Merge".
fn load(
    actions: Actions,
    st: &Shared,
    previous: StoredValue<Option<Workspace>>,
    can_undo: RwSignal<bool>,
) -> Result<JsValue, JsValue> {
    let bytes = st
        .borrow_mut()
        .file
        .take()
        .ok_or_else(|| err("prepare() first"))?;
    let t0 = now();
    let text = import_dialog::decode_utf8(FILE_NAME, &bytes).map_err(err)?;
    let t1 = now();
    // The dialog's guard against files larger than the storage space left.
    let refused = import_dialog::check_space(actions, FILE_NAME, &text).err();
    let t2 = now();
    let file = native::parse(&text).map_err(err)?;
    let t3 = now();
    let summary = actions.editor.0.with_value(|e| {
        let merge = native::plan(&e.ws, &file, ImportMode::Merge).summary();
        let _replace = native::plan(&e.ws, &file, ImportMode::Replace).summary();
        merge
    });
    let t4 = now();
    import_dialog::apply_native(actions, previous, can_undo, file, ImportMode::Merge);
    let t5 = now();
    st.borrow_mut().load_note = format!(
        "load steps (ms): decode {:.1}, storage-space check {:.1}, parse and check {:.1}, \
         plans {:.1}, apply + store + repaint {:.1}; merge: {summary}; storage guard of the \
         import dialog: {}",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t5 - t4,
        refused.map_or_else(
            || "accepts".to_owned(),
            |why| format!("would refuse: {why}")
        )
    );
    Ok(JsValue::UNDEFINED)
}

/// Every record in the model and ranges registered (cheap: counts only).
fn ready(actions: Actions, st: &Shared, n: usize) -> bool {
    let Some(doc) = st.borrow().doc else {
        return false;
    };
    let stored = actions
        .editor
        .0
        .with_value(|e| e.ws.doc(doc).map(|d| d.ann.mentions.len()).unwrap_or(0));
    stored == n
        && actions.view.painter.with_value(|p| {
            p.as_ref()
                .is_some_and(|p| p.near_count() > 0 && p.registered() > 0)
        })
}

/// The ranges registered in a highlight layer, keyed by their text offsets, with their text.
fn registered_ranges(actions: Actions, layer: &str) -> HashMap<(usize, usize), String> {
    let mut out = HashMap::new();
    let Some(doc) = actions.open.0.get_untracked() else {
        return out;
    };
    actions.view.painter.with_value(|p| {
        let Some(h) = p.as_ref().and_then(|p| p.highlight(layer)) else {
            return;
        };
        let Ok(Some(iter)) = js_sys::try_iter(h) else {
            return;
        };
        actions.view.dom.with_value(|dom| {
            let Some(dom) = dom else { return };
            actions.editor.0.with_value(|e| {
                let Some(ds) = e.ws.doc(doc) else { return };
                let (text, index) = (ds.text(), ds.text_index());
                for v in iter.flatten() {
                    let r: web_sys::Range = v.unchecked_into();
                    let (Ok(sc), Ok(so), Ok(ec), Ok(eo)) = (
                        r.start_container(),
                        r.start_offset(),
                        r.end_container(),
                        r.end_offset(),
                    ) else {
                        continue;
                    };
                    if let (Some(s), Some(e)) = (
                        dom.dom_to_byte(text, index, &sc, so),
                        dom.dom_to_byte(text, index, &ec, eo),
                    ) {
                        out.insert((s.0, e.0), String::from(r.to_string()));
                    }
                }
            });
        });
    });
    out
}

/// The highlight layer of a label name in the open project.
fn layer_of(actions: Actions, label: &str) -> Option<String> {
    let doc = actions.open.0.get_untracked()?;
    actions.editor.0.with_value(|e| {
        let schema = &e.ws.project_of(doc)?.schema;
        let l = schema.by_name(label)?;
        Some(label_layer(schema.index_of(l.id)?))
    })
}

/// Whether the record's paragraph is registered with the painter (near the viewport).
fn is_near(actions: Actions, span: Span) -> bool {
    actions.view.dom.with_value(|dom| {
        let Some(dom) = dom else { return false };
        let pi = dom.paras.partition_point(|p| p.span.end <= span.start);
        actions
            .view
            .painter
            .with_value(|p| p.as_ref().is_some_and(|p| p.is_near(pi)))
    })
}

/// `present`: the record's mention is stored and, if near the viewport, painted in its
/// label's layer; otherwise: it is gone from the model and from that layer.
fn is_painted(actions: Actions, st: &Shared, r: &Rec, present: bool) -> bool {
    let Some(span) = span_of(actions, st, r) else {
        return false;
    };
    let stored = find(actions, st, r).is_some();
    if stored != present {
        return false;
    }
    if !is_near(actions, span) {
        return true;
    }
    let Some(layer) = layer_of(actions, &r.label) else {
        return !present;
    };
    let ranges = registered_ranges(actions, &layer);
    match ranges.get(&(span.start.0, span.end.0)) {
        Some(t) => present && *t == r.quote,
        None => !present,
    }
}

struct ViewCheck {
    in_view: usize,
    good: usize,
    paras: usize,
}

/// Every record whose paragraph is in view has a registered range of its text.
fn check_view(actions: Actions, recs: &[(Span, &Rec)]) -> ViewCheck {
    let h = window()
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0);
    let in_view: Vec<Span> = actions.view.dom.with_value(|dom| {
        let Some(dom) = dom else { return Vec::new() };
        let article = &dom.root;
        let a = article.get_bounding_client_rect();
        let (top, bottom) = (a.top().max(0.0), a.bottom().min(h));
        dom.paras
            .iter()
            .filter(|p| {
                let r = p.element.get_bounding_client_rect();
                r.bottom() > top && r.top() < bottom
            })
            .map(|p| p.span)
            .collect()
    });
    let mut layers: HashMap<String, HashMap<(usize, usize), String>> = HashMap::new();
    let mut out = ViewCheck {
        in_view: 0,
        good: 0,
        paras: in_view.len(),
    };
    for (span, r) in recs {
        if !in_view.iter().any(|p| p.overlaps(*span)) {
            continue;
        }
        out.in_view += 1;
        let Some(layer) = layer_of(actions, &r.label) else {
            continue;
        };
        let ranges = layers
            .entry(layer.clone())
            .or_insert_with(|| registered_ranges(actions, &layer));
        if ranges.get(&(span.start.0, span.end.0)) == Some(&r.quote) {
            out.good += 1;
        }
    }
    out
}

async fn verify(actions: Actions, st: Shared, recs: Vec<Rec>) -> Result<JsValue, JsValue> {
    let doc = bench_doc(&st)?;
    // Stored: every record is a mention with its label, and its text equals the quote.
    let (spans, stored, text_ok) = actions.editor.0.with_value(|e| {
        let Some(ds) = e.ws.doc(doc) else {
            return (Vec::new(), 0, false);
        };
        let schema = e.ws.project_of(doc).map(|p| p.schema.clone());
        let mut stored = 0;
        let spans: Vec<Option<Span>> = recs
            .iter()
            .map(|r| {
                let span = byte_span(ds, r.start, r.end)?;
                let label = schema
                    .as_ref()
                    .and_then(|s| s.by_name(&r.label))
                    .map(|l| l.id);
                if label.is_some_and(|l| ds.find_mention(span, l).is_some())
                    && ds.span_text(span) == r.quote
                {
                    stored += 1;
                }
                Some(span)
            })
            .collect();
        // The article's text nodes hold the document's text, chunk by chunk.
        let text_ok = actions.view.dom.with_value(|dom| {
            dom.as_ref().is_some_and(|dom| {
                dom.chunks
                    .iter()
                    .all(|c| c.span.slice(ds.text()) == Some(c.node.data().as_str()))
            })
        });
        (spans, stored, text_ok)
    });
    let pairs: Vec<(Span, &Rec)> = recs
        .iter()
        .zip(spans)
        .filter_map(|(r, s)| Some((s?, r)))
        .collect();
    let registered = actions
        .view
        .painter
        .with_value(|p| p.as_ref().map(|p| p.registered()).unwrap_or(0));
    let top = check_view(actions, &pairs);
    // Scroll the article to the middle: the scroll handler must register that region.
    let article = actions
        .view
        .dom
        .with_value(|d| d.as_ref().map(|d| d.root.clone()));
    let mid = if let Some(a) = &article {
        a.set_scroll_top(a.scroll_height() / 2);
        for _ in 0..4 {
            next_frame().await;
        }
        let m = check_view(actions, &pairs);
        a.set_scroll_top(0);
        for _ in 0..4 {
            next_frame().await;
        }
        Some(m)
    } else {
        None
    };
    let mid_ok = mid
        .as_ref()
        .is_some_and(|m| m.in_view > 0 && m.good == m.in_view);
    let ok =
        stored == recs.len() && top.in_view > 0 && top.good == top.in_view && mid_ok && text_ok;
    let note = format!(
        "stored {stored}/{}; in view {} ({} paragraphs), painted {}; after scroll to middle: in view {}, painted {}; ranges registered after load {registered}; text intact: {text_ok}; {}",
        recs.len(),
        top.in_view,
        top.paras,
        top.good,
        mid.as_ref().map(|m| m.in_view).unwrap_or(0),
        mid.as_ref().map(|m| m.good).unwrap_or(0),
        st.borrow().load_note,
    );
    let o = Object::new();
    let _ = Reflect::set(&o, &"ok".into(), &ok.into());
    let _ = Reflect::set(&o, &"expected".into(), &recs.len().into());
    let _ = Reflect::set(&o, &"stored".into(), &stored.into());
    let _ = Reflect::set(&o, &"painted".into(), &top.good.into());
    let _ = Reflect::set(&o, &"note".into(), &note.into());
    Ok(o.into())
}

/// Times one export of the benchmark document (what the export dialog computes).
fn export_timing(actions: Actions, st: &Shared, i: usize) -> Result<JsValue, JsValue> {
    let doc = bench_doc(st)?;
    let format = *Format::ALL.get(i).ok_or("no such format")?;
    let t0 = now();
    let file = actions
        .editor
        .0
        .with_value(|e| export(&e.ws, &[doc], format, ExportOptions::default(), "bench"));
    let ms = now() - t0;
    let file = file.map_err(err)?;
    let o = Object::new();
    let _ = Reflect::set(&o, &"format".into(), &format.display_name().into());
    let _ = Reflect::set(&o, &"ms".into(), &ms.into());
    let _ = Reflect::set(&o, &"bytes".into(), &file.bytes.len().into());
    Ok(o.into())
}

/// Times the autosave of one annotation edit of the benchmark document: what
/// `Actions::flush` writes after `add_mention` (its chunk and the meta entry).
fn autosave_timing(actions: Actions, st: &Shared) -> Result<JsValue, JsValue> {
    let doc = bench_doc(st)?;
    let record = actions.editor.0.with_value(|e| {
        e.ws.doc(doc)
            .and_then(|d| d.ann.mentions.keys().next().copied())
    });
    let touched = Touched {
        docs: vec![doc],
        records: record.map(|r| (doc, r)).into_iter().collect(),
        ..Touched::default()
    };
    actions.persist.update_value(|p| p.mark(&touched));
    let t0 = now();
    actions.flush();
    let ms = now() - t0;
    let error = match actions.status.save.get_untracked() {
        SaveState::Saved => None,
        SaveState::NotSaved(why) | SaveState::Full(why) => Some(why),
    };
    let o = Object::new();
    let _ = Reflect::set(&o, &"ms".into(), &ms.into());
    let _ = Reflect::set(&o, &"error".into(), &error.into());
    Ok(o.into())
}

/// Counts for the report: mentions, registered ranges, near paragraphs, save state,
/// storage use.
fn status(actions: Actions, st: &Shared) -> JsValue {
    let doc = st.borrow().doc;
    let mentions = actions.editor.0.with_value(|e| {
        doc.and_then(|d| e.ws.doc(d))
            .map(|d| d.ann.mentions.len())
            .unwrap_or(0)
    });
    let (registered, near) = actions.view.painter.with_value(|p| {
        p.as_ref()
            .map(|p| (p.registered(), p.near_count()))
            .unwrap_or((0, 0))
    });
    let save = match actions.status.save.get_untracked() {
        SaveState::Saved => "saved".to_owned(),
        SaveState::NotSaved(why) | SaveState::Full(why) => format!("not saved: {why}"),
    };
    let (used, limit) = actions.usage.get_untracked();
    let o = Object::new();
    let _ = Reflect::set(&o, &"mentions".into(), &mentions.into());
    let _ = Reflect::set(&o, &"registered".into(), &registered.into());
    let _ = Reflect::set(&o, &"near".into(), &near.into());
    let _ = Reflect::set(&o, &"save".into(), &save.into());
    let _ = Reflect::set(&o, &"storageUnits".into(), &used.into());
    let _ = Reflect::set(&o, &"storageLimit".into(), &limit.into());
    let _ = Reflect::set(
        &o,
        &"loadNote".into(),
        &st.borrow().load_note.clone().into(),
    );
    o.into()
}

/// Times the parts of "apply + store + repaint" again, one by one, after a load:
/// cloning the workspace (the dialog keeps the old one for "Undo import"), rebuilding the
/// document's indexes (what applying a merge does for every document), storing the whole
/// workspace (every chunk of every document) and repainting.
fn profile_parts(actions: Actions, st: &Shared) -> Result<JsValue, JsValue> {
    let doc = bench_doc(st)?;
    let o = Object::new();
    let put = |k: &str, ms: f64| {
        let _ = Reflect::set(&o, &k.into(), &ms.into());
    };
    let t0 = now();
    let ws = actions.editor.0.with_value(|e| e.ws.clone());
    let t1 = now();
    let ds = ws.doc(doc).ok_or("no document")?;
    let (d, a) = (ds.doc.clone(), ds.ann.clone());
    let t2 = now();
    let rebuilt = DocState::new(d, a);
    let t3 = now();
    drop((rebuilt, ws));
    let t4 = now();
    actions.editor.0.with_value(|e| {
        actions
            .persist
            .update_value(|p| p.mark_replaced(&mut storage::web::LocalStore, &e.ws))
    });
    actions.flush();
    let saved: Result<(), String> = match actions.status.save.get_untracked() {
        SaveState::Saved => Ok(()),
        SaveState::NotSaved(why) | SaveState::Full(why) => Err(why),
    };
    let t5 = now();
    actions.repaint();
    let t6 = now();
    put("cloneWorkspaceMs", t1 - t0);
    put("rebuildIndexesMs", t3 - t2);
    put("storeAllMs", t5 - t4);
    put("repaintMs", t6 - t5);
    let _ = Reflect::set(&o, &"storeAllError".into(), &saved.err().into());
    Ok(o.into())
}
