#![cfg(not(target_arch = "wasm32"))]
//! Property tests for offset conversion between bytes, UTF-16 units and code points.

use glossa::model::offsets::{
    ByteOffset, CharOffset, OffsetError, Span, TextIndex, Unit, Utf16Offset,
};
use proptest::prelude::*;
use proptest::sample::Index;

/// Text made of pieces that stress every unit: ASCII, line breaks (CR LF, lone
/// CR), accents (precomposed and combining), flags, emoji with skin tones and
/// zero-width joiners, Arabic (with a prefix mark), CJK, Devanagari conjuncts,
/// quotation marks and stray combining characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .,;:!?'\"()-]{1,6}",
        1 => prop::sample::select(vec![
            " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", " \n \n",
            "e\u{301}", "\u{e9}", "\u{301}", "a\u{308}\u{301}",
            "\u{1F1FA}\u{1F1E6}", "\u{1F1EB}\u{1F1F7}", "\u{1F1FA}",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{1F600}", "\u{1F44D}\u{1F3FD}",
            "\u{200D}", "\u{FEFF}",
            "\u{645}\u{631}\u{62D}\u{628}\u{627}", "\u{60C}", "\u{600}\u{661}",
            "\u{4E2D}\u{6587}", "\u{3002}", "\u{300C}", "\u{300D}",
            "\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}",
            "\u{201C}", "\u{201D}", "\u{2019}", "\u{AB}", "\u{BB}", "\u{A0}",
            "\u{10348}", "\u{1D11E}",
        ])
        .prop_map(str::to_owned),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

/// Every char boundary of `text`, with its UTF-16 and code point offsets,
/// computed naively.
fn boundaries(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let (mut utf16, mut chars) = (0, 0);
    for (byte, ch) in text.char_indices() {
        out.push((byte, utf16, chars));
        utf16 += ch.len_utf16();
        chars += 1;
    }
    out.push((text.len(), utf16, chars));
    out
}

