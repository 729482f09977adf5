//! The storage layer over an in-memory store that counts like Chromium's local storage:
//! round trips, writes proportional to the edit, damaged entries, a full store, data of
//! a newer version, the migration from the first layout, and two tabs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use glossa::model::edit::Editor;
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;
use glossa::storage::codec::{decode, encode, utf16_len};
use glossa::storage::{kept_key, MemoryStore, Persistence, StorageError, StorageKey, Store};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Saves a whole editor into a fresh store, like a first start.
fn saved(ed: &mut Editor) -> (MemoryStore, Persistence) {
    let mut store = MemoryStore::default();
    let (mut p, _) = Persistence::load(&mut store, 1);
    p.mark_replaced(&mut store, &ed.ws);
    p.flush(&mut store, &mut ed.ws, &mut ed.history).unwrap();
    (store, p)
}

fn loaded(store: &mut MemoryStore) -> (Persistence, Editor, glossa::storage::LoadReport) {
    let (p, mut report) = Persistence::load(store, 9);
    let ws = report.workspace.take().expect("a workspace is stored");
    (p, Editor::new(ws), report)
}

fn first_label(ed: &Editor, doc: Id) -> Id {
    ed.ws.project_of(doc).unwrap().schema.labels[0].id
}

/// A span of the `n`-th occurrence of `word`.
fn word(ed: &Editor, doc: Id, w: &str, n: usize) -> Span {
    common::find(ed.ws.doc(doc).unwrap().text(), w, n)
}

#[test]
fn the_fixture_corpus_round_trips_exactly() {
    let mut f = common::fixture();
    let (mut store, _) = saved(&mut f.editor);
    let (_, ed, report) = loaded(&mut store);
    assert!(report.damaged.is_empty());
    assert!(
        ed.ws == f.editor.ws,
        "documents, annotations and schema come back"
    );
    assert!(ed.ws.validate().is_empty());
}

#[test]
fn one_edit_writes_one_chunk_and_the_meta_entry() {
    let mut ed = Editor::new(Workspace::new(3));
    let p = ed.add_project("P", 1);
    let text = "Ana Reyes met Tomás Díaz 🇫🇷 in Aridia.\r\n".repeat(600);
    let d = ed
        .add_document(p, "Long", "t", &text, 1)
        .unwrap()
        .created
        .unwrap();
    let label = first_label(&ed, d);
    for i in 0..600 {
        let s = word(&ed, d, "Reyes", i);
        ed.add_mention(d, s, label, 2).unwrap();
    }
    let (mut store, mut persist) = saved(&mut ed);
    let chunks = store.keys().iter().filter(|k| k.contains(":ann:")).count();
    assert!(chunks >= 4, "600 records are spread over chunks ({chunks})");
    let before = store.map().clone();
    let s = word(&ed, d, "Díaz", 7);
    let out = ed.add_mention(d, s, label, 3).unwrap();
    persist.mark(&out.touched);
    persist
        .flush(&mut store, &mut ed.ws, &mut ed.history)
        .unwrap();
    let changed: Vec<&String> = store
        .map()
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        changed.len(),
        2,
        "one chunk and the meta entry: {changed:?}"
    );
    assert!(changed.iter().any(|k| k.ends_with(":meta")));
    let written: usize = changed.iter().map(|k| utf16_len(&store.map()[*k])).sum();
    assert!(
        written * 4 < utf16_len(&text),
        "an edit writes far less than the document ({written} units)"
    );
    let (_, back, _) = loaded(&mut store);
    assert!(back.ws == ed.ws);
}

#[test]
fn a_damaged_chunk_is_kept_and_the_rest_of_the_document_loads() {
    let mut f = common::fixture();
    let (mut store, _) = saved(&mut f.editor);
    let doc = f.docs[0];
    let key = StorageKey::DocChunk(doc, 0).key();
    let raw = store.get(&key).unwrap();
    let cut: String = raw.chars().take(raw.chars().count() / 2).collect();
    store.set(&key, &cut).unwrap();

    let (mut persist, mut ed, report) = loaded(&mut store);
    assert_eq!(report.damaged.len(), 1);
    let damage = &report.damaged[0];
    assert_eq!(damage.doc.as_deref(), Some("Port reopening"));
    assert!(damage.message().contains("Port reopening"));
    assert_eq!(damage.kept_as.as_deref(), Some(kept_key(&key).as_str()));
    assert_eq!(
        store.get(&kept_key(&key)).unwrap(),
        cut,
        "the raw value is kept"
    );
    assert!(ed.ws.doc(f.docs[1]).unwrap().ann == f.editor.ws.doc(f.docs[1]).unwrap().ann);
    // The chunk is rewritten from what could be read; the next start is clean, and the
    // kept copy stays until the user removes it.
    persist
        .flush(&mut store, &mut ed.ws, &mut ed.history)
        .unwrap();
    let (_, _, again) = loaded(&mut store);
    assert!(again.damaged.is_empty());
    assert_eq!(store.get(&kept_key(&key)).unwrap(), cut);
}

