//! Times the import of a native file (parse and check) of a generated long document.
//!
//! Usage: `cargo run --release --example import_timing`

#[path = "common/long_document.rs"]
mod long_document;

use glossa::formats::{export, ExportOptions, Format};
use std::time::Instant;

fn main() {
    let (ed, d) = long_document::long_document();
    let file = export(
        &ed.ws,
        &[d],
        Format::Native,
        ExportOptions::default(),
        "bench",
    )
    .unwrap();
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    for _ in 0..runs {
        let t = Instant::now();
        let v: serde_json::Value = serde_json::from_slice(&file.bytes).unwrap();
        let tv = t.elapsed().as_secs_f64() * 1000.0;
        drop(v);
        let t = Instant::now();
        let parsed = glossa::formats::native::parse_bytes(&file.bytes).unwrap();
        let tp = t.elapsed().as_secs_f64() * 1000.0;
        drop(parsed);
        println!("value tree {tv:.1} ms, parse and check {tp:.1} ms");
    }
}
