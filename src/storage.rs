//! The one module that reads and writes browser storage.
//!
//! Layout (local storage, every key under the versioned prefix [`PREFIX`]):
//!
//! | key | value | written when |
//! | --- | --- | --- |
//! | `glossa:v1:workspace` | schema version and the project ids, in order | a project is added or removed |
//! | `glossa:v1:project:<id>` | name, label schema, topics, document order | its schema, topics or list change |
//! | `glossa:v1:doc:<id>:text` | the verbatim text | once, when the document is added |
//! | `glossa:v1:doc:<id>:meta` | title, source, status, times, annotator | its metadata changes |
//! | `glossa:v1:doc:<id>:ann` | the document's annotations | one of its annotations changes |
//! | `glossa:v1:project:<id>:review` | suggestions accepted / rejected per source | a suggestion is reviewed |
//!
//! Nothing shared across documents is rewritten on an annotation edit, so two tabs
//! editing different documents do not collide. The open document goes to session storage.
//! Large values are written with `LocalStorage::raw()` (no second JSON escaping).

use crate::model::annotations::Annotations;
use crate::model::commands::Touched;
use crate::model::document::{DocStatus, Document};
use crate::model::edit::Editor;
use crate::model::ids::Id;
use crate::model::workspace::{Project, Workspace};
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{Deserialize, Serialize};

/// Prefix of every key; the number is the storage schema version.
pub const PREFIX: &str = "glossa:v1:";

/// The storage schema version written by this build.
pub const SCHEMA_VERSION: u32 = 1;

/// Every key Glossa stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageKey {
    /// The workspace root: schema version and project ids.
    Workspace,
    /// One project: name, schema, topics, document order.
    Project(Id),
    /// A document's verbatim text.
    DocText(Id),
    /// A document's metadata.
    DocMeta(Id),
    /// A document's annotations.
    DocAnnotations(Id),
    /// Session storage: the open document.
    OpenDocument,
    /// Session storage: the article's scroll position in a document.
    ScrollPosition(Id),
    /// How many suggestions of each source were accepted and rejected in a project.
    ReviewLog(Id),
}

impl StorageKey {
    /// The key string.
    pub fn key(self) -> String {
        match self {
            StorageKey::Workspace => format!("{PREFIX}workspace"),
            StorageKey::Project(id) => format!("{PREFIX}project:{id}"),
            StorageKey::DocText(id) => format!("{PREFIX}doc:{id}:text"),
            StorageKey::DocMeta(id) => format!("{PREFIX}doc:{id}:meta"),
            StorageKey::DocAnnotations(id) => format!("{PREFIX}doc:{id}:ann"),
            StorageKey::OpenDocument => format!("{PREFIX}session:open"),
            StorageKey::ScrollPosition(id) => format!("{PREFIX}session:scroll:{id}"),
            StorageKey::ReviewLog(id) => format!("{PREFIX}project:{id}:review"),
        }
    }
}

/// Why reading or writing storage failed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// Local storage is full.
    #[error("browser storage is full: export your work, then delete documents you no longer need")]
    Full,
    /// Local storage cannot be used (private mode, disabled by policy…).
    #[error("browser storage is not available: {0}")]
    Unavailable(String),
    /// A stored entry could not be read.
    #[error("the stored entry {key} is damaged ({reason}); it was left untouched")]
    Corrupt {
        /// The key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Data written by a newer Glossa.
    #[error("this data was saved by a newer version of Glossa (storage version {0}); it is opened read-only")]
    Newer(u32),
}

#[derive(Serialize, Deserialize)]
struct WorkspaceRecord {
    version: u32,
    projects: Vec<Id>,
}

