//! Narrow contexts shared by the components, and [`Actions`], the one place where an
//! edit is run, saved, painted and reported.

use crate::dom::article::ArticleDom;
use crate::dom::painter::{Overlay, Painter};
use crate::model::annotations::SpanRef;
use crate::model::commands::{EditError, Touched};
use crate::model::edit::{Editor, Outcome};
use crate::model::ids::Id;
use crate::model::offsets::Span;
use crate::storage;
use leptos::prelude::*;

/// Whether the last change reached storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is stored.
    Saved,
    /// The last write failed; the reason in words.
    NotSaved(String),
}

/// The workspace and its history (not reactive: read it when [`Revision`] changes).
#[derive(Clone, Copy)]
pub struct EditorCtx(pub StoredValue<Editor>);

/// Bumped after every change of the workspace; panels re-read the editor when it moves.
#[derive(Clone, Copy)]
pub struct Revision(pub RwSignal<u64>);

/// The document shown in the centre.
#[derive(Clone, Copy)]
pub struct OpenDoc(pub RwSignal<Option<Id>>);

/// The pending text selection (snapped), waiting for a label.
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<Option<Span>>);

/// The annotation selected in the text or a panel.
#[derive(Clone, Copy)]
pub struct Active(pub RwSignal<Option<SpanRef>>);

/// Save status and the last message for the status line.
#[derive(Clone, Copy)]
pub struct Status {
    /// Save state.
    pub save: RwSignal<SaveState>,
    /// Last message (an edit's description or an error).
    pub message: RwSignal<String>,
}

/// The built article and the painter (browser objects, so local to the UI thread).
#[derive(Clone, Copy)]
pub struct ViewCtx {
    /// The article DOM of the open document.
    pub dom: StoredValue<Option<ArticleDom>, LocalStorage>,
    /// The highlight painter (`None` without the CSS Custom Highlight API).
    pub painter: StoredValue<Option<Painter>, LocalStorage>,
}

/// Runs edits, saves what they touched, repaints and reports: every component that
/// changes the workspace goes through here.
#[derive(Clone, Copy)]
pub struct Actions {
    /// The editor.
    pub editor: EditorCtx,
    /// Revision counter.
    pub revision: Revision,
    /// Open document.
    pub open: OpenDoc,
    /// Pending selection.
    pub selection: Selection,
    /// Active annotation.
    pub active: Active,
    /// Status line.
    pub status: Status,
    /// Article and painter.
    pub view: ViewCtx,
    /// The quote being completed: the next mention clicked or labelled becomes its
    /// speaker, and `C` sets its cue.
    pub quote_focus: RwSignal<Option<crate::model::ids::Id>>,
    /// Whether the keyboard-shortcuts overlay is shown.
    pub help: RwSignal<bool>,
    /// The search bar: shown or not, and the matches in the open document.
    pub find: FindState,
    /// Another tab changed the stored workspace: this tab stops writing (read-only)
    /// until it is reloaded, so it can never overwrite the other tab's edits.
    pub stale: RwSignal<bool>,
}

/// The in-document search.
#[derive(Clone, Copy)]
pub struct FindState {
    /// Whether the search bar is shown.
    pub open: RwSignal<bool>,
    /// Matches in text order.
    pub matches: RwSignal<Vec<Span>>,
}

impl Actions {
    /// Runs an edit; on success saves, repaints and shows its description.
    pub fn edit(
        &self,
        f: impl FnOnce(&mut Editor) -> Result<Outcome, EditError>,
    ) -> Option<Outcome> {
        if self.stale.get_untracked() {
            self.status.message.set(STALE_MESSAGE.into());
            return None;
        }
        let result = self.editor.0.try_update_value(f);
        match result {
            Some(Ok(outcome)) => {
                self.after_change(&outcome.touched);
                self.status.message.set(capitalise(&outcome.description));
                Some(outcome)
            }
            Some(Err(e)) => {
                self.status.message.set(capitalise(&e.to_string()));
                None
            }
            None => None,
        }
    }

    /// Undoes the last step.
    pub fn undo(&self) {
        self.history_step(true);
    }

    /// Redoes the last undone step.
    pub fn redo(&self) {
        self.history_step(false);
    }

