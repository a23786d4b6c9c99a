//! The top bar: project title, page navigation, undo/redo, the unexported-changes marker,
//! the problem count and the theme switch.
//!
//! The navigation and the two pop-over lists are read-only markup ([`nav_markup`],
//! [`pending_markup`], [`problems_markup`]; see [`crate::html`]): the links are plain `#page`
//! anchors, so the URL fragment (watched by the app) switches the page.

use fwpolicy_core::Diagnostic;
use leptos::prelude::*;

use crate::html::Markup;
use crate::problems::Problems;
use crate::state::{use_app, Page};
use crate::theme::Theme;

/// Most pending changes and problems listed (the counts are always complete).
const MAX_LISTED: usize = 300;

/// The page links, the shown one marked `aria-current="page"`.
pub fn nav_markup(shown: Page) -> String {
    let mut m = Markup::new();
    for p in Page::ALL {
        let href = format!("#{}", p.slug());
        m.open("li", &[]);
        if p == shown {
            m.open("a", &[("href", &href), ("aria-current", "page")]);
        } else {
            m.open("a", &[("href", &href)]);
        }
        m.text(p.label()).close("a").close("li");
    }
    m.finish()
}

/// The summary of the pending changes.
pub fn pending_summary(count: usize) -> String {
    match count {
        0 => "All changes exported".to_string(),
        1 => "1 change not exported".to_string(),
        n => format!("{n} changes not exported"),
    }
}

/// The pending changes, newest first.
pub fn pending_markup(pending: &[String]) -> String {
    let mut m = Markup::new();
    if pending.is_empty() {
        m.leaf(
            "p",
            &[],
            "Nothing changed since the last export or download.",
        );
    } else {
        m.open("ol", &[("class", "pending-list")]);
        for d in pending.iter().rev().take(MAX_LISTED) {
            m.leaf("li", &[], d);
        }
        m.close("ol");
    }
    m.finish()
}

/// The lint findings, in lint order.
pub fn problems_markup(all: &[Diagnostic]) -> String {
    let mut m = Markup::new();
    if all.is_empty() {
        m.leaf("p", &[], "No problems found.");
    } else {
        m.open("ul", &[("class", "problem-list")]);
        for d in all.iter().take(MAX_LISTED) {
            let class = format!("sev-{}", d.severity.as_str());
            m.leaf("li", &[("class", &class)], &d.to_string());
        }
        m.close("ul");
    }
    m.finish()
}

/// The application header.
#[component]
pub fn Header(
    /// The colour theme (read and written).
    theme: RwSignal<Theme>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let problems = app.problems;
    let undo = move |_| match store.undo() {
        Some(d) => ui.say(format!("Undid: {d}")),
        None => ui.say("Nothing to undo"),
    };
    let redo = move |_| match store.redo() {
        Some(d) => ui.say(format!("Redid: {d}")),
        None => ui.say("Nothing to redo"),
    };
    let counts = move || problems.with(Problems::counts);
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
                    on:change:target=move |ev| store.set_title(event_target_value(&*ev))
                />
            </div>
            <nav aria-label="Pages">
                <ul inner_html=move || nav_markup(ui.page.get())></ul>
            </nav>
            <div class="tools">
                <button type="button" on:click:target=undo prop:disabled=move || !store.history(|h| h.can_undo()) aria-keyshortcuts="Control+Z">"Undo"</button>
                <button type="button" on:click:target=redo prop:disabled=move || !store.history(|h| h.can_redo()) aria-keyshortcuts="Control+Shift+Z Control+Y">"Redo"</button>
                <details class="pending">
                    <summary class:dirty={move || store.pending_count() > 0}>
                        {move || pending_summary(store.pending_count())}
                    </summary>
                    <div class="popover" inner_html=move || pending_markup(&store.pending())></div>
                </details>
                <details class="problems">
                    <summary class:errors={move || counts().0 > 0}>
                        {move || {
                            let (e, w) = counts();
                            format!("Problems: {}", e + w)
                        }}
                        <span class="visually-hidden">
                            {move || {
                                let (e, w) = counts();
                                format!(" ({e} errors, {w} warnings)")
                            }}
                        </span>
                    </summary>
                    <div class="popover" inner_html=move || problems.with(|p| problems_markup(p.all()))></div>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_page_is_the_current_link() {
        let m = nav_markup(Page::Export);
        assert!(m.contains("<a href=\"#export\" aria-current=\"page\">Export</a>"));
        assert!(m.contains("<a href=\"#settings\">Settings</a>"));
        assert_eq!(m.matches("aria-current").count(), 1);
        assert_eq!(m.matches("<li>").count(), Page::ALL.len());
    }

    #[test]
    fn pending_changes_are_listed_newest_first_and_counted_in_words() {
        assert_eq!(pending_summary(0), "All changes exported");
        assert_eq!(pending_summary(1), "1 change not exported");
        assert_eq!(pending_summary(2), "2 changes not exported");
        let m = pending_markup(&["first".to_string(), "second <b>".to_string()]);
        assert_eq!(
            m,
            "<ol class=\"pending-list\"><li>second &lt;b&gt;</li><li>first</li></ol>"
        );
        assert!(pending_markup(&[]).contains("Nothing changed"));
    }
}