#[test]
fn damaged_meta_or_text_hides_only_that_document_and_never_deletes_it() {
    for part in ["meta", "text", "workspace"] {
        let mut f = common::fixture();
        let (mut store, _) = saved(&mut f.editor);
        let doc = f.docs[0];
        let key = match part {
            "meta" => StorageKey::DocMeta(doc).key(),
            "text" => StorageKey::DocText(doc).key(),
            _ => StorageKey::Workspace.key(),
        };
        store.set(&key, "{\"id\": 12, \"trunc").unwrap();
        let (mut persist, mut ed, report) = loaded(&mut store);
        assert_eq!(report.damaged.len(), 1, "{part}");
        assert_eq!(
            store.get(&kept_key(&key)).as_deref(),
            Some("{\"id\": 12, \"trunc")
        );
        persist
            .flush(&mut store, &mut ed.ws, &mut ed.history)
            .unwrap();
        if part == "workspace" {
            assert!(
                ed.ws == f.editor.ws,
                "a lost root is rebuilt from the projects"
            );
        } else {
            assert!(
                ed.ws.doc(doc).is_none(),
                "{part}: the document is not shown"
            );
            assert!(ed.ws.doc(f.docs[1]).is_some());
            assert_eq!(
                store.get(&key).as_deref(),
                Some("{\"id\": 12, \"trunc"),
                "{part}: the damaged entry itself is left as it is"
            );
            assert!(store.get(&StorageKey::DocChunk(doc, 0).key()).is_some());
        }
    }
}

#[test]
fn a_full_store_keeps_edits_in_memory_and_writes_them_once_space_is_freed() {
    let mut f = common::fixture();
    let (mut store, mut persist) = saved(&mut f.editor);
    let ed = &mut f.editor;
    let d = f.docs[1];
    let label = first_label(ed, d);
    // Fill the store to its quota.
    store.quota = Some(store.used());
    let mut spans = Vec::new();
    for w in ["tram", "jobs", "car"] {
        let s = common::find(ed.ws.doc(d).unwrap().text(), w, 0);
        let out = ed.add_mention(d, s, label, 5).unwrap();
        persist.mark(&out.touched);
        let r = persist.flush(&mut store, &mut ed.ws, &mut ed.history);
        assert_eq!(r, Err(StorageError::Full));
        assert!(persist.has_unsaved());
        spans.push(s);
    }
    let (_, stale, _) = loaded(&mut store.clone());
    assert!(stale.ws.doc(d).unwrap().ann != ed.ws.doc(d).unwrap().ann);
    store.quota = None;
    persist
        .flush(&mut store, &mut ed.ws, &mut ed.history)
        .unwrap();
    assert!(!persist.has_unsaved());
    let (_, back, _) = loaded(&mut store);
    let stored: Vec<Span> = back
        .ws
        .doc(d)
        .unwrap()
        .ann
        .mentions
        .values()
        .map(|m| m.span)
        .collect();
    for s in spans {
        assert!(stored.contains(&s), "all three edits reached storage");
    }
}

#[test]
fn data_of_a_newer_version_is_read_only_and_never_written() {
    let mut f = common::fixture();
    let (mut store, _) = saved(&mut f.editor);
    let root = StorageKey::Workspace.key();
    let newer = store
        .get(&root)
        .unwrap()
        .replace("\"version\":2", "\"version\":3");
    store.set(&root, &newer).unwrap();
    let before = store.map().clone();
    let (mut persist, mut ed, _) = loaded(&mut store);
    assert!(persist
        .read_only
        .as_deref()
        .unwrap()
        .contains("newer version"));
    let d = f.docs[0];
    let s = common::find(ed.ws.doc(d).unwrap().text(), "port", 0);
    let label = first_label(&ed, d);
    let out = ed.add_mention(d, s, label, 5).unwrap();
    persist.mark(&out.touched);
    assert!(matches!(
        persist.flush(&mut store, &mut ed.ws, &mut ed.history),
        Err(StorageError::ReadOnly(_))
    ));
    assert_eq!(*store.map(), before, "nothing was written");
}

