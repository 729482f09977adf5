//! Browser tests (wasm-bindgen-test in headless Chromium): mounting components and the
//! storage layer against the real local storage.
#![cfg(target_arch = "wasm32")]

use glossa::components::App;
use glossa::model::edit::Editor;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;
use glossa::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clear_storage() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

async fn next_frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn app_mounts_with_the_sample_article_and_the_label_palette() {
    clear_storage();
    leptos::mount::mount_to_body(App);
    next_frame().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let labels = doc.query_selector_all(".palette__label").unwrap();
    assert_eq!(labels.length(), 4, "PERSON, ORG, LOC, MISC");
    let first = doc.query_selector(".palette__label").unwrap().unwrap();
    assert!(first.text_content().unwrap().contains("PERSON"));
    let article = doc.query_selector("article.article").unwrap().unwrap();
    let text = article.text_content().unwrap();
    assert!(
        text.contains("Marchetti"),
        "the first sample article is shown"
    );
    let items = doc.query_selector_all(".doc-list__item").unwrap();
    assert_eq!(items.length(), 3, "three sample articles are listed");
    // The first start stored the sample corpus.
    let stored = storage::load(1);
    let ws = stored.workspace.expect("the samples were saved");
    assert_eq!(ws.docs().count(), 3);
}

#[wasm_bindgen_test]
fn storage_round_trips_a_workspace_and_writes_only_what_an_edit_touched() {
    clear_storage();
    let mut ed = Editor::new(Workspace::new(42));
    let p = ed.add_project("Test", 1);
    let d = ed
        .add_document(p, "Flags", "test", "Ceci 🇫🇷 est\r\nZoë said “yes”.", 2)
        .unwrap()
        .created
        .unwrap();
    storage::save_all(&ed).unwrap();
    let label = ed.ws.project(p).unwrap().schema.labels[0].id;
    let start = "Ceci 🇫🇷 est\r\n".len();
    let span = Span::from_bytes(start, start + "Zoë".len()).unwrap();
    let out = ed.add_mention(d, span, label, 3).unwrap();
    assert_eq!(out.touched.docs, vec![d]);
    assert!(
        out.touched.projects.is_empty(),
        "an annotation edit does not rewrite the project"
    );
    storage::save_touched(&ed, &out.touched).unwrap();

    let loaded = storage::load(7);
    assert!(loaded.problems.is_empty());
    let ws = loaded.workspace.unwrap();
    assert!(ws == ed.ws, "the stored workspace equals the one in memory");
    let ds = ws.doc(d).unwrap();
    assert_eq!(
        ds.text(),
        "Ceci 🇫🇷 est\r\nZoë said “yes”.",
        "text kept verbatim, CRLF included"
    );
    let m = ds.ann.mentions.values().next().unwrap();
    assert_eq!(ds.span_text(m.span), "Zoë");
}

#[wasm_bindgen_test]
fn a_corrupt_document_entry_is_reported_and_left_untouched() {
    clear_storage();
    let mut ed = Editor::new(Workspace::new(1));
    let p = ed.add_project("Test", 1);
    let d = ed
        .add_document(p, "A", "", "Some text.", 2)
        .unwrap()
        .created
        .unwrap();
    storage::save_all(&ed).unwrap();
    let key = storage::StorageKey::DocAnnotations(d).key();
    let ls = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    ls.set_item(&key, "{not json").unwrap();
    let loaded = storage::load(1);
    assert_eq!(loaded.problems.len(), 1);
    assert!(loaded.problems[0].to_string().contains(&key));
    assert_eq!(ls.get_item(&key).unwrap().as_deref(), Some("{not json"));
}