    fn history_step(&self, undo: bool) {
        if self.stale.get_untracked() {
            self.status.message.set(STALE_MESSAGE.into());
            return;
        }
        let r = self.editor.0.try_update_value(|e| {
            let what = if undo {
                e.history.undo_description().map(str::to_owned)
            } else {
                e.history.redo_description().map(str::to_owned)
            };
            let t = if undo { e.undo() } else { e.redo() };
            t.map(|t| (t, what.unwrap_or_default()))
        });
        match r {
            Some(Ok((touched, what))) => {
                self.after_change(&touched);
                let verb = if undo { "Undone" } else { "Redone" };
                self.status.message.set(format!("{verb}: {what}"));
            }
            Some(Err(e)) => self.status.message.set(capitalise(&e.to_string())),
            None => {}
        }
    }

    fn after_change(&self, touched: &Touched) {
        let saved = self
            .editor
            .0
            .with_value(|e| storage::save_touched(e, touched));
        self.status.save.set(match saved {
            Ok(()) => SaveState::Saved,
            Err(e) => SaveState::NotSaved(e.to_string()),
        });
        // Drop references to records that no longer exist.
        if let Some(a) = self.active.0.get_untracked() {
            let gone = self.open.0.get_untracked().is_none_or(|d| {
                self.editor
                    .0
                    .with_value(|e| !e.ws.doc(d).is_some_and(|ds| ds.has_record(a)))
            });
            if gone {
                self.active.0.set(None);
            }
        }
        if let Some(d) = self.open.0.get_untracked() {
            if self.editor.0.with_value(|e| e.ws.doc(d).is_none()) {
                let first = self
                    .editor
                    .0
                    .with_value(|e| e.ws.docs().next().map(|d| d.doc.id));
                self.open.0.set(first);
            }
        }
        if !touched.projects.is_empty() {
            self.refresh_label_colours();
        }
        self.revision.0.update(|r| *r += 1);
        self.repaint();
    }

    /// Re-reads the open project's label colours into the painter's stylesheet.
    pub fn refresh_label_colours(&self) {
        let Some(doc) = self.open.0.get_untracked() else {
            return;
        };
        let schema = self
            .editor
            .0
            .with_value(|e| e.ws.project_of(doc).map(|p| p.schema.clone()));
        if let Some(schema) = schema {
            self.view.painter.update_value(|p| {
                if let Some(p) = p {
                    p.set_label_colours(&schema);
                }
            });
        }
    }

    /// Repaints the open document's highlights near the viewport.
    pub fn repaint(&self) {
        let Some(doc) = self.open.0.get_untracked() else {
            return;
        };
        let overlay = Overlay {
            selection: self.selection.0.get_untracked(),
            active: self.active.0.get_untracked(),
        };
        let editor = self.editor.0;
        let find = self.find.matches;
        self.view.dom.with_value(|dom| {
            let Some(dom) = dom else { return };
            self.view.painter.update_value(|p| {
                let Some(p) = p else { return };
                editor.with_value(|e| {
                    let (Some(ds), Some(proj)) = (e.ws.doc(doc), e.ws.project_of(doc)) else {
                        return;
                    };
                    find.with_untracked(|m| p.paint(dom, ds, &proj.schema, overlay, m));
                });
            });
        });
    }
}

/// Why a tab that another tab has written to refuses edits.
pub const STALE_MESSAGE: &str =
    "This workspace was changed in another tab. Reload this tab to continue here; nothing was overwritten.";

/// The message with its first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Accepts or rejects suggestions, records them in the project's review log (for the
/// precision of each source), saves and repaints.
pub fn review_suggestions(
    actions: Actions,
    doc: crate::model::ids::Id,
    items: &[crate::model::assist::apply::Pending],
    accept: bool,
) -> bool {
    use crate::model::assist::apply::{review, source_of};
    let (sources, project) = actions.editor.0.with_value(|e| {
        (
            items
                .iter()
                .filter_map(|p| source_of(e, doc, *p))
                .collect::<Vec<_>>(),
            e.ws.project_of(doc).map(|p| p.id),
        )
    });
    let done = actions.edit(|ed| review(ed, doc, items, accept)).is_some();
    if done {
        if let Some(p) = project {
            if let Err(e) = storage::record_review(p, &sources, accept) {
                actions.status.save.set(SaveState::NotSaved(e.to_string()));
            }
        }
        actions.revision.0.update(|r| *r += 1);
    }
    done
}
