//! CoNLL-2003 style BIO (IOB2) for entities: tokenised text, one token per line.
//!
//! ```text
//! -DOCSTART- -X- O O
//!
//! Ms _ _ O
//! Renée _ _ B-PERSON
//! Okafor _ _ I-PERSON
//! …
//!
//! “ _ _ O
//! ```
//!
//! - Every document starts with the line `-DOCSTART- -X- O O` and a blank line (the
//!   delimiter `spacy convert` splits documents on; readers that look for a line
//!   starting with `-DOCSTART-` accept it too).
//! - Four space-separated columns, as in CoNLL-2003: token, `_` (no part of speech),
//!   `_` (no chunk), NER tag. Tags are `O`, `B-LABEL` for the first token of an entity
//!   and `I-LABEL` for the others (IOB2). Whitespace inside a label name becomes `_`.
//! - Sentences end with a blank line.
//!
//! # Tokens ([`tokenize`])
//!
//! Unicode word boundaries (UAX #29, as `unicode-segmentation`'s `split_word_bounds`)
//! cut the text into segments; whitespace is dropped and never part of a token
//! (Unicode `White_Space` plus U+001C–U+001F, i.e. exactly what Python's `str.split()`
//! splits on). Every other character belongs to exactly one token, written verbatim,
//! so the tokens, in order and separated by whitespace only, rebuild the text. Where an
//! entity starts or ends inside a token, the token is split there, so no entity is
//! widened or lost.
//!
//! # Sentences
//!
//! A sentence ends where Unicode sentence boundaries (UAX #29) fall between two tokens;
//! they include every line break. A boundary inside a token moves to the end of that
//! token, and there is never a boundary inside an entity.
//!
//! # Overlapping entities ([`reduce_overlaps`])
//!
//! Whitespace at the edges of an entity cannot be part of a token, so it is ignored
//! first, and an entity of whitespace only is left out. BIO tags one label per token,
//! so overlapping or nested entities are then reduced: longest first (in code points),
//! then the earliest start, then label name, then id; an entity overlapping one already
//! kept is dropped. Suggestions nobody has accepted yet are left out.
//!
//! The format is described for users in `docs/formats.md`.

use super::{cp_span, doc_refs, DocRef, ExportError, ExportFile};
use crate::model::ids::Id;
use crate::model::offsets::{ByteOffset, Span};
use crate::model::text::check_span;
use crate::model::workspace::Workspace;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use unicode_segmentation::UnicodeSegmentation;

/// File name of the export.
pub const FILE_NAME: &str = "glossa-conll.txt";

/// MIME type of the export.
pub const MIME: &str = "text/plain";

/// The line that starts every document.
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// Whether `c` separates tokens: Unicode `White_Space` plus the information separators
/// U+001C–U+001F, which is exactly the set Python's `str.isspace()` accepts.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

/// The tokens of `text`, as byte spans in text order.
///
/// Unicode word-boundary segments with whitespace ([`is_separator`]) removed, further
/// split at every offset of `cuts` that falls strictly inside a token (offsets not on a
/// character boundary are ignored). Tokens are never empty, never contain a separator,
/// and together with the separators between them cover the text exactly.
pub fn tokenize(text: &str, cuts: &[ByteOffset]) -> Vec<Span> {
    let mut cuts: Vec<usize> = cuts
        .iter()
        .map(|c| c.0)
        .filter(|&c| c <= text.len() && text.is_char_boundary(c))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut next_cut = 0;
    let mut tokens = Vec::new();
    let mut push = |start: usize, end: usize, tokens: &mut Vec<Span>| {
        let mut from = start;
        while next_cut < cuts.len() && cuts[next_cut] <= from {
            next_cut += 1;
        }
        while next_cut < cuts.len() && cuts[next_cut] < end {
            tokens.push(Span {
                start: ByteOffset(from),
                end: ByteOffset(cuts[next_cut]),
            });
            from = cuts[next_cut];
            next_cut += 1;
        }
        tokens.push(Span {
            start: ByteOffset(from),
            end: ByteOffset(end),
        });
    };
    for (at, segment) in text.split_word_bound_indices() {
        let mut run: Option<usize> = None;
        for (i, c) in segment.char_indices() {
            match (is_separator(c), run) {
                (true, Some(start)) => {
                    push(start, at + i, &mut tokens);
                    run = None;
                }
                (false, None) => run = Some(at + i),
                _ => {}
            }
        }
        if let Some(start) = run {
            push(start, at + segment.len(), &mut tokens);
        }
    }
    tokens
}

