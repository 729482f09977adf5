//! Documents: the verbatim text of one article and its metadata.

use super::ids::Id;
use serde::{Deserialize, Serialize};

/// Where a document is in the annotation workflow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Not started.
    #[default]
    Todo,
    /// Someone has started annotating it.
    InProgress,
    /// The annotator has finished it.
    Done,
    /// A reviewer has checked it.
    Reviewed,
}

impl DocStatus {
    /// All statuses, in workflow order.
    pub const ALL: [DocStatus; 4] = [
        DocStatus::Todo,
        DocStatus::InProgress,
        DocStatus::Done,
        DocStatus::Reviewed,
    ];

    /// The name shown to users.
    pub fn display_name(self) -> &'static str {
        match self {
            DocStatus::Todo => "To do",
            DocStatus::InProgress => "In progress",
            DocStatus::Done => "Done",
            DocStatus::Reviewed => "Reviewed",
        }
    }
}

/// One article. The text is kept exactly as imported (CRLF stays CRLF).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id.
    pub id: Id,
    /// Title shown in the document list.
    pub title: String,
    /// Where it came from: a file name or URL (free text).
    #[serde(default)]
    pub source: String,
    /// The original text, verbatim.
    pub text: String,
    /// Workflow status.
    #[serde(default)]
    pub status: DocStatus,
    /// Creation time, milliseconds since the Unix epoch.
    #[serde(default)]
    pub created_ms: u64,
    /// Last modification time, milliseconds since the Unix epoch.
    #[serde(default)]
    pub modified_ms: u64,
    /// Who annotates it.
    #[serde(default)]
    pub annotator: String,
}
