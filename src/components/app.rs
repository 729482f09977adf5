//! The application shell: loads the workspace (or creates the sample corpus), provides
//! the contexts, builds the article once per document and handles the keyboard.

use super::doc_list::DocList;
use super::find_bar::FindBar;
use super::help::HelpDialog;
use super::palette::LabelPalette;
use super::side_panel::SidePanel;
use super::state::*;
use super::top_bar::TopBar;
use crate::dom::article::ArticleDom;
use crate::dom::painter::Painter;
use crate::dom::{now_ms, random_seed};
use crate::model::edit::Editor;
use crate::model::offsets::Span;
use crate::model::samples::sample_articles;
use crate::model::text::{snap_selection, SnapMode};
use crate::model::workspace::Workspace;
use crate::storage;
use crate::storage::web::LocalStore;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the application starts with.
struct Start {
    editor: Editor,
    persist: storage::Persistence,
    damaged: Vec<storage::Damage>,
    messages: Vec<String>,
}

/// Loads the stored workspace (migrating older data), or makes the sample corpus on a
/// first start.
fn load_editor() -> Start {
    let seed = random_seed();
    let (mut persist, report) = storage::Persistence::load(&mut LocalStore, seed);
    let mut messages = report.messages;
    let editor = match report.workspace {
        Some(ws) if !ws.projects.is_empty() || persist.read_only.is_some() => {
            let mut editor = Editor::new(ws);
            // Rewrite damaged chunks from what could be read (their raw data is kept).
            if let Err(e) = persist.flush(&mut LocalStore, &mut editor.ws, &mut editor.history) {
                if !matches!(e, storage::StorageError::ReadOnly(_)) {
                    messages.push(capitalise(&e.to_string()));
                }
            }
            editor
        }
        _ => {
            let mut editor = Editor::new(Workspace::new(seed));
            let now = now_ms();
            let project = editor.add_project("Samples", now);
            for a in sample_articles() {
                let _ = editor.add_document(project, a.title, a.source, a.text, now);
            }
            editor.history.clear();
            persist.mark_replaced(&mut LocalStore, &editor.ws);
            if let Err(e) = persist.flush(&mut LocalStore, &mut editor.ws, &mut editor.history) {
                messages.push(capitalise(&e.to_string()));
            }
            editor
        }
    };
    Start {
        editor,
        persist,
        damaged: report.damaged,
        messages,
    }
}

/// The warm-up's size: a document of this many characters, parsed this many times.
const WARM_UP_CHARS: usize = 4_000;
const WARM_UP_ROUNDS: usize = 8;

