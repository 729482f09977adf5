//! Loading, saving, migrating and syncing the workspace over a [`Store`]: pure logic,
//! tested natively against [`super::MemoryStore`].

use super::codec::{decode, encode, encode_with, utf16_len, Effort};
use super::store::{Store, QUOTA_UNITS};
use super::{kept_key, kept_prefix, StorageError, StorageKey, PREFIX, SCHEMA_VERSION, V1_PREFIX};
use crate::model::annotations::Annotations;
use crate::model::commands::{History, Touched};
use crate::model::document::{DocStatus, Document};
use crate::model::ids::Id;
use crate::model::workspace::{Project, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Records per chunk a document aims at; a document gets more chunks (a power of two)
/// when its average passes this.
const RECORDS_PER_CHUNK: usize = 128;

#[derive(Serialize, Deserialize)]
struct RootRecord {
    version: u32,
    projects: Vec<Id>,
}

#[derive(Serialize, Deserialize)]
struct ProjectRecord {
    rev: u64,
    project: Project,
}

#[derive(Serialize, Deserialize, Clone)]
struct MetaRecord {
    id: Id,
    #[serde(default)]
    project: Option<Id>,
    #[serde(default)]
    rev: u64,
    #[serde(default = "one")]
    chunks: u32,
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    status: DocStatus,
    #[serde(default)]
    created_ms: u64,
    #[serde(default)]
    modified_ms: u64,
    #[serde(default)]
    annotator: String,
}

fn one() -> u32 {
    1
}

/// The first layout's document metadata.
#[derive(Deserialize)]
struct V1Meta {
    id: Id,
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    status: DocStatus,
    #[serde(default)]
    created_ms: u64,
    #[serde(default)]
    modified_ms: u64,
    #[serde(default)]
    annotator: String,
}

/// A stored entry that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    /// The title of the document it belongs to, when known.
    pub doc: Option<String>,
    /// The damaged key.
    pub key: String,
    /// Where its raw value is kept (`None` if it could not be copied: then the entry
    /// itself was left untouched and its document is not loaded).
    pub kept_as: Option<String>,
    /// What is wrong with it, and what was done.
    pub reason: String,
}

impl Damage {
    /// The message shown to the user.
    pub fn message(&self) -> String {
        let what = match &self.doc {
            Some(t) => format!("“{t}”"),
            None => format!("the entry {}", self.key),
        };
        let kept = if self.kept_as.is_some() {
            "its raw data is kept and can be downloaded"
        } else {
            "it was left untouched in storage"
        };
        format!(
            "Part of {what} could not be read ({}); {kept}.",
            self.reason
        )
    }
}

/// What loading found.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// The stored workspace, or `None` on a first start.
    pub workspace: Option<Workspace>,
    /// Entries that could not be read.
    pub damaged: Vec<Damage>,
    /// Messages for the status line (migration, read-only…).
    pub messages: Vec<String>,
}

/// What a flush did besides writing.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// Titles of documents that another tab had changed: its changes were merged in
    /// record by record, and this tab's undo steps for them were dropped.
    pub merged: Vec<String>,
}

/// What a sync from storage (another tab's writes) changed in this workspace.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Documents reloaded or added.
    pub changed: Vec<Id>,
    /// Documents removed.
    pub removed: Vec<Id>,
    /// Whether a project (schema, topics, list) changed.
    pub projects: bool,
    /// Storage now holds data of a newer version: this tab stops writing.
    pub newer: bool,
}

#[derive(Clone, Debug, Default)]
struct DocDirty {
    all: bool,
    meta: bool,
    records: BTreeSet<Id>,
}

#[derive(Clone, Debug, Default)]
struct Dirty {
    root: bool,
    projects: BTreeSet<Id>,
    docs: BTreeMap<Id, DocDirty>,
}

impl Dirty {
    fn is_empty(&self) -> bool {
        !self.root && self.projects.is_empty() && self.docs.is_empty()
    }
}

/// This tab's view of what is stored: revisions, chunk counts, unsaved changes and the
/// space used. One per tab; every write goes through it.
#[derive(Debug, Default)]
pub struct Persistence {
    dirty: Dirty,
    doc_revs: HashMap<Id, u64>,
    project_revs: HashMap<Id, u64>,
    chunks: HashMap<Id, u32>,
    texts: HashSet<Id>,
    units: HashMap<String, usize>,
    /// Why this tab must not write at all (data of a newer version, a failed upgrade).
    pub read_only: Option<String>,
}

