//! A table in a focusable scrolling box: the region is named for screen readers, the caption
//! says what the table holds, the column headings are scoped. The Registry.pol entries, the
//! comparison, the resultant, the exposure and the pasted rows are all shown in one.

use leptos::prelude::*;

/// A table in a keyboard-scrollable, named region.
#[component]
pub fn ScrollTable(
    /// The region's accessible name.
    #[prop(into)]
    label: String,
    /// The table's class.
    class: &'static str,
    /// The table's id, if it needs one.
    #[prop(optional, into)]
    id: Option<String>,
    /// The caption (read by screen readers, not shown).
    #[prop(into)]
    caption: String,
    /// The column headings.
    head: Vec<String>,
    /// The body rows.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="records-scroll" tabindex="0" role="region" aria-label=label>
            <table class=class id=id>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {head
                            .into_iter()
                            .map(|h| view! { <th scope="col">{h}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// Column headings from string slices.
pub fn heads(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_string()).collect()
}
