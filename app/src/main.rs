//! fwpolicy editor entry point (placeholder until the editor lands): renders the fourteen
//! policies of both profiles from `fwpolicy-core`.
use fwpolicy_core::{Policy, ProfileKind, SettingId};
use leptos::prelude::*;

#[component]
fn App() -> impl IntoView {
    let policy = Policy::default();
    view! {
        <main>
            <h1>"fwpolicy"</h1>
            {ProfileKind::ALL
                .into_iter()
                .map(|kind| {
                    let profile = policy.profile(kind).clone();
                    view! {
                        <section aria-label=kind.label()>
                            <h2>{kind.label()}</h2>
                            <table>
                                <tbody>
                                    {SettingId::ALL
                                        .into_iter()
                                        .map(|id| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{id.xp_name()}</th>
                                                    <td>{profile.state(id).label()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
                .collect_view()}
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