/// Compiles the import and storage code ahead of a user's first import (see
/// [`crate::warm_up`]): short steps while the browser is idle, so a key press never
/// waits long behind one.
fn warm_up_in_idle_time(mut warm_up: crate::warm_up::WarmUp) {
    /// A step takes a few milliseconds; start one only with this much of the period left.
    const STEP_MS: f64 = 12.0;
    crate::dom::when_idle(2_000, move |deadline| {
        let more = loop {
            if !warm_up.step() {
                break false;
            }
            let room = deadline
                .as_ref()
                .is_some_and(|d| !d.did_timeout() && d.time_remaining() > STEP_MS);
            if !room {
                break true;
            }
        };
        if more {
            warm_up_in_idle_time(warm_up);
        }
    });
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let Start {
        editor,
        persist,
        damaged,
        messages,
    } = load_editor();
    let read_only = persist.read_only.clone();
    let usage = persist.usage();
    let first_doc = storage::web::open_document()
        .filter(|d| editor.ws.doc(*d).is_some())
        .or_else(|| {
            editor
                .ws
                .projects
                .iter()
                .flat_map(|p| p.documents.iter())
                .next()
                .copied()
        });
    let painter = Painter::new();
    let has_highlights = painter.is_some();
    let actions = Actions {
        editor: EditorCtx(StoredValue::new(editor)),
        revision: Revision(RwSignal::new(0)),
        open: OpenDoc(RwSignal::new(first_doc)),
        selection: Selection(RwSignal::new(None)),
        active: Active(RwSignal::new(None)),
        status: Status {
            save: RwSignal::new(SaveState::Saved),
            message: RwSignal::new(messages.join(" ")),
        },
        view: ViewCtx {
            dom: StoredValue::new_local(None),
            painter: StoredValue::new_local(painter),
        },
        quote_focus: RwSignal::new(None),
        help: RwSignal::new(false),
        read_only: RwSignal::new(read_only),
        access: RwSignal::new(DocAccess::Opening),
        persist: StoredValue::new(persist),
        lock: StoredValue::new_local(None),
        damaged: RwSignal::new(damaged),
        usage: RwSignal::new(usage),
        edits_since_backup: RwSignal::new(0),
        pending_sync: StoredValue::new(Vec::new()),
        find: FindState {
            open: RwSignal::new(false),
            matches: RwSignal::new(Vec::new()),
        },
    };
    provide_context(actions);
    provide_context(actions.editor);
    provide_context(actions.revision);
    provide_context(actions.open);
    provide_context(actions.selection);
    provide_context(actions.active);
    provide_context(actions.status);
    crate::bench::install(actions);

    let article_ref = NodeRef::<leptos::html::Article>::new();

    // Build the article DOM once per opened document.
    Effect::new(move |_| {
        let doc = actions.open.0.get();
        let Some(root) = article_ref.get() else {
            return;
        };
        actions.selection.0.set(None);
        actions.active.0.set(None);
        actions.find.matches.set(Vec::new());
        actions.find.open.set(false);
        let built = actions.editor.0.with_value(|e| {
            let ds = e.ws.doc(doc?)?;
            Some((
                ArticleDom::build(&root, ds.text(), ds.text_index()),
                e.ws.project_of(ds.doc.id).map(|p| p.schema.clone()),
            ))
        });
        actions.view.painter.update_value(|p| {
            if let Some(p) = p {
                p.reset();
                if let Some((_, Some(schema))) = &built {
                    p.set_label_colours(schema);
                }
            }
        });
        actions.view.dom.set_value(built.map(|(d, _)| d));
        // One writer per document: release the previous document's lock, ask for this one's.
        actions.claim(doc);
        if let Some(d) = doc {
            storage::web::save_open_document(d);
        }
        root.set_scroll_top(doc.map(storage::web::scroll_position).unwrap_or(0));
        update_near(actions);
        actions.repaint();
    });

    // Repaint when the pending selection or the active annotation changes.
    Effect::new(move |_| {
        actions.selection.0.track();
        actions.active.0.track();
        actions.repaint();
    });

    let _keys = window_event_listener(ev::keydown, move |e| on_key(actions, e));
    // Another tab saved something: bring it in (debounced: one save is several keys).
    let _storage = window_event_listener(ev::storage, move |e: web_sys::StorageEvent| {
        let local = crate::dom::window().local_storage().ok().flatten();
        if e.storage_area() != local {
            return;
        }
        let Some(key) = e.key() else {
            // Storage was cleared elsewhere: save this tab's copy again.
            actions.persist.update_value(|p| {
                actions
                    .editor
                    .0
                    .with_value(|ed| p.mark_replaced(&mut LocalStore, &ed.ws))
            });
            actions.flush();
            return;
        };
        let units = e.new_value().map(|v| v.encode_utf16().count());
        actions
            .persist
            .update_value(|p| p.note_external(&key, units));
        actions.usage.set(actions.persist.with_value(|p| p.usage()));
        if storage::StorageKey::parse(&key).is_some() {
            let first = actions.pending_sync.with_value(Vec::is_empty);
            actions.pending_sync.update_value(|k| k.push(key));
            if first {
                set_timeout(
                    move || actions.sync_from_storage(),
                    std::time::Duration::from_millis(30),
                );
            }
        }
    });
    let flush_waiting = move || {
        if actions.persist.with_value(|p| p.has_unsaved()) {
            actions.flush();
        }
    };
    // Every second: retry a failed save, and ask again for a lock another tab held.
    let _ticker = set_interval_with_handle(
        move || {
            flush_waiting();
            if actions.access.get_untracked() == DocAccess::Elsewhere {
                if let Some(d) = actions.open.0.get_untracked() {
                    actions.request_lock(d, 2);
                }
            }
        },
        std::time::Duration::from_secs(1),
    );
    // Write anything still waiting when the tab is hidden or closed.
    warm_up_in_idle_time(crate::warm_up::WarmUp::new(WARM_UP_CHARS, WARM_UP_ROUNDS));
    let _hide = window_event_listener(ev::pagehide, move |_| flush_waiting());
    let _hidden = window_event_listener(ev::visibilitychange, move |_| flush_waiting());

    // The paragraphs near the viewport follow scrolling, once per frame at most.
    let near_pending = StoredValue::new(false);
    let schedule_near = move || {
        if !near_pending.get_value() {
            near_pending.set_value(true);
            request_animation_frame(move || {
                near_pending.set_value(false);
                if update_near(actions) {
                    actions.repaint();
                }
            });
        }
    };
    let _resize = window_event_listener(ev::resize, move |_| schedule_near());

    let on_mouseup =
        move |e: ev::MouseEvent| on_pointer_selection(actions, e.client_x(), e.client_y());
    let last_tip = StoredValue::new(String::new());
    let on_mousemove = move |e: ev::MouseEvent| {
        let tip = describe_at_point(actions, e.client_x(), e.client_y()).unwrap_or_default();
        if tip != last_tip.get_value() {
            if let Some(root) = article_ref.get_untracked() {
                if tip.is_empty() {
                    let _ = root.remove_attribute("title");
                } else {
                    let _ = root.set_attribute("title", &tip);
                }
            }
            last_tip.set_value(tip);
        }
    };

    view! {
        <div class="app">
            <TopBar />
            <super::safety::Banners />
            <div class="app__body">
                <DocList />
                <main class="reader" aria-label="Annotation editor">
                    <LabelPalette />
                    <FindBar />
                    <Show when=move || !has_highlights>
                        <p class="reader__warning" role="alert">
                            "This browser cannot paint highlights (it lacks the CSS Custom Highlight API). "
                            "Use a current Chromium, Firefox or Safari."
                        </p>
                    </Show>
                    <article
                        class="article"
                        aria-label="Article text"
                        tabindex="0"
                        node_ref=article_ref
                        on:mouseup=on_mouseup
                        on:mousemove=on_mousemove
                        on:scroll=move |_| {
                            schedule_near();
                            if let (Some(d), Some(root)) = (actions.open.0.get_untracked(), article_ref.get_untracked()) {
                                storage::web::save_scroll(d, root.scroll_top());
                            }
                        }
                    ></article>
                </main>
                <SidePanel />
            </div>
            <HelpDialog open=actions.help />
        </div>
    }
}

