//! The keyboard-shortcuts overlay (`?`).

use leptos::prelude::*;

/// Every shortcut, as (keys, what it does).
const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Mouse drag or double-click",
        "Select text (snaps to whole words)",
    ),
    ("→ / ←", "Move the word cursor to the next / previous word"),
    ("Shift + → / ←", "Extend the selection by a word"),
    (
        "1 – 9",
        "Label the selection (or relabel the selected mention)",
    ),
    (
        "Q",
        "Make the selection a quote (the text between the quote marks)",
    ),
    (
        "Click a name / label key",
        "After Q: set the quote's speaker",
    ),
    ("C", "Make the selection the cue of the quote (e.g. “said”)"),
    (
        "Click a highlight",
        "Select the annotation under the pointer",
    ),
    ("Delete / Backspace", "Remove the selected mention"),
    (
        "Shift + Alt + → / ←",
        "Move the end of the selected mention by a word",
    ),
    (
        "Shift + Alt + ↑ / ↓",
        "Move the start of the selected mention by a word",
    ),
    (
        "Ctrl + F",
        "Find in the document; Enter goes to the next match",
    ),
    (
        "S",
        "Make a stance from the selection or the selected quote",
    ),
    ("Esc", "Cancel the selection or the quote in progress"),
    ("J / K", "Go to the next / previous suggestion"),
    ("A / Enter", "Accept the selected suggestion"),
    ("X", "Reject the selected suggestion"),
    ("Ctrl + Z", "Undo"),
    ("Ctrl + Shift + Z / Ctrl + Y", "Redo"),
    ("?", "Show or hide this list"),
    (
        "Tab",
        "Move the focus between controls (never an annotation command)",
    ),
];

/// The shortcuts dialog; `open` shows and hides it.
#[component]
pub fn HelpDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    super::sync_dialog(dialog_ref, open);
    view! {
        <dialog class="dialog" node_ref=dialog_ref aria-labelledby="help-title" on:close=move |_| open.set(false)>
            <h2 id="help-title" class="dialog__title">"Keyboard shortcuts"</h2>
            <table class="shortcuts">
                <tbody>
                    {SHORTCUTS
                        .iter()
                        .map(|(k, what)| view! {
                            <tr>
                                <th scope="row" class="shortcuts__keys">{*k}</th>
                                <td>{*what}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <div class="dialog__actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </dialog>
    }
}
