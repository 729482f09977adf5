//! The one module that reads and writes browser storage.
//!
//! Layout (local storage, every key under the versioned prefix [`PREFIX`]):
//!
//! | key | value | written when |
//! | --- | --- | --- |
//! | `glossa:v2:workspace` | schema version and project ids, in order | a project is added or removed |
//! | `glossa:v2:project:<id>` | revision, name, label schema, topics, document order | its schema, topics or list change |
//! | `glossa:v2:project:<id>:review` | suggestions accepted / rejected per source | a suggestion is reviewed |
//! | `glossa:v2:doc:<id>:text` | the verbatim text, encoded ([`codec`]) | once, when the document is added |
//! | `glossa:v2:doc:<id>:ann:<n>` | chunk `n` of the annotations, encoded | one of its records changes |
//! | `glossa:v2:doc:<id>:meta` | revision, project, chunk count, title, status… | after every change of the document |
//! | `glossa:v2:kept:<key>` | the raw value of a damaged entry | when it was found damaged |
//! | `glossa:v2:last-backup` | time of the last full backup | a backup is downloaded |
//!
//! A document's records are spread over a power-of-two number of chunks by a hash of
//! their ids (about 64–128 records each), so one edit rewrites one chunk and the small
//! meta entry, whatever the size of the document or the corpus. Each document and
//! project carries a revision: before writing, the stored revision is compared with
//! the one this tab last saw, and a change made by another tab is merged record by
//! record instead of being overwritten. The open document and scroll positions go to
//! session storage. Data from version 1 (one entry per document's annotations, text
//! uncompressed) is migrated on load.

pub mod codec;
pub mod persist;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use persist::{Damage, FlushReport, LoadReport, Persistence, SyncReport};
pub use store::{MemoryStore, Store, QUOTA_UNITS};

use crate::model::ids::Id;

/// Prefix of every key; the number is the storage schema version.
pub const PREFIX: &str = "glossa:v2:";

/// The storage schema version written by this build.
pub const SCHEMA_VERSION: u32 = 2;

/// Prefix of the first layout's keys (migrated on load).
pub const V1_PREFIX: &str = "glossa:v1:";

/// Every key Glossa stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StorageKey {
    /// The workspace root: schema version and project ids.
    Workspace,
    /// One project: revision, name, schema, topics, document order.
    Project(Id),
    /// How many suggestions of each source were accepted and rejected in a project.
    ReviewLog(Id),
    /// A document's metadata, revision and chunk count.
    DocMeta(Id),
    /// A document's verbatim text.
    DocText(Id),
    /// One chunk of a document's annotations.
    DocChunk(Id, u32),
    /// When the last full backup was downloaded.
    LastBackup,
    /// Session storage: the open document.
    OpenDocument,
    /// Session storage: the article's scroll position in a document.
    ScrollPosition(Id),
}

impl StorageKey {
    /// The key string.
    pub fn key(self) -> String {
        match self {
            StorageKey::Workspace => format!("{PREFIX}workspace"),
            StorageKey::Project(id) => format!("{PREFIX}project:{id}"),
            StorageKey::ReviewLog(id) => format!("{PREFIX}project:{id}:review"),
            StorageKey::DocMeta(id) => format!("{PREFIX}doc:{id}:meta"),
            StorageKey::DocText(id) => format!("{PREFIX}doc:{id}:text"),
            StorageKey::DocChunk(id, n) => format!("{PREFIX}doc:{id}:ann:{n}"),
            StorageKey::LastBackup => format!("{PREFIX}last-backup"),
            StorageKey::OpenDocument => "glossa:session:open".into(),
            StorageKey::ScrollPosition(id) => format!("glossa:session:scroll:{id}"),
        }
    }

    /// The key a string names, if it is one of this version's local-storage keys.
    pub fn parse(key: &str) -> Option<StorageKey> {
        let rest = key.strip_prefix(PREFIX)?;
        if rest == "workspace" {
            return Some(StorageKey::Workspace);
        }
        if rest == "last-backup" {
            return Some(StorageKey::LastBackup);
        }
        let parts: Vec<&str> = rest.split(':').collect();
        match parts.as_slice() {
            ["project", id] => Some(StorageKey::Project(id.parse().ok()?)),
            ["project", id, "review"] => Some(StorageKey::ReviewLog(id.parse().ok()?)),
            ["doc", id, "meta"] => Some(StorageKey::DocMeta(id.parse().ok()?)),
            ["doc", id, "text"] => Some(StorageKey::DocText(id.parse().ok()?)),
            ["doc", id, "ann", n] => Some(StorageKey::DocChunk(id.parse().ok()?, n.parse().ok()?)),
            _ => None,
        }
    }
}

/// The key under which the raw value of a damaged entry is kept.
pub fn kept_key(original: &str) -> String {
    format!("{PREFIX}kept:{original}")
}

/// Prefix of the keys holding kept copies of damaged entries.
pub fn kept_prefix() -> String {
    format!("{PREFIX}kept:")
}

/// Why reading or writing storage failed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// Local storage is full.
    #[error("browser storage is full: your work stays on screen; export a backup, then delete documents you no longer need — saving resumes by itself")]
    Full,
    /// Local storage cannot be used (private mode, disabled by policy…).
    #[error("browser storage is not available ({0}); export your work to keep it")]
    Unavailable(String),
    /// A stored entry could not be read.
    #[error("the stored entry {key} is damaged ({reason})")]
    Corrupt {
        /// The key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// This tab must not write (data of a newer version, or a failed upgrade).
    #[error("{0}")]
    ReadOnly(String),
}