/// The bucket of a record among `n` chunks (a power of two).
fn bucket(id: Id, n: u32) -> u32 {
    // SplitMix64's finaliser: ids share their time bits, so mix before taking bits.
    let mut z = id.0;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z % u64::from(n.max(1))) as u32
}

/// How many chunks `records` records want.
fn chunks_for(records: usize) -> u32 {
    let want = records.div_ceil(RECORDS_PER_CHUNK).max(1);
    want.next_power_of_two().min(1 << 16) as u32
}

/// The records of `ann` in the chunks `wanted` (of `n`), in one pass over the records.
fn chunks_of(ann: &Annotations, n: u32, wanted: &[u32]) -> Vec<(u32, Annotations)> {
    // Which slot of the result each bucket goes to (`None`: not wanted).
    let mut slot = vec![None; n as usize];
    for (i, b) in wanted.iter().enumerate() {
        slot[*b as usize] = Some(i);
    }
    let mut parts: Vec<(u32, Annotations)> = wanted
        .iter()
        .map(|b| (*b, Annotations::default()))
        .collect();
    fn spread<T: Clone>(
        from: &BTreeMap<Id, T>,
        n: u32,
        slot: &[Option<usize>],
        parts: &mut [(u32, Annotations)],
        field: fn(&mut Annotations) -> &mut BTreeMap<Id, T>,
    ) {
        for (k, v) in from {
            if let Some(i) = slot[bucket(*k, n) as usize] {
                field(&mut parts[i].1).insert(*k, v.clone());
            }
        }
    }
    spread(&ann.mentions, n, &slot, &mut parts, |a| &mut a.mentions);
    spread(&ann.entities, n, &slot, &mut parts, |a| &mut a.entities);
    spread(&ann.quotes, n, &slot, &mut parts, |a| &mut a.quotes);
    spread(&ann.stances, n, &slot, &mut parts, |a| &mut a.stances);
    parts
}

fn absorb(into: &mut Annotations, part: Annotations) {
    into.mentions.extend(part.mentions);
    into.entities.extend(part.entities);
    into.quotes.extend(part.quotes);
    into.stances.extend(part.stances);
}

/// Puts this workspace's version of record `id` (or its absence) into `ann`.
fn take_record(ann: &mut Annotations, ours: &Annotations, id: Id) {
    fn take<T: Clone>(to: &mut BTreeMap<Id, T>, from: &BTreeMap<Id, T>, id: Id) {
        match from.get(&id) {
            Some(v) => {
                to.insert(id, v.clone());
            }
            None => {
                to.remove(&id);
            }
        }
    }
    take(&mut ann.mentions, &ours.mentions, id);
    take(&mut ann.entities, &ours.entities, id);
    take(&mut ann.quotes, &ours.quotes, id);
    take(&mut ann.stances, &ours.stances, id);
}

fn meta_of(doc: &Document, project: Option<Id>, rev: u64, chunks: u32) -> MetaRecord {
    MetaRecord {
        id: doc.id,
        project,
        rev,
        chunks,
        title: doc.title.clone(),
        source: doc.source.clone(),
        status: doc.status,
        created_ms: doc.created_ms,
        modified_ms: doc.modified_ms,
        annotator: doc.annotator.clone(),
    }
}

fn document_of(meta: &MetaRecord, text: String) -> Document {
    Document {
        id: meta.id,
        title: meta.title.clone(),
        source: meta.source.clone(),
        text,
        status: meta.status,
        created_ms: meta.created_ms,
        modified_ms: meta.modified_ms,
        annotator: meta.annotator.clone(),
    }
}

/// A document read from storage, or why it could not be.
struct StoredDoc {
    meta: MetaRecord,
    doc: Document,
    ann: Annotations,
    /// Chunks that were damaged (kept and to be rewritten).
    damaged_chunks: Vec<u32>,
}

impl Persistence {
    /// Storage used (UTF-16 units of keys plus values, all keys of the origin) and
    /// Chromium's limit.
    pub fn usage(&self) -> (usize, usize) {
        (self.units.values().sum(), QUOTA_UNITS)
    }

