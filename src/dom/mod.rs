//! Everything that touches the article's DOM: building it once per document
//! ([`article`]), the CSS Custom Highlight API binding ([`highlight`]) and the painter
//! that registers only the ranges near the viewport ([`painter`]).

pub mod article;
pub mod files;
pub mod highlight;
pub mod html;
pub mod painter;

/// The browser window (always present in the app).
pub fn window() -> web_sys::Window {
    web_sys::window().expect("Glossa runs in a browser window")
}

/// The page's document.
pub fn document() -> web_sys::Document {
    window().document().expect("the window has a document")
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Runs `f` when the browser is idle (within `timeout_ms` at the latest), with the idle
/// period's deadline; where idle callbacks are missing, after that delay and without one.
pub fn when_idle(timeout_ms: u32, f: impl FnOnce(Option<web_sys::IdleDeadline>) + 'static) {
    use wasm_bindgen::JsCast;
    let f = wasm_bindgen::closure::Closure::once_into_js(move |deadline: wasm_bindgen::JsValue| {
        f(deadline.dyn_into::<web_sys::IdleDeadline>().ok())
    });
    let w = window();
    let has_idle = js_sys::Reflect::has(&w, &"requestIdleCallback".into()).unwrap_or(false);
    let Some(function) = f.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if has_idle {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(timeout_ms);
        let _ = w.request_idle_callback_with_options(function, &options);
    } else {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            function,
            i32::try_from(timeout_ms).unwrap_or(i32::MAX),
        );
    }
}

/// 64 random bits from the browser's crypto source (falls back to the clock).
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if let Ok(c) = window().crypto() {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    u64::from_le_bytes(bytes) ^ now_ms()
}