/// Watches which paragraphs are near the viewport and repaints when that changes.
/// Registers as near the paragraphs within one viewport above and below the visible part
/// of the article, found by binary search over their positions (cheaper than observing
/// thousands of paragraphs: an observer recomputes every target after any layout change).
/// Returns true if the set changed.
fn update_near(actions: Actions) -> bool {
    let near = actions.view.dom.with_value(|dom| {
        let dom = dom.as_ref()?;
        let root = &dom.root;
        let base = root.get_bounding_client_rect().top() - f64::from(root.scroll_top());
        let height = f64::from(root.client_height());
        let top = f64::from(root.scroll_top());
        let (from, to) = (top - height, top + 2.0 * height);
        let rect = |i: usize| dom.paras[i].element.get_bounding_client_rect();
        let first = dom
            .paras
            .partition_point(|p| p.element.get_bounding_client_rect().bottom() - base < from);
        let mut near = std::collections::BTreeSet::new();
        let mut i = first;
        while i < dom.paras.len() && rect(i).top() - base <= to {
            near.insert(i);
            i += 1;
        }
        Some(near)
    });
    let Some(near) = near else { return false };
    actions
        .view
        .painter
        .try_update_value(|p| p.as_mut().is_some_and(|p| p.set_near_all(near)))
        .unwrap_or(false)
}

