//! Browser side of storage: local storage as a [`Store`], session storage for the open
//! document and scroll position, and a per-document Web Lock so that only one tab
//! writes a document at a time.

use super::{kept_prefix, StorageError, StorageKey, Store, V1_PREFIX};
use crate::model::ids::Id;
use gloo_storage::{LocalStorage, SessionStorage, Storage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Browser local storage.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStore;

fn error_of(e: JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "QuotaExceededError" {
        StorageError::Full
    } else {
        StorageError::Unavailable(name)
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Option<String> {
        LocalStorage::raw().get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        LocalStorage::raw().set_item(key, value).map_err(error_of)
    }

    fn remove(&mut self, key: &str) {
        let _ = LocalStorage::raw().remove_item(key);
    }

    fn keys(&self) -> Vec<String> {
        let s = LocalStorage::raw();
        let n = s.length().unwrap_or(0);
        (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
    }

    fn value_units(&self, key: &str) -> Option<usize> {
        // The JS string's length, without copying the value into Rust (start-up measures
        // every key, values of several megabytes included).
        let raw = LocalStorage::raw();
        let storage: &JsValue = raw.as_ref();
        let get = js_sys::Reflect::get(storage, &"getItem".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let value = get.call1(storage, &key.into()).ok()?;
        value
            .dyn_ref::<js_sys::JsString>()
            .map(|v| v.length() as usize)
    }
}

/// Remembers the open document for this tab (session storage).
pub fn save_open_document(doc: Id) {
    let _ = SessionStorage::raw().set_item(&StorageKey::OpenDocument.key(), &doc.to_string());
}

/// The document this tab had open, if any (also read from the first layout's key).
pub fn open_document() -> Option<Id> {
    let s = SessionStorage::raw();
    [
        StorageKey::OpenDocument.key(),
        format!("{V1_PREFIX}session:open"),
    ]
    .iter()
    .find_map(|k| s.get_item(k).ok().flatten())
    .map(|v| v.trim_matches('"').to_owned())
    .and_then(|v| v.parse().ok())
}

/// Remembers how far this tab has scrolled in a document (session storage).
pub fn save_scroll(doc: Id, top: i32) {
    let _ =
        SessionStorage::raw().set_item(&StorageKey::ScrollPosition(doc).key(), &top.to_string());
}

/// Where this tab was scrolled to in a document.
pub fn scroll_position(doc: Id) -> i32 {
    let s = SessionStorage::raw();
    [
        StorageKey::ScrollPosition(doc).key(),
        format!("{V1_PREFIX}session:scroll:{doc}"),
    ]
    .iter()
    .find_map(|k| s.get_item(k).ok().flatten())
    .and_then(|v| v.parse().ok())
    .unwrap_or(0)
}

/// Review counts per suggestion source of a project: `source → (accepted, rejected)`.
/// Rejected suggestions are deleted from the document, so this log is what keeps the
/// precision of each source.
pub type ReviewLog = std::collections::BTreeMap<String, (usize, usize)>;

/// The review log of a project (empty if none was stored).
pub fn review_log(project: Id) -> ReviewLog {
    LocalStore
        .get(&StorageKey::ReviewLog(project).key())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// The review log with reviewed suggestions added, as JSON to store.
pub fn review_log_with(project: Id, sources: &[String], accepted: bool) -> String {
    let mut log = review_log(project);
    for s in sources {
        let e = log.entry(s.clone()).or_default();
        if accepted {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    serde_json::to_string(&log).unwrap_or_default()
}

/// Kept copies of damaged entries: `(original key, raw value)`.
pub fn kept_entries() -> Vec<(String, String)> {
    let prefix = kept_prefix();
    let mut out: Vec<(String, String)> = LocalStore
        .keys()
        .into_iter()
        .filter_map(|k| {
            let original = k.strip_prefix(&prefix)?.to_owned();
            Some((original, LocalStore.get(&k)?))
        })
        .collect();
    out.sort();
    out
}

/// Removes the kept copies of damaged entries (the user downloaded or dismissed them).
pub fn discard_kept() {
    let prefix = kept_prefix();
    for k in LocalStore.keys() {
        if k.starts_with(&prefix) {
            LocalStore.remove(&k);
        }
    }
}

/// When the last full backup was downloaded (milliseconds since the epoch).
pub fn last_backup_ms() -> Option<u64> {
    LocalStore
        .get(&StorageKey::LastBackup.key())
        .and_then(|v| v.parse().ok())
}

/// Records a full backup.
pub fn set_last_backup_ms(ms: u64) {
    let _ = LocalStore.set(&StorageKey::LastBackup.key(), &ms.to_string());
}

/// A held Web Lock; dropping it releases the lock.
pub struct LockHandle {
    release: Option<js_sys::Function>,
}

impl Drop for LockHandle {
    fn drop(&mut self) {
        if let Some(f) = self.release.take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

/// The Web Lock name of a document.
pub fn doc_lock_name(doc: Id) -> String {
    format!("glossa:doc:{doc}")
}

/// Asks for the lock `name` without waiting: `done` gets the handle, or `None` when
/// another tab holds it. Browsers without Web Locks always get a handle (then the
/// revision check before each write is what protects the other tab's edits).
pub fn try_lock(name: &str, done: impl FnOnce(Option<LockHandle>) + 'static) {
    let locks = web_sys::window()
        .map(|w| js_sys::Reflect::get(&w.navigator(), &"locks".into()))
        .and_then(|r| r.ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let Some(locks) = locks else {
        done(Some(LockHandle { release: None }));
        return;
    };
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request else {
        done(Some(LockHandle { release: None }));
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let granted = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() || lock.is_undefined() {
            done(None);
            return JsValue::UNDEFINED;
        }
        let mut release = None;
        let held = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
        done(Some(LockHandle { release }));
        held.into()
    });
    let _ = request.call3(&locks, &name.into(), &options, &granted);
}
