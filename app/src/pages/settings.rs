//! Settings page: the fourteen policies of the selected profile and the global ones.

use fwpolicy_core::SettingId;
use leptos::prelude::*;

use crate::components::global_settings::GlobalSettings;
use crate::components::profile_switch::ProfileSwitch;
use crate::components::setting_row::SettingRow;
use crate::state::use_app;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let app = use_app();
    let ui = app.ui;
    let store = app.store;
    view! {
        <h1>"Settings"</h1>
        <p class="lead">
            "Computer Configuration › Administrative Templates › Network › Network Connections › Windows Firewall. "
            "Names are the Windows XP SP2 / Server 2003 SP1 ones; today's Group Policy editor shows the second name."
        </p>
        {move || {
            let (description, source) = store.about().get();
            (!description.trim().is_empty() || !source.trim().is_empty()).then(|| view! {
                <section class="about" aria-labelledby="about-h">
                    <h2 id="about-h">"About this policy"</h2>
                    {description.lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
                    {(!source.trim().is_empty()).then(|| view! { <p class="source">"Source: " {source.clone()}</p> })}
                </section>
            })
        }}
        <ProfileSwitch profile=ui.profile />
        {move || {
            let kind = ui.profile.get();
            view! {
                <section class="profile-settings" aria-label=kind.label()>
                    <h2>{kind.label()}</h2>
                    {SettingId::ALL
                        .into_iter()
                        .map(|id| view! { <SettingRow profile=kind setting=id /> })
                        .collect_view()}
                </section>
            }
        }}
        <GlobalSettings />
    }
}
