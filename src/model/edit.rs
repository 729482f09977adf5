//! What a user does, turned into [`Command`]s: the [`Editor`] owns the workspace and its
//! undo history, and each method builds the record-level commands, runs them as one undo
//! step and reports in words what else changed (e.g. a quote losing its speaker).

use super::annotations::{
    Annotations, Entity, Evidence, Mention, Meta, Polarity, Provenance, Quote, QuoteKind, Speaker,
    Stance, StanceTarget, Topic,
};
use super::commands::{Command, EditError, History, Touched};
use super::document::{DocStatus, Document};
use super::ids::Id;
use super::offsets::Span;
use super::schema::{Color, Label, LabelSchema};
use super::workspace::{Project, Workspace};

/// What to do with the annotations of a label that is being deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelInUse {
    /// Refuse if the label is used (the UI then asks the user).
    Refuse,
    /// Delete the mentions with this label too (entities of this type as well).
    DeleteAnnotations,
    /// Give them another label.
    Reassign(Id),
}

/// Which annotation a note or an acceptance applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnnotationId {
    /// A mention.
    Mention(Id),
    /// An entity.
    Entity(Id),
    /// A quote.
    Quote(Id),
    /// A stance.
    Stance(Id),
}

/// The outcome of a successful edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// What was stored differently (for the storage layer and the painter).
    pub touched: Touched,
    /// The step in words, e.g. "label “Doe” as PERSON".
    pub description: String,
    /// The id of a record the edit created, if any.
    pub created: Option<Id>,
}

/// The workspace, its undo history and the clock of the shell.
#[derive(Clone, Debug)]
pub struct Editor {
    /// The workspace being edited.
    pub ws: Workspace,
    /// One undo history for the whole workspace.
    pub history: History,
}

impl Editor {
    /// Wraps a workspace with an empty history.
    pub fn new(ws: Workspace) -> Editor {
        Editor {
            ws,
            history: History::default(),
        }
    }

