//! Runs the import, model and storage code once on a small generated document.
//!
//! Browsers compile WebAssembly lazily: a function is compiled by a quick baseline
//! compiler on its first call and optimised only after it has run for a while. A user's
//! first import therefore ran the JSON parser, the span checks and the compressor as
//! cold code, about twice as slow as a second import of the same file (measured in the
//! browser benchmark). The app runs a [`WarmUp`] step by step while the browser is idle
//! after start, so that code is compiled and optimised before a user needs it. Nothing
//! here touches the user's workspace or storage.

use crate::formats::native::{self, ImportMode, NativeFile};
use crate::model::edit::Editor;
use crate::model::ids::Id;
use crate::model::offsets::Span;
use crate::model::text::{snap_selection, SnapMode};
use crate::model::workspace::Workspace;
use crate::storage::codec::{self, Effort};

/// Words of the generated text: accents (precomposed and combining), Arabic, emoji, a
/// flag and curly quotes, so the multi-byte branches run as well as the ASCII ones.
const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "José",
    "Zoë",
    "عبد",
    "الرحمن",
    "🌍",
    "🇺🇦",
    "“plan”",
    "e\u{301}te\u{301}",
    "voted",
    "on",
    "Tuesday",
    "minister",
    "told",
    "reporters",
    "port",
];

/// What the steps run so far did, for tests: records parsed back and bytes that went round the
/// storage encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exercised {
    /// Mentions labelled in the generated document.
    pub labelled: usize,
    /// Mentions found again by parsing its native export (each round).
    pub parsed: usize,
    /// Documents the merge plan would update (each round; 1 when the file matches).
    pub planned: usize,
    /// Whether every storage encoding decoded to the original.
    pub round_trips: bool,
}

/// The warm-up as small steps, so an app can run one per idle period: the first run of
/// code pays for its compilation, and one step at a time keeps each pause short.
pub struct WarmUp {
    chars: usize,
    rounds_left: usize,
    stage: Stage,
    editor: Option<(Editor, Id)>,
    json: String,
    parsed: Option<NativeFile>,
    out: Exercised,
}

/// What the next [`WarmUp::step`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Label,
    Export,
    Parse,
    Plan,
    Store,
    Done,
}

impl WarmUp {
    /// A warm-up on a generated document of about `chars` characters (one mention every
    /// few words) whose native export is then parsed and checked, planned as a merge and
    /// sent through the storage encoding `rounds` times.
    pub fn new(chars: usize, rounds: usize) -> WarmUp {
        WarmUp {
            chars,
            rounds_left: rounds,
            stage: Stage::Label,
            editor: None,
            json: String::new(),
            parsed: None,
            out: Exercised {
                round_trips: true,
                ..Exercised::default()
            },
        }
    }

    /// Runs the next step; `false` once there is nothing left to do.
    pub fn step(&mut self) -> bool {
        self.stage = match self.stage {
            Stage::Label => {
                self.editor = labelled_document(self.chars);
                self.out.labelled = self.editor.as_ref().map_or(0, |(ed, doc)| {
                    ed.ws.doc(*doc).map_or(0, |d| d.ann.mentions.len())
                });
                Stage::Export
            }
            Stage::Export => {
                let file = self
                    .editor
                    .as_ref()
                    .and_then(|(ed, doc)| native::export(&ed.ws, &[*doc]).ok());
                self.json = file.map_or_else(String::new, |f| {
                    String::from_utf8_lossy(&f.bytes).into_owned()
                });
                Stage::Parse
            }
            Stage::Parse => {
                self.parsed = native::parse(&self.json).ok();
                self.out.parsed = self
                    .parsed
                    .as_ref()
                    .map_or(0, |f| f.docs().map(|d| d.ann.mentions.len()).sum());
                Stage::Plan
            }
            Stage::Plan => {
                if let (Some((ed, _)), Some(file)) = (&self.editor, &self.parsed) {
                    self.out.planned =
                        native::plan(&ed.ws, file, ImportMode::Merge).updated_documents;
                }
                Stage::Store
            }
            Stage::Store => {
                for effort in [Effort::Smallest, Effort::Small] {
                    let stored = codec::encode_with(&self.json, effort);
                    self.out.round_trips &=
                        codec::decode(&stored).is_ok_and(|back| back == self.json);
                }
                self.rounds_left = self.rounds_left.saturating_sub(1);
                if self.rounds_left > 0 {
                    Stage::Parse
                } else {
                    Stage::Done
                }
            }
            Stage::Done => return false,
        };
        true
    }

    /// What the steps run so far did.
    pub fn result(&self) -> Exercised {
        self.out
    }
}

/// An editor holding one generated document of about `chars` characters, labelled every
/// few words.
fn labelled_document(chars: usize) -> Option<(Editor, Id)> {
    let mut text = String::with_capacity(chars * 2);
    let mut count = 0;
    let mut i = 0usize;
    while count < chars {
        let w = WORDS[(i * 7 + i / 5) % WORDS.len()];
        text.push_str(w);
        text.push_str(if i % 60 == 59 { ".\n\n" } else { " " });
        count += w.chars().count() + 1;
        i += 1;
    }
    let mut ed = Editor::new(Workspace::new(1));
    let project = ed.add_project("Warm-up", 1);
    let doc = ed
        .add_document(project, "Warm-up", "", &text, 1)
        .ok()?
        .created?;
    let labels: Vec<_> = ed
        .ws
        .project(project)
        .map(|p| p.schema.labels.iter().map(|l| l.id).collect())
        .unwrap_or_default();
    if labels.is_empty() {
        return Some((ed, doc));
    }
    for (k, at) in (0..text.len()).step_by(37).enumerate() {
        let raw = Span::from_bytes(at, (at + 12).min(text.len()));
        if let Some(span) = raw
            .ok()
            .and_then(|r| snap_selection(&text, r, SnapMode::Word))
        {
            // A span snapped onto an already labelled word is refused; that is fine.
            let _ = ed.add_mention(doc, span, labels[k % labels.len()], 2);
        }
    }
    Some((ed, doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs every step at once.
    fn exercise(chars: usize, rounds: usize) -> Exercised {
        let mut w = WarmUp::new(chars, rounds);
        while w.step() {}
        w.result()
    }

    #[test]
    fn the_generated_document_goes_through_export_import_and_storage() {
        let out = exercise(3_000, 2);
        assert!(out.labelled > 50, "{out:?}");
        assert_eq!(out.parsed, out.labelled);
        // The file holds what the workspace holds: merging it changes nothing.
        assert_eq!(out.planned, 0);
        assert!(out.round_trips);
    }

    #[test]
    fn steps_run_one_at_a_time_and_end() {
        let mut w = WarmUp::new(1_000, 2);
        let mut steps = 0;
        while w.step() {
            steps += 1;
            assert!(steps < 100, "the warm-up never ends");
        }
        // Label and export once, then parse, plan and store per round.
        assert_eq!(steps, 2 + 3 * 2);
        assert!(!w.step());
        let out = w.result();
        assert_eq!(out.parsed, out.labelled);
        assert!(out.round_trips);
    }
}