/// Chooses non-overlapping spans: longest first, then earliest start, then `key`
/// (e.g. label name and id); a span overlapping one already chosen is dropped, and so
/// are empty or reversed spans.
///
/// `spans` are `(start, end, key)` with half-open offsets (code points for the export).
/// Returns the indices of the chosen spans, in text order. `O(k log k)`.
pub fn reduce_overlaps<K: Ord>(spans: &[(usize, usize, K)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len())
        .filter(|&i| spans[i].0 < spans[i].1)
        .collect();
    order.sort_by(|&a, &b| {
        let (sa, ea, ka) = &spans[a];
        let (sb, eb, kb) = &spans[b];
        (Reverse(ea - sa), sa, ka).cmp(&(Reverse(eb - sb), sb, kb))
    });
    // Chosen spans by start: (end, index). They never overlap, so the one with the
    // greatest start before `end` is the only one that can overlap a new span.
    let mut kept: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for i in order {
        let (start, end, _) = spans[i];
        let clash = kept
            .range(..end)
            .next_back()
            .is_some_and(|(_, &(kept_end, _))| kept_end > start);
        if !clash {
            kept.insert(start, (end, i));
        }
    }
    kept.into_values().map(|(_, i)| i).collect()
}

/// `span` without the separators at its edges (they cannot be part of a token);
/// `None` if nothing else is left.
fn trim_separators(text: &str, span: Span) -> Option<Span> {
    let covered = span.slice(text)?;
    let trimmed = covered.trim_matches(is_separator);
    if trimmed.is_empty() {
        return None;
    }
    let start = span.start.0 + (covered.len() - covered.trim_start_matches(is_separator).len());
    Some(Span {
        start: ByteOffset(start),
        end: ByteOffset(start + trimmed.len()),
    })
}

/// A label name as a tag suffix: separators become `_` so the columns stay intact.
fn tag_label(name: &str) -> String {
    name.chars()
        .map(|c| if is_separator(c) { '_' } else { c })
        .collect()
}

/// Exports `docs` (in that order) as CoNLL-2003 BIO (IOB2) with the tokenisation,
/// sentence and overlap rules of the module documentation.
///
/// Errors: [`ExportError::Empty`] for no documents, [`ExportError::NoDocument`] for an
/// unknown id, [`ExportError::BadSpan`] if a mention's span does not fit its text.
pub fn export(ws: &Workspace, docs: &[Id]) -> Result<ExportFile, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut out = String::new();
    for r in &refs {
        write_doc(&mut out, r)?;
    }
    Ok(ExportFile {
        name: FILE_NAME.into(),
        mime: MIME,
        bytes: out.into_bytes(),
    })
}

