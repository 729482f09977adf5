//! The shared fixture corpus is itself valid (so format tests start from a sound state).
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn the_fixture_corpus_is_valid_and_has_every_layer() {
    let f = common::fixture();
    assert_eq!(f.editor.ws.validate(), vec![]);
    let a = f.editor.ws.doc(f.docs[0]).unwrap();
    assert!(a.text().contains("\r\n"));
    assert_eq!(a.ann.mentions.len(), 7);
    assert_eq!(a.ann.quotes.len(), 2);
    assert_eq!(a.ann.stances.len(), 2);
    let b = f.editor.ws.doc(f.docs[1]).unwrap();
    assert_eq!(b.ann.entities.len(), 2);
    let names: Vec<&str> = a
        .ann
        .mentions
        .values()
        .map(|m| a.span_text(m.span))
        .collect();
    assert!(names.contains(&"Rene\u{301}e Okafor"));
    assert!(names.contains(&"عمر فاروق"));
    let he = common::find_in(common::TEXT_A, "said he opposed", "he");
    assert_eq!(a.span_text(he), "he");
    assert!(a.ann.mentions.values().any(|m| m.span == he));
}
