//! The key–value store under the storage layer: browser local storage in the app,
//! an in-memory map with the same quota rule in native tests.

use super::codec::utf16_len;
use super::StorageError;
use std::collections::BTreeMap;

/// A string key–value store with a quota, like `window.localStorage`.
pub trait Store {
    /// The value of a key.
    fn get(&self, key: &str) -> Option<String>;
    /// Sets a key; fails with [`StorageError::Full`] when the quota would be exceeded
    /// (the old value is then kept).
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    /// Removes a key (absent keys are ignored).
    fn remove(&mut self, key: &str);
    /// Every key, in no particular order.
    fn keys(&self) -> Vec<String>;
    /// The length of a key's value in UTF-16 units (what the quota counts).
    fn value_units(&self, key: &str) -> Option<usize> {
        self.get(key).map(|v| utf16_len(&v))
    }
}

/// Local storage's quota in Chromium, in UTF-16 units of keys plus values.
pub const QUOTA_UNITS: usize = 5_242_880;

/// An in-memory store that counts like Chromium's local storage: keys plus values in
/// UTF-16 units against a quota.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    map: BTreeMap<String, String>,
    used: usize,
    /// The quota in UTF-16 units (`None`: [`QUOTA_UNITS`]).
    pub quota: Option<usize>,
}

impl MemoryStore {
    /// A store holding `map`.
    pub fn from_map(map: BTreeMap<String, String>) -> MemoryStore {
        let used = map.iter().map(|(k, v)| utf16_len(k) + utf16_len(v)).sum();
        MemoryStore {
            map,
            used,
            quota: None,
        }
    }

    /// The entries.
    pub fn map(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// UTF-16 units used by keys plus values.
    pub fn used(&self) -> usize {
        self.used
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        let old = self
            .map
            .get(key)
            .map_or(0, |v| utf16_len(key) + utf16_len(v));
        let new = utf16_len(key) + utf16_len(value);
        if self.used - old + new > self.quota.unwrap_or(QUOTA_UNITS) {
            return Err(StorageError::Full);
        }
        self.map.insert(key.to_owned(), value.to_owned());
        self.used = self.used - old + new;
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        if let Some(v) = self.map.remove(key) {
            self.used -= utf16_len(key) + utf16_len(&v);
        }
    }

    fn keys(&self) -> Vec<String> {
        self.map.keys().cloned().collect()
    }
}
