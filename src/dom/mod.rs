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

/// 64 random bits from the browser's crypto source (falls back to the clock).
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if let Ok(c) = window().crypto() {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    u64::from_le_bytes(bytes) ^ now_ms()
}
