//! Times every export format on a generated long document: 1.5 million characters with
//! 16,500 mentions (10 % of them nested in or crossing another), natively in release
//! mode. The browser benchmark (`scripts/bench.sh`) measures the same in wasm.
//!
//! Usage: `cargo run --release --example export_timing`

#[path = "common/long_document.rs"]
mod long_document;

use glossa::formats::{export, ExportOptions, Format};
use std::time::Instant;

fn main() {
    let (ed, d) = long_document::long_document();
    println!("| format | export (ms, native release, median of 5) | size (bytes) |");
    println!("| --- | --- | --- |");
    for f in Format::ALL {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let file = export(&ed.ws, &[d], f, ExportOptions::default(), "bench").unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            size = file.bytes.len();
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("| {} | {:.0} | {} |", f.display_name(), times[2], size);
    }
}
