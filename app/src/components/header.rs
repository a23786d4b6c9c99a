//! The top bar: project title, page navigation, undo/redo, the unexported-changes marker,
//! the problem count and the theme switch.
//!
//! The page links are plain `#page` anchors, so the URL fragment (watched by the app)
//! switches the page.

use fwpolicy_core::Diagnostic;
use leptos::prelude::*;

use crate::components::findings::severity_label;
use crate::components::settings_overview::card_radio_id;
use crate::dom;
use crate::problems::{setting_of, target_of, Problems, Target};
use crate::state::{use_app, Page};
use crate::theme::Theme;

/// Most pending changes and problems listed (the counts are always complete).
pub const MAX_LISTED: usize = 300;

/// The summary of the pending changes; `exported`: something was exported in this tab (a
/// first visit has nothing exported, so it does not say "All changes exported").
pub fn pending_summary(count: usize, exported: bool) -> String {
    match count {
        0 if !exported => "No changes yet".to_string(),
        0 => "All changes exported".to_string(),
        1 => "1 change not exported".to_string(),
        n => format!("{n} changes not exported"),
    }
}

/// The pending changes to list, newest first.
pub fn pending_listed(pending: &[String]) -> Vec<String> {
    pending.iter().rev().take(MAX_LISTED).cloned().collect()
}

/// The page navigation.
#[component]
fn PageLinks() -> impl IntoView {
    let ui = use_app().ui;
    view! {
        <nav aria-label="Pages">
            <ul>
                {Page::ALL
                    .into_iter()
                    .map(|p| {
                        view! {
                            <li>
                                <a
                                    href=format!("#{}", p.slug())
                                    aria-current=move || (ui.page.get() == p).then_some("page")
                                >
                                    {p.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The application header.
#[component]
pub fn Header(
    /// The colour theme (the button cycles it).
    theme: RwSignal<Theme>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let problems = app.problems;
    let counts = Memo::new(move |_| problems.with(Problems::counts));
    // The badge counts what the list shows (notes included).
    let listed = Memo::new(move |_| problems.with(Problems::listed));
    // A Problems entry opens the page of its setting or row and focuses it.
    let go_to = move |d: &Diagnostic| {
        let Some(target) = store.peek(|p| target_of(p, d)) else {
            return;
        };
        dom::close_popover();
        match target {
            Target::Setting(kind, id) => {
                ui.profile.set(kind);
                ui.page.set(Page::Settings);
                let state = store.peek(|p| p.profile(kind).state(id));
                dom::focus_id_after_page_switch(card_radio_id(kind, id, state));
            }
            Target::Row(kind, list, index) => {
                ui.profile.set(kind);
                ui.page.set(Page::Exceptions);
                ui.row_focus.set(Some((kind, list, index)));
            }
        }
    };
    let pending_count = Memo::new(move |_| store.pending_count());
    let can_undo = Memo::new(move |_| store.history(|h| h.can_undo()));
    let can_redo = Memo::new(move |_| store.history(|h| h.can_redo()));
    let undo = move |_| match store.undo() {
        Some(d) => ui.say(format!("Undid: {d}")),
        None => ui.say("Nothing to undo"),
    };
    let redo = move |_| match store.redo() {
        Some(d) => ui.say(format!("Redid: {d}")),
        None => ui.say("Nothing to redo"),
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="app-name">"fwpolicy"</span>
                <label for="project-title" class="visually-hidden">"Project title"</label>
                <input
                    id="project-title"
                    type="text"
                    class="title-input"
                    prop:value=move || store.title()
                    on:change=move |ev| store.set_title(event_target_value(&ev))
                />
            </div>
            <PageLinks />
            <p class="current-profile" id="current-profile" title="The profile the Settings and Exceptions pages show">
                {move || ui.profile.get().label()}
            </p>
            <div class="tools">
                <button
                    type="button"
                    id="undo-button"
                    aria-keyshortcuts="Control+Z"
                    prop:disabled=move || !can_undo.get()
                    on:click=undo
                >
                    "Undo"
                </button>
                <button
                    type="button"
                    id="redo-button"
                    aria-keyshortcuts="Control+Shift+Z Control+Y"
                    prop:disabled=move || !can_redo.get()
                    on:click=redo
                >
                    "Redo"
                </button>
                <details class="pending">
                    <summary class:dirty=move || { pending_count.get() > 0 }>
                        {move || pending_summary(pending_count.get(), store.last_exported().is_some())}
                    </summary>
                    <div class="popover">
                        {move || {
                            let listed = pending_listed(&store.pending());
                            if listed.is_empty() {
                                view! { <p>"Nothing changed since the last export or download."</p> }
                                    .into_any()
                            } else {
                                view! {
                                    <ol class="pending-list">
                                        {listed.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                                    </ol>
                                }
                                    .into_any()
                            }
                        }}
                    </div>
                </details>
                <details class="problems">
                    <summary class:errors=move || { counts.get().0 > 0 }>
                        {move || format!("Problems: {}", listed.get())}
                        <span class="visually-hidden">
                            {move || {
                                let (e, w) = counts.get();
                                let notes = listed.get().saturating_sub(e + w);
                                format!(" ({e} errors, {w} warnings, {notes} notes)")
                            }}
                        </span>
                    </summary>
                    <div class="popover">
                        {move || {
                            problems
                                .with(|p| {
                                    if p.all().is_empty() {
                                        view! { <p>"No problems found."</p> }.into_any()
                                    } else {
                                        let items = p
                                            .all()
                                            .iter()
                                            .take(MAX_LISTED)
                                            .map(|d| {
                                                let class = format!("sev-{}", d.severity.as_str());
                                                let jumps = d.path.as_deref().and_then(setting_of).is_some();
                                                let sentence = format!(
                                                    "{}{}",
                                                    severity_label(d.severity),
                                                    d.sentence()
                                                );
                                                let details = d.details();
                                                let finding = d.clone();
                                                let head = if jumps {
                                                    view! {
                                                        <button
                                                            type="button"
                                                            class="linklike"
                                                            on:click=move |_| go_to(&finding)
                                                        >
                                                            {sentence}
                                                        </button>
                                                    }
                                                    .into_any()
                                                } else {
                                                    view! { <span>{sentence}</span> }.into_any()
                                                };
                                                view! {
                                                    <li class=class>
                                                        {head}
                                                        <span class="problem-details">{details}</span>
                                                    </li>
                                                }
                                            })
                                            .collect_view();
                                        view! { <ul class="problem-list">{items}</ul> }.into_any()
                                    }
                                })
                        }}
                    </div>
                </details>
                <button
                    type="button"
                    class="theme"
                    id="theme-button"
                    aria-label=move || format!("Colour theme: {} (change)", theme.get().label())
                    on:click=move |_| theme.update(|t| *t = t.next())
                >
                    {move || theme.get().label()}
                </button>
            </div>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_changes_are_listed_newest_first_and_counted_in_words() {
        // See: issue 13 — a first visit said "All changes exported".
        assert_eq!(pending_summary(0, false), "No changes yet");
        assert_eq!(pending_summary(0, true), "All changes exported");
        assert_eq!(pending_summary(1, false), "1 change not exported");
        assert_eq!(pending_summary(2, true), "2 changes not exported");
        assert_eq!(
            pending_listed(&["first".to_string(), "second".to_string()]),
            vec!["second".to_string(), "first".to_string()]
        );
    }
}
