//! The label schema editor: add, rename, recolour, re-key, describe and delete labels of
//! the open document's project. Each change is one undoable step; deleting a label that
//! is in use asks what to do with its annotations.

use super::state::{Actions, EditorCtx, OpenDoc, Revision};
use crate::dom::now_ms;
use crate::model::edit::LabelInUse;
use crate::model::ids::Id;
use crate::model::schema::{Color, Label};
use leptos::prelude::*;

/// A change to one label, refused with a message in words.
type LabelChange = Box<dyn FnOnce(&mut Label) -> Result<(), String>>;

/// The label editor dialog; `open` shows and hides it.
#[component]
pub fn SchemaDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let doc = expect_context::<OpenDoc>();
    let actions = expect_context::<Actions>();
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    // A label whose deletion needs a decision: (label, how many annotations use it).
    let asking = RwSignal::new(None::<(Id, usize)>);
    let error = RwSignal::new(String::new());

    super::sync_dialog(dialog_ref, open);

    let project = move || {
        let d = doc.0.get_untracked();
        editor
            .0
            .with_value(|e| d.and_then(|d| e.ws.project_of(d)).map(|p| p.id))
    };
    let labels = Memo::new(move |_| {
        revision.0.track();
        let d = doc.0.get();
        editor.0.with_value(|e| {
            d.and_then(|d| e.ws.project_of(d))
                .map(|p| p.schema.labels.clone())
                .unwrap_or_default()
        })
    });
    let report = move |r: Option<crate::model::edit::Outcome>| {
        if r.is_some() {
            error.set(String::new());
        } else {
            error.set(actions.status.message.get_untracked());
        }
    };
    let update = move |id: Id, f: LabelChange| {
        let Some(p) = project() else { return };
        let Some(mut label) = labels.get_untracked().into_iter().find(|l| l.id == id) else {
            return;
        };
        if let Err(e) = f(&mut label) {
            error.set(e);
            return;
        }
        report(actions.edit(|ed| ed.update_label(p, label)));
    };
    let delete = move |id: Id, how: LabelInUse| {
        let Some(p) = project() else { return };
        let r = actions.editor.0.with_value(|e| {
            // Ask first when the label is in use.
            e.ws.project(p).map(|proj| {
                proj.documents
                    .iter()
                    .filter_map(|d| e.ws.doc(*d))
                    .map(|d| {
                        d.ann.mentions.values().filter(|m| m.label == id).count()
                            + d.ann.entities.values().filter(|en| en.label == id).count()
                    })
                    .sum::<usize>()
            })
        });
        if how == LabelInUse::Refuse && r.unwrap_or(0) > 0 {
            asking.set(Some((id, r.unwrap_or(0))));
            return;
        }
        asking.set(None);
        report(actions.edit(|ed| ed.delete_label(p, id, how)));
    };
    let new_name = RwSignal::new(String::new());
    let new_color = RwSignal::new("#0072b2".to_owned());
    let new_key = RwSignal::new(String::new());
    let add = move |_| {
        let Some(p) = project() else { return };
        let name = new_name.get_untracked();
        let key = new_key.get_untracked().chars().next();
        let color = new_color.get_untracked();
        let r = actions.edit(|ed| ed.add_label(p, &name, &color, key, "", now_ms()));
        if r.is_some() {
            new_name.set(String::new());
            new_key.set(String::new());
        }
        report(r);
    };

    view! {
        <dialog class="dialog" node_ref=dialog_ref aria-labelledby="schema-title" on:close=move |_| open.set(false)>
            <h2 id="schema-title" class="dialog__title">"Labels"</h2>
            <p class="dialog__hint">"Changes apply at once and can be undone. Keys 1–9 or letters other than Q, C, S, A, X, J, K."</p>
            <table class="schema">
                <thead>
                    <tr><th scope="col">"Name"</th><th scope="col">"Colour"</th><th scope="col">"Key"</th><th scope="col">"Description"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr>
                </thead>
                <tbody>
                    <For
                        each=move || labels.get()
                        key=|l| (l.id, l.name.clone(), l.color.clone(), l.hotkey, l.description.clone())
                        children=move |l: Label| {
                            let id = l.id;
                            let name = l.name.clone();
                            view! {
                                <tr>
                                    <td>
                                        <input class="schema__input" aria-label=format!("Name of {name}") prop:value=l.name.clone()
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                update(id, Box::new(move |l| { l.name = v.trim().to_owned(); Ok(()) }));
                                            } />
                                    </td>
                                    <td>
                                        <input type="color" class="schema__color" aria-label=format!("Colour of {name}") prop:value=l.color.to_string()
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                update(id, Box::new(move |l| { l.color = Color::parse(&v).map_err(|e| e.to_string())?; Ok(()) }));
                                            } />
                                    </td>
                                    <td>
                                        <input class="schema__key" maxlength="1" aria-label=format!("Key of {name}") prop:value=l.hotkey.map(String::from).unwrap_or_default()
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                update(id, Box::new(move |l| { l.hotkey = v.trim().chars().next(); Ok(()) }));
                                            } />
                                    </td>
                                    <td>
                                        <input class="schema__input" aria-label=format!("Description of {name}") prop:value=l.description.clone()
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                update(id, Box::new(move |l| { l.description = v; Ok(()) }));
                                            } />
                                    </td>
                                    <td>
                                        <button type="button" class="button button--small" aria-label=format!("Delete {name}")
                                            on:click=move |_| delete(id, LabelInUse::Refuse)>"Delete"</button>
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
            <Show when=move || asking.get().is_some()>
                {move || {
                    let (id, n) = asking.get().unwrap_or((Id(0), 0));
                    let others: Vec<Label> = labels.get().into_iter().filter(|l| l.id != id).collect();
                    let target = RwSignal::new(others.first().map(|l| l.id));
                    let name = labels.get().into_iter().find(|l| l.id == id).map(|l| l.name).unwrap_or_default();
                    view! {
                        <div class="dialog__choice" role="group" aria-label="The label is in use">
                            <p>{format!("{name} is used by {n} annotation(s). What should happen to them?")}</p>
                            <div class="dialog__actions">
                                <label class="dialog__field">
                                    "Move them to"
                                    <select class="dialog__select" on:change=move |ev| target.set(event_target_value(&ev).parse().ok())>
                                        {others.iter().map(|l| view! { <option value=l.id.to_string()>{l.name.clone()}</option> }).collect_view()}
                                    </select>
                                </label>
                                <button type="button" class="button button--primary"
                                    on:click=move |_| if let Some(t) = target.get_untracked() { delete(id, LabelInUse::Reassign(t)) }>
                                    "Move and delete the label"
                                </button>
                                <button type="button" class="button" on:click=move |_| delete(id, LabelInUse::DeleteAnnotations)>
                                    {format!("Delete the label and its {n} annotation(s)")}
                                </button>
                                <button type="button" class="button" on:click=move |_| asking.set(None)>"Keep it"</button>
                            </div>
                        </div>
                    }
                }}
            </Show>
            <p class="dialog__error" role="alert">{move || error.get()}</p>
            <fieldset class="schema__new">
                <legend>"New label"</legend>
                <label class="dialog__field">"Name" <input class="schema__input" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) /></label>
                <label class="dialog__field">"Colour" <input type="color" class="schema__color" prop:value=move || new_color.get() on:input=move |ev| new_color.set(event_target_value(&ev)) /></label>
                <label class="dialog__field">"Key" <input class="schema__key" maxlength="1" prop:value=move || new_key.get() on:input=move |ev| new_key.set(event_target_value(&ev)) /></label>
                <button type="button" class="button button--primary" on:click=add>"Add label"</button>
            </fieldset>
            <div class="dialog__actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </dialog>
    }
}
