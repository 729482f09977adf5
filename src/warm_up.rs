//! Runs the import, model and storage code once on a small generated document.
//!
//! Browsers compile WebAssembly lazily: a function is compiled by a quick baseline
//! compiler on its first call and optimised only after it has run for a while. A user's
//! first import therefore ran the JSON parser, the span checks and the compressor as
//! cold code, about twice as slow as a second import of the same file (measured in the
//! browser benchmark). The app calls [`exercise`] in idle time after start, so that code
//! is compiled and optimised before a user needs it. Nothing here touches the user's
//! workspace or storage.

use crate::formats::native::{self, ImportMode};
use crate::model::edit::Editor;
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

/// What one call did, for tests: records parsed back and bytes that went round the
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

/// Labels a generated document of about `chars` characters (one mention every few
/// words), exports it as native JSON, then `rounds` times parses and checks the file,
/// plans a merge and sends it through the storage encoding.
pub fn exercise(chars: usize, rounds: usize) -> Exercised {
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
    let Some(doc) = ed
        .add_document(project, "Warm-up", "", &text, 1)
        .ok()
        .and_then(|o| o.created)
    else {
        return Exercised::default();
    };
    let labels: Vec<_> = ed
        .ws
        .project(project)
        .map(|p| p.schema.labels.iter().map(|l| l.id).collect())
        .unwrap_or_default();
    let mut labelled = 0;
    if !labels.is_empty() {
        for (k, at) in (0..text.len()).step_by(37).enumerate() {
            let raw = Span::from_bytes(at, (at + 12).min(text.len()));
            let Some(span) = raw
                .ok()
                .and_then(|r| snap_selection(&text, r, SnapMode::Word))
            else {
                continue;
            };
            if ed
                .add_mention(doc, span, labels[k % labels.len()], 2)
                .is_ok()
            {
                labelled += 1;
            }
        }
    }
    let Ok(file) = native::export(&ed.ws, &[doc]) else {
        return Exercised::default();
    };
    let json = String::from_utf8_lossy(&file.bytes);
    let mut out = Exercised {
        labelled,
        round_trips: true,
        ..Exercised::default()
    };
    for _ in 0..rounds {
        let Ok(parsed) = native::parse(&json) else {
            return Exercised::default();
        };
        out.parsed = parsed.docs().map(|d| d.ann.mentions.len()).sum();
        out.planned = native::plan(&ed.ws, &parsed, ImportMode::Merge).updated_documents;
        for effort in [Effort::Smallest, Effort::Small] {
            let stored = codec::encode_with(&json, effort);
            out.round_trips &= codec::decode(&stored).is_ok_and(|back| back == json);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn no_rounds_parse_nothing() {
        let out = exercise(500, 0);
        assert!(out.labelled > 0);
        assert_eq!(out.parsed, 0);
    }
}
