//! The preview of a scraped page before import: its stories with detected titles,
//! removed furniture lines struck through (click a line to restore or remove it),
//! duplicates flagged with what they add or lack, and a checkbox per story.

use super::state::Actions;
use crate::dom::now_ms;
use crate::formats::add_imported;
use crate::import::Preview;
use leptos::prelude::*;

/// A page waiting in the preview: its file name and the cleaner's proposal.
#[derive(Clone)]
pub struct PagePreview {
    /// File name (the documents' source).
    pub name: String,
    /// The stories and lines.
    pub preview: Preview,
}

/// The preview panel; `page` holds the page being previewed (`None` hides it).
#[component]
pub fn PagePreviewPanel(
    /// The page being previewed.
    page: RwSignal<Option<PagePreview>>,
    /// Where to say what happened.
    report: RwSignal<String>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let edit = move |f: &dyn Fn(&mut Preview)| {
        page.update(|p| {
            if let Some(p) = p {
                f(&mut p.preview);
            }
        });
    };
    let import = move |_| {
        let Some(p) = page.get_untracked() else {
            return;
        };
        let docs = p.preview.documents(&p.name);
        let n = docs.len();
        if n == 0 {
            report.set("Tick at least one story with text.".into());
            return;
        }
        let doc = actions.open.0.get_untracked();
        let project = actions.editor.0.with_value(|e| {
            doc.and_then(|d| e.ws.project_of(d))
                .or(e.ws.projects.first())
                .map(|p| p.id)
        });
        let Some(project) = project else { return };
        if actions
            .edit(|ed| add_imported(ed, project, docs, "page-cleaner", now_ms()))
            .is_some()
        {
            report.set(format!(
                "{}: {n} stor{} imported",
                p.name,
                if n == 1 { "y" } else { "ies" }
            ));
            page.set(None);
        }
    };
    view! {
        <Show when=move || page.get().is_some()>
            <section class="preview" aria-label="Page preview">
                <p class="dialog__hint">
                    "Stories found in this page. Struck-through lines are page furniture and will be left out: click a line to restore or remove it. Untick the stories you do not want."
                </p>
                {move || {
                    let Some(p) = page.get() else { return ().into_any() };
                    p.preview
                        .stories
                        .iter()
                        .enumerate()
                        .map(|(si, st)| {
                            let include = st.include;
                            let dup = st.duplicate_of.map(|d| {
                                let extra = st.diff.as_ref().map(|df| df.only_in_this.len()).unwrap_or(0);
                                let missing = st.diff.as_ref().map(|df| df.only_in_first.len()).unwrap_or(0);
                                if extra == 0 && missing == 0 {
                                    format!("Exact copy of story {}", d + 1)
                                } else {
                                    format!("Near copy of story {}: {extra} paragraph(s) only here, {missing} only there", d + 1)
                                }
                            });
                            view! {
                                <article class="preview__story" aria-label=format!("Story {}", si + 1)>
                                    <div class="preview__head">
                                        <label class="dialog__check">
                                            <input
                                                type="checkbox"
                                                prop:checked=include
                                                on:change=move |ev| {
                                                    let t: web_sys::HtmlInputElement = event_target(&ev);
                                                    let on = t.checked();
                                                    edit(&move |p| { let _ = p.set_include(si, on); });
                                                }
                                            />
                                            {format!("Import story {}", si + 1)}
                                        </label>
                                        <input
                                            class="details__input preview__title"
                                            aria-label=format!("Title of story {}", si + 1)
                                            prop:value=st.title.clone()
                                            on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                edit(&move |p| { let _ = p.rename(si, &v); });
                                            }
                                        />
                                    </div>
                                    {dup.map(|d| view! { <p class="preview__dup">{d}</p> })}
                                    <button
                                        type="button"
                                        class="button button--small"
                                        on:click=move |_| edit(&move |p| { let _ = p.merge_with_next(si); })
                                    >
                                        "Merge with the next story"
                                    </button>
                                    <ol class="preview__lines">
                                        {st.lines
                                            .iter()
                                            .enumerate()
                                            .filter(|(_, l)| !l.is_blank())
                                            .map(|(li, l)| {
                                                let kept = l.kept;
                                                let reason = l.reason.clone().unwrap_or_default();
                                                view! {
                                                    <li class="preview__row">
                                                        <button
                                                            type="button"
                                                            class="preview__split"
                                                            aria-label="Start a new story at this line"
                                                            title="Start a new story at this line"
                                                            on:click=move |_| edit(&move |p| { let _ = p.split_at(si, li); })
                                                        >
                                                            "✂"
                                                        </button>
                                                        <button
                                                            type="button"
                                                            class="preview__line"
                                                            class:preview__line--removed=!kept
                                                            aria-pressed=kept.to_string()
                                                            title=if kept { "Kept — click to remove".to_owned() } else { format!("Removed ({reason}) — click to keep") }
                                                            on:click=move |_| edit(&move |p| { let _ = p.set_kept(si, li, !kept); })
                                                        >
                                                            {l.text.clone()}
                                                        </button>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                </article>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
                <div class="dialog__actions">
                    <button type="button" class="button button--primary" on:click=import>"Import the ticked stories"</button>
                    <button type="button" class="button" on:click=move |_| page.set(None)>"Cancel"</button>
                </div>
            </section>
        </Show>
    }
}