/// Turns the browser selection in the article into a snapped pending selection.
fn on_pointer_selection(actions: Actions, x: i32, y: i32) {
    let Some(sel) = crate::dom::window().get_selection().ok().flatten() else {
        return;
    };
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    if sel.range_count() == 0 {
        return;
    }
    let Ok(range) = sel.get_range_at(0) else {
        return;
    };
    let span = actions.view.dom.with_value(|dom| {
        let dom = dom.as_ref()?;
        actions.editor.0.with_value(|e| {
            let ds = e.ws.doc(doc)?;
            let (text, index) = (ds.text(), ds.text_index());
            let start = dom.dom_to_byte(
                text,
                index,
                &range.start_container().ok()?,
                range.start_offset().ok()?,
            )?;
            let end = dom.dom_to_byte(
                text,
                index,
                &range.end_container().ok()?,
                range.end_offset().ok()?,
            )?;
            if start == end {
                // A click: select the innermost annotation under the pointer, found through
                // the interval index at the character under the pointer.
                let at = offset_at_point(dom, ds, x, y).unwrap_or(start);
                let hits = ds.at(at);
                let best = hits
                    .into_iter()
                    .filter_map(|r| ds.span_of(r).map(|s| (s.len(), r)))
                    .min_by_key(|(len, _)| *len);
                return Some(Err(best.map(|(_, r)| r)));
            }
            let raw = Span {
                start: start.min(end),
                end: start.max(end),
            };
            Some(Ok(snap_selection(text, raw, SnapMode::Word)))
        })
    });
    match span {
        Some(Ok(s)) => {
            let _ = sel.remove_all_ranges();
            actions.active.0.set(None);
            actions.selection.0.set(s);
        }
        Some(Err(hit)) => {
            actions.selection.0.set(None);
            actions.active.0.set(hit);
            if let (Some(q), Some(crate::model::annotations::SpanRef::Mention(m))) =
                (actions.quote_focus.get_untracked(), hit)
            {
                link_speaker(actions, q, m);
            }
        }
        None => {}
    }
}

fn on_key(actions: Actions, e: web_sys::KeyboardEvent) {
    if let Some(t) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let tag = t.tag_name();
        if tag == "INPUT"
            || tag == "TEXTAREA"
            || tag == "SELECT"
            || t.has_attribute("contenteditable")
        {
            return;
        }
    }
    let key = e.key();
    let ctrl = e.ctrl_key() || e.meta_key();
    if ctrl {
        match key.as_str() {
            "z" | "Z" if e.shift_key() => actions.redo(),
            "z" | "Z" => actions.undo(),
            "y" | "Y" => actions.redo(),
            "f" | "F" => actions.find.open.set(true),
            _ => return,
        }
        e.prevent_default();
        return;
    }
    if e.alt_key() {
        if e.shift_key() {
            if resize_active(actions, key.as_str()) {
                e.prevent_default();
            }
        } else if key == "ArrowRight" || key == "ArrowLeft" {
            step_document(actions, key == "ArrowRight");
            e.prevent_default();
        }
        return;
    }
    match key.as_str() {
        "Escape" => {
            actions.selection.0.set(None);
            actions.active.0.set(None);
            actions.quote_focus.set(None);
        }
        "ArrowRight" | "ArrowLeft"
            if move_word_cursor(actions, key == "ArrowRight", e.shift_key()) =>
        {
            e.prevent_default();
        }
        "c" | "C" => {
            mark_cue(actions);
            e.prevent_default();
        }
        "s" | "S" => {
            make_stance(actions);
            e.prevent_default();
        }
        "f" | "F" | "g" | "G" | "n" | "N" if active_stance(actions).is_some() => {
            use crate::model::annotations::Polarity;
            let polarity = match key.as_str() {
                "f" | "F" => Polarity::Favor,
                "g" | "G" => Polarity::Against,
                _ => Polarity::None,
            };
            if let (Some(doc), Some(id)) = (actions.open.0.get_untracked(), active_stance(actions))
            {
                actions.edit(|ed| ed.set_polarity(doc, id, polarity));
            }
            e.prevent_default();
        }
        "j" | "J" => {
            step_suggestion(actions, true);
            e.prevent_default();
        }
        "k" | "K" => {
            step_suggestion(actions, false);
            e.prevent_default();
        }
        "a" | "A" | "x" | "X" => {
            review_active(actions, matches!(key.as_str(), "a" | "A"));
            e.prevent_default();
        }
        "Enter" if active_pending(actions).is_some() && !on_control(&e) => {
            review_active(actions, true);
            e.prevent_default();
        }
        "?" => {
            actions.help.set(!actions.help.get_untracked());
            e.prevent_default();
        }
        "Delete" | "Backspace" => {
            if let (Some(doc), Some(crate::model::annotations::SpanRef::Mention(id))) = (
                actions.open.0.get_untracked(),
                actions.active.0.get_untracked(),
            ) {
                actions.edit(|ed| ed.remove_mention(doc, id));
                e.prevent_default();
            }
        }
        "q" | "Q" => {
            mark_quote(actions);
            e.prevent_default();
        }
        k if k.chars().count() == 1 => {
            let c = k.chars().next().unwrap_or(' ');
            if label_key(actions, c) {
                e.prevent_default();
            }
        }
        _ => {}
    }
}

