//! Browser tests (wasm-bindgen-test in headless Chromium): mounting components and the
//! storage layer against the real local storage.
#![cfg(target_arch = "wasm32")]

use glossa::components::App;
use glossa::model::edit::Editor;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;
use glossa::storage::web::LocalStore;
use glossa::storage::{Persistence, StorageError, StorageKey, Store};
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
    let (_, stored) = Persistence::load(&mut LocalStore, 1);
    let ws = stored.workspace.expect("the samples were saved");
    assert_eq!(ws.docs().count(), 3);
}

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A workspace with one document, saved like a first start.
fn saved_workspace() -> (Editor, Persistence, glossa::model::ids::Id) {
    clear_storage();
    let mut ed = Editor::new(Workspace::new(42));
    let p = ed.add_project("Test", 1);
    let d = ed
        .add_document(p, "Flags", "test", "Ceci 🇫🇷 est\r\nZoë said “yes”.", 2)
        .unwrap()
        .created
        .unwrap();
    let (mut persist, _) = Persistence::load(&mut LocalStore, 1);
    persist.mark_replaced(&mut LocalStore, &ed.ws);
    persist
        .flush(&mut LocalStore, &mut ed.ws, &mut ed.history)
        .unwrap();
    (ed, persist, d)
}

fn label_zoe(
    ed: &mut Editor,
    persist: &mut Persistence,
    d: glossa::model::ids::Id,
) -> Result<(), StorageError> {
    let label = ed.ws.project_of(d).unwrap().schema.labels[0].id;
    let start = "Ceci 🇫🇷 est\r\n".len();
    let span = Span::from_bytes(start, start + "Zoë".len()).unwrap();
    let out = ed.add_mention(d, span, label, 3).unwrap();
    assert!(
        out.touched.projects.is_empty(),
        "an annotation edit does not rewrite the project"
    );
    persist.mark(&out.touched);
    persist
        .flush(&mut LocalStore, &mut ed.ws, &mut ed.history)
        .map(|_| ())
}

#[wasm_bindgen_test]
fn storage_round_trips_a_workspace_through_local_storage() {
    let (mut ed, mut persist, d) = saved_workspace();
    label_zoe(&mut ed, &mut persist, d).unwrap();
    let (_, loaded) = Persistence::load(&mut LocalStore, 7);
    assert!(loaded.damaged.is_empty());
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
fn packed_values_survive_the_browser_storage_unchanged() {
    clear_storage();
    // Every 15-bit unit value, and text with astral characters.
    let text: String = (0..40_000u32)
        .map(|i| char::from_u32(0x20 + i % 0x8000).unwrap())
        .collect::<String>()
        + "🇫🇷 e\u{301} عبد";
    let encoded = glossa::storage::codec::encode(&text);
    LocalStore.set("glossa:v2:probe", &encoded).unwrap();
    let back = LocalStore.get("glossa:v2:probe").unwrap();
    assert_eq!(glossa::storage::codec::decode(&back).unwrap(), text);
}

#[wasm_bindgen_test]
fn a_damaged_chunk_is_kept_reported_and_the_rest_loads() {
    let (mut ed, mut persist, d) = saved_workspace();
    label_zoe(&mut ed, &mut persist, d).unwrap();
    let key = StorageKey::DocChunk(d, 0).key();
    local().set_item(&key, "={\"mentions\": {\"trunc").unwrap();
    let (_, loaded) = Persistence::load(&mut LocalStore, 1);
    assert_eq!(loaded.damaged.len(), 1);
    assert!(loaded.damaged[0].message().contains("Flags"));
    let kept = glossa::storage::kept_key(&key);
    assert_eq!(
        local().get_item(&kept).unwrap().as_deref(),
        Some("={\"mentions\": {\"trunc"),
        "the raw value is kept under its backup key"
    );
    let ws = loaded.workspace.unwrap();
    assert_eq!(ws.doc(d).unwrap().text(), ed.ws.doc(d).unwrap().text());
}

#[wasm_bindgen_test]
fn a_full_storage_keeps_edits_unsaved_until_space_is_freed() {
    let (mut ed, mut persist, d) = saved_workspace();
    // Fill local storage to its quota with filler entries, halving their size.
    let mut n = 0;
    let mut size = 256 * 1024;
    while size > 0 {
        let block = "x".repeat(size);
        while local().set_item(&format!("filler:{n}"), &block).is_ok() {
            n += 1;
        }
        size /= 2;
    }
    assert_eq!(label_zoe(&mut ed, &mut persist, d), Err(StorageError::Full));
    assert!(persist.has_unsaved(), "the edit waits in memory");
    for i in 0..n {
        local().remove_item(&format!("filler:{i}")).unwrap();
    }
    persist
        .flush(&mut LocalStore, &mut ed.ws, &mut ed.history)
        .unwrap();
    assert!(!persist.has_unsaved());
    let (_, loaded) = Persistence::load(&mut LocalStore, 2);
    assert!(
        loaded.workspace.unwrap() == ed.ws,
        "the edit reached storage"
    );
}

#[wasm_bindgen_test]
fn boundary_points_on_groups_and_the_article_map_to_paragraph_starts() {
    use glossa::dom::article::{ArticleDom, GROUP};
    use glossa::model::offsets::TextIndex;
    let text: String = (0..40)
        .map(|i| format!("Paragraph {i} 🇫🇷."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let index = TextIndex::new(&text);
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("article").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let dom = ArticleDom::build(&root, &text, &index);
    assert_eq!(dom.paras.len(), 40);
    let groups = root.children();
    assert_eq!(groups.length() as usize, 40_usize.div_ceil(GROUP));
    // The article element counts groups.
    for g in 0..groups.length() {
        let b = dom.dom_to_byte(&text, &index, &root, g).unwrap();
        assert_eq!(b, dom.paras[g as usize * GROUP].span.start);
    }
    let end = dom
        .dom_to_byte(&text, &index, &root, groups.length())
        .unwrap();
    assert_eq!(end.0, text.len());
    // A group counts its paragraphs.
    let last = groups.item(groups.length() - 1).unwrap();
    let first_in_last = (groups.length() as usize - 1) * GROUP;
    for k in 0..(40 - first_in_last) {
        let b = dom.dom_to_byte(&text, &index, &last, k as u32).unwrap();
        assert_eq!(b, dom.paras[first_in_last + k].span.start);
    }
    let past = dom
        .dom_to_byte(&text, &index, &last, (40 - first_in_last) as u32)
        .unwrap();
    assert_eq!(past, dom.paras[39].span.end);
    let g0 = groups.item(0).unwrap();
    let past0 = dom.dom_to_byte(&text, &index, &g0, GROUP as u32).unwrap();
    assert_eq!(past0, dom.paras[GROUP - 1].span.end);
    root.remove();
}