fn v1_store() -> MemoryStore {
    let raw = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/storage/v1-layout.json"
    ))
    .unwrap();
    let map: BTreeMap<String, String> = serde_json::from_str(&raw).unwrap();
    MemoryStore::from_map(map)
}

#[test]
fn the_first_layout_is_migrated_and_its_entries_removed() {
    let mut store = v1_store();
    let old = store.clone();
    let (persist, ed, report) = loaded(&mut store);
    assert!(persist.read_only.is_none());
    assert!(report.messages.iter().any(|m| m.contains("upgraded")));
    assert_eq!(ed.ws.docs().count(), 3);
    let names: Vec<&str> = ed
        .ws
        .docs()
        .flat_map(|d| {
            d.ann
                .mentions
                .values()
                .map(|m| &d.doc.text[m.span.start.0..m.span.end.0])
        })
        .collect();
    assert!(names.contains(&"Marchetti") && names.contains(&"Eldermere"));
    assert!(store.keys().iter().all(|k| !k.starts_with("glossa:v1:")));
    // Every old text is in the new layout, exactly.
    for (k, v) in old.map() {
        if let Some(id) = k
            .strip_prefix("glossa:v1:doc:")
            .and_then(|r| r.strip_suffix(":text"))
        {
            let id: Id = id.parse().unwrap();
            assert_eq!(&ed.ws.doc(id).unwrap().doc.text, v);
        }
    }
    assert!(ed.ws.validate().is_empty());
    let (_, again, report) = loaded(&mut store);
    assert!(report.messages.is_empty(), "migrated once");
    assert!(again.ws == ed.ws);
}

#[test]
fn a_migration_that_cannot_be_written_leaves_the_old_layout_intact() {
    let mut store = v1_store();
    store.quota = Some(store.used() + 50);
    let before = store.map().clone();
    let (persist, ed, _) = loaded(&mut store);
    assert!(persist
        .read_only
        .as_deref()
        .unwrap()
        .contains("could not be upgraded"));
    assert_eq!(ed.ws.docs().count(), 3, "the data is shown");
    assert_eq!(*store.map(), before, "the old layout is untouched");
}

#[test]
fn two_tabs_editing_the_same_document_both_keep_their_edits() {
    let mut f = common::fixture();
    let (mut store, _) = saved(&mut f.editor);
    let (mut pa, mut a, _) = loaded(&mut store);
    let (mut pb, mut b, _) = loaded(&mut store);
    let d = f.docs[1];
    let label = first_label(&a, d);
    let sa = word(&a, d, "tram", 0);
    let out = a.add_mention(d, sa, label, 5).unwrap();
    pa.mark(&out.touched);
    pa.flush(&mut store, &mut a.ws, &mut a.history).unwrap();
    // Tab B has not seen A's write and edits the same document.
    let sb = word(&b, d, "jobs", 0);
    let out = b.add_mention(d, sb, label, 6).unwrap();
    pb.mark(&out.touched);
    let report = pb.flush(&mut store, &mut b.ws, &mut b.history).unwrap();
    assert_eq!(report.merged, vec!["Tram extension".to_owned()]);
    let has = |ed: &Editor, s: Span| {
        ed.ws
            .doc(d)
            .unwrap()
            .ann
            .mentions
            .values()
            .any(|m| m.span == s)
    };
    assert!(has(&b, sa) && has(&b, sb), "B now shows both");
    let (_, back, _) = loaded(&mut store);
    assert!(has(&back, sa) && has(&back, sb), "both edits are stored");
    // A hears of B's write through the storage event and shows both too.
    let keys = vec![StorageKey::DocMeta(d).key()];
    let sync = pa.sync(&mut store, &mut a.ws, &mut a.history, &keys);
    assert_eq!(sync.changed, vec![d]);
    assert!(has(&a, sa) && has(&a, sb));
}

