#![cfg(not(target_arch = "wasm32"))]
//! Property tests for grapheme boundaries, snapping, paragraphs and chunks.

use glossa::model::offsets::{ByteOffset, Span};
use glossa::model::text::{
    ceil_grapheme, check_span, chunks, floor_grapheme, is_grapheme_boundary, paragraphs,
    snap_quote, snap_selection, SnapMode,
};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation;

/// Text made of pieces that stress grapheme and word rules: ASCII words and
/// punctuation, line breaks (CR LF, lone CR, blank lines), accents (combining
/// and precomposed), flags and lone regional indicators, emoji with ZWJ and
/// skin tones, Arabic (with a prefix mark), CJK, Devanagari conjuncts,
/// quotation marks of several typographies and stray combining characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9]{1,7}",
        2 => prop::sample::select(vec![
            " ", " ", "  ", "\t", ".", ",", "'", "\"", "-", "(", ")", "!", "U.S.", "don't",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", " \n \n", "\n\t\n",
            "e\u{301}", "\u{e9}", "\u{301}", "a\u{308}\u{301}",
            "\u{1F1FA}\u{1F1E6}", "\u{1F1EB}\u{1F1F7}", "\u{1F1FA}",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{1F600}", "\u{1F44D}\u{1F3FD}",
            "\u{200D}", "\u{FEFF}", "\u{A0}", "\u{3000}",
            "\u{645}\u{631}\u{62D}\u{628}\u{627}", "\u{60C}", "\u{600}", "\u{600} ",
            "\u{4E2D}\u{6587}", "\u{3002}", "\u{300C}", "\u{300D}",
            "\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}",
            "\u{201C}", "\u{201D}", "\u{201E}", "\u{2018}", "\u{2019}", "\u{AB}", "\u{BB}",
        ])
        .prop_map(str::to_owned),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

/// A raw offset: usually near or inside the text, sometimes absurd.
fn raw_offset() -> impl Strategy<Value = usize> {
    prop_oneof![8 => 0usize..400, 1 => any::<usize>()]
}

fn cluster_boundaries(text: &str) -> BTreeSet<usize> {
    let mut set: BTreeSet<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
    set.insert(text.len());
    set
}

fn assert_valid_nonempty(text: &str, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(!span.is_empty(), "empty span {span}");
    prop_assert!(span.end.0 <= text.len(), "span {span} past {}", text.len());
    prop_assert_eq!(check_span(text, span), Ok(()));
    prop_assert!(span.slice(text).is_some());
    Ok(())
}

