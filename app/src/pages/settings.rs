//! Settings page: the fourteen policies of the selected profile and the global ones.

use fwpolicy_core::SettingId;
use leptos::prelude::*;

use crate::components::global_settings::GlobalSettings;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::setting_row::SettingRow;
use crate::components::settings_overview::SettingsOverview;
use crate::state::use_app;

/// The paragraphs of "About this policy": one per non-empty line of the description.
pub fn about_paragraphs(description: &str) -> Vec<String> {
    description
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// "About this policy": the project's description and source; nothing when both are empty.
#[component]
fn About() -> impl IntoView {
    let store = use_app().store;
    move || {
        let (paragraphs, source) = store.about(|d, s| (about_paragraphs(d), s.trim().to_string()));
        (!paragraphs.is_empty() || !source.is_empty()).then(|| {
            view! {
                <section class="about" aria-labelledby="about-h">
                    <h2 id="about-h">"About this policy"</h2>
                    {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    {(!source.is_empty()).then(|| view! { <p class="source">"Source: " {source}</p> })}
                </section>
            }
        })
    }
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let ui = use_app().ui;
    view! {
        <h1>"Settings"</h1>
        <p class="lead">
            "Computer Configuration › Administrative Templates › Network › Network Connections › Windows Firewall. \
             Names are the Windows XP SP2 / Server 2003 SP1 ones; today's Group Policy editor shows the second name."
        </p>
        <About />
        <ProfileSwitch profile=ui.profile />
        {move || {
            let kind = ui.profile.get();
            let h = format!("{}-settings-h", kind.as_str());
            let labelled = h.clone();
            let open = StoredValue::new(
                SettingId::ALL.iter().map(|_| RwSignal::new(true)).collect::<Vec<_>>(),
            );
            view! {
                <section class="profile-settings" aria-labelledby=labelled>
                    <h2 id=h>{kind.label()}</h2>
                    <SettingsOverview profile=kind open=open />
                    {SettingId::ALL
                        .into_iter()
                        .enumerate()
                        .map(|(i, id)| {
                            let card_open = open.with_value(|all| all.get(i).copied())
                                .unwrap_or_else(|| RwSignal::new(true));
                            view! { <SettingRow profile=kind setting=id open=card_open /> }
                        })
                        .collect_view()}
                </section>
            }
        }}
        <GlobalSettings />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_about_section_has_a_paragraph_per_line() {
        assert!(about_paragraphs(" ").is_empty());
        assert_eq!(
            about_paragraphs("First.\n\nSecond <b>."),
            vec!["First.".to_string(), "Second <b>.".to_string()]
        );
    }
}