proptest! {
    #[test]
    fn every_boundary_round_trips(text in text()) {
        let idx = TextIndex::new(&text);
        let all = boundaries(&text);
        let &(len_b, len_u, len_c) = all.last().unwrap();
        prop_assert_eq!(idx.len_bytes(), len_b);
        prop_assert_eq!(idx.len_utf16(), len_u);
        prop_assert_eq!(idx.len_chars(), len_c);
        prop_assert_eq!(idx.is_ascii(), text.is_ascii());
        for &(b, u, c) in &all {
            let (b, u, c) = (ByteOffset(b), Utf16Offset(u), CharOffset(c));
            prop_assert_eq!(idx.byte_to_utf16(&text, b), Ok(u));
            prop_assert_eq!(idx.byte_to_char(&text, b), Ok(c));
            prop_assert_eq!(idx.utf16_to_byte(&text, u), Ok(b));
            prop_assert_eq!(idx.char_to_byte(&text, c), Ok(b));
            prop_assert_eq!(idx.utf16_to_char(&text, u), Ok(c));
            prop_assert_eq!(idx.char_to_utf16(&text, c), Ok(u));
        }
    }

    #[test]
    fn slices_agree_in_every_unit(text in text(), i in any::<Index>(), j in any::<Index>()) {
        let idx = TextIndex::new(&text);
        let all = boundaries(&text);
        let (mut i, mut j) = (i.index(all.len()), j.index(all.len()));
        if i > j {
            std::mem::swap(&mut i, &mut j);
        }
        let (b0, u0, c0) = all[i];
        let (b1, u1, c1) = all[j];
        let span = Span::from_bytes(b0, b1).unwrap();
        let by_bytes = span.slice(&text).unwrap();

        let units: Vec<u16> = text.encode_utf16().collect();
        let by_utf16 = String::from_utf16(&units[u0..u1]).unwrap();
        let by_chars: String = text.chars().skip(c0).take(c1 - c0).collect();
        prop_assert_eq!(by_bytes, by_utf16.as_str());
        prop_assert_eq!(by_bytes, by_chars.as_str());

        let (su0, su1) = idx.span_to_utf16(&text, span).unwrap();
        prop_assert_eq!((su0.0, su1.0), (u0, u1));
        prop_assert_eq!(idx.span_from_utf16(&text, su0, su1), Ok(span));
        let (sc0, sc1) = idx.span_to_chars(&text, span).unwrap();
        prop_assert_eq!((sc0.0, sc1.0), (c0, c1));
        prop_assert_eq!(idx.span_from_chars(&text, sc0, sc1), Ok(span));

        if i < j {
            prop_assert_eq!(
                idx.span_from_utf16(&text, su1, su0),
                Err(OffsetError::Reversed { start: u1, end: u0 })
            );
            prop_assert_eq!(
                idx.span_from_chars(&text, sc1, sc0),
                Err(OffsetError::Reversed { start: c1, end: c0 })
            );
            let reversed = Span { start: span.end, end: span.start };
            let reversed_err = Some(OffsetError::Reversed { start: b1, end: b0 });
            prop_assert_eq!(idx.span_to_utf16(&text, reversed).err(), reversed_err.clone());
            prop_assert_eq!(idx.span_to_chars(&text, reversed).err(), reversed_err);
        }
    }

    #[test]
    fn offsets_inside_characters_are_refused(text in text()) {
        let idx = TextIndex::new(&text);
        for b in 0..text.len() {
            if !text.is_char_boundary(b) {
                let expected = Some(OffsetError::InsideCharacter { offset: b, unit: Unit::Bytes });
                prop_assert_eq!(idx.byte_to_utf16(&text, ByteOffset(b)).err(), expected.clone());
                prop_assert_eq!(idx.byte_to_char(&text, ByteOffset(b)).err(), expected);
            }
        }
        // The UTF-16 offset between the two halves of every surrogate pair.
        let mut u = 0;
        for ch in text.chars() {
            if ch.len_utf16() == 2 {
                let inside = Utf16Offset(u + 1);
                let expected = Some(OffsetError::InsideCharacter { offset: u + 1, unit: Unit::Utf16 });
                prop_assert_eq!(idx.utf16_to_byte(&text, inside).err(), expected.clone());
                prop_assert_eq!(idx.utf16_to_char(&text, inside).err(), expected);
            }
            u += ch.len_utf16();
        }
    }

    #[test]
    fn offsets_past_the_end_are_refused(text in text(), extra in 1usize..5) {
        let idx = TextIndex::new(&text);
        let (lb, lu, lc) = (idx.len_bytes(), idx.len_utf16(), idx.len_chars());
        for far in [extra, usize::MAX - lb.max(lu).max(lc)] {
            let past = |offset: usize, len: usize, unit: Unit| Some(OffsetError::PastEnd { offset, len, unit });
            prop_assert_eq!(idx.byte_to_utf16(&text, ByteOffset(lb + far)).err(), past(lb + far, lb, Unit::Bytes));
            prop_assert_eq!(idx.byte_to_char(&text, ByteOffset(lb + far)).err(), past(lb + far, lb, Unit::Bytes));
            prop_assert_eq!(idx.utf16_to_byte(&text, Utf16Offset(lu + far)).err(), past(lu + far, lu, Unit::Utf16));
            prop_assert_eq!(idx.utf16_to_char(&text, Utf16Offset(lu + far)).err(), past(lu + far, lu, Unit::Utf16));
            prop_assert_eq!(idx.char_to_byte(&text, CharOffset(lc + far)).err(), past(lc + far, lc, Unit::CodePoints));
            prop_assert_eq!(idx.char_to_utf16(&text, CharOffset(lc + far)).err(), past(lc + far, lc, Unit::CodePoints));
            let too_far = Span::from_bytes(0, lb + far).unwrap();
            prop_assert_eq!(idx.span_to_utf16(&text, too_far).err(), past(lb + far, lb, Unit::Bytes));
            prop_assert_eq!(
                idx.span_from_chars(&text, CharOffset(0), CharOffset(lc + far)).err(),
                past(lc + far, lc, Unit::CodePoints)
            );
        }
    }

    #[test]
    fn any_offset_gives_an_answer_without_panicking(text in text(), raw in any::<usize>(), small in 0usize..300) {
        let idx = TextIndex::new(&text);
        for offset in [raw, small] {
            let _ = idx.byte_to_utf16(&text, ByteOffset(offset));
            let _ = idx.byte_to_char(&text, ByteOffset(offset));
            let _ = idx.utf16_to_byte(&text, Utf16Offset(offset));
            let _ = idx.utf16_to_char(&text, Utf16Offset(offset));
            let _ = idx.char_to_byte(&text, CharOffset(offset));
            let _ = idx.char_to_utf16(&text, CharOffset(offset));
            let _ = idx.span_from_utf16(&text, Utf16Offset(small), Utf16Offset(offset));
            let _ = idx.span_from_chars(&text, CharOffset(offset), CharOffset(small));
        }
    }

    #[test]
    fn errors_read_as_sentences(offset in any::<usize>(), len in any::<usize>()) {
        for unit in [Unit::Bytes, Unit::Utf16, Unit::CodePoints] {
            let past = OffsetError::PastEnd { offset, len, unit }.to_string();
            prop_assert!(past.contains(&offset.to_string()) && past.contains(unit_word(unit)));
            let inside = OffsetError::InsideCharacter { offset, unit }.to_string();
            prop_assert!(inside.contains("inside a character"));
        }
    }
}