proptest! {
    #[test]
    fn boundaries_match_the_grapheme_iterator(text in text()) {
        let expected = cluster_boundaries(&text);
        for at in 0..=text.len() + 2 {
            prop_assert_eq!(
                is_grapheme_boundary(&text, ByteOffset(at)),
                expected.contains(&at),
                "at {}", at
            );
        }
    }

    #[test]
    fn floor_and_ceil_find_the_nearest_boundaries(text in text(), at in raw_offset()) {
        let expected = cluster_boundaries(&text);
        let clamped = at.min(text.len());
        let floor = floor_grapheme(&text, ByteOffset(at)).0;
        let ceil = ceil_grapheme(&text, ByteOffset(at)).0;
        prop_assert_eq!(Some(&floor), expected.range(..=clamped).next_back());
        prop_assert_eq!(Some(&ceil), expected.range(clamped..).next());
    }

    #[test]
    fn snapping_gives_valid_spans(text in text(), a in raw_offset(), b in raw_offset()) {
        let raw = Span { start: ByteOffset(a), end: ByteOffset(b) }; // possibly reversed
        for mode in [SnapMode::Word, SnapMode::Grapheme] {
            let Some(span) = snap_selection(&text, raw, mode) else { continue };
            assert_valid_nonempty(&text, span)?;
            let inner = span.slice(&text).unwrap();
            prop_assert!(!inner.starts_with(char::is_whitespace), "{:?}", inner);
            prop_assert!(!inner.ends_with(char::is_whitespace), "{:?}", inner);
            // The result stays near the selection: it meets the raw range
            // widened to whole clusters.
            let (lo, hi) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            prop_assert!(span.start <= ceil_grapheme(&text, ByteOffset(hi)));
            prop_assert!(span.end >= floor_grapheme(&text, ByteOffset(lo)));
            if mode == SnapMode::Grapheme {
                // Grapheme mode only drops whitespace: it stays within the
                // raw range widened to whole clusters.
                prop_assert!(span.start >= floor_grapheme(&text, ByteOffset(lo)));
                prop_assert!(span.end <= ceil_grapheme(&text, ByteOffset(hi)));
            }
        }
    }

    #[test]
    fn word_snapping_is_stable(text in text(), a in raw_offset(), b in raw_offset()) {
        let raw = Span { start: ByteOffset(a.min(b)), end: ByteOffset(a.max(b)) };
        if let Some(once) = snap_selection(&text, raw, SnapMode::Word) {
            prop_assert_eq!(snap_selection(&text, once, SnapMode::Word), Some(once));
        }
        if let Some(once) = snap_selection(&text, raw, SnapMode::Grapheme) {
            prop_assert_eq!(snap_selection(&text, once, SnapMode::Grapheme), Some(once));
        }
    }

    #[test]
    fn quote_snapping_gives_valid_spans(text in text(), a in raw_offset(), b in raw_offset()) {
        let raw = Span { start: ByteOffset(a), end: ByteOffset(b) };
        let word = snap_selection(&text, raw, SnapMode::Word);
        let quote = snap_quote(&text, raw);
        prop_assert_eq!(word.is_some(), quote.is_some());
        if let (Some(word), Some(quote)) = (word, quote) {
            assert_valid_nonempty(&text, quote)?;
            prop_assert!(quote.contains_span(word), "quote {} does not contain {}", quote, word);
            let inner = quote.slice(&text).unwrap();
            prop_assert!(!inner.starts_with(char::is_whitespace), "{:?}", inner);
            prop_assert!(!inner.ends_with(char::is_whitespace), "{:?}", inner);
            // A quotation never reaches across a paragraph break.
            if quote != word {
                prop_assert!(paragraphs(&text).iter().any(|p| p.contains_span(quote)));
            }
        }
    }

    #[test]
    fn paragraphs_are_ordered_trimmed_and_cover_all_text(text in text()) {
        let paras = paragraphs(&text);
        let mut previous_end = 0;
        for p in &paras {
            assert_valid_nonempty(&text, *p)?;
            prop_assert!(p.start.0 >= previous_end, "overlap or disorder at {}", p);
            // The gap before the paragraph is only whitespace.
            prop_assert!(text[previous_end..p.start.0].chars().all(char::is_whitespace));
            previous_end = p.end.0;
            let inner = p.slice(&text).unwrap();
            // Trimmed: the first and last clusters are not pure whitespace.
            let first = inner.graphemes(true).next().unwrap_or("");
            let last = inner.graphemes(true).next_back().unwrap_or("");
            prop_assert!(!first.chars().all(char::is_whitespace), "{:?}", inner);
            prop_assert!(!last.chars().all(char::is_whitespace), "{:?}", inner);
            // No blank line inside: every inner line has a non-whitespace character.
            let unified = inner.replace("\r\n", "\n").replace('\r', "\n");
            prop_assert!(
                unified.split('\n').all(|line| !line.chars().all(char::is_whitespace)),
                "blank line inside {:?}", inner
            );
        }
        prop_assert!(text[previous_end..].chars().all(char::is_whitespace));
    }

    #[test]
    fn chunks_tile_their_span(text in text(), i in any::<Index>(), j in any::<Index>(), max in 0usize..40) {
        let bounds: Vec<usize> = cluster_boundaries(&text).into_iter().collect();
        let (mut i, mut j) = (i.index(bounds.len()), j.index(bounds.len()));
        if i > j {
            std::mem::swap(&mut i, &mut j);
        }
        let span = Span::from_bytes(bounds[i], bounds[j]).unwrap();
        let parts = chunks(&text, span, max);
        if span.is_empty() {
            prop_assert!(parts.is_empty());
            return Ok(());
        }
        prop_assert_eq!(parts.first().map(|p| p.start), Some(span.start));
        prop_assert_eq!(parts.last().map(|p| p.end), Some(span.end));
        for pair in parts.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
        }
        for p in &parts {
            assert_valid_nonempty(&text, *p)?;
            if p.len() > max.max(1) {
                // Only a single oversized cluster may exceed the limit.
                prop_assert_eq!(ceil_grapheme(&text, ByteOffset(p.start.0 + 1)), p.end);
            }
        }
    }

    #[test]
    fn chunks_of_paragraphs(text in text(), max in 1usize..64) {
        for p in paragraphs(&text) {
            let parts = chunks(&text, p, max);
            let rebuilt: String = parts.iter().map(|c| c.slice(&text).unwrap()).collect();
            prop_assert_eq!(rebuilt.as_str(), p.slice(&text).unwrap());
        }
    }

    #[test]
    fn bad_spans_never_panic(text in text(), a in raw_offset(), b in raw_offset(), max in any::<usize>()) {
        let raw = Span { start: ByteOffset(a), end: ByteOffset(b) };
        let _ = check_span(&text, raw);
        let _ = chunks(&text, raw, max);
        let _ = is_grapheme_boundary(&text, ByteOffset(a));
    }
}

#[test]
fn selecting_part_of_a_word_and_its_comma() {
    let text = "Mr Trump, the president,\r\nsaid \u{201C}it\u{2019}s over\u{201D}.";
    let start = text.find("rump,").unwrap();
    let span = snap_selection(
        text,
        Span::from_bytes(start, start + 5).unwrap(),
        SnapMode::Word,
    )
    .unwrap();
    assert_eq!(span.slice(text), Some("Trump"));
    let at = text.find("over").unwrap();
    let quote = snap_quote(text, Span::from_bytes(at, at + 2).unwrap()).unwrap();
    assert_eq!(quote.slice(text), Some("it\u{2019}s over"));
}
