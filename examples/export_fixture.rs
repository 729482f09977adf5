//! Writes every export format of the fixture corpus into a folder, for the consumer
//! checks (`tests/consumers/`), which read them with real tools (spaCy, Python slicing).
//!
//! Usage: `cargo run --example export_fixture -- <out-dir>`

#[path = "../tests/common/mod.rs"]
mod common;

use glossa::formats::{export, export_files, ExportOptions, Format};
use std::fs;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out: PathBuf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/consumer-exports".into())
        .into();
    let f = common::fixture();
    let ws = &f.editor.ws;
    fs::create_dir_all(&out)?;
    // The texts, so checks can slice them independently of any export.
    let texts: Vec<String> = f
        .docs
        .iter()
        .map(|d| ws.doc(*d).unwrap().text().to_owned())
        .collect();
    fs::write(out.join("texts.json"), serde_json::to_string(&texts)?)?;
    for format in Format::ALL {
        let dir = out.join(format.slug());
        fs::create_dir_all(&dir)?;
        let options = ExportOptions { csv_bom: true };
        for file in export_files(ws, &f.docs, format, options)? {
            let path = dir.join(&file.name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, &file.bytes)?;
        }
        let one = export(ws, &f.docs, format, options, "fixture")?;
        fs::write(out.join(&one.name), &one.bytes)?;
    }
    println!("wrote the fixture exports to {}", out.display());
    Ok(())
}