fn unit_word(unit: Unit) -> &'static str {
    match unit {
        Unit::Bytes => "byte",
        Unit::Utf16 => "UTF-16 unit",
        Unit::CodePoints => "code point",
    }
}

#[test]
fn the_index_is_compact() {
    // 100 000 code points of mixed scripts.
    let piece = "Les \u{e9}lecteurs \u{1F1EB}\u{1F1F7} \u{4E2D}\u{6587} \u{645}\u{631}\u{62D}\u{628}\u{627} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\r\n";
    let per_piece = piece.chars().count();
    let text = piece.repeat(100_000 / per_piece + 1);
    let idx = TextIndex::new(&text);
    assert!(idx.len_chars() >= 100_000);
    assert!(idx.checkpoint_count() > 0);
    assert!(
        idx.checkpoint_count() * 32 < idx.len_chars(),
        "{} checkpoints for {} code points",
        idx.checkpoint_count(),
        idx.len_chars()
    );
    // Conversions at the far end are still exact.
    let end = ByteOffset(text.len());
    assert_eq!(
        idx.byte_to_utf16(&text, end),
        Ok(Utf16Offset(text.encode_utf16().count()))
    );
    assert_eq!(
        idx.char_to_byte(&text, CharOffset(idx.len_chars())),
        Ok(end)
    );

    let ascii = "plain ASCII text. ".repeat(6000);
    let idx = TextIndex::new(&ascii);
    assert!(idx.is_ascii());
    assert_eq!(idx.checkpoint_count(), 0);
    assert_eq!(
        idx.char_to_utf16(&ascii, CharOffset(50_000)),
        Ok(Utf16Offset(50_000))
    );
}

#[test]
fn messages_name_the_unit_and_the_length() {
    let idx = TextIndex::new("\u{1F600}ok");
    let err = idx.char_to_byte("\u{1F600}ok", CharOffset(40)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "offset 40 is past the end of the text (3 code points)"
    );
    let err = idx
        .utf16_to_byte("\u{1F600}ok", Utf16Offset(1))
        .unwrap_err();
    assert!(err.to_string().contains("surrogate pair"), "{err}");
}
