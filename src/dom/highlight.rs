//! A small binding of the CSS Custom Highlight API (`Highlight`, `CSS.highlights`).
//!
//! web-sys only offers it behind `web_sys_unstable_apis`, which we do not turn on for
//! the whole crate; these few declarations are all the app needs.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A named set of ranges painted with `::highlight(name)` rules.
    #[wasm_bindgen(js_name = Highlight)]
    pub type Highlight;

    /// `new Highlight()`.
    #[wasm_bindgen(constructor, js_class = "Highlight")]
    pub fn new() -> Highlight;

    /// Adds a range.
    #[wasm_bindgen(method, js_class = "Highlight")]
    pub fn add(this: &Highlight, range: &web_sys::Range);

    /// Removes every range.
    #[wasm_bindgen(method, js_class = "Highlight")]
    pub fn clear(this: &Highlight);

    /// Number of ranges.
    #[wasm_bindgen(method, getter, js_class = "Highlight")]
    pub fn size(this: &Highlight) -> u32;

    /// Paint order among overlapping highlights (higher on top).
    #[wasm_bindgen(method, setter, js_class = "Highlight")]
    pub fn set_priority(this: &Highlight, priority: i32);

    /// `CSS.highlights`.
    pub type HighlightRegistry;

    /// Registers `highlight` under `name`.
    #[wasm_bindgen(method)]
    pub fn set(this: &HighlightRegistry, name: &str, highlight: &Highlight);

    /// Unregisters `name`.
    #[wasm_bindgen(method)]
    pub fn delete(this: &HighlightRegistry, name: &str) -> bool;
}

/// `CSS.highlights`, or `None` in a browser without the API.
pub fn registry() -> Option<HighlightRegistry> {
    let global = js_sys::global();
    let css = js_sys::Reflect::get(&global, &"CSS".into()).ok()?;
    if css.is_undefined() {
        return None;
    }
    let reg = js_sys::Reflect::get(&css, &"highlights".into()).ok()?;
    let ctor = js_sys::Reflect::get(&global, &"Highlight".into()).ok()?;
    if reg.is_undefined() || reg.is_null() || ctor.is_undefined() {
        return None;
    }
    Some(reg.unchecked_into())
}
