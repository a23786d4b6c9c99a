//! Settings page: the fourteen policies of the selected profile and the global ones.

use fwpolicy_core::SettingId;
use leptos::prelude::*;

use crate::components::global_settings::global_settings;
use crate::components::profile_switch::profile_switch;
use crate::components::setting_row::setting_row;
use crate::dom;
use crate::html::Markup;
use crate::state::use_app;
use crate::ui::{block, dynamic, no_events, section};

/// "About this policy": the project's description (one paragraph per non-empty line) and
/// its source; nothing when both are empty.
pub fn about_markup(description: &str, source: &str) -> String {
    let mut m = Markup::new();
    if description.trim().is_empty() && source.trim().is_empty() {
        return m.finish();
    }
    m.open(
        "section",
        &[("class", "about"), ("aria-labelledby", "about-h")],
    )
    .leaf("h2", &[("id", "about-h")], "About this policy");
    for line in description.lines().filter(|l| !l.trim().is_empty()) {
        m.leaf("p", &[], line);
    }
    if !source.trim().is_empty() {
        m.open("p", &[("class", "source")])
            .text("Source: ")
            .text(source)
            .close("p");
    }
    m.close("section");
    m.finish()
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    let ui = app.ui;
    let store = app.store;
    let about = dom::live_markup("about".into(), Box::new(move || store.about(about_markup)));
    let mut head = Markup::new();
    head.leaf("h1", &[], "Settings")
        .leaf(
            "p",
            &[("class", "lead")],
            "Computer Configuration › Administrative Templates › Network › Network Connections › Windows Firewall. \
             Names are the Windows XP SP2 / Server 2003 SP1 ones; today's Group Policy editor shows the second name.",
        )
        .open("div", &[("id", "about")])
        .markup(&about)
        .close("div");
    vec![
        block("", "settings-head".into(), head.finish(), no_events()),
        profile_switch(ui.profile),
        dynamic(Box::new(move || {
            let kind = ui.profile.get();
            let h = format!("{}-settings-h", kind.as_str());
            let mut m = Markup::new();
            m.leaf("h2", &[("id", &h)], kind.label());
            let mut parts = vec![block("", format!("{h}-box"), m.finish(), no_events())];
            parts.extend(SettingId::ALL.into_iter().map(|id| setting_row(kind, id)));
            section("profile-settings", h, parts)
        })),
        global_settings(),
    ]
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_about_section_has_a_paragraph_per_line_and_the_source() {
        assert_eq!(about_markup(" ", ""), "");
        assert_eq!(
            about_markup("First.\n\nSecond <b>.", "Seed 002"),
            "<section class=\"about\" aria-labelledby=\"about-h\"><h2 id=\"about-h\">About this policy</h2>\
             <p>First.</p><p>Second &lt;b&gt;.</p><p class=\"source\">Source: Seed 002</p></section>"
        );
    }
}