    /// Whether changes are waiting to be written (after a failed write).
    pub fn has_unsaved(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Records another tab's write of `key` (for the usage figure).
    pub fn note_external(&mut self, key: &str, value_units: Option<usize>) {
        match value_units {
            Some(v) => {
                self.units.insert(key.to_owned(), utf16_len(key) + v);
            }
            None => {
                self.units.remove(key);
            }
        }
    }

    fn put<S: Store>(&mut self, store: &mut S, key: &str, value: &str) -> Result<(), StorageError> {
        store.set(key, value)?;
        self.units
            .insert(key.to_owned(), utf16_len(key) + utf16_len(value));
        Ok(())
    }

    fn del<S: Store>(&mut self, store: &mut S, key: &str) {
        store.remove(key);
        self.units.remove(key);
    }

    /// Measures the space used by every key again (after storage was found full: other
    /// programs or tabs may have written what this tab did not hear of).
    pub fn measure_all<S: Store>(&mut self, store: &S) {
        self.units.clear();
        for k in store.keys() {
            let v = store.value_units(&k).unwrap_or(0);
            self.units.insert(k.clone(), utf16_len(&k) + v);
        }
    }

    /// Copies a damaged entry's raw value under its kept key (unless read-only).
    fn keep<S: Store>(&mut self, store: &mut S, key: &str, raw: &str) -> Option<String> {
        if self.read_only.is_some() {
            return None;
        }
        let kept = kept_key(key);
        if store.get(&kept).as_deref() == Some(raw) {
            return Some(kept);
        }
        self.put(store, &kept, raw).ok().map(|_| kept)
    }

    /// Reads the whole workspace, migrating the first layout if that is what is stored.
    pub fn load<S: Store>(store: &mut S, seed: u64) -> (Persistence, LoadReport) {
        let mut p = Persistence::default();
        p.measure_all(store);
        let mut report = LoadReport::default();
        let keys = store.keys();
        let root_key = StorageKey::Workspace.key();
        let root: Option<RootRecord> = match store.get(&root_key) {
            None => None,
            Some(raw) => match serde_json::from_str::<RootRecord>(&raw) {
                Ok(r) => Some(r),
                Err(e) => {
                    let kept_as = p.keep(store, &root_key, &raw);
                    report.damaged.push(Damage {
                        doc: None,
                        key: root_key.clone(),
                        kept_as,
                        reason: e.to_string(),
                    });
                    p.dirty.root = true;
                    None
                }
            },
        };
        if let Some(r) = &root {
            if r.version > SCHEMA_VERSION {
                p.read_only = Some(format!(
                    "This data was saved by a newer version of Glossa (storage version {}). It is shown read-only and will not be changed; open it with the newer version.",
                    r.version
                ));
            }
        }
        // The first layout's keys are removed only after a complete migration, so while
        // its root is there (and this layout's is not) the migration has not finished.
        if store.get(&root_key).is_none() && store.get(&format!("{V1_PREFIX}workspace")).is_some() {
            return p.migrate_v1(store, seed, report);
        }
        let has_v2 = keys.iter().any(|k| StorageKey::parse(k).is_some());
        if root.is_none() && !has_v2 {
            return (p, report);
        }

        // Projects: the root's order, then any project found by its key (a lost root
        // is rebuilt from them).
        let mut order: Vec<Id> = root
            .as_ref()
            .map(|r| r.projects.clone())
            .unwrap_or_default();
        let mut metas = Vec::new();
        for k in &keys {
            match StorageKey::parse(k) {
                Some(StorageKey::Project(id)) if !order.contains(&id) => order.push(id),
                Some(StorageKey::DocMeta(id)) => metas.push(id),
                _ => {}
            }
        }
        let mut projects = Vec::new();
        let mut broken_projects = HashSet::new();
        for pid in order {
            let key = StorageKey::Project(pid).key();
            let Some(raw) = store.get(&key) else {
                continue;
            };
            match serde_json::from_str::<ProjectRecord>(&raw) {
                Ok(r) => {
                    p.project_revs.insert(pid, r.rev);
                    projects.push(r.project);
                }
                Err(e) => {
                    let kept_as = p.keep(store, &key, &raw);
                    report.damaged.push(Damage {
                        doc: None,
                        key,
                        kept_as,
                        reason: format!(
                            "{e}; the project's documents are left in storage unchanged"
                        ),
                    });
                    broken_projects.insert(pid);
                }
            }
        }
        let mut docs = Vec::new();
        for did in metas {
            let Some(stored) = p.read_doc(store, did, &mut report.damaged) else {
                continue;
            };
            let Some(pid) = stored.meta.project.or_else(|| {
                projects
                    .iter()
                    .find(|pr| pr.documents.contains(&did))
                    .map(|pr| pr.id)
            }) else {
                continue;
            };
            if broken_projects.contains(&pid) {
                continue;
            }
            let Some(project) = projects.iter_mut().find(|pr| pr.id == pid) else {
                report.damaged.push(Damage {
                    doc: Some(stored.meta.title.clone()),
                    key: StorageKey::DocMeta(did).key(),
                    kept_as: None,
                    reason: "its project is missing from storage; the document is left as it is"
                        .into(),
                });
                continue;
            };
            if !project.documents.contains(&did) {
                project.documents.push(did);
            }
            p.doc_revs.insert(did, stored.meta.rev);
            p.chunks.insert(did, stored.meta.chunks);
            p.texts.insert(did);
            if !stored.damaged_chunks.is_empty() {
                // The raw data is kept: rewrite the chunks from what could be read.
                p.dirty.docs.entry(did).or_default().all = true;
            }
            docs.push((stored.doc, stored.ann));
        }
        let present: HashSet<Id> = docs.iter().map(|(d, _)| d.id).collect();
        for pr in &mut projects {
            pr.documents.retain(|d| present.contains(d));
        }
        if p.read_only.is_some() {
            p.dirty = Dirty::default();
        }
        report.workspace = Some(Workspace::from_parts(projects, docs, seed));
        (p, report)
    }

    /// Reads one document; damaged parts are kept and reported.
    fn read_doc<S: Store>(
        &mut self,
        store: &mut S,
        id: Id,
        damaged: &mut Vec<Damage>,
    ) -> Option<StoredDoc> {
        self.read_doc_with(store, id, damaged, None)
    }

    /// Reads one document; `known_text` is its text when already in memory (a text is
    /// written once and never changes, so it need not be decoded again).
    fn read_doc_with<S: Store>(
        &mut self,
        store: &mut S,
        id: Id,
        damaged: &mut Vec<Damage>,
        known_text: Option<String>,
    ) -> Option<StoredDoc> {
        let meta_key = StorageKey::DocMeta(id).key();
        let raw = store.get(&meta_key)?;
        let meta: MetaRecord = match serde_json::from_str(&raw) {
            Ok(m) => m,
            Err(e) => {
                let kept_as = self.keep(store, &meta_key, &raw);
                damaged.push(Damage {
                    doc: None,
                    key: meta_key,
                    kept_as,
                    reason: format!("{e}; the document is not shown"),
                });
                return None;
            }
        };
        let text_key = StorageKey::DocText(id).key();
        let stored_text = match known_text {
            Some(t) => Some((Ok(t), String::new())),
            None => store.get(&text_key).map(|raw| (decode(&raw), raw)),
        };
        let text = match stored_text {
            Some((Ok(t), _)) => t,
            Some((Err(e), raw)) => {
                let kept_as = self.keep(store, &text_key, &raw);
                damaged.push(Damage {
                    doc: Some(meta.title.clone()),
                    key: text_key,
                    kept_as,
                    reason: format!("its text: {e}; the document is not shown"),
                });
                return None;
            }
            None => {
                damaged.push(Damage {
                    doc: Some(meta.title.clone()),
                    key: text_key,
                    kept_as: None,
                    reason: "its text is missing; the document is not shown".into(),
                });
                return None;
            }
        };
        let mut ann = Annotations::default();
        let mut damaged_chunks = Vec::new();
        for n in 0..meta.chunks {
            let key = StorageKey::DocChunk(id, n).key();
            let Some(raw) = store.get(&key) else { continue };
            let part = decode(&raw)
                .map_err(|e| e.to_string())
                .and_then(|s| serde_json::from_str::<Annotations>(&s).map_err(|e| e.to_string()));
            match part {
                Ok(part) => absorb(&mut ann, part),
                Err(reason) => {
                    let kept_as = self.keep(store, &key, &raw);
                    if kept_as.is_none() {
                        // Could not keep a copy: leave the whole document untouched.
                        damaged.push(Damage {
                            doc: Some(meta.title.clone()),
                            key,
                            kept_as: None,
                            reason: format!("annotations: {reason}; the document is not shown"),
                        });
                        return None;
                    }
                    damaged.push(Damage {
                        doc: Some(meta.title.clone()),
                        key,
                        kept_as,
                        reason: format!("some annotations: {reason}"),
                    });
                    damaged_chunks.push(n);
                }
            }
        }
        let doc = document_of(&meta, text);
        Some(StoredDoc {
            meta,
            doc,
            ann,
            damaged_chunks,
        })
    }

    /// Reads the first layout and rewrites it in this one; the old entries are removed
    /// only once everything new is written.
    fn migrate_v1<S: Store>(
        mut self,
        store: &mut S,
        seed: u64,
        mut report: LoadReport,
    ) -> (Persistence, LoadReport) {
        let v1 = |rest: String| format!("{V1_PREFIX}{rest}");
        let root: Option<RootRecord> = store
            .get(&v1("workspace".into()))
            .and_then(|r| serde_json::from_str(&r).ok());
        let Some(root) = root else {
            return (self, report);
        };
        let mut projects: Vec<Project> = Vec::new();
        let mut docs = Vec::new();
        for pid in root.projects {
            let key = v1(format!("project:{pid}"));
            let Some(raw) = store.get(&key) else { continue };
            let project: Project = match serde_json::from_str(&raw) {
                Ok(p) => p,
                Err(e) => {
                    report.damaged.push(Damage {
                        doc: None,
                        key,
                        kept_as: None,
                        reason: format!("{e}; left untouched"),
                    });
                    continue;
                }
            };
            let mut present = Vec::new();
            for did in &project.documents {
                let meta_key = v1(format!("doc:{did}:meta"));
                let text_key = v1(format!("doc:{did}:text"));
                let ann_key = v1(format!("doc:{did}:ann"));
                let meta: Option<V1Meta> = store
                    .get(&meta_key)
                    .and_then(|r| serde_json::from_str(&r).ok());
                let text = store.get(&text_key);
                let (Some(meta), Some(text)) = (meta, text) else {
                    report.damaged.push(Damage {
                        doc: None,
                        key: meta_key,
                        kept_as: None,
                        reason: "a document of the old layout could not be read; left untouched"
                            .into(),
                    });
                    continue;
                };
                let ann = match store.get(&ann_key) {
                    None => Annotations::default(),
                    Some(raw) => match serde_json::from_str(&raw) {
                        Ok(a) => a,
                        Err(e) => {
                            let kept_as = self.keep(store, &ann_key, &raw);
                            report.damaged.push(Damage {
                                doc: Some(meta.title.clone()),
                                key: ann_key,
                                kept_as,
                                reason: e.to_string(),
                            });
                            Annotations::default()
                        }
                    },
                };
                let doc = Document {
                    id: meta.id,
                    title: meta.title,
                    source: meta.source,
                    text,
                    status: meta.status,
                    created_ms: meta.created_ms,
                    modified_ms: meta.modified_ms,
                    annotator: meta.annotator,
                };
                present.push(*did);
                docs.push((doc, ann));
            }
            let mut project = project;
            project.documents = present;
            projects.push(project);
        }
        let mut ws = Workspace::from_parts(projects, docs, seed);
        let reviews: Vec<(Id, String)> = ws
            .projects
            .iter()
            .filter_map(|p| {
                store
                    .get(&v1(format!("project:{}:review", p.id)))
                    .map(|r| (p.id, r))
            })
            .collect();
        let mut history = History::default();
        self.mark_everything(&ws);
        let written = self.flush(store, &mut ws, &mut history).and_then(|_| {
            for (pid, raw) in &reviews {
                self.put(store, &StorageKey::ReviewLog(*pid).key(), raw)?;
            }
            Ok(())
        });
        match written {
            Ok(()) => {
                for k in store.keys() {
                    if k.starts_with(V1_PREFIX) {
                        self.del(store, &k);
                    }
                }
                report
                    .messages
                    .push("Stored data was upgraded to the current storage layout.".into());
            }
            Err(e) => {
                // Leave the old layout as it was and remove what was written of the new.
                for k in store.keys() {
                    if k.starts_with(PREFIX) && !k.starts_with(&kept_prefix()) {
                        self.del(store, &k);
                    }
                }
                self.dirty = Dirty::default();
                self.read_only = Some(format!(
                    "Stored data could not be upgraded ({e}). It is shown read-only; export it to keep a copy."
                ));
            }
        }
        report.workspace = Some(ws);
        (self, report)
    }

    fn mark_everything(&mut self, ws: &Workspace) {
        self.dirty.root = true;
        for p in &ws.projects {
            self.dirty.projects.insert(p.id);
        }
        for d in ws.docs() {
            self.dirty.docs.entry(d.doc.id).or_default().all = true;
        }
    }

    /// Notes what an edit touched; [`Persistence::flush`] writes it.
    pub fn mark(&mut self, t: &Touched) {
        if self.read_only.is_some() {
            return;
        }
        for p in &t.projects {
            self.dirty.projects.insert(*p);
            self.dirty.root = true;
        }
        if t.containing_project_of_removed {
            // The command does not say which project held the document.
            self.dirty.root = true;
            self.dirty.projects.insert(Id(0));
        }
        for d in &t.docs {
            self.dirty.docs.entry(*d).or_default();
        }
        for d in &t.added_or_removed {
            self.dirty.docs.entry(*d).or_default().all = true;
        }
        for d in &t.meta {
            self.dirty.docs.entry(*d).or_default().meta = true;
        }
        for (d, r) in &t.records {
            self.dirty.docs.entry(*d).or_default().records.insert(*r);
        }
    }

    /// Marks the whole workspace for writing, and forgets stored documents and projects
    /// it no longer has (after an import that replaced or merged the workspace).
    pub fn mark_replaced<S: Store>(&mut self, store: &mut S, ws: &Workspace) {
        if self.read_only.is_some() {
            return;
        }
        self.mark_everything(ws);
        for k in store.keys() {
            match StorageKey::parse(&k) {
                Some(StorageKey::DocMeta(id)) if ws.doc(id).is_none() => {
                    self.dirty.docs.entry(id).or_default().all = true;
                }
                Some(StorageKey::Project(id)) if ws.project(id).is_none() => {
                    self.dirty.projects.insert(id);
                }
                _ => {}
            }
        }
    }

    /// Marks what differs between the workspace before and after a replacement (an
    /// import): documents added, removed or changed, and projects whose record changed.
    pub fn mark_changed(&mut self, old: &Workspace, new: &Workspace) {
        if self.read_only.is_some() {
            return;
        }
        for d in new.docs() {
            if old.doc(d.doc.id) != Some(d) {
                self.dirty.docs.entry(d.doc.id).or_default().all = true;
            }
        }
        for d in old.docs() {
            if new.doc(d.doc.id).is_none() {
                self.dirty.docs.entry(d.doc.id).or_default().all = true;
            }
        }
        for p in &new.projects {
            if old.project(p.id) != Some(p) {
                self.dirty.projects.insert(p.id);
            }
        }
        for p in &old.projects {
            if new.project(p.id).is_none() {
                self.dirty.projects.insert(p.id);
            }
        }
        let ids = |ws: &Workspace| ws.projects.iter().map(|p| p.id).collect::<Vec<_>>();
        if ids(old) != ids(new) {
            self.dirty.root = true;
        }
    }

    /// Writes everything marked. On failure what is not yet written stays marked, so a
    /// later call (after space was freed) writes it; nothing in memory is lost.
    pub fn flush<S: Store>(
        &mut self,
        store: &mut S,
        ws: &mut Workspace,
        history: &mut History,
    ) -> Result<FlushReport, StorageError> {
        if let Some(why) = &self.read_only {
            return Err(StorageError::ReadOnly(why.clone()));
        }
        let mut report = FlushReport::default();
        if self.dirty.projects.remove(&Id(0)) {
            self.dirty.projects.extend(ws.projects.iter().map(|p| p.id));
        }
        let docs: Vec<Id> = self.dirty.docs.keys().copied().collect();
        for did in docs {
            self.flush_doc(store, ws, history, did, &mut report)?;
            self.dirty.docs.remove(&did);
        }
        let projects: Vec<Id> = self.dirty.projects.iter().copied().collect();
        for pid in projects {
            self.flush_project(store, ws, pid)?;
            self.dirty.projects.remove(&pid);
        }
        if self.dirty.root {
            let root = RootRecord {
                version: SCHEMA_VERSION,
                projects: ws.projects.iter().map(|p| p.id).collect(),
            };
            let json = serde_json::to_string(&root).unwrap_or_default();
            self.put(store, &StorageKey::Workspace.key(), &json)?;
            self.dirty.root = false;
        }
        Ok(report)
    }

    fn stored_meta<S: Store>(store: &S, id: Id) -> Option<MetaRecord> {
        store
            .get(&StorageKey::DocMeta(id).key())
            .and_then(|r| serde_json::from_str(&r).ok())
    }

    fn flush_doc<S: Store>(
        &mut self,
        store: &mut S,
        ws: &mut Workspace,
        history: &mut History,
        did: Id,
        report: &mut FlushReport,
    ) -> Result<(), StorageError> {
        let stored = Self::stored_meta(store, did);
        if ws.doc(did).is_none() {
            let n = stored
                .as_ref()
                .map(|m| m.chunks)
                .or_else(|| self.chunks.get(&did).copied())
                .unwrap_or(0);
            self.del(store, &StorageKey::DocMeta(did).key());
            self.del(store, &StorageKey::DocText(did).key());
            for b in 0..n {
                self.del(store, &StorageKey::DocChunk(did, b).key());
            }
            self.doc_revs.remove(&did);
            self.chunks.remove(&did);
            self.texts.remove(&did);
            return Ok(());
        }
        let mut dd = self.dirty.docs.get(&did).cloned().unwrap_or_default();
        let known = self.doc_revs.get(&did).copied();
        let mut stored_chunks = stored.as_ref().map(|m| m.chunks);
        let base_rev = stored.as_ref().map_or(0, |m| m.rev);
        if let Some(stored) = &stored {
            if known != Some(stored.rev) && !dd.all {
                // Another tab saved this document since we read it: take its version
                // and put ours on top, record by record.
                let mut none = Vec::new();
                let known = ws.doc(did).map(|d| d.doc.text.clone());
                if let Some(theirs) = self.read_doc_with(store, did, &mut none, known) {
                    let ours = ws.doc(did).map(|d| (d.doc.clone(), d.ann.clone()));
                    if let Some((our_doc, our_ann)) = ours {
                        let mut ann = theirs.ann;
                        for r in &dd.records {
                            take_record(&mut ann, &our_ann, *r);
                        }
                        let doc = if dd.meta { our_doc } else { theirs.doc };
                        report.merged.push(doc.title.clone());
                        ws.put_stored_doc(doc, ann);
                        history.forget_doc(did);
                    }
                }
            } else if known != Some(stored.rev) {
                // Ours is a new document with the same id: write it whole.
                dd.all = true;
            }
        } else {
            dd.all = true;
            stored_chunks = None;
        }
        let Some(ds) = ws.doc(did) else {
            return Ok(());
        };
        if !self.texts.contains(&did) {
            self.put(
                store,
                &StorageKey::DocText(did).key(),
                &encode(&ds.doc.text),
            )?;
            self.texts.insert(did);
        }
        let current = stored_chunks.or_else(|| self.chunks.get(&did).copied());
        let wanted = chunks_for(ds.ann.count());
        let (n, rewrite): (u32, Vec<u32>) = match current {
            Some(c) if !dd.all && wanted <= c => {
                let mut bs: Vec<u32> = dd.records.iter().map(|r| bucket(*r, c)).collect();
                bs.sort_unstable();
                bs.dedup();
                (c, bs)
            }
            _ => (wanted, (0..wanted).collect()),
        };
        let parts = chunks_of(&ds.ann, n, &rewrite);
        for (b, part) in parts {
            let json = serde_json::to_string(&part).unwrap_or_default();
            let value = encode_with(&json, Effort::Small);
            self.put(store, &StorageKey::DocChunk(did, b).key(), &value)?;
        }
        let project = ws.project_of(did).map(|p| p.id);
        let rev = base_rev + 1;
        let meta = meta_of(&ds.doc, project, rev, n);
        let json = serde_json::to_string(&meta).unwrap_or_default();
        self.put(store, &StorageKey::DocMeta(did).key(), &json)?;
        if let Some(old) = current {
            for b in n..old {
                self.del(store, &StorageKey::DocChunk(did, b).key());
            }
        }
        self.doc_revs.insert(did, rev);
        self.chunks.insert(did, n);
        Ok(())
    }

    fn flush_project<S: Store>(
        &mut self,
        store: &mut S,
        ws: &mut Workspace,
        pid: Id,
    ) -> Result<(), StorageError> {
        let key = StorageKey::Project(pid).key();
        let Some(ours) = ws.project(pid).cloned() else {
            self.del(store, &key);
            self.del(store, &StorageKey::ReviewLog(pid).key());
            self.project_revs.remove(&pid);
            return Ok(());
        };
        let stored: Option<ProjectRecord> =
            store.get(&key).and_then(|r| serde_json::from_str(&r).ok());
        let mut project = ours;
        let rev = stored.as_ref().map_or(0, |s| s.rev) + 1;
        if let Some(s) = &stored {
            if self.project_revs.get(&pid) != Some(&s.rev) {
                // Another tab changed the list: keep the documents it added that are
                // stored and that this tab does not know.
                for d in &s.project.documents {
                    if !project.documents.contains(d)
                        && ws.doc(*d).is_none()
                        && store.get(&StorageKey::DocMeta(*d).key()).is_some()
                    {
                        project.documents.push(*d);
                    }
                }
            }
        }
        let json = serde_json::to_string(&ProjectRecord {
            rev,
            project: project.clone(),
        })
        .unwrap_or_default();
        self.put(store, &key, &json)?;
        self.project_revs.insert(pid, rev);
        Ok(())
    }

    /// Writes a project's review log.
    pub fn put_review_log<S: Store>(
        &mut self,
        store: &mut S,
        project: Id,
        json: &str,
    ) -> Result<(), StorageError> {
        if let Some(why) = &self.read_only {
            return Err(StorageError::ReadOnly(why.clone()));
        }
        self.put(store, &StorageKey::ReviewLog(project).key(), json)
    }

    /// Brings in what another tab wrote under `keys` (its documents' meta entries and
    /// projects: a tab writes a document's chunks before its meta entry, so the meta
    /// entry's arrival means the document is complete).
    pub fn sync<S: Store>(
        &mut self,
        store: &mut S,
        ws: &mut Workspace,
        history: &mut History,
        keys: &[String],
    ) -> SyncReport {
        let mut report = SyncReport::default();
        let mut docs = BTreeSet::new();
        for k in keys {
            match StorageKey::parse(k) {
                Some(StorageKey::Workspace) => {
                    let version = store
                        .get(k)
                        .and_then(|r| serde_json::from_str::<RootRecord>(&r).ok())
                        .map(|r| r.version);
                    if version.is_some_and(|v| v > SCHEMA_VERSION) {
                        self.read_only = Some(
                            "A newer version of Glossa has changed the stored data in another tab. This tab is read-only now; reload it with the newer version.".into(),
                        );
                        report.newer = true;
                    }
                }
                Some(StorageKey::Project(pid)) => {
                    if self.dirty.projects.contains(&pid) {
                        continue;
                    }
                    let Some(rec) = store
                        .get(k)
                        .and_then(|r| serde_json::from_str::<ProjectRecord>(&r).ok())
                    else {
                        continue;
                    };
                    if self.project_revs.get(&pid) == Some(&rec.rev) {
                        continue;
                    }
                    self.project_revs.insert(pid, rec.rev);
                    let mut project = rec.project;
                    // Keep documents this tab knows but the other tab's list lacks only
                    // if they are still stored (added here meanwhile).
                    if let Some(mine) = ws.project(pid) {
                        for d in &mine.documents {
                            if !project.documents.contains(d)
                                && store.get(&StorageKey::DocMeta(*d).key()).is_some()
                            {
                                project.documents.push(*d);
                            }
                        }
                    }
                    for d in &project.documents {
                        if ws.doc(*d).is_none() {
                            docs.insert(*d);
                        }
                    }
                    ws.put_stored_project(project);
                    report.projects = true;
                }
                Some(StorageKey::DocMeta(did)) => {
                    docs.insert(did);
                }
                _ => {}
            }
        }
        for did in docs {
            if self.dirty.docs.contains_key(&did) {
                continue;
            }
            let stored = Self::stored_meta(store, did);
            match stored {
                None => {
                    if ws.doc(did).is_some() {
                        ws.drop_stored_doc(did);
                        history.forget_doc(did);
                        self.doc_revs.remove(&did);
                        self.chunks.remove(&did);
                        self.texts.remove(&did);
                        report.removed.push(did);
                    }
                }
                Some(meta) if self.doc_revs.get(&did) != Some(&meta.rev) => {
                    let mut damaged = Vec::new();
                    let known = ws.doc(did).map(|d| d.doc.text.clone());
                    let Some(theirs) = self.read_doc_with(store, did, &mut damaged, known) else {
                        continue;
                    };
                    let pid = theirs.meta.project;
                    self.doc_revs.insert(did, theirs.meta.rev);
                    self.chunks.insert(did, theirs.meta.chunks);
                    self.texts.insert(did);
                    ws.put_stored_doc(theirs.doc, theirs.ann);
                    history.forget_doc(did);
                    if let Some(pid) = pid {
                        if ws.project_of(did).is_none() {
                            if let Some(mut p) = ws.project(pid).cloned() {
                                p.documents.push(did);
                                ws.put_stored_project(p);
                                report.projects = true;
                            }
                        }
                    }
                    report.changed.push(did);
                }
                Some(_) => {}
            }
        }
        report
    }
}
