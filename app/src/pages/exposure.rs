//! Exposure page: per profile, one table of what other computers can reach (services, program
//! and port exceptions, ICMP) and from where, with side effects, and a question box: "can
//! 10.2.3.4 reach TCP 3389?" answered per profile with the rules that allow it.
//!
//! The analysis is `core::analysis::exposure` (also `fwpolicy exposure`), run by the format
//! engine; the page asks again after every change of the policy.

use fwpolicy_core::ProfileKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::scroll_table::{heads, ScrollTable};
use crate::components::text_field::TextField;
use crate::engine::{self, Exposed, ExposureRow, ProfileExposure};
use crate::state::use_app;

/// One profile's table and notes.
#[component]
fn ProfileTable(
    /// The profile's exposure.
    exposure: ProfileExposure,
) -> impl IntoView {
    let ProfileExposure {
        profile,
        rows,
        notes,
        answer,
    } = exposure;
    let label = profile.label();
    let slug = match profile {
        ProfileKind::Domain => "domain",
        ProfileKind::Standard => "standard",
    };
    let answer = answer.map(|a| {
        let allowed = a
            .allowed_by
            .into_iter()
            .map(|r| view! { <li>{format!("Allowed by: {r}")}</li> })
            .collect_view();
        let notes = a
            .notes
            .into_iter()
            .map(|n| view! { <li class="help">{n}</li> })
            .collect_view();
        view! {
            <div class="exposure-answer" id=format!("exposure-answer-{slug}") role="status">
                <p>
                    <strong>{a.summary}</strong>
                </p>
                <ul>{allowed}{notes}</ul>
            </div>
        }
    });
    let empty = rows.is_empty();
    let body = rows
        .into_iter()
        .map(
            |ExposureRow {
                 rule,
                 opens,
                 from,
                 anyone,
                 active,
                 notes,
             }| {
                let notes = (!notes.is_empty()).then(|| {
                    view! {
                        <ul class="exposure-notes">
                            {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                        </ul>
                    }
                });
                view! {
                    <tr class:anyone=anyone && active class:inactive=!active>
                        <th scope="row">{rule}{notes}</th>
                        <td>{opens}</td>
                        <td>{from}{(anyone && active).then(|| view! { <span class="badge-warn">" any computer"</span> })}</td>
                        <td>{if active { "yes" } else { "no" }}</td>
                    </tr>
                }
            },
        )
        .collect_view();
    let notes = notes
        .into_iter()
        .map(|n| view! { <li>{n}</li> })
        .collect_view();
    view! {
        <section class="exposure-profile" aria-labelledby=format!("exposure-{slug}-h")>
            <h2 id=format!("exposure-{slug}-h")>{label}</h2>
            {answer}
            <ul class="findings">{notes}</ul>
            {if empty {
                view! { <p class="help">"No exception opens anything in this profile."</p> }.into_any()
            } else {
                view! {
                    <ScrollTable
                        label=format!("{label}: what is reachable")
                        class="exposure"
                        id=format!("exposure-{slug}")
                        caption=format!("{label}: what other computers can reach, and from where")
                        head=heads(&["Rule", "Opens", "From", "Applies"])
                    >
                        {body}
                    </ScrollTable>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The exposure page.
#[component]
pub fn ExposurePage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let from = RwSignal::new(String::new());
    let port = RwSignal::new(String::new());
    let asked: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let result: RwSignal<Option<Result<Exposed, String>>> = RwSignal::new(None);
    let generation = StoredValue::new(0u64);

    // Ask the engine again whenever the policy or the question changes.
    Effect::new(move |_| {
        let project = {
            store.read_all(|_| ());
            store.with_doc(|d| d.project())
        };
        let question = asked.get();
        let run = generation.get_value() + 1;
        generation.set_value(run);
        spawn_local(async move {
            let answer = engine::exposure_of(&project, question).await;
            if generation.try_get_value() == Some(run) {
                result.try_set(Some(answer));
            }
        });
    });

    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, p) = (from.get_untracked(), port.get_untracked());
        if f.trim().is_empty() && p.trim().is_empty() {
            asked.set(None);
        } else {
            asked.set(Some((f, p)));
        }
    };

    let tables = move || {
        result.get().map(|r| match r {
            Err(e) => view! { <p class="export-error" role="alert" id="exposure-error">{e}</p> }
                .into_any(),
            Ok(Exposed {
                profiles,
                question_error,
            }) => view! {
                {question_error
                    .map(|e| view! { <p class="export-error" role="alert" id="exposure-error">{e}</p> })}
                {profiles
                    .into_iter()
                    .map(|p| view! { <ProfileTable exposure=p /> })
                    .collect_view()}
            }
            .into_any(),
        })
    };

    view! {
        <h1>"Exposure"</h1>
        <p class="help">
            "Per profile, what other computers can reach on a client with this policy: the service exceptions, program and port exceptions and ICMP, each with who may connect and its side effects. Rows open to any computer are marked. Read-only; the question box answers with the rule that allows the traffic."
        </p>
        <form class="exposure-question" on:submit=ask>
            <TextField
                id="exposure-from"
                label="From address"
                inputmode="decimal"
                placeholder="10.2.3.4"
                value=from
                messages=Signal::stored(Vec::new())
                on_input=Callback::new(move |t| from.set(t))
            />
            <TextField
                id="exposure-port"
                label="Port and protocol"
                placeholder="3389/tcp"
                value=port
                messages=Signal::stored(Vec::new())
                on_input=Callback::new(move |t| port.set(t))
            />
            <button type="submit" class="primary" id="exposure-ask">"Can it reach?"</button>
        </form>
        {tables}
    }
}
