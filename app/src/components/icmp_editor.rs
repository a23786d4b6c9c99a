//! The ten ICMP check boxes of "Allow ICMP exceptions".

use fwpolicy_core::setting::Direction;
use fwpolicy_core::{IcmpOption, IcmpOptions};
use leptos::prelude::*;

/// Ten check boxes, each with its ICMP type and direction.
#[component]
pub fn IcmpEditor(
    /// Unique id prefix.
    #[prop(into)]
    id: String,
    /// The current boxes.
    #[prop(into)]
    options: Signal<IcmpOptions>,
    /// Called with the boxes after a change.
    on_change: Callback<IcmpOptions>,
) -> impl IntoView {
    view! {
        <fieldset class="icmp">
            <legend>"ICMP messages allowed"</legend>
            <div class="checks">
                {IcmpOption::ALL
                    .into_iter()
                    .map(|o| {
                        let input_id = format!("{id}-{}", o.value_name());
                        let for_id = input_id.clone();
                        let dir = match o.direction() {
                            Direction::Inbound => "inbound",
                            Direction::Outbound => "outbound",
                        };
                        view! {
                            <label class="check" for=for_id>
                                <input
                                    type="checkbox"
                                    id=input_id
                                    prop:checked=move || options.with(|s| s.get(o))
                                    on:change:target=move |ev| {
                                        let on = event_target_checked(&*ev);
                                        on_change.run(options.get_untracked().with(o, on));
                                    }
                                />
                                {o.label()}
                                <span class="meta">
                                    {format!(" (type {}, {dir})", o.icmp_type())}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