#[test]
fn documents_added_and_removed_in_another_tab_reach_this_one() {
    let mut f = common::fixture();
    let (mut store, _) = saved(&mut f.editor);
    let (mut pa, mut a, _) = loaded(&mut store);
    let (mut pb, mut b, _) = loaded(&mut store);
    let project = a.ws.projects[0].id;
    let out = a
        .add_document(project, "New", "n", "Fresh text.", 9)
        .unwrap();
    let new = out.created.unwrap();
    pa.mark(&out.touched);
    pa.flush(&mut store, &mut a.ws, &mut a.history).unwrap();
    let out = a.remove_document(f.docs[0]).unwrap();
    pa.mark(&out.touched);
    pa.flush(&mut store, &mut a.ws, &mut a.history).unwrap();

    // B adds a document of its own before hearing of A's changes.
    let out = b
        .add_document(project, "Mine", "m", "B's text.", 10)
        .unwrap();
    let mine = out.created.unwrap();
    pb.mark(&out.touched);
    pb.flush(&mut store, &mut b.ws, &mut b.history).unwrap();
    let keys = vec![
        StorageKey::Project(project).key(),
        StorageKey::DocMeta(new).key(),
        StorageKey::DocMeta(f.docs[0]).key(),
    ];
    let sync = pb.sync(&mut store, &mut b.ws, &mut b.history, &keys);
    assert!(sync.removed.contains(&f.docs[0]));
    assert!(b.ws.doc(new).is_some() && b.ws.doc(mine).is_some());
    assert!(b.ws.doc(f.docs[0]).is_none());
    let (_, back, _) = loaded(&mut store);
    assert!(
        back.ws.doc(new).is_some(),
        "A's document survived B's list write"
    );
    assert!(back.ws.doc(mine).is_some());
    assert!(back.ws.doc(f.docs[0]).is_none());
    assert!(back.ws.validate().is_empty(), "{:?}", back.ws.validate());
}

#[test]
fn a_corpus_of_a_thousand_articles_fits_in_local_storage() {
    // 1,000 articles of 5,000 characters with 300 annotations each, measured on 50 and
    // scaled (the full figures are in docs/storage.md, from the storage_capacity example).
    let mut ed = Editor::new(Workspace::new(5));
    let p = ed.add_project("Corpus", 1);
    let label = ed.ws.project(p).unwrap().schema.labels[0].id;
    for i in 0..50 {
        let text = common::article(i, 5000);
        let d = ed
            .add_document(p, &format!("Article {i}"), "t", &text, 1)
            .unwrap()
            .created
            .unwrap();
        for span in common::word_spans(&text, 300) {
            ed.add_mention(d, span, label, 2).unwrap();
        }
    }
    let (store, _) = saved(&mut ed);
    let per_article = store.used() / 50;
    assert!(
        per_article * 1000 < glossa::storage::QUOTA_UNITS,
        "{per_article} units per article"
    );
}

proptest! {
    #[test]
    fn encoding_round_trips_any_text(s in "\\PC{0,400}", n in 0usize..4) {
        let text = s.repeat(n + 1);
        prop_assert_eq!(decode(&encode(&text)).unwrap(), text);
    }

    #[test]
    fn utf16_length_counts_like_the_browser(s in "\\PC{0,200}") {
        prop_assert_eq!(utf16_len(&s), s.encode_utf16().count());
    }
}

#[test]
fn an_interrupted_migration_is_finished_on_the_next_start() {
    let mut store = v1_store();
    // A first attempt wrote some of the new layout, then stopped (a crash, a closed tab).
    let (_, mut first) = Persistence::load(&mut store.clone(), 3);
    let ws = first.workspace.take().unwrap();
    let mut partial = store.clone();
    let mut ed = Editor::new(ws);
    let mut persist = Persistence::default();
    persist.mark_replaced(&mut partial, &ed.ws);
    persist
        .flush(&mut partial, &mut ed.ws, &mut ed.history)
        .unwrap();
    // It stopped before the last document's meta entry and the root.
    let last = StorageKey::DocMeta(ed.ws.docs().last().unwrap().doc.id).key();
    partial.remove(&last);
    partial.remove(&StorageKey::Workspace.key());
    assert!(partial.keys().iter().any(|k| k.starts_with("glossa:v1:")));
    store = partial;
    let (_, back, _) = loaded(&mut store);
    assert_eq!(
        back.ws.docs().count(),
        3,
        "every document of the old layout is there"
    );
    assert!(store.keys().iter().all(|k| !k.starts_with("glossa:v1:")));
}
