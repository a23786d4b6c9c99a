//! The top bar: project title, page navigation, undo/redo, the unexported-changes marker,
//! the problem count and the theme switch, as markup in the app's first block.
//!
//! The navigation and the two pop-over lists are read-only markup ([`nav_markup`],
//! [`pending_markup`], [`problems_markup`]; see [`crate::html`]): the links are plain `#page`
//! anchors, so the URL fragment (watched by the app) switches the page.

use fwpolicy_core::Diagnostic;
use leptos::prelude::*;

use std::rc::Rc;

use crate::dom::{self, Bind};
use crate::html::{action_of, Markup};
use crate::problems::Problems;
use crate::state::{use_app, Page};
use crate::theme::Theme;
use crate::ui::Handler;

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

/// The problem count as the summary says it: visible total, and errors and warnings for
/// screen readers.
pub fn problems_summary((errors, warnings): (usize, usize)) -> String {
    let mut m = Markup::new();
    m.text(&format!("Problems: {}", errors + warnings)).leaf(
        "span",
        &[("class", "visually-hidden")],
        &format!(" ({errors} errors, {warnings} warnings)"),
    );
    m.finish()
}

/// The application header as markup, and the handler of its events.
pub fn header_widget(theme: RwSignal<Theme>) -> (String, Handler) {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let problems = app.problems;
    let counts = move || problems.with(Problems::counts);
    let text = |t: String| {
        let mut m = Markup::new();
        m.text(&t);
        m.finish()
    };
    let nav = dom::live_markup(
        "nav-list".into(),
        Box::new(move || nav_markup(ui.page.get())),
    );
    let pending_sum = dom::live_markup(
        "pending-sum".into(),
        Box::new(move || text(pending_summary(store.pending_count()))),
    );
    let pending = dom::live_markup(
        "pending-list".into(),
        Box::new(move || pending_markup(&store.pending())),
    );
    let problems_sum = dom::live_markup(
        "problems-sum".into(),
        Box::new(move || problems_summary(counts())),
    );
    let problem_list = dom::live_markup(
        "problems-list".into(),
        Box::new(move || problems.with(|p| problems_markup(p.all()))),
    );
    let theme_text = dom::live_markup(
        "theme-button".into(),
        Box::new(move || text(theme.get().label().to_string())),
    );
    dom::bind(
        "project-title".into(),
        Bind::Value,
        Box::new(move || store.title()),
    );
    dom::bind(
        "undo-button".into(),
        Bind::Flag("disabled"),
        Box::new(move || (!store.history(|h| h.can_undo())).to_string()),
    );
    dom::bind(
        "redo-button".into(),
        Bind::Flag("disabled"),
        Box::new(move || (!store.history(|h| h.can_redo())).to_string()),
    );
    dom::bind(
        "pending-sum".into(),
        Bind::Class("dirty"),
        Box::new(move || (store.pending_count() > 0).to_string()),
    );
    dom::bind(
        "problems-sum".into(),
        Bind::Class("errors"),
        Box::new(move || (counts().0 > 0).to_string()),
    );
    dom::bind(
        "theme-button".into(),
        Bind::Attr("aria-label"),
        Box::new(move || format!("Colour theme: {} (change)", theme.get().label())),
    );
    let title = untrack(|| store.title());
    let mut m = Markup::new();
    m.open("header", &[("class", "topbar")])
        .open("div", &[("class", "brand")])
        .leaf("span", &[("class", "app-name")], "fwpolicy")
        .leaf(
            "label",
            &[("for", "project-title"), ("class", "visually-hidden")],
            "Project title",
        )
        .open(
            "input",
            &[
                ("id", "project-title"),
                ("type", "text"),
                ("class", "title-input"),
                ("value", &title),
                ("data-act", "title"),
            ],
        )
        .close("div")
        .open("nav", &[("aria-label", "Pages")])
        .open("ul", &[("id", "nav-list")])
        .markup(&nav)
        .close("ul")
        .close("nav")
        .open("div", &[("class", "tools")]);
    for (id, act, keys, word, can) in [
        (
            "undo-button",
            "undo",
            "Control+Z",
            "Undo",
            untrack(|| store.history(|h| h.can_undo())),
        ),
        (
            "redo-button",
            "redo",
            "Control+Shift+Z Control+Y",
            "Redo",
            untrack(|| store.history(|h| h.can_redo())),
        ),
    ] {
        let mut attrs = vec![
            ("type", "button"),
            ("id", id),
            ("data-act", act),
            ("aria-keyshortcuts", keys),
        ];
        if !can {
            attrs.push(("disabled", ""));
        }
        m.leaf("button", &attrs, word);
    }
    let dirty = if untrack(|| store.pending_count()) > 0 {
        "dirty"
    } else {
        ""
    };
    let errors = if untrack(counts).0 > 0 { "errors" } else { "" };
    m.open("details", &[("class", "pending")])
        .open("summary", &[("id", "pending-sum"), ("class", dirty)])
        .markup(&pending_sum)
        .close("summary")
        .open("div", &[("class", "popover"), ("id", "pending-list")])
        .markup(&pending)
        .close("div")
        .close("details")
        .open("details", &[("class", "problems")])
        .open("summary", &[("id", "problems-sum"), ("class", errors)])
        .markup(&problems_sum)
        .close("summary")
        .open("div", &[("class", "popover"), ("id", "problems-list")])
        .markup(&problem_list)
        .close("div")
        .close("details")
        .open(
            "button",
            &[
                ("type", "button"),
                ("class", "theme"),
                ("id", "theme-button"),
                ("data-act", "theme"),
                (
                    "aria-label",
                    &format!("Colour theme: {} (change)", untrack(|| theme.get().label())),
                ),
            ],
        )
        .markup(&theme_text)
        .close("button")
        .close("div")
        .close("header");
    let on: Handler = Rc::new(move |ev| {
        let Some((act, _)) = action_of(ev) else {
            return;
        };
        match (act.as_str(), ev.type_().as_str()) {
            ("title", "change") => store.set_title(dom::field_value(ev)),
            ("undo", "click") => match store.undo() {
                Some(d) => ui.say(format!("Undid: {d}")),
                None => ui.say("Nothing to undo"),
            },
            ("redo", "click") => match store.redo() {
                Some(d) => ui.say(format!("Redid: {d}")),
                None => ui.say("Nothing to redo"),
            },
            ("theme", "click") => theme.update(|t| *t = t.next()),
            _ => {}
        }
    });
    (m.finish(), on)
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
