//! Measures how much of local storage's 5,242,880 UTF-16 units Glossa's layout needs for
//! (a) 1,000 articles of 5,000 characters with 300 annotations each and (b) one
//! 1,500,000-character document with 16,500 annotations, and what one edit writes.
//!
//! Usage: `cargo run --release --example storage_capacity`

#[path = "../tests/common/mod.rs"]
mod common;

use glossa::model::edit::Editor;
use glossa::model::workspace::Workspace;
use glossa::storage::{MemoryStore, Persistence, QUOTA_UNITS};
use std::time::Instant;

fn save(ed: &mut Editor) -> (MemoryStore, Persistence) {
    let mut store = MemoryStore::default();
    store.quota = Some(usize::MAX);
    let (mut p, _) = Persistence::load(&mut store, 1);
    p.mark_replaced(&mut store, &ed.ws);
    p.flush(&mut store, &mut ed.ws, &mut ed.history).unwrap();
    (store, p)
}

fn report(name: &str, chars: usize, ed: &mut Editor, doc: glossa::model::ids::Id) {
    let t = Instant::now();
    let (mut store, mut p) = save(ed);
    let save_ms = t.elapsed().as_millis();
    let used = store.used();
    let texts: usize = store
        .map()
        .iter()
        .filter(|(k, _)| k.ends_with(":text"))
        .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
        .sum();
    let label = ed.ws.project_of(doc).unwrap().schema.labels[1].id;
    let text = ed.ws.doc(doc).unwrap().text().to_owned();
    let span = common::word_spans(&text, 7).pop().unwrap();
    let before = store.map().clone();
    let t = Instant::now();
    let out = ed.add_mention(doc, span, label, 9).unwrap();
    p.mark(&out.touched);
    p.flush(&mut store, &mut ed.ws, &mut ed.history).unwrap();
    let edit_us = t.elapsed().as_micros();
    let written: usize = store
        .map()
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
        .sum();
    let t = Instant::now();
    let (_, r) = Persistence::load(&mut store, 2);
    let load_ms = t.elapsed().as_millis();
    assert_eq!(r.workspace.unwrap().docs().count(), ed.ws.docs().count());
    println!(
        "| {name} | {chars} | {used} | {texts} | {:.1} % | {written} | {save_ms} | {edit_us} | {load_ms} |",
        used as f64 * 100.0 / QUOTA_UNITS as f64
    );
}

fn main() {
    println!("| workload | characters | units stored | of which texts | of the quota | units written by one edit | save all (ms) | one edit (µs) | load (ms) |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut ed = Editor::new(Workspace::new(5));
    let p = ed.add_project("Corpus", 1);
    let label = ed.ws.project(p).unwrap().schema.labels[0].id;
    let mut last = None;
    for i in 0..1000 {
        let text = common::article(i, 5000);
        let d = ed
            .add_document(p, &format!("Article {i}"), "t", &text, 1)
            .unwrap()
            .created
            .unwrap();
        for span in common::word_spans(&text, 300) {
            ed.add_mention(d, span, label, 2).unwrap();
        }
        last = Some(d);
    }
    report(
        "1,000 articles × 300 annotations",
        5_000_000,
        &mut ed,
        last.unwrap(),
    );

    let mut ed = Editor::new(Workspace::new(6));
    let p = ed.add_project("Long", 1);
    let label = ed.ws.project(p).unwrap().schema.labels[0].id;
    let text = common::article(99, 1_500_000);
    let d = ed
        .add_document(p, "Long", "t", &text, 1)
        .unwrap()
        .created
        .unwrap();
    for span in common::word_spans(&text, 16_500) {
        ed.add_mention(d, span, label, 2).unwrap();
    }
    report("one document, 16,500 annotations", 1_500_000, &mut ed, d);
}
