//! Narrow contexts shared by the components, and [`Actions`], the one place where an
//! edit is run, saved, painted and reported.

use crate::dom::article::ArticleDom;
use crate::dom::painter::{Overlay, Painter};
use crate::model::annotations::SpanRef;
use crate::model::commands::{EditError, Touched};
use crate::model::edit::{Editor, Outcome};
use crate::model::ids::Id;
use crate::model::offsets::Span;
use crate::storage::web::{try_lock, LocalStore, LockHandle};
use crate::storage::{self, Damage, Persistence, StorageError};
use leptos::prelude::*;

/// Whether the last change reached storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything is stored.
    Saved,
    /// The last write failed; the reason in words. Writing is retried by itself.
    NotSaved(String),
    /// Full storage: the same, and the user is offered a backup.
    Full(String),
}

/// Whether this tab may change the open document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocAccess {
    /// Asking the other tabs (a few milliseconds after opening). Edits are accepted: the
    /// revision check before each write merges them if another tab is the writer.
    Opening,
    /// This tab holds the document's lock and writes it.
    Writer,
    /// Another tab edits it: here it is read-only and follows that tab's changes.
    Elsewhere,
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
    /// Why this tab must not write at all (data of a newer version, a failed upgrade).
    pub read_only: RwSignal<Option<String>>,
    /// Whether this tab may change the open document (one writer per document).
    pub access: RwSignal<DocAccess>,
    /// This tab's view of storage: revisions, unsaved changes, space used.
    pub persist: StoredValue<Persistence>,
    /// The open document's lock (with its document), while this tab holds it.
    pub lock: StoredValue<Option<(crate::model::ids::Id, LockHandle)>, LocalStorage>,
    /// Stored entries found damaged at start (their raw data is kept).
    pub damaged: RwSignal<Vec<Damage>>,
    /// Storage used and its limit, in UTF-16 units.
    pub usage: RwSignal<(usize, usize)>,
    /// Edits since the last full backup in this tab (for a gentle reminder).
    pub edits_since_backup: RwSignal<u32>,
    /// Keys another tab wrote, waiting to be synced in.
    pub pending_sync: StoredValue<Vec<String>>,
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
        if !self.may_edit() {
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
        if !self.may_edit() {
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

    /// Whether edits are allowed now; if not, says why in the status line.
    pub fn may_edit(&self) -> bool {
        if let Some(why) = self.read_only.get_untracked() {
            self.status.message.set(why);
            return false;
        }
        match self.access.get_untracked() {
            // While the lock is being asked for, edits go through: a key pressed right
            // after opening must not be dropped, and should another tab turn out to be
            // the writer, the revision check merges both tabs' records before writing.
            DocAccess::Writer | DocAccess::Opening => true,
            DocAccess::Elsewhere => {
                self.status.message.set(ELSEWHERE_MESSAGE.into());
                false
            }
        }
    }

    fn after_change(&self, touched: &Touched) {
        self.persist.update_value(|p| p.mark(touched));
        self.edits_since_backup.update(|n| *n += 1);
        self.flush();
        self.refresh(!touched.projects.is_empty());
    }

    /// Writes what is waiting to be written; on failure the changes stay in memory,
    /// marked, and are written by a later call (a timer retries every second).
    pub fn flush(&self) {
        let persist = self.persist;
        let result = self.editor.0.try_update_value(|e| {
            persist.try_update_value(|p| p.flush(&mut LocalStore, &mut e.ws, &mut e.history))
        });
        let Some(Some(result)) = result else { return };
        self.usage.set(self.persist.with_value(|p| p.usage()));
        match result {
            Ok(report) => {
                if self.status.save.get_untracked() != SaveState::Saved {
                    self.status.save.set(SaveState::Saved);
                }
                if !report.merged.is_empty() {
                    self.status.message.set(format!(
                        "Merged with changes saved in another tab: {}.",
                        report.merged.join(", ")
                    ));
                    self.refresh(false);
                }
            }
            Err(StorageError::Full) => {
                if !matches!(self.status.save.get_untracked(), SaveState::Full(_)) {
                    self.persist.update_value(|p| p.measure_all(&LocalStore));
                    self.usage.set(self.persist.with_value(|p| p.usage()));
                    self.status
                        .save
                        .set(SaveState::Full(capitalise(&StorageError::Full.to_string())));
                }
            }
            Err(StorageError::ReadOnly(_)) => {}
            Err(e) => self.status.save.set(SaveState::NotSaved(e.to_string())),
        }
    }

    /// Brings in what other tabs saved (keys collected from `storage` events).
    pub fn sync_from_storage(&self) {
        let keys = std::mem::take(&mut *self.pending_sync.write_value());
        if keys.is_empty() {
            return;
        }
        let persist = self.persist;
        let report = self.editor.0.try_update_value(|e| {
            persist.try_update_value(|p| p.sync(&mut LocalStore, &mut e.ws, &mut e.history, &keys))
        });
        let Some(Some(report)) = report else { return };
        if report.newer {
            self.read_only
                .set(self.persist.with_value(|p| p.read_only.clone()));
        }
        let open = self.open.0.get_untracked();
        if open.is_some_and(|d| report.changed.contains(&d) || report.removed.contains(&d)) {
            self.status
                .message
                .set("This document was changed in another tab; its changes are shown.".into());
        }
        if !report.changed.is_empty() || !report.removed.is_empty() || report.projects {
            self.refresh(report.projects);
        }
    }

    /// Makes this tab the writer of `doc` if no other tab is: keeps the lock it already
    /// holds for `doc`, otherwise releases the previous document's lock and asks.
    pub fn claim(&self, doc: Option<crate::model::ids::Id>) {
        let held = self.lock.with_value(|l| l.as_ref().map(|(d, _)| *d));
        if held.is_some() && held == doc {
            if self.access.get_untracked() != DocAccess::Writer {
                self.access.set(DocAccess::Writer);
            }
            return;
        }
        self.lock.set_value(None);
        self.access.set(DocAccess::Opening);
        if let Some(d) = doc {
            self.request_lock(d, 0);
        }
    }

    /// Asks for a document's lock. A lock this tab released a moment ago is freed
    /// asynchronously, so a refusal is retried twice before the document is shown as
    /// edited elsewhere.
    pub fn request_lock(&self, doc: crate::model::ids::Id, attempt: u32) {
        let this = *self;
        try_lock(&storage::web::doc_lock_name(doc), move |handle| {
            if this.open.0.get_untracked() != Some(doc) {
                return; // another document was opened meanwhile; dropping releases it
            }
            match handle {
                Some(h) => {
                    this.lock.set_value(Some((doc, h)));
                    if this.access.get_untracked() != DocAccess::Writer {
                        this.access.set(DocAccess::Writer);
                    }
                }
                None if attempt < 2 && this.access.get_untracked() == DocAccess::Opening => {
                    set_timeout(
                        move || this.request_lock(doc, attempt + 1),
                        std::time::Duration::from_millis(60 * u64::from(attempt + 1)),
                    );
                }
                None => {
                    if this.access.get_untracked() != DocAccess::Elsewhere {
                        this.access.set(DocAccess::Elsewhere);
                    }
                }
            }
        });
    }

    /// Updates everything that shows the workspace after it changed.
    fn refresh(&self, projects_changed: bool) {
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
        if projects_changed {
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

/// Why a document open for editing in another tab is read-only here.
pub const ELSEWHERE_MESSAGE: &str =
    "This document is open for editing in another tab. Here it is read-only and shows that tab's changes as they are saved; close it there (or open another document there) to edit it here.";

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
            let json = storage::web::review_log_with(p, &sources, accept);
            let r = actions
                .persist
                .try_update_value(|ps| ps.put_review_log(&mut LocalStore, p, &json));
            if let Some(Err(e)) = r {
                actions.status.save.set(SaveState::NotSaved(e.to_string()));
            }
        }
        actions.revision.0.update(|r| *r += 1);
    }
    done
}