#[derive(Serialize, Deserialize)]
struct DocMetaRecord {
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

fn write(key: StorageKey, value: &str) -> Result<(), StorageError> {
    let storage = LocalStorage::raw();
    storage.set_item(&key.key(), value).map_err(|e| {
        let name = js_sys::Reflect::get(&e, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            StorageError::Full
        } else {
            StorageError::Unavailable(name)
        }
    })
}

fn read(key: StorageKey) -> Option<String> {
    LocalStorage::raw().get_item(&key.key()).ok().flatten()
}

fn read_json<T: for<'de> Deserialize<'de>>(key: StorageKey) -> Result<Option<T>, StorageError> {
    match read(key) {
        None => Ok(None),
        Some(s) => serde_json::from_str(&s)
            .map(Some)
            .map_err(|e| StorageError::Corrupt {
                key: key.key(),
                reason: e.to_string(),
            }),
    }
}

fn write_json<T: Serialize>(key: StorageKey, value: &T) -> Result<(), StorageError> {
    let s = serde_json::to_string(value).map_err(|e| StorageError::Corrupt {
        key: key.key(),
        reason: e.to_string(),
    })?;
    write(key, &s)
}

/// What loading found: the workspace (if any was stored) and problems with entries
/// that could not be read (they are left untouched in storage).
pub struct Loaded {
    /// The stored workspace, or `None` on a first start.
    pub workspace: Option<Workspace>,
    /// Entries that could not be read.
    pub problems: Vec<StorageError>,
}

/// Reads the whole workspace.
pub fn load(seed: u64) -> Loaded {
    let mut problems = Vec::new();
    let root: WorkspaceRecord = match read_json(StorageKey::Workspace) {
        Ok(Some(r)) => r,
        Ok(None) => {
            return Loaded {
                workspace: None,
                problems,
            }
        }
        Err(e) => {
            problems.push(e);
            return Loaded {
                workspace: None,
                problems,
            };
        }
    };
    if root.version > SCHEMA_VERSION {
        problems.push(StorageError::Newer(root.version));
    }
    let mut projects = Vec::new();
    let mut docs = Vec::new();
    for pid in root.projects {
        let project: Project = match read_json(StorageKey::Project(pid)) {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        for did in &project.documents {
            match load_doc(*did) {
                Ok(Some(d)) => docs.push(d),
                Ok(None) => {}
                Err(e) => problems.push(e),
            }
        }
        projects.push(project);
    }
    // Documents that could not be read are dropped from the in-memory lists only; their
    // stored entries stay as they are.
    let present: std::collections::HashSet<Id> = docs.iter().map(|(d, _)| d.id).collect();
    for p in &mut projects {
        p.documents.retain(|d| present.contains(d));
    }
    Loaded {
        workspace: Some(Workspace::from_parts(projects, docs, seed)),
        problems,
    }
}

fn load_doc(id: Id) -> Result<Option<(Document, Annotations)>, StorageError> {
    let Some(meta): Option<DocMetaRecord> = read_json(StorageKey::DocMeta(id))? else {
        return Ok(None);
    };
    let Some(text) = read(StorageKey::DocText(id)) else {
        return Err(StorageError::Corrupt {
            key: StorageKey::DocText(id).key(),
            reason: "the text is missing".into(),
        });
    };
    let ann: Annotations = read_json(StorageKey::DocAnnotations(id))?.unwrap_or_default();
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
    Ok(Some((doc, ann)))
}

fn save_root(ws: &Workspace) -> Result<(), StorageError> {
    write_json(
        StorageKey::Workspace,
        &WorkspaceRecord {
            version: SCHEMA_VERSION,
            projects: ws.projects.iter().map(|p| p.id).collect(),
        },
    )
}

fn save_doc_meta(doc: &Document) -> Result<(), StorageError> {
    write_json(
        StorageKey::DocMeta(doc.id),
        &DocMetaRecord {
            id: doc.id,
            title: doc.title.clone(),
            source: doc.source.clone(),
            status: doc.status,
            created_ms: doc.created_ms,
            modified_ms: doc.modified_ms,
            annotator: doc.annotator.clone(),
        },
    )
}

/// Writes everything (first start, or after an import of a whole workspace).
pub fn save_all(editor: &Editor) -> Result<(), StorageError> {
    let ws = &editor.ws;
    for p in &ws.projects {
        write_json(StorageKey::Project(p.id), p)?;
    }
    for ds in ws.docs() {
        write(StorageKey::DocText(ds.doc.id), &ds.doc.text)?;
        save_doc_meta(&ds.doc)?;
        write_json(StorageKey::DocAnnotations(ds.doc.id), &ds.ann)?;
    }
    save_root(ws)
}

/// Writes what one edit touched, and nothing else.
pub fn save_touched(editor: &Editor, touched: &Touched) -> Result<(), StorageError> {
    let ws = &editor.ws;
    for pid in &touched.projects {
        if let Some(p) = ws.project(*pid) {
            write_json(StorageKey::Project(p.id), p)?;
        }
    }
    for did in &touched.docs {
        match ws.doc(*did) {
            Some(ds) => {
                if touched.added_or_removed.contains(did) {
                    write(StorageKey::DocText(*did), &ds.doc.text)?;
                }
                save_doc_meta(&ds.doc)?;
                write_json(StorageKey::DocAnnotations(*did), &ds.ann)?;
            }
            None => {
                // Removed: the project list no longer names it; drop its entries.
                let s = LocalStorage::raw();
                for k in [
                    StorageKey::DocText(*did),
                    StorageKey::DocMeta(*did),
                    StorageKey::DocAnnotations(*did),
                ] {
                    let _ = s.remove_item(&k.key());
                }
                for p in &ws.projects {
                    write_json(StorageKey::Project(p.id), p)?;
                }
            }
        }
    }
    Ok(())
}

/// Remembers the open document for this tab (session storage).
pub fn save_open_document(doc: Id) {
    let _ = SessionStorage::set(StorageKey::OpenDocument.key(), doc.to_string());
}

/// The document this tab had open, if any.
pub fn open_document() -> Option<Id> {
    SessionStorage::get::<String>(StorageKey::OpenDocument.key())
        .ok()
        .and_then(|s| s.parse().ok())
}

/// Writes the whole workspace and removes the stored entries of documents and
/// projects it no longer has (after an import that replaced or merged the workspace).
pub fn replace_all(editor: &Editor) -> Result<(), StorageError> {
    save_all(editor)?;
    let ws = &editor.ws;
    let keep_docs: std::collections::HashSet<String> =
        ws.docs().map(|d| d.doc.id.to_string()).collect();
    let keep_projects: std::collections::HashSet<String> =
        ws.projects.iter().map(|p| p.id.to_string()).collect();
    let s = LocalStorage::raw();
    let n = s.length().unwrap_or(0);
    let mut stale = Vec::new();
    for i in 0..n {
        let Ok(Some(key)) = s.key(i) else { continue };
        let Some(rest) = key.strip_prefix(PREFIX) else {
            continue;
        };
        if let Some(doc) = rest.strip_prefix("doc:") {
            let id = doc.split(':').next().unwrap_or("");
            if !keep_docs.contains(id) {
                stale.push(key.clone());
            }
        } else if let Some(p) = rest.strip_prefix("project:") {
            let id = p.split(':').next().unwrap_or("");
            if !keep_projects.contains(id) {
                stale.push(key.clone());
            }
        }
    }
    for k in stale {
        let _ = s.remove_item(&k);
    }
    Ok(())
}

/// Remembers how far this tab has scrolled in a document (session storage).
pub fn save_scroll(doc: Id, top: i32) {
    let _ =
        SessionStorage::raw().set_item(&StorageKey::ScrollPosition(doc).key(), &top.to_string());
}

/// Where this tab was scrolled to in a document.
pub fn scroll_position(doc: Id) -> i32 {
    SessionStorage::raw()
        .get_item(&StorageKey::ScrollPosition(doc).key())
        .ok()
        .flatten()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Browser storage used by this origin, in UTF-16 units of keys plus values, and the
/// limit measured in Chromium (5,242,880 units).
pub fn usage() -> (usize, usize) {
    const LIMIT: usize = 5_242_880;
    let s = LocalStorage::raw();
    let n = s.length().unwrap_or(0);
    let mut used = 0;
    for i in 0..n {
        if let Ok(Some(k)) = s.key(i) {
            used += k.encode_utf16().count();
            if let Ok(Some(v)) = s.get_item(&k) {
                used += v.encode_utf16().count();
            }
        }
    }
    (used, LIMIT)
}

/// Review counts per suggestion source of a project: `source → (accepted, rejected)`.
/// Rejected suggestions are deleted from the document, so this log is what keeps the
/// precision of each source.
pub type ReviewLog = std::collections::BTreeMap<String, (usize, usize)>;

/// The review log of a project (empty if none was stored).
pub fn review_log(project: Id) -> ReviewLog {
    read_json(StorageKey::ReviewLog(project))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Adds reviewed suggestions to a project's log.
pub fn record_review(project: Id, sources: &[String], accepted: bool) -> Result<(), StorageError> {
    let mut log = review_log(project);
    for s in sources {
        let e = log.entry(s.clone()).or_default();
        if accepted {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    write_json(StorageKey::ReviewLog(project), &log)
}
