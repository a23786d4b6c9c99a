//! A labelled text field whose messages (from a `core` check) sit under it.

use leptos::prelude::*;

use crate::components::field_messages::{has_error, FieldMessages};
use crate::forms::FieldMessage;

/// Label, input and message list; the input is `aria-invalid` while a message is an error and
/// described by the list. The value follows `value`; each keystroke goes to `on_input`, and
/// leaving the field (or Enter) to `on_commit`.
#[component]
pub fn TextField(
    /// Element id of the input (the message list is `<id>-msg`).
    #[prop(into)]
    id: String,
    /// The label text.
    #[prop(into)]
    label: String,
    /// `text`, `number` or `search`.
    #[prop(optional, into)]
    kind: Option<&'static str>,
    /// Extra class of the input (`wide`, `narrow`).
    #[prop(optional, into)]
    input_class: Option<&'static str>,
    /// Class of the wrapper (`field` unless given).
    #[prop(optional, into)]
    class: Option<&'static str>,
    /// The text shown.
    #[prop(into)]
    value: Signal<String>,
    /// The messages about the text.
    #[prop(into)]
    messages: Signal<Vec<FieldMessage>>,
    /// Called with the text on every keystroke.
    on_input: Callback<String>,
    /// Called when the field is left or Enter is pressed (`change`).
    #[prop(optional)]
    on_commit: Option<Callback<()>>,
    /// `inputmode` hint (`numeric`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Placeholder text.
    #[prop(optional)]
    placeholder: Option<&'static str>,
) -> impl IntoView {
    let msg_id = format!("{id}-msg");
    view! {
        <div class=class.unwrap_or("field")>
            <label for=id.clone() class="field-label">{label}</label>
            <input
                id=id
                type=kind.unwrap_or("text")
                class=input_class
                autocomplete="off"
                spellcheck="false"
                inputmode=inputmode
                placeholder=placeholder
                aria-describedby=msg_id.clone()
                aria-invalid=move || if messages.with(|m| has_error(m)) { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:change=move |_| {
                    if let Some(c) = on_commit {
                        c.run(());
                    }
                }
            />
            <FieldMessages id=msg_id messages=messages />
        </div>
    }
}