    /// Runs one command as one undo step. The first annotation edit of a "to do"
    /// document also sets it "in progress", in the same step.
    pub fn run(&mut self, cmd: Command, created: Option<Id>) -> Result<Outcome, EditError> {
        let description = cmd.describe();
        let mut cmd = cmd;
        let touched = cmd.touched();
        let starts: Vec<Command> = touched
            .docs
            .iter()
            .filter(|d| !touched.added_or_removed.contains(d))
            .filter(|_| is_annotation_edit(&cmd))
            .filter(|d| {
                self.ws
                    .doc(**d)
                    .is_some_and(|ds| ds.doc.status == DocStatus::Todo)
            })
            .map(|d| Command::SetStatus {
                doc: *d,
                status: DocStatus::InProgress,
            })
            .collect();
        if !starts.is_empty() {
            let mut commands = vec![cmd];
            commands.extend(starts);
            cmd = Command::Batch {
                description: description.clone(),
                commands,
            };
        }
        let touched = self.history.execute(&mut self.ws, cmd)?;
        Ok(Outcome {
            touched,
            description,
            created,
        })
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Result<Touched, EditError> {
        self.history.undo(&mut self.ws)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Result<Touched, EditError> {
        self.history.redo(&mut self.ws)
    }

    fn doc(&self, doc: Id) -> Result<&super::workspace::DocState, EditError> {
        self.ws.doc(doc).ok_or(EditError::NoDocument)
    }

    fn schema_of(&self, doc: Id) -> Result<&LabelSchema, EditError> {
        self.ws
            .project_of(doc)
            .map(|p| &p.schema)
            .ok_or(EditError::NoProject)
    }

    fn label_name(&self, doc: Id, label: Id) -> String {
        self.schema_of(doc)
            .ok()
            .and_then(|s| s.get(label))
            .map(|l| l.name.clone())
            .unwrap_or_else(|| "?".into())
    }

    /// Creates a project with the default news labels.
    pub fn add_project(&mut self, name: &str, now_ms: u64) -> Id {
        let id = self.ws.new_id(now_ms);
        let schema = LabelSchema::news_default(&mut self.ws.ids, now_ms);
        self.ws.projects.push(Project {
            id,
            name: name.to_owned(),
            schema,
            topics: Default::default(),
            documents: Vec::new(),
        });
        id
    }

    /// Adds a document (text kept verbatim) at the end of a project.
    pub fn add_document(
        &mut self,
        project: Id,
        title: &str,
        source: &str,
        text: &str,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let id = self.ws.new_id(now_ms);
        let at = self
            .ws
            .project(project)
            .ok_or(EditError::NoProject)?
            .documents
            .len();
        let doc = Document {
            id,
            title: title.to_owned(),
            source: source.to_owned(),
            text: text.to_owned(),
            status: DocStatus::Todo,
            created_ms: now_ms,
            modified_ms: now_ms,
            annotator: String::new(),
        };
        self.run(
            Command::AddDocument {
                project,
                doc: Box::new(doc),
                ann: Box::new(Annotations::default()),
                at,
            },
            Some(id),
        )
    }

    /// Labels `span` with `label` (a new mention). Refuses an exact duplicate.
    pub fn add_mention(
        &mut self,
        doc: Id,
        span: Span,
        label: Id,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let id = self.ws.new_id(now_ms);
        let text = self.doc(doc)?.span_text(span).to_owned();
        let mention = Mention {
            id,
            span,
            label,
            entity: None,
            meta: Meta::default(),
        };
        let cmd = Command::Batch {
            description: format!("label “{}” as {}", text, self.label_name(doc, label)),
            commands: vec![Command::PutMention { doc, mention }],
        };
        self.run(cmd, Some(id))
    }

    /// Labels every occurrence of the text of `span` in the document (whole words,
    /// case-sensitive) that is not labelled so already — one undo step.
    pub fn label_all_occurrences(
        &mut self,
        doc: Id,
        span: Span,
        label: Id,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        self.label_occurrences_in(doc, &[doc], span, label, now_ms)
    }

    /// Labels every whole-word occurrence of the text of `span` in every document of its
    /// project (the corpus) — one undo step.
    pub fn label_all_in_corpus(
        &mut self,
        doc: Id,
        span: Span,
        label: Id,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let docs = self
            .ws
            .project_of(doc)
            .map(|p| p.documents.clone())
            .ok_or(EditError::NoProject)?;
        self.label_occurrences_in(doc, &docs, span, label, now_ms)
    }

    fn label_occurrences_in(
        &mut self,
        doc: Id,
        targets: &[Id],
        span: Span,
        label: Id,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let needle = self.doc(doc)?.span_text(span).to_owned();
        if needle.is_empty() {
            return Err(EditError::Empty("select some text first"));
        }
        let mut found: Vec<(Id, Span)> = Vec::new();
        for d in targets {
            let Some(ds) = self.ws.doc(*d) else { continue };
            let text = ds.text();
            for (start, _) in text.match_indices(&needle) {
                let s = Span {
                    start: super::offsets::ByteOffset(start),
                    end: super::offsets::ByteOffset(start + needle.len()),
                };
                let whole_word =
                    is_word_edge(text, start, true) && is_word_edge(text, s.end.0, false);
                if whole_word && ds.check_span(s).is_ok() && ds.find_mention(s, label).is_none() {
                    found.push((*d, s));
                }
            }
        }
        if found.is_empty() {
            return Err(EditError::Empty(
                "no other whole-word occurrence of this text is left to label",
            ));
        }
        let n = found.len();
        let docs_touched = {
            let mut v: Vec<Id> = found.iter().map(|(d, _)| *d).collect();
            v.dedup();
            v.len()
        };
        let commands = found
            .into_iter()
            .map(|(d, span)| Command::PutMention {
                doc: d,
                mention: Mention {
                    id: self.ws.new_id(now_ms),
                    span,
                    label,
                    entity: None,
                    meta: Meta::default(),
                },
            })
            .collect();
        let mut description = format!("label {n} × “{needle}” as {}", self.label_name(doc, label));
        if targets.len() > 1 {
            description.push_str(&format!(" in {docs_touched} document(s)"));
        }
        let cmd = Command::Batch {
            description,
            commands,
        };
        self.run(cmd, None)
    }

    /// Labels each of `spans` (e.g. the matches of a search) with `label`, skipping exact
    /// duplicates — one undo step.
    pub fn label_spans(
        &mut self,
        doc: Id,
        spans: &[Span],
        label: Id,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let ds = self.doc(doc)?;
        let fresh: Vec<Span> = spans
            .iter()
            .copied()
            .filter(|s| {
                ds.check_span(*s).is_ok() && !s.is_empty() && ds.find_mention(*s, label).is_none()
            })
            .collect();
        if fresh.is_empty() {
            return Err(EditError::Empty("every match is already labelled"));
        }
        let n = fresh.len();
        let commands = fresh
            .into_iter()
            .map(|span| Command::PutMention {
                doc,
                mention: Mention {
                    id: self.ws.new_id(now_ms),
                    span,
                    label,
                    entity: None,
                    meta: Meta::default(),
                },
            })
            .collect();
        let description = format!("label {n} match(es) as {}", self.label_name(doc, label));
        self.run(
            Command::Batch {
                description,
                commands,
            },
            None,
        )
    }

    /// Removes a mention. Quotes it speaks for are re-attributed to its entity if it has
    /// one, otherwise lose their speaker; the description says so, and undo restores all.
    pub fn remove_mention(&mut self, doc: Id, id: Id) -> Result<Outcome, EditError> {
        let ds = self.doc(doc)?;
        let m = ds
            .ann
            .mentions
            .get(&id)
            .ok_or(EditError::Missing("mention"))?;
        let mut commands = Vec::new();
        let mut relinked = 0;
        for q in ds.ann.quotes.values() {
            if q.speaker == Some(Speaker::Mention(id)) {
                let mut q = q.clone();
                q.speaker = m.entity.map(Speaker::Entity);
                commands.push(Command::PutQuote { doc, quote: q });
                relinked += 1;
            }
        }
        let mut description = format!("remove “{}”", ds.span_text(m.span));
        if relinked > 0 {
            let how = if m.entity.is_some() {
                "now attributed to its entity"
            } else {
                "now without a speaker"
            };
            description.push_str(&format!(" ({relinked} quote(s) {how})"));
        }
        commands.push(Command::DeleteMention { doc, id });
        self.run(
            Command::Batch {
                description,
                commands,
            },
            None,
        )
    }

    fn put_mention_with(
        &mut self,
        doc: Id,
        id: Id,
        description: String,
        f: impl FnOnce(&mut Mention),
    ) -> Result<Outcome, EditError> {
        let mut m = self
            .doc(doc)?
            .ann
            .mentions
            .get(&id)
            .cloned()
            .ok_or(EditError::Missing("mention"))?;
        f(&mut m);
        self.run(
            Command::Batch {
                description,
                commands: vec![Command::PutMention { doc, mention: m }],
            },
            None,
        )
    }

    /// Gives a mention another label.
    pub fn relabel_mention(&mut self, doc: Id, id: Id, label: Id) -> Result<Outcome, EditError> {
        let d = format!("relabel as {}", self.label_name(doc, label));
        self.put_mention_with(doc, id, d, |m| m.label = label)
    }

    /// Moves a mention's boundaries.
    pub fn resize_mention(&mut self, doc: Id, id: Id, span: Span) -> Result<Outcome, EditError> {
        self.put_mention_with(doc, id, "resize a mention".into(), |m| m.span = span)
    }

    /// Groups a mention under an entity (or ungroups it with `None`).
    pub fn set_mention_entity(
        &mut self,
        doc: Id,
        id: Id,
        entity: Option<Id>,
    ) -> Result<Outcome, EditError> {
        self.put_mention_with(doc, id, "link a mention to an entity".into(), |m| {
            m.entity = entity
        })
    }

    /// Creates an entity named `name` of type `label` grouping `mentions`.
    pub fn create_entity(
        &mut self,
        doc: Id,
        name: &str,
        label: Id,
        mentions: &[Id],
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let id = self.ws.new_id(now_ms);
        let ds = self.doc(doc)?;
        let mut commands = vec![Command::PutEntity {
            doc,
            entity: Entity {
                id,
                name: name.trim().to_owned(),
                label,
                meta: Meta::default(),
            },
        }];
        for mid in mentions {
            let mut m = ds
                .ann
                .mentions
                .get(mid)
                .cloned()
                .ok_or(EditError::Missing("mention"))?;
            m.entity = Some(id);
            commands.push(Command::PutMention { doc, mention: m });
        }
        self.run(
            Command::Batch {
                description: format!("create entity “{}”", name.trim()),
                commands,
            },
            Some(id),
        )
    }

    /// Renames an entity or changes its type.
    pub fn update_entity(
        &mut self,
        doc: Id,
        id: Id,
        name: &str,
        label: Id,
    ) -> Result<Outcome, EditError> {
        let mut e = self
            .doc(doc)?
            .ann
            .entities
            .get(&id)
            .cloned()
            .ok_or(EditError::Missing("entity"))?;
        e.name = name.trim().to_owned();
        e.label = label;
        self.run(Command::PutEntity { doc, entity: e }, None)
    }

    /// Merges entity `absorb` into `keep`: its mentions, quotes and stances move over,
    /// then `absorb` is deleted. One undo step.
    pub fn merge_entities(&mut self, doc: Id, keep: Id, absorb: Id) -> Result<Outcome, EditError> {
        if keep == absorb {
            return Err(EditError::Empty("choose two different entities"));
        }
        let ds = self.doc(doc)?;
        let keep_name = ds
            .ann
            .entities
            .get(&keep)
            .map(|e| e.name.clone())
            .ok_or(EditError::Missing("entity"))?;
        let absorb_name = ds
            .ann
            .entities
            .get(&absorb)
            .map(|e| e.name.clone())
            .ok_or(EditError::Missing("entity"))?;
        let mut commands = Vec::new();
        for m in ds
            .ann
            .mentions
            .values()
            .filter(|m| m.entity == Some(absorb))
        {
            let mut m = m.clone();
            m.entity = Some(keep);
            commands.push(Command::PutMention { doc, mention: m });
        }
        for q in ds
            .ann
            .quotes
            .values()
            .filter(|q| q.speaker == Some(Speaker::Entity(absorb)))
        {
            let mut q = q.clone();
            q.speaker = Some(Speaker::Entity(keep));
            commands.push(Command::PutQuote { doc, quote: q });
        }
        for s in ds.ann.stances.values() {
            let holder = s.holder == Some(absorb);
            let target = s.target == Some(StanceTarget::Entity(absorb));
            if holder || target {
                let mut s = s.clone();
                if holder {
                    s.holder = Some(keep);
                }
                if target {
                    s.target = Some(StanceTarget::Entity(keep));
                }
                commands.push(Command::PutStance { doc, stance: s });
            }
        }
        commands.push(Command::DeleteEntity { doc, id: absorb });
        self.run(
            Command::Batch {
                description: format!("merge “{absorb_name}” into “{keep_name}”"),
                commands,
            },
            None,
        )
    }

    /// Splits `mentions` off `entity` into a new entity named `name` (same type).
    pub fn split_entity(
        &mut self,
        doc: Id,
        entity: Id,
        mentions: &[Id],
        name: &str,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let label = self
            .doc(doc)?
            .ann
            .entities
            .get(&entity)
            .map(|e| e.label)
            .ok_or(EditError::Missing("entity"))?;
        let owned: Vec<Id> = mentions
            .iter()
            .copied()
            .filter(|m| {
                self.ws
                    .doc(doc)
                    .and_then(|d| d.ann.mentions.get(m))
                    .is_some_and(|m| m.entity == Some(entity))
            })
            .collect();
        if owned.is_empty() {
            return Err(EditError::Empty(
                "choose mentions of this entity to split off",
            ));
        }
        self.create_entity(doc, name, label, &owned, now_ms)
    }

    /// Removes an entity; its mentions stay but are ungrouped, and quotes, stances that
    /// refer to it lose that reference. One undo step.
    pub fn remove_entity(&mut self, doc: Id, id: Id) -> Result<Outcome, EditError> {
        let ds = self.doc(doc)?;
        let name = ds
            .ann
            .entities
            .get(&id)
            .map(|e| e.name.clone())
            .ok_or(EditError::Missing("entity"))?;
        let mut commands = Vec::new();
        for m in ds.ann.mentions.values().filter(|m| m.entity == Some(id)) {
            let mut m = m.clone();
            m.entity = None;
            commands.push(Command::PutMention { doc, mention: m });
        }
        for q in ds
            .ann
            .quotes
            .values()
            .filter(|q| q.speaker == Some(Speaker::Entity(id)))
        {
            let mut q = q.clone();
            q.speaker = None;
            commands.push(Command::PutQuote { doc, quote: q });
        }
        for s in ds.ann.stances.values() {
            if s.holder == Some(id) || s.target == Some(StanceTarget::Entity(id)) {
                let mut s = s.clone();
                if s.holder == Some(id) {
                    s.holder = None;
                }
                if s.target == Some(StanceTarget::Entity(id)) {
                    s.target = None;
                }
                commands.push(Command::PutStance { doc, stance: s });
            }
        }
        let n = commands.len();
        commands.push(Command::DeleteEntity { doc, id });
        self.run(
            Command::Batch {
                description: format!("remove entity “{name}” ({n} annotation(s) unlinked)"),
                commands,
            },
            None,
        )
    }

    /// Adds a quote.
    pub fn add_quote(
        &mut self,
        doc: Id,
        content: Span,
        cue: Option<Span>,
        speaker: Option<Speaker>,
        kind: QuoteKind,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let id = self.ws.new_id(now_ms);
        let quote = Quote {
            id,
            content,
            cue,
            speaker,
            kind,
            continues: None,
            meta: Meta::default(),
        };
        let cmd = Command::Batch {
            description: "add a quote".into(),
            commands: vec![Command::PutQuote { doc, quote }],
        };
        self.run(cmd, Some(id))
    }

    fn put_quote_with(
        &mut self,
        doc: Id,
        id: Id,
        description: &str,
        f: impl FnOnce(&mut Quote),
    ) -> Result<Outcome, EditError> {
        let mut q = self
            .doc(doc)?
            .ann
            .quotes
            .get(&id)
            .cloned()
            .ok_or(EditError::Missing("quote"))?;
        f(&mut q);
        self.run(
            Command::Batch {
                description: description.to_owned(),
                commands: vec![Command::PutQuote { doc, quote: q }],
            },
            None,
        )
    }

    /// Sets (or clears) a quote's speaker.
    pub fn link_speaker(
        &mut self,
        doc: Id,
        quote: Id,
        speaker: Option<Speaker>,
    ) -> Result<Outcome, EditError> {
        self.put_quote_with(doc, quote, "set the speaker", |q| q.speaker = speaker)
    }

    /// Sets (or clears) a quote's cue.
    pub fn set_cue(&mut self, doc: Id, quote: Id, cue: Option<Span>) -> Result<Outcome, EditError> {
        self.put_quote_with(doc, quote, "set the cue", |q| q.cue = cue)
    }

    /// Sets a quote's kind.
    pub fn set_quote_kind(
        &mut self,
        doc: Id,
        quote: Id,
        kind: QuoteKind,
    ) -> Result<Outcome, EditError> {
        self.put_quote_with(doc, quote, "set the quote kind", |q| q.kind = kind)
    }

    /// Marks `quote` as the continuation of `first` (speech over several paragraphs);
    /// it takes the first one's speaker.
    pub fn continue_quote(&mut self, doc: Id, quote: Id, first: Id) -> Result<Outcome, EditError> {
        let speaker = self
            .doc(doc)?
            .ann
            .quotes
            .get(&first)
            .map(|q| q.speaker)
            .ok_or(EditError::Missing("quote it continues"))?;
        self.put_quote_with(doc, quote, "continue a quote", |q| {
            q.continues = Some(first);
            q.speaker = speaker;
        })
    }

    /// Removes a quote; continuations are detached and stances lose it as evidence.
    pub fn remove_quote(&mut self, doc: Id, id: Id) -> Result<Outcome, EditError> {
        let ds = self.doc(doc)?;
        if !ds.ann.quotes.contains_key(&id) {
            return Err(EditError::Missing("quote"));
        }
        let mut commands = Vec::new();
        for q in ds.ann.quotes.values().filter(|q| q.continues == Some(id)) {
            let mut q = q.clone();
            q.continues = None;
            commands.push(Command::PutQuote { doc, quote: q });
        }
        for s in ds.ann.stances.values() {
            if s.evidence.contains(&Evidence::Quote { id }) {
                let mut s = s.clone();
                s.evidence.retain(|e| *e != Evidence::Quote { id });
                commands.push(Command::PutStance { doc, stance: s });
            }
        }
        let n = commands.len();
        commands.push(Command::DeleteQuote { doc, id });
        let mut description = "remove a quote".to_owned();
        if n > 0 {
            description.push_str(&format!(" ({n} annotation(s) unlinked)"));
        }
        self.run(
            Command::Batch {
                description,
                commands,
            },
            None,
        )
    }

    /// Adds a topic to a project (or returns the existing one of the same name).
    pub fn add_topic(&mut self, project: Id, name: &str, now_ms: u64) -> Result<Id, EditError> {
        let name = name.trim();
        let p = self.ws.project(project).ok_or(EditError::NoProject)?;
        if let Some(t) = p
            .topics
            .values()
            .find(|t| t.name.eq_ignore_ascii_case(name))
        {
            return Ok(t.id);
        }
        let id = self.ws.new_id(now_ms);
        self.run(
            Command::PutTopic {
                project,
                topic: Topic {
                    id,
                    name: name.to_owned(),
                },
            },
            Some(id),
        )?;
        Ok(id)
    }

    /// Adds a stance.
    pub fn add_stance(
        &mut self,
        doc: Id,
        holder: Option<Id>,
        target: Option<StanceTarget>,
        polarity: Polarity,
        evidence: Vec<Evidence>,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let id = self.ws.new_id(now_ms);
        let stance = Stance {
            id,
            holder,
            target,
            polarity,
            evidence,
            meta: Meta::default(),
        };
        self.run(
            Command::Batch {
                description: "add a stance".into(),
                commands: vec![Command::PutStance { doc, stance }],
            },
            Some(id),
        )
    }

    /// Replaces a stance's fields through `f` as one step.
    pub fn update_stance(
        &mut self,
        doc: Id,
        id: Id,
        description: &str,
        f: impl FnOnce(&mut Stance),
    ) -> Result<Outcome, EditError> {
        let mut s = self
            .doc(doc)?
            .ann
            .stances
            .get(&id)
            .cloned()
            .ok_or(EditError::Missing("stance"))?;
        f(&mut s);
        self.run(
            Command::Batch {
                description: description.to_owned(),
                commands: vec![Command::PutStance { doc, stance: s }],
            },
            None,
        )
    }

    /// Sets a stance's polarity.
    pub fn set_polarity(
        &mut self,
        doc: Id,
        id: Id,
        polarity: Polarity,
    ) -> Result<Outcome, EditError> {
        let d = format!("set the stance to {}", polarity.display_name());
        self.update_stance(doc, id, &d, |s| s.polarity = polarity)
    }

    /// Removes a stance.
    pub fn remove_stance(&mut self, doc: Id, id: Id) -> Result<Outcome, EditError> {
        self.run(Command::DeleteStance { doc, id }, None)
    }

    /// Sets or clears the note of any annotation.
    pub fn set_note(
        &mut self,
        doc: Id,
        target: AnnotationId,
        note: Option<String>,
    ) -> Result<Outcome, EditError> {
        let note = note.filter(|n| !n.trim().is_empty());
        self.update_meta(doc, target, "edit a note", |m| m.note = note)
    }

    /// Accepts a suggestion: it stays, marked as accepted.
    pub fn accept(&mut self, doc: Id, target: AnnotationId) -> Result<Outcome, EditError> {
        self.update_meta(doc, target, "accept a suggestion", |m| {
            if let Provenance::Suggested { accepted, .. } = &mut m.provenance {
                *accepted = true;
            }
        })
    }

    fn update_meta(
        &mut self,
        doc: Id,
        target: AnnotationId,
        description: &str,
        f: impl FnOnce(&mut Meta),
    ) -> Result<Outcome, EditError> {
        let ann = &self.doc(doc)?.ann;
        let cmd = match target {
            AnnotationId::Mention(id) => {
                let mut m = ann
                    .mentions
                    .get(&id)
                    .cloned()
                    .ok_or(EditError::Missing("mention"))?;
                f(&mut m.meta);
                Command::PutMention { doc, mention: m }
            }
            AnnotationId::Entity(id) => {
                let mut e = ann
                    .entities
                    .get(&id)
                    .cloned()
                    .ok_or(EditError::Missing("entity"))?;
                f(&mut e.meta);
                Command::PutEntity { doc, entity: e }
            }
            AnnotationId::Quote(id) => {
                let mut q = ann
                    .quotes
                    .get(&id)
                    .cloned()
                    .ok_or(EditError::Missing("quote"))?;
                f(&mut q.meta);
                Command::PutQuote { doc, quote: q }
            }
            AnnotationId::Stance(id) => {
                let mut s = ann
                    .stances
                    .get(&id)
                    .cloned()
                    .ok_or(EditError::Missing("stance"))?;
                f(&mut s.meta);
                Command::PutStance { doc, stance: s }
            }
        };
        self.run(
            Command::Batch {
                description: description.to_owned(),
                commands: vec![cmd],
            },
            None,
        )
    }

    /// Adds a label at the end of the palette.
    pub fn add_label(
        &mut self,
        project: Id,
        name: &str,
        color: &str,
        hotkey: Option<char>,
        description: &str,
        now_ms: u64,
    ) -> Result<Outcome, EditError> {
        let id = self.ws.new_id(now_ms);
        let label = Label {
            id,
            name: name.trim().to_owned(),
            color: Color::parse(color)?,
            hotkey,
            description: description.to_owned(),
        };
        self.run(
            Command::PutLabel {
                project,
                label,
                at: None,
            },
            Some(id),
        )
    }

    /// Renames, recolours or re-keys a label; annotations refer to it by id, so they
    /// follow a rename.
    pub fn update_label(&mut self, project: Id, label: Label) -> Result<Outcome, EditError> {
        self.run(
            Command::PutLabel {
                project,
                label,
                at: None,
            },
            None,
        )
    }

    /// Deletes a label; `on_use` says what happens to its annotations.
    pub fn delete_label(
        &mut self,
        project: Id,
        label: Id,
        on_use: LabelInUse,
    ) -> Result<Outcome, EditError> {
        let p = self.ws.project(project).ok_or(EditError::NoProject)?;
        let name = p
            .schema
            .get(label)
            .map(|l| l.name.clone())
            .ok_or(EditError::Missing("label"))?;
        let mut commands = Vec::new();
        let mut doc_ids = p.documents.clone();
        doc_ids.sort();
        for d in doc_ids {
            let Some(ds) = self.ws.doc(d) else { continue };
            let used_mentions: Vec<&Mention> = ds
                .ann
                .mentions
                .values()
                .filter(|m| m.label == label)
                .collect();
            let used_entities: Vec<&Entity> = ds
                .ann
                .entities
                .values()
                .filter(|e| e.label == label)
                .collect();
            if used_mentions.is_empty() && used_entities.is_empty() {
                continue;
            }
            match on_use {
                LabelInUse::Refuse => {
                    return Err(EditError::InUse {
                        what: "label",
                        count: used_mentions.len() + used_entities.len(),
                    })
                }
                LabelInUse::Reassign(to) => {
                    for m in used_mentions {
                        let mut m = m.clone();
                        m.label = to;
                        commands.push(Command::PutMention { doc: d, mention: m });
                    }
                    for e in used_entities {
                        let mut e = e.clone();
                        e.label = to;
                        commands.push(Command::PutEntity { doc: d, entity: e });
                    }
                }
                LabelInUse::DeleteAnnotations => {
                    // One updated copy per record, computed against all the mentions and
                    // entities that go (a stance may link two entities of this type). Quotes
                    // spoken by a deleted mention go to its entity if that one stays, as in
                    // `remove_mention`; then the mentions and entities are deleted.
                    let gone_m: Vec<Id> = used_mentions.iter().map(|m| m.id).collect();
                    let gone_e: Vec<Id> = used_entities.iter().map(|e| e.id).collect();
                    let stays = |e: &Option<Id>| e.filter(|e| !gone_e.contains(e));
                    for q in ds.ann.quotes.values() {
                        let speaker = match q.speaker {
                            Some(Speaker::Mention(m)) if gone_m.contains(&m) => ds
                                .ann
                                .mentions
                                .get(&m)
                                .and_then(|m| stays(&m.entity))
                                .map(Speaker::Entity),
                            Some(Speaker::Entity(e)) if gone_e.contains(&e) => None,
                            other => other,
                        };
                        if speaker != q.speaker {
                            let mut q = q.clone();
                            q.speaker = speaker;
                            commands.push(Command::PutQuote { doc: d, quote: q });
                        }
                    }
                    for m in ds.ann.mentions.values() {
                        if !gone_m.contains(&m.id) && stays(&m.entity) != m.entity {
                            let mut m = m.clone();
                            m.entity = None;
                            commands.push(Command::PutMention { doc: d, mention: m });
                        }
                    }
                    for s in ds.ann.stances.values() {
                        let holder = stays(&s.holder);
                        let target = match s.target {
                            Some(StanceTarget::Entity(e)) if gone_e.contains(&e) => None,
                            other => other,
                        };
                        if holder != s.holder || target != s.target {
                            let mut s = s.clone();
                            s.holder = holder;
                            s.target = target;
                            commands.push(Command::PutStance { doc: d, stance: s });
                        }
                    }
                    for id in gone_m {
                        commands.push(Command::DeleteMention { doc: d, id });
                    }
                    for id in gone_e {
                        commands.push(Command::DeleteEntity { doc: d, id });
                    }
                }
            }
        }
        commands.push(Command::DeleteLabel { project, id: label });
        self.run(
            Command::Batch {
                description: format!("delete label {name}"),
                commands,
            },
            None,
        )
    }

    /// Sets a document's status.
    pub fn set_status(&mut self, doc: Id, status: DocStatus) -> Result<Outcome, EditError> {
        self.run(Command::SetStatus { doc, status }, None)
    }

    /// Renames a document.
    pub fn rename_document(&mut self, doc: Id, title: &str) -> Result<Outcome, EditError> {
        self.run(
            Command::SetTitle {
                doc,
                title: title.trim().to_owned(),
            },
            None,
        )
    }

    /// Deletes a document (undoable while the history lasts).
    pub fn remove_document(&mut self, doc: Id) -> Result<Outcome, EditError> {
        self.run(Command::RemoveDocument { doc }, None)
    }
}

fn is_annotation_edit(cmd: &Command) -> bool {
    match cmd {
        Command::PutMention { .. }
        | Command::DeleteMention { .. }
        | Command::PutEntity { .. }
        | Command::DeleteEntity { .. }
        | Command::PutQuote { .. }
        | Command::DeleteQuote { .. }
        | Command::PutStance { .. }
        | Command::DeleteStance { .. } => true,
        Command::Batch { commands, .. } => commands.iter().any(is_annotation_edit),
        _ => false,
    }
}

/// True when `at` is a Unicode word boundary (UAX #29), so an occurrence starting or
/// ending there is a whole word — also in scripts without spaces (CJK).
fn is_word_edge(text: &str, at: usize, _before: bool) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    if at == 0 || at >= text.len() {
        return true;
    }
    // Line breaks are always word boundaries: segment only the line around `at`.
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[at..].find('\n').map(|i| at + i).unwrap_or(text.len());
    text[line_start..line_end]
        .split_word_bound_indices()
        .any(|(i, _)| line_start + i == at)
}
