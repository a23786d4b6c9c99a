//! Options of "Allow logging": the two check boxes, the log path and its size.

use fwpolicy_core::LoggingOptions;
use leptos::prelude::*;

use crate::components::field_messages::FieldMessages;
use crate::forms::{self, FieldMessage};

/// Logging options; text fields are checked as you type and applied when left (or Enter).
#[component]
pub fn LoggingEditor(
    /// Unique id prefix.
    #[prop(into)]
    id: String,
    /// The current options.
    #[prop(into)]
    options: Signal<LoggingOptions>,
    /// Called with valid new options.
    on_change: Callback<LoggingOptions>,
) -> impl IntoView {
    let path_draft: RwSignal<Option<String>> = RwSignal::new(None);
    let size_draft: RwSignal<Option<String>> = RwSignal::new(None);
    let path_msgs = Signal::derive(move || {
        path_draft
            .get()
            .map(|t| forms::log_path(&t).messages)
            .unwrap_or_default()
    });
    let size_msgs = Signal::derive(move || {
        size_draft
            .get()
            .map(|t| forms::log_size(&t).messages)
            .unwrap_or_default()
    });
    let bad = |m: Signal<Vec<FieldMessage>>| {
        move || {
            if m.with(|m| !m.is_empty()) {
                "true"
            } else {
                "false"
            }
        }
    };
    let check = move |label: &'static str,
                      get: fn(&LoggingOptions) -> bool,
                      set: fn(&mut LoggingOptions, bool)| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || options.with(get)
                    on:change:target=move |ev| {
                        let mut o = options.get_untracked();
                        set(&mut o, event_target_checked(&*ev));
                        on_change.run(o);
                    }
                />
                {label}
            </label>
        }
    };
    let path_id = format!("{id}-path");
    let size_id = format!("{id}-size");
    let path_msg = format!("{id}-path-msg");
    let size_msg = format!("{id}-size-msg");
    view! {
        <fieldset class="logging">
            <legend>"Logging options"</legend>
            {check("Log dropped packets", |o| o.log_dropped, |o, v| o.log_dropped = v)}
            {check("Log successful connections", |o| o.log_successful, |o, v| o.log_successful = v)}
            <div class="field">
                <label for=path_id.clone() class="field-label">"Log file path and name"</label>
                <input
                    id=path_id
                    type="text"
                    class="wide"
                    spellcheck="false"
                    aria-describedby=path_msg.clone()
                    aria-invalid=bad(path_msgs)
                    prop:value=move || path_draft.get().unwrap_or_else(|| options.with(|o| o.path.clone()))
                    on:input:target=move |ev| path_draft.set(Some(event_target_value(&*ev)))
                    on:change:target=move |_| {
                        if let Some(path) = path_draft.get_untracked().and_then(|t| forms::log_path(&t).value) {
                            let mut o = options.get_untracked();
                            o.path = path;
                            on_change.run(o);
                            path_draft.set(None);
                        }
                    }
                />
                <FieldMessages id=path_msg messages=path_msgs />
            </div>
            <div class="field">
                <label for=size_id.clone() class="field-label">"Size limit (KB, 128–32767)"</label>
                <input
                    id=size_id
                    type="number"
                    min="128"
                    max="32767"
                    step="128"
                    aria-describedby=size_msg.clone()
                    aria-invalid=bad(size_msgs)
                    prop:value=move || size_draft.get().unwrap_or_else(|| options.with(|o| o.size_kb.to_string()))
                    on:input:target=move |ev| size_draft.set(Some(event_target_value(&*ev)))
                    on:change:target=move |_| {
                        if let Some(size) = size_draft.get_untracked().and_then(|t| forms::log_size(&t).value) {
                            let mut o = options.get_untracked();
                            o.size_kb = size;
                            on_change.run(o);
                            size_draft.set(None);
                        }
                    }
                />
                <FieldMessages id=size_msg messages=size_msgs />
            </div>
        </fieldset>
    }
}
