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
    let ui = use_app().ui;
    view! {
        <h1>"Settings"</h1>
        <p class="lead">
            "Computer Configuration › Administrative Templates › Network › Network Connections › Windows Firewall. "
            "Names are the Windows XP SP2 / Server 2003 SP1 ones; today's Group Policy editor shows the second name."
        </p>
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