/// Applies the label whose hotkey is `c` to the pending selection (or relabels the
/// active mention). Returns true if the key was a label key.
pub(crate) fn label_key(actions: Actions, c: char) -> bool {
    let Some(doc) = actions.open.0.get_untracked() else {
        return false;
    };
    let label = actions.editor.0.with_value(|e| {
        e.ws.project_of(doc)
            .and_then(|p| p.schema.by_hotkey(c))
            .map(|l| l.id)
    });
    let Some(label) = label else { return false };
    apply_label(actions, label);
    true
}

/// Labels the pending selection with `label`, or relabels the active mention.
pub(crate) fn apply_label(actions: Actions, label: crate::model::ids::Id) {
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    if let Some(span) = actions.selection.0.get_untracked() {
        if let Some(out) = actions.edit(|ed| ed.add_mention(doc, span, label, now_ms())) {
            actions.selection.0.set(None);
            // The new mention becomes the selected annotation: a key can relabel or
            // delete it at once, and the word cursor continues from it.
            actions
                .active
                .0
                .set(out.created.map(crate::model::annotations::SpanRef::Mention));
            if let (Some(q), Some(m)) = (actions.quote_focus.get_untracked(), out.created) {
                link_speaker(actions, q, m);
            }
        }
    } else if let Some(crate::model::annotations::SpanRef::Mention(id)) =
        actions.active.0.get_untracked()
    {
        actions.edit(|ed| ed.relabel_mention(doc, id, label));
    } else {
        actions
            .status
            .message
            .set("Select some text first, then choose a label.".into());
    }
}

/// Makes the pending selection a direct quote: the text between the enclosing quote
/// marks (marks excluded), per the conventions.
pub(crate) fn mark_quote(actions: Actions) {
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let Some(raw) = actions.selection.0.get_untracked() else {
        actions
            .status
            .message
            .set("Select the quoted words first, then press Q.".into());
        return;
    };
    let content = actions.editor.0.with_value(|e| {
        e.ws.doc(doc)
            .and_then(|ds| crate::model::text::snap_quote(ds.text(), raw))
    });
    let Some(content) = content else { return };
    let kind = crate::model::annotations::QuoteKind::Direct;
    if let Some(out) = actions.edit(|ed| ed.add_quote(doc, content, None, None, kind, now_ms())) {
        actions.selection.0.set(None);
        actions.quote_focus.set(out.created);
        actions.status.message.set(
            "Quote added. Now click the speaker's name (or select it and press a label key); select the cue and press C. Esc when done."
                .into(),
        );
    }
}

/// Links mention `m` as the speaker of quote `q`.
fn link_speaker(actions: Actions, q: crate::model::ids::Id, m: crate::model::ids::Id) {
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let speaker = crate::model::annotations::Speaker::Mention(m);
    if actions
        .edit(|ed| ed.link_speaker(doc, q, Some(speaker)))
        .is_some()
    {
        let name = actions.editor.0.with_value(|e| {
            e.ws.doc(doc)
                .and_then(|ds| {
                    ds.ann
                        .mentions
                        .get(&m)
                        .map(|mm| ds.span_text(mm.span).to_owned())
                })
                .unwrap_or_default()
        });
        actions.status.message.set(format!(
            "Speaker: {name}. Select the cue and press C, or Esc when done."
        ));
    }
}

/// Sets the pending selection as the cue of the quote being completed (or of the
/// selected quote).
fn mark_cue(actions: Actions) {
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let quote = actions
        .quote_focus
        .get_untracked()
        .or(match actions.active.0.get_untracked() {
            Some(crate::model::annotations::SpanRef::QuoteContent(q)) => Some(q),
            _ => None,
        });
    let (Some(q), Some(cue)) = (quote, actions.selection.0.get_untracked()) else {
        actions
            .status
            .message
            .set("To mark a cue: add or select a quote, select its cue words (e.g. “said”), then press C.".into());
        return;
    };
    if actions.edit(|ed| ed.set_cue(doc, q, Some(cue))).is_some() {
        actions.selection.0.set(None);
    }
}

