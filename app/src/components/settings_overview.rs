//! The overview of a profile's policies as GPMC lists them: Setting | State | Summary, with a
//! "Configured only" filter and a link from each name to its card.

use fwpolicy_core::analysis::overview::overview;
use fwpolicy_core::{ProfileKind, SettingId, State};
use leptos::prelude::*;

use crate::dom;
use crate::state::use_app;

/// The id of a policy card's heading (the jump target of the overview).
pub fn card_heading_id(profile: ProfileKind, setting: SettingId) -> String {
    format!("{}-{}-h", profile.as_str(), setting.json_key())
}

/// The id of a card's radio for a state (what a jump focuses: the radio of the current
/// state).
pub fn card_radio_id(profile: ProfileKind, setting: SettingId, state: State) -> String {
    let index = State::ALL.iter().position(|s| *s == state).unwrap_or(0);
    format!("{}-{}-state-{index}", profile.as_str(), setting.json_key())
}

/// The overview table of one profile. `open` holds, per policy in `SettingId::ALL` order,
/// whether its card is expanded; a jump expands the card before focusing it.
#[component]
pub fn SettingsOverview(
    /// Which profile.
    profile: ProfileKind,
    /// Expanded state of each card, in `SettingId::ALL` order.
    open: StoredValue<Vec<RwSignal<bool>>>,
) -> impl IntoView {
    let store = use_app().store;
    let configured_only = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let only = configured_only.get();
        store.profile(profile, |p| overview(p, only))
    });
    let filter_id = format!("{}-overview-configured", profile.as_str());
    let filter_for = filter_id.clone();
    let caption_id = format!("{}-overview-h", profile.as_str());
    let labelled = caption_id.clone();
    let set_all = move |value: bool| {
        open.with_value(|all| all.iter().for_each(|s| s.set(value)));
    };
    view! {
        <section class="settings-overview" aria-labelledby=labelled>
            <h3 id=caption_id>"Overview"</h3>
            <div class="overview-tools">
                <label for=filter_for>
                    <input
                        type="checkbox"
                        id=filter_id
                        prop:checked=move || configured_only.get()
                        on:change=move |ev| configured_only.set(event_target_checked(&ev))
                    />
                    " Configured only"
                </label>
                <button type="button" on:click=move |_| set_all(false)>"Collapse all"</button>
                <button type="button" on:click=move |_| set_all(true)>"Expand all"</button>
            </div>
            <table class="overview">
                <thead>
                    <tr>
                        <th scope="col">"Setting"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Summary"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let rows = rows.get();
                        if rows.is_empty() {
                            return view! {
                                <tr>
                                    <td colspan="3">"No policy of this profile is configured."</td>
                                </tr>
                            }
                                .into_any();
                        }
                        rows.into_iter()
                            .map(|row| {
                                let id = row.id;
                                let href = format!("#{}", card_heading_id(profile, id));
                                let index = SettingId::ALL.iter().position(|s| *s == id);
                                let state = row.state;
                                let jump = move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    if let Some(i) = index {
                                        open.with_value(|all| {
                                            if let Some(s) = all.get(i) {
                                                s.set(true);
                                            }
                                        });
                                    }
                                    dom::focus_id_soon(card_radio_id(profile, id, state));
                                };
                                view! {
                                    <tr class:configured=row.state != State::NotConfigured>
                                        <th scope="row">
                                            <a href=href on:click=jump>{id.xp_name()}</a>
                                        </th>
                                        <td>{row.state.label()}</td>
                                        <td>{row.summary}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jump_targets_match_the_card_ids() {
        let id = SettingId::ALL[0];
        let h = card_heading_id(ProfileKind::Domain, id);
        assert_eq!(h, format!("domain-{}-h", id.json_key()));
        assert_eq!(
            card_radio_id(ProfileKind::Domain, id, State::ALL[1]),
            format!("domain-{}-state-1", id.json_key())
        );
    }
}
