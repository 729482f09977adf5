//! The label palette: one button per label of the open document's project, with its
//! colour swatch and hotkey. Clicking applies the label to the pending selection.

use super::app::apply_label;
use super::state::{Actions, EditorCtx, OpenDoc, Revision};
use crate::model::schema::Label;
use leptos::prelude::*;

/// The label buttons (a toolbar).
#[component]
pub fn LabelPalette() -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open = expect_context::<OpenDoc>();
    let labels = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            doc.and_then(|d| e.ws.project_of(d))
                .map(|p| p.schema.labels.clone())
                .unwrap_or_default()
        })
    });
    let schema_open = RwSignal::new(false);
    view! {
        <div class="palette" role="toolbar" aria-label="Labels">
            <For
                each=move || labels.get().into_iter().enumerate()
                key=|(i, l): &(usize, Label)| (*i, l.id, l.name.clone(), l.hotkey)
                children=move |(i, l): (usize, Label)| view! { <LabelButton index=i label=l /> }
            />
            <button
                class="palette__edit"
                type="button"
                aria-haspopup="dialog"
                on:click=move |_| schema_open.set(true)
            >
                "Edit labels…"
            </button>
        </div>
        <super::schema_dialog::SchemaDialog open=schema_open />
    }
}

/// One label button.
#[component]
fn LabelButton(
    /// Position in the palette (gives the colour class).
    index: usize,
    /// The label.
    label: Label,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let id = label.id;
    let key = label.hotkey.map(|k| k.to_string()).unwrap_or_default();
    let title = if label.description.is_empty() {
        label.name.clone()
    } else {
        format!("{}: {}", label.name, label.description)
    };
    let shortcut = key.clone();
    view! {
        <button
            class="palette__label"
            type="button"
            title=title
            aria-keyshortcuts=shortcut
            on:mousedown=|e| e.prevent_default()
            on:click=move |_| apply_label(actions, id)
        >
            <span class=format!("palette__swatch label-swatch--l{index}") aria-hidden="true"></span>
            <span class="palette__name">{label.name.clone()}</span>
            <kbd class="palette__key" aria-hidden="true">{key}</kbd>
        </button>
    }
}
