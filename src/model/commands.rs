//! Every edit is a [`Command`]. Applying a command returns its inverse, so undo and redo
//! replay commands instead of keeping copies of the document. Commands are the record
//! level of editing (put or delete one record); the builders in [`super::edit`] make
//! them from what a user does and say in words what else changes.

use super::annotations::Annotations;
use super::annotations::{Entity, Evidence, Mention, Quote, Speaker, Stance, StanceTarget, Topic};
use super::document::{DocStatus, Document};
use super::ids::Id;
use super::offsets::OffsetError;
use super::schema::{Label, SchemaError};
use super::workspace::{DocState, Project, Workspace};

/// Why an edit was refused. Nothing is changed when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// No document with that id.
    #[error("the document no longer exists")]
    NoDocument,
    /// No project with that id.
    #[error("the project no longer exists")]
    NoProject,
    /// A referenced record does not exist.
    #[error("the {0} no longer exists")]
    Missing(&'static str),
    /// The span does not fit the text.
    #[error("{0}")]
    Span(#[from] OffsetError),
    /// The same span already has this label.
    #[error("\"{text}\" is already labelled {label}")]
    DuplicateMention {
        /// The text of the span.
        text: String,
        /// The label name.
        label: String,
    },
    /// A record cannot be deleted while others refer to it.
    #[error("the {what} is still used by {count} other annotation(s); unlink them first")]
    InUse {
        /// What was to be deleted.
        what: &'static str,
        /// How many records refer to it.
        count: usize,
    },
    /// A label change was refused.
    #[error("{0}")]
    Schema(#[from] SchemaError),
    /// A document with this id already exists.
    #[error("a document with this id already exists")]
    DocumentExists,
    /// There is nothing to undo or redo.
    #[error("nothing to {0}")]
    NothingTo(&'static str),
    /// An empty selection or name.
    #[error("{0}")]
    Empty(&'static str),
}

/// One reversible edit of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command {
    /// Insert or replace a mention.
    PutMention {
        /// Document.
        doc: Id,
        /// The mention.
        mention: Mention,
    },
    /// Delete a mention (refused while a quote names it as speaker).
    DeleteMention {
        /// Document.
        doc: Id,
        /// Mention id.
        id: Id,
    },
    /// Insert or replace an entity.
    PutEntity {
        /// Document.
        doc: Id,
        /// The entity.
        entity: Entity,
    },
    /// Delete an entity (refused while referenced).
    DeleteEntity {
        /// Document.
        doc: Id,
        /// Entity id.
        id: Id,
    },
    /// Insert or replace a quote.
    PutQuote {
        /// Document.
        doc: Id,
        /// The quote.
        quote: Quote,
    },
    /// Delete a quote (refused while referenced).
    DeleteQuote {
        /// Document.
        doc: Id,
        /// Quote id.
        id: Id,
    },
    /// Insert or replace a stance.
    PutStance {
        /// Document.
        doc: Id,
        /// The stance.
        stance: Stance,
    },
    /// Delete a stance.
    DeleteStance {
        /// Document.
        doc: Id,
        /// Stance id.
        id: Id,
    },
    /// Insert or replace a label; `at` places a new one in the palette (end if `None`).
    PutLabel {
        /// Project.
        project: Id,
        /// The label.
        label: Label,
        /// Palette position for a new label.
        at: Option<usize>,
    },
    /// Delete a label (refused while in use).
    DeleteLabel {
        /// Project.
        project: Id,
        /// Label id.
        id: Id,
    },
    /// Insert or replace a topic.
    PutTopic {
        /// Project.
        project: Id,
        /// The topic.
        topic: Topic,
    },
    /// Delete a topic (refused while a stance targets it).
    DeleteTopic {
        /// Project.
        project: Id,
        /// Topic id.
        id: Id,
    },
    /// Add a document with its annotations to a project at a list position.
    AddDocument {
        /// Project.
        project: Id,
        /// The document.
        doc: Box<Document>,
        /// Its annotations.
        ann: Box<Annotations>,
        /// Position in the project's list (end if past it).
        at: usize,
    },
    /// Remove a document and its annotations.
    RemoveDocument {
        /// Document id.
        doc: Id,
    },
    /// Change a document's status.
    SetStatus {
        /// Document.
        doc: Id,
        /// New status.
        status: DocStatus,
    },
    /// Rename a document.
    SetTitle {
        /// Document.
        doc: Id,
        /// New title.
        title: String,
    },
    /// Several commands undone and redone as one step.
    Batch {
        /// What the batch does, in words (shown in the undo menu).
        description: String,
        /// The commands, applied in order.
        commands: Vec<Command>,
    },
}

/// What a command touched: the storage layer saves just these.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    /// Documents whose annotations or metadata changed.
    pub docs: Vec<Id>,
    /// Projects whose schema, topics or document list changed.
    pub projects: Vec<Id>,
    /// Documents that were added or removed.
    pub added_or_removed: Vec<Id>,
    /// A document was removed: the list of the project that held it changed (its id is
    /// no longer known from the command alone).
    pub containing_project_of_removed: bool,
    /// The annotation records put or deleted, as `(document, record id)`: storage
    /// rewrites only the chunks that hold them.
    pub records: Vec<(Id, Id)>,
    /// Documents whose title or status changed.
    pub meta: Vec<Id>,
}

impl Touched {
    /// Adds what `other` touched.
    pub fn extend(&mut self, other: &Touched) {
        self.docs.extend(&other.docs);
        self.projects.extend(&other.projects);
        self.added_or_removed.extend(&other.added_or_removed);
        self.containing_project_of_removed |= other.containing_project_of_removed;
        self.records.extend(&other.records);
        self.meta.extend(&other.meta);
        self.docs.sort();
        self.docs.dedup();
        self.projects.sort();
        self.projects.dedup();
    }
}

impl Touched {
    fn record(&mut self, doc: Id, record: Id) {
        self.docs.push(doc);
        self.records.push((doc, record));
    }
}

impl Command {
    /// The documents and projects this command changes.
    pub fn touched(&self) -> Touched {
        let mut t = Touched::default();
        self.collect_touched(&mut t);
        t.docs.sort();
        t.docs.dedup();
        t.projects.sort();
        t.projects.dedup();
        t
    }

    fn collect_touched(&self, t: &mut Touched) {
        use Command::*;
        match self {
            PutMention { doc, mention } => t.record(*doc, mention.id),
            PutEntity { doc, entity } => t.record(*doc, entity.id),
            PutQuote { doc, quote } => t.record(*doc, quote.id),
            PutStance { doc, stance } => t.record(*doc, stance.id),
            DeleteMention { doc, id }
            | DeleteEntity { doc, id }
            | DeleteQuote { doc, id }
            | DeleteStance { doc, id } => t.record(*doc, *id),
            SetStatus { doc, .. } | SetTitle { doc, .. } => {
                t.docs.push(*doc);
                t.meta.push(*doc);
            }
            PutLabel { project, .. }
            | DeleteLabel { project, .. }
            | PutTopic { project, .. }
            | DeleteTopic { project, .. } => t.projects.push(*project),
            AddDocument { project, doc, .. } => {
                t.projects.push(*project);
                t.docs.push(doc.id);
                t.added_or_removed.push(doc.id);
            }
            RemoveDocument { doc } => {
                t.docs.push(*doc);
                t.added_or_removed.push(*doc);
                t.containing_project_of_removed = true;
            }
            Batch { commands, .. } => commands.iter().for_each(|c| c.collect_touched(t)),
        }
    }

    /// A short description in words, for the undo/redo buttons and messages.
    pub fn describe(&self) -> String {
        use Command::*;
        match self {
            PutMention { .. } => "label a span".into(),
            DeleteMention { .. } => "remove a mention".into(),
            PutEntity { .. } => "change an entity".into(),
            DeleteEntity { .. } => "remove an entity".into(),
            PutQuote { .. } => "change a quote".into(),
            DeleteQuote { .. } => "remove a quote".into(),
            PutStance { .. } => "change a stance".into(),
            DeleteStance { .. } => "remove a stance".into(),
            PutLabel { .. } => "change a label".into(),
            DeleteLabel { .. } => "delete a label".into(),
            PutTopic { .. } => "change a topic".into(),
            DeleteTopic { .. } => "delete a topic".into(),
            AddDocument { .. } => "add a document".into(),
            RemoveDocument { .. } => "delete a document".into(),
            SetStatus { .. } => "change the status".into(),
            SetTitle { .. } => "rename a document".into(),
            Batch { description, .. } => description.clone(),
        }
    }

    /// Applies the command and returns its inverse. On error nothing has changed.
    pub fn apply(self, ws: &mut Workspace) -> Result<Command, EditError> {
        use Command::*;
        match self {
            PutMention { doc, mention } => put_mention(ws, doc, mention),
            DeleteMention { doc, id } => delete_mention(ws, doc, id),
            PutEntity { doc, entity } => put_entity(ws, doc, entity),
            DeleteEntity { doc, id } => delete_entity(ws, doc, id),
            PutQuote { doc, quote } => put_quote(ws, doc, quote),
            DeleteQuote { doc, id } => delete_quote(ws, doc, id),
            PutStance { doc, stance } => put_stance(ws, doc, stance),
            DeleteStance { doc, id } => {
                let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
                let old = ds
                    .ann
                    .stances
                    .remove(&id)
                    .ok_or(EditError::Missing("stance"))?;
                ds.index_stance(&old, false);
                Ok(PutStance { doc, stance: old })
            }
            PutLabel { project, label, at } => put_label(ws, project, label, at),
            DeleteLabel { project, id } => delete_label(ws, project, id),
            PutTopic { project, topic } => {
                if topic.name.trim().is_empty() {
                    return Err(EditError::Empty("a topic needs a name"));
                }
                let p = ws.project_mut(project).ok_or(EditError::NoProject)?;
                let id = topic.id;
                Ok(match p.topics.insert(id, topic) {
                    Some(old) => PutTopic {
                        project,
                        topic: old,
                    },
                    None => DeleteTopic { project, id },
                })
            }
            DeleteTopic { project, id } => {
                let used = ws
                    .project(project)
                    .ok_or(EditError::NoProject)?
                    .documents
                    .iter()
                    .filter_map(|d| ws.doc(*d))
                    .flat_map(|d| d.ann.stances.values())
                    .filter(|s| s.target == Some(StanceTarget::Topic(id)))
                    .count();
                if used > 0 {
                    return Err(EditError::InUse {
                        what: "topic",
                        count: used,
                    });
                }
                let p = ws.project_mut(project).ok_or(EditError::NoProject)?;
                let old = p.topics.remove(&id).ok_or(EditError::Missing("topic"))?;
                Ok(PutTopic {
                    project,
                    topic: old,
                })
            }
            AddDocument {
                project,
                doc,
                ann,
                at,
            } => {
                if ws.docs.contains_key(&doc.id) {
                    return Err(EditError::DocumentExists);
                }
                let p = ws.project_mut(project).ok_or(EditError::NoProject)?;
                let id = doc.id;
                let at = at.min(p.documents.len());
                p.documents.insert(at, id);
                ws.docs.insert(id, DocState::new(*doc, *ann));
                Ok(RemoveDocument { doc: id })
            }
            RemoveDocument { doc } => {
                let p = ws
                    .projects
                    .iter_mut()
                    .find(|p| p.documents.contains(&doc))
                    .ok_or(EditError::NoDocument)?;
                let at = p.documents.iter().position(|d| *d == doc).unwrap_or(0);
                let project = p.id;
                let ds = ws.docs.remove(&doc).ok_or(EditError::NoDocument)?;
                if let Some(p) = ws.project_mut(project) {
                    p.documents.retain(|d| *d != doc);
                }
                Ok(AddDocument {
                    project,
                    doc: Box::new(ds.doc),
                    ann: Box::new(ds.ann),
                    at,
                })
            }
            SetStatus { doc, status } => {
                let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
                let old = std::mem::replace(&mut ds.doc.status, status);
                Ok(SetStatus { doc, status: old })
            }
            SetTitle { doc, title } => {
                if title.trim().is_empty() {
                    return Err(EditError::Empty("a document needs a title"));
                }
                let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
                let old = std::mem::replace(&mut ds.doc.title, title);
                Ok(SetTitle { doc, title: old })
            }
            Batch {
                description,
                commands,
            } => {
                let mut inverses = Vec::with_capacity(commands.len());
                for c in commands {
                    match c.apply(ws) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what was applied so a failed batch changes nothing.
                            for inv in inverses.into_iter().rev() {
                                let _ = inv.apply(ws);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Batch {
                    description,
                    commands: inverses,
                })
            }
        }
    }
}

fn label_exists(ws: &Workspace, doc: Id, label: Id) -> bool {
    ws.project_of(doc)
        .and_then(|p| p.schema.get(label))
        .is_some()
}

fn label_name(ws: &Workspace, doc: Id, label: Id) -> String {
    ws.project_of(doc)
        .and_then(|p| p.schema.get(label))
        .map(|l| l.name.clone())
        .unwrap_or_default()
}

fn put_mention(ws: &mut Workspace, doc: Id, m: Mention) -> Result<Command, EditError> {
    if !label_exists(ws, doc, m.label) {
        return Err(EditError::Missing("label"));
    }
    let ds = ws.doc(doc).ok_or(EditError::NoDocument)?;
    ds.check_span(m.span)?;
    if m.span.is_empty() {
        return Err(EditError::Empty("select some text first"));
    }
    if let Some(e) = m.entity {
        if !ds.ann.entities.contains_key(&e) {
            return Err(EditError::Missing("entity"));
        }
    }
    if let Some(dup) = ds.find_mention(m.span, m.label) {
        if dup.id != m.id {
            return Err(EditError::DuplicateMention {
                text: ds.span_text(m.span).to_owned(),
                label: label_name(ws, doc, m.label),
            });
        }
    }
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let id = m.id;
    let old = ds.ann.mentions.remove(&id);
    if let Some(old) = &old {
        ds.index_mention(old, false);
    }
    ds.index_mention(&m, true);
    ds.ann.mentions.insert(id, m);
    Ok(match old {
        Some(old) => Command::PutMention { doc, mention: old },
        None => Command::DeleteMention { doc, id },
    })
}

fn delete_mention(ws: &mut Workspace, doc: Id, id: Id) -> Result<Command, EditError> {
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let used = ds
        .ann
        .quotes
        .values()
        .filter(|q| q.speaker == Some(Speaker::Mention(id)))
        .count();
    if used > 0 {
        return Err(EditError::InUse {
            what: "mention",
            count: used,
        });
    }
    let old = ds
        .ann
        .mentions
        .remove(&id)
        .ok_or(EditError::Missing("mention"))?;
    ds.index_mention(&old, false);
    Ok(Command::PutMention { doc, mention: old })
}

fn put_entity(ws: &mut Workspace, doc: Id, e: Entity) -> Result<Command, EditError> {
    if !label_exists(ws, doc, e.label) {
        return Err(EditError::Missing("label"));
    }
    if e.name.trim().is_empty() {
        return Err(EditError::Empty("an entity needs a name"));
    }
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let id = e.id;
    Ok(match ds.ann.entities.insert(id, e) {
        Some(old) => Command::PutEntity { doc, entity: old },
        None => Command::DeleteEntity { doc, id },
    })
}

/// How many records of a document refer to entity `id`.
pub(crate) fn entity_uses(ds: &DocState, id: Id) -> usize {
    let a = &ds.ann;
    a.mentions.values().filter(|m| m.entity == Some(id)).count()
        + a.quotes
            .values()
            .filter(|q| q.speaker == Some(Speaker::Entity(id)))
            .count()
        + a.stances
            .values()
            .filter(|s| s.holder == Some(id) || s.target == Some(StanceTarget::Entity(id)))
            .count()
}

fn delete_entity(ws: &mut Workspace, doc: Id, id: Id) -> Result<Command, EditError> {
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let used = entity_uses(ds, id);
    if used > 0 {
        return Err(EditError::InUse {
            what: "entity",
            count: used,
        });
    }
    let old = ds
        .ann
        .entities
        .remove(&id)
        .ok_or(EditError::Missing("entity"))?;
    Ok(Command::PutEntity { doc, entity: old })
}

fn put_quote(ws: &mut Workspace, doc: Id, q: Quote) -> Result<Command, EditError> {
    let ds = ws.doc(doc).ok_or(EditError::NoDocument)?;
    ds.check_span(q.content)?;
    if q.content.is_empty() {
        return Err(EditError::Empty("select the quoted text first"));
    }
    if let Some(c) = q.cue {
        ds.check_span(c)?;
    }
    match q.speaker {
        Some(Speaker::Mention(m)) if !ds.ann.mentions.contains_key(&m) => {
            return Err(EditError::Missing("speaker mention"))
        }
        Some(Speaker::Entity(e)) if !ds.ann.entities.contains_key(&e) => {
            return Err(EditError::Missing("speaker entity"))
        }
        _ => {}
    }
    if let Some(c) = q.continues {
        if c == q.id || !ds.ann.quotes.contains_key(&c) {
            return Err(EditError::Missing("quote it continues"));
        }
        let mut probe = ds.ann.clone_quote_links();
        probe.insert(q.id, Some(c));
        if link_cycle(&probe, q.id) {
            return Err(EditError::Empty("a quote cannot continue itself"));
        }
    }
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let id = q.id;
    let old = ds.ann.quotes.remove(&id);
    if let Some(old) = &old {
        ds.index_quote(old, false);
    }
    ds.index_quote(&q, true);
    ds.ann.quotes.insert(id, q);
    Ok(match old {
        Some(old) => Command::PutQuote { doc, quote: old },
        None => Command::DeleteQuote { doc, id },
    })
}

fn delete_quote(ws: &mut Workspace, doc: Id, id: Id) -> Result<Command, EditError> {
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let used = ds
        .ann
        .quotes
        .values()
        .filter(|q| q.continues == Some(id))
        .count()
        + ds.ann
            .stances
            .values()
            .flat_map(|s| s.evidence.iter())
            .filter(|e| **e == Evidence::Quote { id })
            .count();
    if used > 0 {
        return Err(EditError::InUse {
            what: "quote",
            count: used,
        });
    }
    let old = ds
        .ann
        .quotes
        .remove(&id)
        .ok_or(EditError::Missing("quote"))?;
    ds.index_quote(&old, false);
    Ok(Command::PutQuote { doc, quote: old })
}

fn put_stance(ws: &mut Workspace, doc: Id, s: Stance) -> Result<Command, EditError> {
    let topics_ok = match s.target {
        Some(StanceTarget::Topic(t)) => ws
            .project_of(doc)
            .is_some_and(|p| p.topics.contains_key(&t)),
        _ => true,
    };
    if !topics_ok {
        return Err(EditError::Missing("topic"));
    }
    let ds = ws.doc(doc).ok_or(EditError::NoDocument)?;
    if let Some(h) = s.holder {
        if !ds.ann.entities.contains_key(&h) {
            return Err(EditError::Missing("holder entity"));
        }
    }
    if let Some(StanceTarget::Entity(e)) = s.target {
        if !ds.ann.entities.contains_key(&e) {
            return Err(EditError::Missing("target entity"));
        }
    }
    for ev in &s.evidence {
        match ev {
            Evidence::Span { span } => ds.check_span(*span)?,
            Evidence::Quote { id } => {
                if !ds.ann.quotes.contains_key(id) {
                    return Err(EditError::Missing("evidence quote"));
                }
            }
        }
    }
    let ds = ws.doc_mut(doc).ok_or(EditError::NoDocument)?;
    let id = s.id;
    let old = ds.ann.stances.remove(&id);
    if let Some(old) = &old {
        ds.index_stance(old, false);
    }
    ds.index_stance(&s, true);
    ds.ann.stances.insert(id, s);
    Ok(match old {
        Some(old) => Command::PutStance { doc, stance: old },
        None => Command::DeleteStance { doc, id },
    })
}

fn put_label(
    ws: &mut Workspace,
    project: Id,
    mut label: Label,
    at: Option<usize>,
) -> Result<Command, EditError> {
    let p: &mut Project = ws.project_mut(project).ok_or(EditError::NoProject)?;
    if let Some(k) = label.hotkey {
        label.hotkey = Some(super::schema::normalise_hotkey(k)?);
    }
    p.schema.check(&label)?;
    let id = label.id;
    match p.schema.index_of(id) {
        Some(i) => {
            let old = std::mem::replace(&mut p.schema.labels[i], label);
            Ok(Command::PutLabel {
                project,
                label: old,
                at: None,
            })
        }
        None => {
            let at = at
                .unwrap_or(p.schema.labels.len())
                .min(p.schema.labels.len());
            p.schema.labels.insert(at, label);
            Ok(Command::DeleteLabel { project, id })
        }
    }
}

fn delete_label(ws: &mut Workspace, project: Id, id: Id) -> Result<Command, EditError> {
    let p = ws.project(project).ok_or(EditError::NoProject)?;
    let used: usize = p
        .documents
        .iter()
        .filter_map(|d| ws.doc(*d))
        .map(|d| {
            d.ann.mentions.values().filter(|m| m.label == id).count()
                + d.ann.entities.values().filter(|e| e.label == id).count()
        })
        .sum();
    if used > 0 {
        return Err(EditError::InUse {
            what: "label",
            count: used,
        });
    }
    let p = ws.project_mut(project).ok_or(EditError::NoProject)?;
    let at = p.schema.index_of(id).ok_or(EditError::Missing("label"))?;
    let old = p.schema.labels.remove(at);
    Ok(Command::PutLabel {
        project,
        label: old,
        at: Some(at),
    })
}

/// One undoable step: the inverse to apply, and what the step did.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    inverse: Command,
    description: String,
}

/// Undo and redo stacks of the workspace (one history per workspace).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// Most steps kept; older ones are forgotten.
pub const HISTORY_LIMIT: usize = 1000;

impl History {
    /// Applies `cmd` to `ws` and records it. Clears the redo stack.
    pub fn execute(&mut self, ws: &mut Workspace, cmd: Command) -> Result<Touched, EditError> {
        let description = cmd.describe();
        let touched = cmd.touched();
        let inverse = cmd.apply(ws)?;
        self.undo.push(Step {
            inverse,
            description,
        });
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(touched)
    }

    /// Undoes the last step.
    pub fn undo(&mut self, ws: &mut Workspace) -> Result<Touched, EditError> {
        let step = self.undo.pop().ok_or(EditError::NothingTo("undo"))?;
        let touched = step.inverse.touched();
        match step.inverse.clone().apply(ws) {
            Ok(redo) => {
                self.redo.push(Step {
                    inverse: redo,
                    description: step.description,
                });
                Ok(touched)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, ws: &mut Workspace) -> Result<Touched, EditError> {
        let step = self.redo.pop().ok_or(EditError::NothingTo("redo"))?;
        let touched = step.inverse.touched();
        match step.inverse.clone().apply(ws) {
            Ok(undo) => {
                self.undo.push(Step {
                    inverse: undo,
                    description: step.description,
                });
                Ok(touched)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// What undo would undo, in words.
    pub fn undo_description(&self) -> Option<&str> {
        self.undo.last().map(|s| s.description.as_str())
    }

    /// What redo would redo, in words.
    pub fn redo_description(&self) -> Option<&str> {
        self.redo.last().map(|s| s.description.as_str())
    }

    /// Forgets the steps that change document `doc` (after another tab changed it, so
    /// undoing them could no longer give back what this tab saw).
    pub fn forget_doc(&mut self, doc: Id) {
        let keep = |s: &Step| !s.inverse.touched().docs.contains(&doc);
        self.undo.retain(keep);
        self.redo.retain(keep);
    }

    /// Forgets everything (e.g. after loading another workspace).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

fn link_cycle(links: &std::collections::BTreeMap<Id, Option<Id>>, start: Id) -> bool {
    let mut cur = links.get(&start).copied().flatten();
    let mut steps = 0;
    while let Some(c) = cur {
        if c == start || steps > links.len() {
            return true;
        }
        steps += 1;
        cur = links.get(&c).copied().flatten();
    }
    false
}
