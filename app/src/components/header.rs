//! The top bar: project title, page navigation, undo/redo, the unexported-changes marker,
//! the problem count and the theme switch.

use leptos::prelude::*;

use crate::problems::Problems;
use crate::state::{use_app, Page};
use crate::theme::Theme;

/// The application header.
#[component]
pub fn Header(
    /// The lint findings of the policy (updated shortly after each edit).
    #[prop(into)]
    problems: Signal<Problems>,
    /// The colour theme (read and written).
    theme: RwSignal<Theme>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let can_undo = move || store.history(|h| h.can_undo());
    let can_redo = move || store.history(|h| h.can_redo());
    let pending = Memo::new(move |_| store.pending());
    let undo = move |_| match store.undo() {
        Some(d) => ui.say(format!("Undid: {d}")),
        None => ui.say("Nothing to undo"),
    };
    let redo = move |_| match store.redo() {
        Some(d) => ui.say(format!("Redid: {d}")),
        None => ui.say("Nothing to redo"),
    };
    let counts = Memo::new(move |_| problems.with(Problems::counts));
    view! {
        <header class="topbar">
            <div class="brand">
                <span class="app-name">"fwpolicy"</span>
                <label for="project-title" class="visually-hidden">"Project title"</label>
                <input
                    id="project-title"
                    type="text"
                    class="title-input"
                    prop:value=move || store.title().get()
                    on:change:target=move |ev| store.set_title(event_target_value(&*ev))
                />
            </div>
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
                                        on:click:target=move |_| ui.page.set(p)
                                    >
                                        {p.label()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <div class="tools">
                <button type="button" on:click:target=undo prop:disabled=move || !can_undo() aria-keyshortcuts="Control+Z">"Undo"</button>
                <button type="button" on:click:target=redo prop:disabled=move || !can_redo() aria-keyshortcuts="Control+Shift+Z Control+Y">"Redo"</button>
                <details class="pending">
                    <summary class:dirty=move || pending.with(|p| !p.is_empty())>
                        {move || match pending.with(Vec::len) {
                            0 => "All changes exported".to_string(),
                            1 => "1 change not exported".to_string(),
                            n => format!("{n} changes not exported"),
                        }}
                    </summary>
                    <div class="popover">
                        {move || {
                            let list = pending.get();
                            if list.is_empty() {
                                view! { <p>"Nothing changed since the last export or download."</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="pending-list">
                                        {list.into_iter().rev().take(200).map(|d| view! { <li>{d}</li> }).collect_view()}
                                    </ol>
                                }
                                .into_any()
                            }
                        }}
                    </div>
                </details>
                <details class="problems">
                    <summary class:errors={move || counts.get().0 > 0}>
                        {move || {
                            let (e, w) = counts.get();
                            format!("Problems: {}", e + w)
                        }}
                        <span class="visually-hidden">
                            {move || {
                                let (e, w) = counts.get();
                                format!(" ({e} errors, {w} warnings)")
                            }}
                        </span>
                    </summary>
                    <div class="popover">
                        {move || {
                            problems.with(|p| {
                                let list = p.all();
                                if list.is_empty() {
                                    view! { <p>"No problems found."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="problem-list">
                                            {list.iter().take(300).map(|d| {
                                                let sev = d.severity;
                                                view! {
                                                    <li class=format!("sev-{}", sev.as_str())>{d.to_string()}</li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }
                                    .into_any()
                                }
                            })
                        }}
                    </div>
                </details>
                <button
                    type="button"
                    class="theme"
                    on:click:target=move |_| theme.update(|t| *t = t.next())
                    aria-label=move || format!("Colour theme: {} (change)", theme.get().label())
                >
                    {move || theme.get().label()}
                </button>
            </div>
        </header>
    }
}
