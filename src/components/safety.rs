//! Keeping work safe, on screen: banners for read-only states and damaged entries, the
//! one-click full backup (with a gentle reminder) and the storage meter.

use super::state::{Actions, DocAccess, SaveState, ELSEWHERE_MESSAGE};
use crate::dom::files::download;
use crate::dom::now_ms;
use crate::formats::{export, ExportOptions, Format};
use crate::storage::web::{discard_kept, kept_entries, set_last_backup_ms};
use leptos::prelude::*;

/// Edits after which the backup button reminds the user.
const REMIND_AFTER_EDITS: u32 = 100;

/// Downloads every document as one Glossa JSON file (restore it with Import…).
pub fn back_up(actions: Actions) {
    let file = actions.editor.0.with_value(|e| {
        let ids: Vec<_> = e.ws.docs().map(|d| d.doc.id).collect();
        let date = js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .unwrap_or_default();
        let stem = format!("glossa-backup-{}", date.get(..10).unwrap_or("today"));
        export(&e.ws, &ids, Format::Native, ExportOptions::default(), &stem)
    });
    match file {
        Ok(file) => match download(&file.name, file.mime, &file.bytes) {
            Ok(()) => {
                set_last_backup_ms(now_ms());
                actions.edits_since_backup.set(0);
                actions.status.message.set(format!(
                    "Backup downloaded as {} (restore it with Import…).",
                    file.name
                ));
            }
            Err(e) => actions.status.message.set(format!("No backup: {e}")),
        },
        Err(e) => actions.status.message.set(format!("No backup: {e}")),
    }
}

/// A backup older than this (or none) is worth a reminder when there is work to keep.
const STALE_BACKUP_MS: u64 = 7 * 24 * 3600 * 1000;

/// The "Back up" button; after many edits, or when a sizeable workspace has no recent
/// backup, it says so.
#[component]
pub fn BackupButton() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let stale_at_start = crate::storage::web::last_backup_ms()
        .is_none_or(|t| now_ms().saturating_sub(t) > STALE_BACKUP_MS)
        && actions.editor.0.with_value(|e| {
            e.ws.docs().map(|d| d.ann.count()).sum::<usize>() >= REMIND_AFTER_EDITS as usize
        });
    let backed_up = RwSignal::new(false);
    let remind = move || {
        actions.edits_since_backup.get() >= REMIND_AFTER_EDITS
            || (stale_at_start && !backed_up.get() && actions.edits_since_backup.get() > 0)
    };
    view! {
        <button
            class="button"
            class:button--remind=remind
            type="button"
            title="Download every document and annotation as one Glossa JSON file; Import… restores it"
            on:click=move |_| {
                back_up(actions);
                backed_up.set(true);
            }
        >
            {move || if actions.edits_since_backup.get() >= REMIND_AFTER_EDITS {
                format!("Back up ({} edits since the last)", actions.edits_since_backup.get())
            } else if remind() {
                "Back up (none this week)".to_owned()
            } else {
                "Back up".to_owned()
            }}
        </button>
    }
}

/// Banners above the editor: read-only states, full storage and damaged entries.
#[component]
pub fn Banners() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let full = move || matches!(actions.status.save.get(), SaveState::Full(_));
    let download_kept = move |_| {
        let kept: serde_json::Map<String, serde_json::Value> = kept_entries()
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect();
        let json = serde_json::to_string_pretty(&kept).unwrap_or_default();
        if let Err(e) = download(
            "glossa-damaged-entries.json",
            "application/json",
            json.as_bytes(),
        ) {
            actions.status.message.set(format!("No download: {e}"));
        }
    };
    let discard = move |_| {
        let sure = crate::dom::window()
            .confirm_with_message(
                "Remove the kept copies of the damaged entries from browser storage? Download them first if you may need them.",
            )
            .unwrap_or(false);
        if sure {
            discard_kept();
            actions.damaged.set(Vec::new());
        }
    };
    view! {
        <Show when=move || actions.read_only.get().is_some()>
            <div class="banner banner--warning" role="alert">
                <span>{move || actions.read_only.get().unwrap_or_default()}</span>
            </div>
        </Show>
        <Show when=move || actions.access.get() == DocAccess::Elsewhere>
            <div class="banner banner--info" role="alert" aria-label="Read-only document">
                <span>{ELSEWHERE_MESSAGE}</span>
            </div>
        </Show>
        <Show when=full>
            <div class="banner banner--warning" role="alert" aria-label="Storage full">
                <span>
                    "Browser storage is full: the latest changes are on screen but not yet saved. "
                    "Download a backup, then delete documents you no longer need; saving resumes by itself."
                </span>
                <button type="button" class="button" on:click=move |_| back_up(actions)>
                    "Download backup"
                </button>
            </div>
        </Show>
        <Show when=move || !actions.damaged.get().is_empty()>
            <div class="banner banner--warning" role="alert" aria-label="Damaged data">
                <ul class="banner__list">
                    {move || actions.damaged.get().into_iter().map(|d| view! { <li>{d.message()}</li> }).collect_view()}
                </ul>
                <button type="button" class="button" on:click=download_kept>
                    "Download damaged data"
                </button>
                <button type="button" class="button" on:click=discard>
                    "Remove kept copies…"
                </button>
                <button type="button" class="button" on:click=move |_| actions.damaged.set(Vec::new())>
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}

/// Storage used, with a warning well before the limit.
#[component]
pub fn StorageMeter() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let share = move || {
        let (used, limit) = actions.usage.get();
        used as f64 / limit.max(1) as f64
    };
    let text = move || {
        let (used, limit) = actions.usage.get();
        let pct = share() * 100.0;
        // Local storage keeps two bytes per UTF-16 unit.
        let size = |u: usize| {
            let bytes = u as f64 * 2.0;
            if bytes < 1_048_576.0 {
                format!("{:.0} KB", (bytes / 1024.0).ceil())
            } else {
                format!("{:.1} MB", bytes / 1_048_576.0)
            }
        };
        let limit_mb = limit as f64 * 2.0 / 1_048_576.0;
        if share() >= 0.8 {
            format!(
                "Storage {pct:.0} % full ({} of {limit_mb:.0} MB): back up, then delete finished documents",
                size(used)
            )
        } else {
            let share = if pct >= 1.0 {
                format!(" ({pct:.0} %)")
            } else {
                String::new()
            };
            format!("Storage: {} of {limit_mb:.0} MB used{share}", size(used))
        }
    };
    view! {
        <p class="storage-meter" class:storage-meter--warning=move || { share() >= 0.8 } role="status">
            <meter
                class="storage-meter__bar"
                min="0"
                max="1"
                low="0.6"
                high="0.8"
                optimum="0"
                value=move || share().to_string()
                aria-label="Browser storage used"
            ></meter>
            <span>{text}</span>
        </p>
    }
}