/// Appends one document: the `-DOCSTART-` line, a blank line, then its sentences.
fn write_doc(out: &mut String, r: &DocRef<'_>) -> Result<(), ExportError> {
    let ds = r.ds;
    let text = ds.text();
    let bad = |e: crate::model::offsets::OffsetError| ExportError::BadSpan {
        doc: ds.doc.title.clone(),
        reason: e.to_string(),
    };

    // Candidate entities: (code point start, end, (label, id)) and their byte spans.
    let mut candidates = Vec::new();
    let mut byte_spans = Vec::new();
    for m in ds.ann.mentions.values() {
        if m.meta.provenance.is_pending_suggestion() {
            continue;
        }
        check_span(text, m.span).map_err(bad)?;
        let Some(span) = trim_separators(text, m.span) else {
            continue;
        };
        let (start, end) = cp_span(ds, span)?;
        candidates.push((start, end, (r.label_name(m.label), m.id)));
        byte_spans.push(span);
    }
    let kept: Vec<(Span, String)> = reduce_overlaps(&candidates)
        .into_iter()
        .map(|i| (byte_spans[i], tag_label(candidates[i].2 .0)))
        .collect();

    let cuts: Vec<ByteOffset> = kept.iter().flat_map(|(s, _)| [s.start, s.end]).collect();
    let tokens = tokenize(text, &cuts);
    let sentence_starts: Vec<usize> = text
        .split_sentence_bound_indices()
        .map(|(i, _)| i)
        .filter(|&i| i > 0)
        .collect();

    out.push_str(DOCSTART);
    out.push_str("\n\n");
    let mut entity = 0; // the first kept entity that does not end before the token
    let mut boundary = 0; // the first sentence start not yet used
    let mut previous_start = 0;
    for (n, token) in tokens.iter().enumerate() {
        while entity < kept.len() && kept[entity].0.end <= token.start {
            entity += 1;
        }
        let tag = match kept.get(entity) {
            Some((span, label)) if span.start == token.start => format!("B-{label}"),
            Some((span, label)) if span.start < token.start => format!("I-{label}"),
            _ => "O".to_owned(),
        };
        // A sentence starts here if a boundary lies after the previous token's start
        // and at or before this token's start, unless the token continues an entity.
        let mut new_sentence = false;
        while boundary < sentence_starts.len() && sentence_starts[boundary] <= token.start.0 {
            if sentence_starts[boundary] > previous_start {
                new_sentence = true;
            }
            boundary += 1;
        }
        if n > 0 && new_sentence && !tag.starts_with("I-") {
            out.push('\n');
        }
        previous_start = token.start.0;
        out.push_str(token.slice(text).unwrap_or_default());
        out.push_str(" _ _ ");
        out.push_str(&tag);
        out.push('\n');
    }
    if !tokens.is_empty() {
        out.push('\n');
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'t>(text: &'t str, cuts: &[usize]) -> Vec<&'t str> {
        let cuts: Vec<ByteOffset> = cuts.iter().map(|&c| ByteOffset(c)).collect();
        tokenize(text, &cuts)
            .into_iter()
            .map(|s| s.slice(text).unwrap())
            .collect()
    }

    #[test]
    fn tokens_follow_word_boundaries_and_drop_whitespace() {
        assert_eq!(
            words("Mr Trump's \"U.S.\" plan,\r\ncost 3.5bn 🇳🇬👩‍👩‍👧.", &[]),
            [
                "Mr",
                "Trump's",
                "\"",
                "U.S",
                ".",
                "\"",
                "plan",
                ",",
                "cost",
                "3.5bn",
                "🇳🇬",
                "👩‍👩‍👧",
                "."
            ]
        );
        // A combining mark after a space is kept, as a token of its own.
        assert_eq!(words("a \u{301}b", &[]), ["a", "\u{301}", "b"]);
        // NBSP and U+001F separate tokens, as in Python's str.split().
        assert_eq!(words("a\u{a0}b\u{1f}c", &[]), ["a", "b", "c"]);
        assert!(words(" \r\n\t ", &[]).is_empty());
    }

    #[test]
    fn cjk_kana_and_arabic() {
        assert_eq!(
            words("東京。カタカナ ひらがな", &[]),
            ["東", "京", "。", "カタカナ", "ひ", "ら", "が", "な"]
        );
        assert_eq!(words("عمر فاروق،", &[]), ["عمر", "فاروق", "،"]);
        assert_eq!(words("-DOCSTART-", &[]), ["-", "DOCSTART", "-"]);
    }

    #[test]
    fn cuts_split_tokens() {
        // "Lagos-based" cut after "Lagos"; cuts at token edges change nothing.
        assert_eq!(
            words("Lagos-based firm", &[5, 0, 11, 99]),
            ["Lagos", "-", "based", "firm"]
        );
        assert_eq!(words("ABCdef", &[3]), ["ABC", "def"]);
        assert_eq!(words("ABCdef", &[1, 3]), ["A", "BC", "def"]);
    }

    #[test]
    fn overlaps_keep_the_longest_then_the_earliest() {
        let spans = [
            (0, 5, "a"),   // 0: nested in 1
            (0, 20, "b"),  // 1: longest
            (18, 30, "c"), // 2: crosses 1, same length as 3 but later
            (25, 37, "d"), // 3: as long as 2, later, but clear of 1: kept
            (40, 40, "e"), // 4: empty
            (40, 45, "f"), // 5
            (40, 45, "e"), // 6: same span, label "e" < "f" wins
        ];
        assert_eq!(reduce_overlaps(&spans), vec![1, 3, 6]);
        // Two crossing spans of equal length: the earlier wins.
        assert_eq!(reduce_overlaps(&[(5, 10, 0), (3, 8, 0)]), vec![1]);
    }

    #[test]
    fn labels_with_spaces_stay_one_column() {
        assert_eq!(tag_label("Public figure"), "Public_figure");
        assert_eq!(tag_label("GPE"), "GPE");
    }
}
