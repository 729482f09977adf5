//! Files in and out of the browser: downloads, the clipboard, and reading picked files
//! as bytes (decoded in Rust: `File.text()` would hide invalid UTF-8).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| "the browser could not prepare the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not prepare the download".to_owned())?;
    let a: web_sys::HtmlAnchorElement = super::document()
        .create_element("a")
        .map_err(|_| "no document")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = super::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused access to the clipboard".to_owned())
}

/// Largest file read (bytes): local storage could not hold more, even compressed.
pub const MAX_FILE_BYTES: u64 = 64_000_000;

/// Reads a picked or dropped file as bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    if file.size() > MAX_FILE_BYTES as f64 {
        return Err(format!(
            "{} is {:.0} MB; files over {} MB are not read (browser storage holds about 10 MB in all)",
            file.name(),
            file.size() / 1e6,
            MAX_FILE_BYTES / 1_000_000
        ));
    }
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("could not read {}", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}