/// Moves the keyboard word cursor (the pending selection) to the next or previous word;
/// with `extend`, grows the selection instead. Returns true if it moved.
fn move_word_cursor(actions: Actions, forward: bool, extend: bool) -> bool {
    use crate::model::text::{next_word, prev_word};
    let Some(doc) = actions.open.0.get_untracked() else {
        return false;
    };
    let current = actions.selection.0.get_untracked().or_else(|| {
        actions
            .active
            .0
            .get_untracked()
            .and_then(|a| actions.editor.0.with_value(|e| e.ws.doc(doc)?.span_of(a)))
    });
    let next = actions.editor.0.with_value(|e| {
        let text = e.ws.doc(doc)?.text();
        match (current, forward, extend) {
            (None, _, _) => next_word(text, crate::model::offsets::ByteOffset(0)),
            (Some(s), true, false) => next_word(text, s.end),
            (Some(s), false, false) => prev_word(text, s.start),
            (Some(s), true, true) => next_word(text, s.end).map(|w| Span {
                start: s.start,
                end: w.end,
            }),
            (Some(s), false, true) => prev_word(text, s.start).map(|w| Span {
                start: w.start,
                end: s.end,
            }),
        }
    });
    let Some(next) = next else { return false };
    actions.active.0.set(None);
    actions.selection.0.set(Some(next));
    scroll_span_into_view(actions, next);
    true
}

/// Scrolls so that the paragraph holding `span` is visible (no smooth scrolling: the
/// cursor must keep up with the keys).
pub(crate) fn scroll_span_into_view(actions: Actions, span: Span) {
    actions.view.dom.with_value(|dom| {
        let Some(dom) = dom else { return };
        let pi = dom.paras.partition_point(|p| p.span.end <= span.start);
        if let Some(p) = dom.paras.get(pi) {
            let r = p.element.get_bounding_client_rect();
            let h = crate::dom::window()
                .inner_height()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(800.0);
            if r.top() < 0.0 || r.bottom() > h {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                p.element
                    .scroll_into_view_with_scroll_into_view_options(&opts);
            }
        }
    });
}

/// Makes a stance whose evidence is the pending selection or the selected quote; the
/// details card then asks for holder, target and polarity.
fn make_stance(actions: Actions) {
    use crate::model::annotations::{Evidence, Polarity, SpanRef};
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let evidence = match (
        actions.selection.0.get_untracked(),
        actions.active.0.get_untracked(),
    ) {
        (Some(span), _) => Evidence::Span { span },
        (None, Some(SpanRef::QuoteContent(id))) => Evidence::Quote { id },
        _ => {
            actions.status.message.set(
                "To add a stance: select its evidence in the text (or a quote), then press S."
                    .into(),
            );
            return;
        }
    };
    if let Some(out) =
        actions.edit(|ed| ed.add_stance(doc, None, None, Polarity::None, vec![evidence], now_ms()))
    {
        actions.selection.0.set(None);
        actions
            .active
            .0
            .set(out.created.map(|id| SpanRef::Evidence(id, 0)));
        actions
            .status
            .message
            .set("Stance added: choose its holder, target and polarity in the panel.".into());
    }
}

/// Shift+Alt+arrows resize the selected mention by a word: → / ← move its end later /
/// earlier, ↑ / ↓ move its start earlier / later. Returns true if the key was handled.
fn resize_active(actions: Actions, key: &str) -> bool {
    use crate::model::annotations::SpanRef;
    use crate::model::text::{next_word, prev_word};
    let (Some(doc), Some(SpanRef::Mention(id))) = (
        actions.open.0.get_untracked(),
        actions.active.0.get_untracked(),
    ) else {
        return false;
    };
    let new = actions.editor.0.with_value(|e| {
        let ds = e.ws.doc(doc)?;
        let s = ds.ann.mentions.get(&id)?.span;
        let text = ds.text();
        let span = match key {
            "ArrowRight" => Span {
                start: s.start,
                end: next_word(text, s.end)?.end,
            },
            "ArrowLeft" => {
                let w = prev_word(text, s.end)?;
                // Keep at least one word: the new end is the end of the word before the last.
                let end = prev_word(text, w.start)
                    .map(|p| p.end)
                    .filter(|e| *e > s.start)?;
                Span {
                    start: s.start,
                    end,
                }
            }
            "ArrowUp" => Span {
                start: prev_word(text, s.start)?.start,
                end: s.end,
            },
            "ArrowDown" => {
                let first = next_word(text, s.start)?;
                let start = next_word(text, first.end)
                    .map(|n| n.start)
                    .filter(|st| *st < s.end)?;
                Span { start, end: s.end }
            }
            _ => return None,
        };
        Some(span)
    });
    match new {
        Some(span) => {
            actions.edit(|ed| ed.resize_mention(doc, id, span));
            true
        }
        None => matches!(key, "ArrowRight" | "ArrowLeft" | "ArrowUp" | "ArrowDown"),
    }
}

/// The text offset of the character under the point (client coordinates): the caret
/// position from the point, corrected to the character whose box contains the point
/// (the caret lands after a character when the pointer is on its right half).
fn offset_at_point(
    dom: &ArticleDom,
    ds: &crate::model::workspace::DocState,
    x: i32,
    y: i32,
) -> Option<crate::model::offsets::ByteOffset> {
    use crate::model::text::{ceil_grapheme, floor_grapheme};
    let caret = crate::dom::document().caret_position_from_point(x as f32, y as f32)?;
    let node = caret.offset_node()?;
    let (text, index) = (ds.text(), ds.text_index());
    let at = dom.dom_to_byte(text, index, &node, caret.offset())?;
    let contains = |b: crate::model::offsets::ByteOffset| {
        let end = ceil_grapheme(text, crate::model::offsets::ByteOffset(b.0 + 1));
        let span = Span { start: b, end };
        dom.range_for(text, index, span).is_some_and(|r| {
            let rect = r.get_bounding_client_rect();
            let (x, y) = (f64::from(x), f64::from(y));
            rect.left() <= x && x <= rect.right() && rect.top() <= y && y <= rect.bottom()
        })
    };
    if at.0 < text.len() && contains(at) {
        return Some(at);
    }
    if at.0 > 0 {
        let before = floor_grapheme(text, crate::model::offsets::ByteOffset(at.0 - 1));
        if contains(before) {
            return Some(before);
        }
    }
    None
}

/// A short description of the annotations under the point, for the hover tooltip.
fn describe_at_point(actions: Actions, x: i32, y: i32) -> Option<String> {
    use crate::model::annotations::SpanRef;
    let doc = actions.open.0.get_untracked()?;
    actions.view.dom.with_value(|dom| {
        let dom = dom.as_ref()?;
        actions.editor.0.with_value(|e| {
            let ds = e.ws.doc(doc)?;
            let schema = &e.ws.project_of(doc)?.schema;
            let at = offset_at_point(dom, ds, x, y)?;
            let mut parts = Vec::new();
            for r in ds.at(at) {
                match r {
                    SpanRef::Mention(id) => {
                        let m = ds.ann.mentions.get(&id)?;
                        let label = schema.get(m.label).map(|l| l.name.as_str()).unwrap_or("?");
                        let mut p = format!("{label}: {}", ds.span_text(m.span));
                        if let Some(en) = m.entity.and_then(|en| ds.ann.entities.get(&en)) {
                            p.push_str(&format!(" → {}", en.name));
                        }
                        if m.meta.provenance.is_pending_suggestion() {
                            p.push_str(" (suggestion)");
                        }
                        parts.push(p);
                    }
                    SpanRef::QuoteContent(id) => {
                        let q = ds.ann.quotes.get(&id)?;
                        let speaker = ds.speaker_name(q);
                        parts.push(format!(
                            "Quote — speaker: {}",
                            speaker.unwrap_or_else(|| "none".into())
                        ));
                    }
                    SpanRef::QuoteCue(_) => parts.push("Cue of a quote".into()),
                    SpanRef::Evidence(id, _) => {
                        let s = ds.ann.stances.get(&id)?;
                        parts.push(format!("Stance evidence ({})", s.polarity.display_name()));
                    }
                }
            }
            Some(parts.join("\n"))
        })
    })
}

/// True if the key event comes from a button or link (Enter must activate it).
fn on_control(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|t| matches!(t.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY"))
}

/// The active annotation, if it is a pending suggestion.
fn active_pending(actions: Actions) -> Option<crate::model::assist::apply::Pending> {
    use crate::model::annotations::SpanRef;
    use crate::model::assist::apply::Pending;
    let doc = actions.open.0.get_untracked()?;
    let a = actions.active.0.get_untracked()?;
    actions.editor.0.with_value(|e| {
        let ds = e.ws.doc(doc)?;
        match a {
            SpanRef::Mention(id) => ds
                .ann
                .mentions
                .get(&id)
                .filter(|m| m.meta.provenance.is_pending_suggestion())
                .map(|_| Pending::Mention(id)),
            SpanRef::QuoteContent(id) => ds
                .ann
                .quotes
                .get(&id)
                .filter(|q| q.meta.provenance.is_pending_suggestion())
                .map(|_| Pending::Quote(id)),
            _ => None,
        }
    })
}

/// Selects the next (or previous) pending suggestion after the cursor (J / K).
pub(crate) fn step_suggestion(actions: Actions, forward: bool) {
    use crate::model::annotations::SpanRef;
    use crate::model::assist::apply::{pending, Pending};
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let items = actions.editor.0.with_value(|e| pending(e, doc));
    if items.is_empty() {
        actions
            .status
            .message
            .set("No suggestions left in this document.".into());
        return;
    }
    let here = actions
        .active
        .0
        .get_untracked()
        .and_then(|a| actions.editor.0.with_value(|e| e.ws.doc(doc)?.span_of(a)))
        .or(actions.selection.0.get_untracked());
    let pick = match (here, forward) {
        (None, true) => items.first(),
        (None, false) => items.last(),
        (Some(h), true) => items
            .iter()
            .find(|(s, _)| s.start > h.start)
            .or(items.first()),
        (Some(h), false) => items
            .iter()
            .rev()
            .find(|(s, _)| s.start < h.start)
            .or(items.last()),
    };
    if let Some((span, p)) = pick {
        actions.selection.0.set(None);
        actions.active.0.set(Some(match p {
            Pending::Mention(id) => SpanRef::Mention(*id),
            Pending::Quote(id) => SpanRef::QuoteContent(*id),
        }));
        scroll_span_into_view(actions, *span);
    }
}

/// Accepts (A / Enter) or rejects (X) the selected suggestion, then moves to the next.
pub(crate) fn review_active(actions: Actions, accept: bool) {
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let Some(p) = active_pending(actions) else {
        actions
            .status
            .message
            .set("Select a suggestion first (J / K go to the next / previous one).".into());
        return;
    };
    let here = actions
        .active
        .0
        .get_untracked()
        .and_then(|a| actions.editor.0.with_value(|e| e.ws.doc(doc)?.span_of(a)));
    if super::state::review_suggestions(actions, doc, &[p], accept) {
        actions.active.0.set(None);
        actions.selection.0.set(here.map(|h| Span {
            start: h.start,
            end: h.start,
        }));
        step_suggestion(actions, true);
        actions.selection.0.set(None);
    }
}

/// Opens the next (or previous) document of the list (Alt+→ / Alt+←).
pub(crate) fn step_document(actions: Actions, forward: bool) {
    let current = actions.open.0.get_untracked();
    let next = actions.editor.0.with_value(|e| {
        let all: Vec<crate::model::ids::Id> =
            e.ws.projects
                .iter()
                .flat_map(|p| p.documents.iter().copied())
                .collect();
        let i = current.and_then(|c| all.iter().position(|d| *d == c))?;
        if forward {
            all.get(i + 1).copied()
        } else {
            i.checked_sub(1).and_then(|j| all.get(j).copied())
        }
    });
    match next {
        Some(d) => actions.open.0.set(Some(d)),
        None => actions.status.message.set(
            if forward {
                "This is the last document."
            } else {
                "This is the first document."
            }
            .into(),
        ),
    }
}

/// The stance selected in the text or the panel.
fn active_stance(actions: Actions) -> Option<crate::model::ids::Id> {
    match actions.active.0.get_untracked()? {
        crate::model::annotations::SpanRef::Evidence(id, _) => Some(id),
        _ => None,
    }
}
