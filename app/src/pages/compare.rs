//! Compare page: two policies side by side, per profile and setting, with list items added,
//! removed or changed, an "only differences" filter and the comparison as Markdown for a
//! change ticket.
//!
//! The comparison is `core::analysis::compare::Comparison` (the content of `fwpolicy diff`),
//! computed by the format engine (`crate::engine`), which also reads the files. The sides are
//! the current policy, the policy as last exported in this tab, or a file in any format
//! fwpolicy reads.

use fwpolicy_core::analysis::compare::{Comparison, GroupRows, ItemRow, SettingRow};
use fwpolicy_core::analysis::diff::ChangeKind;
use fwpolicy_core::formats::project;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::check_box::CheckBox;
use crate::components::scroll_table::ScrollTable;
use crate::dom;
use crate::engine::{self, Compared, Side, SideSource};
use crate::import;
use crate::state::use_app;

/// Where one side comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Current,
    LastExport,
    File,
}

impl Source {
    fn label(self) -> &'static str {
        match self {
            Source::Current => "Current policy",
            Source::LastExport => "Last export (this session)",
            Source::File => "A file",
        }
    }
}

/// A file picked for one side: its name and bytes.
type Picked = Option<(String, Vec<u8>)>;

/// One side's choice: radios for the source and a file input.
#[component]
fn SidePicker(
    /// `left` or `right` (ids and names).
    id: &'static str,
    /// The legend (`Old (left)`).
    legend: &'static str,
    /// The sources offered.
    sources: Vec<Source>,
    /// The source picked.
    source: RwSignal<Source>,
    /// The file picked, if any.
    file: RwSignal<Picked>,
    /// Set when a file cannot be used.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let radios = sources
        .into_iter()
        .map(|s| {
            let disabled = move || s == Source::LastExport && store.last_exported().is_none();
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name=format!("compare-{id}")
                        prop:checked=move || source.get() == s
                        prop:disabled=disabled
                        on:change=move |_| source.set(s)
                    />
                    {s.label()}
                </label>
            }
        })
        .collect_view();
    let pick = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let Some(f) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = f.name();
        source.set(Source::File);
        if let Err(e) = import::before_reading(f.size() as u64) {
            error.set(Some(format!("{name}: {e}")));
            file.set(None);
            return;
        }
        error.set(None);
        spawn_local(async move {
            match dom::read_file(f).await {
                Ok(bytes) => file.set(Some((name, bytes))),
                Err(e) => error.set(Some(format!("{name}: {e}"))),
            }
        });
    };
    view! {
        <fieldset class="compare-side">
            <legend>{legend}</legend>
            {radios}
            <div class="field">
                <label for=format!("compare-{id}-file") class="field-label">
                    {format!("{legend}: file")}
                </label>
                <input
                    id=format!("compare-{id}-file")
                    type="file"
                    accept=".json,.pol,.txt,.reg,application/json,text/plain"
                    on:change=pick
                />
            </div>
        </fieldset>
    }
}

/// The marker and words for an item's change.
fn item_change(change: Option<ChangeKind>) -> (&'static str, &'static str) {
    match change {
        Some(ChangeKind::Added) => ("added", "added"),
        Some(ChangeKind::Removed) => ("removed", "removed"),
        Some(ChangeKind::Changed) => ("changed", "changed"),
        None => ("same", "same"),
    }
}

/// One setting's rows: the setting, the options that differ, the list items.
#[component]
fn SettingRows(
    /// The setting.
    row: SettingRow,
) -> impl IntoView {
    let SettingRow {
        setting,
        left,
        right,
        changed,
        options,
        items,
    } = row;
    let options = options
        .into_iter()
        .map(|o| {
            view! {
                <tr class="compare-option changed">
                    <th scope="row">{format!("  {}", o.name)}</th>
                    <td>{o.left}</td>
                    <td>{o.right}</td>
                    <td>"changed"</td>
                </tr>
            }
        })
        .collect_view();
    let items = items
        .into_iter()
        .map(
            |ItemRow {
                 label,
                 left,
                 right,
                 change,
             }| {
                let (class, word) = item_change(change);
                view! {
                    <tr class=format!("compare-item {class}")>
                        <th scope="row">{format!("  {label}")}</th>
                        <td>{left.unwrap_or_default()}</td>
                        <td>{right.unwrap_or_default()}</td>
                        <td>{word}</td>
                    </tr>
                }
            },
        )
        .collect_view();
    view! {
        <tr class="compare-setting" class:changed=changed>
            <th scope="row">{setting}</th>
            <td>{left}</td>
            <td>{right}</td>
            <td>{if changed { "differs" } else { "same" }}</td>
        </tr>
        {options}
        {items}
    }
}

/// One group (a profile, the global settings, the verbatim values) as a table.
#[component]
fn GroupTable(
    /// The group's rows.
    group: GroupRows,
    /// The left side's name.
    left: String,
    /// The right side's name.
    right: String,
) -> impl IntoView {
    let label = group.group.label();
    view! {
        <h2>{label}</h2>
        <ScrollTable
            label=format!("{label} compared")
            class="compare"
            caption=format!("{label}: {left} and {right}")
            head=vec!["Setting".to_string(), left.clone(), right.clone(), "Difference".to_string()]
        >
            {group
                .settings
                .into_iter()
                .map(|row| view! { <SettingRows row=row /> })
                .collect_view()}
        </ScrollTable>
    }
}

/// What the filter leaves of a comparison.
fn shown(c: &Comparison, only_differences: bool) -> Comparison {
    if only_differences {
        c.only_differences()
    } else {
        c.clone()
    }
}

/// The compare page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let app = use_app();
    let store = app.store;
    let ui = app.ui;
    let has_export = store.last_exported_untracked().is_some();
    let left = RwSignal::new(if has_export {
        Source::LastExport
    } else {
        Source::File
    });
    let right = RwSignal::new(Source::Current);
    let left_file: RwSignal<Picked> = RwSignal::new(None);
    let right_file: RwSignal<Picked> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let result: RwSignal<Option<Compared>> = RwSignal::new(None);
    let only_differences = RwSignal::new(true);
    let busy = RwSignal::new(false);

    let side = move |source: Source, file: RwSignal<Picked>| -> Result<Side, String> {
        match source {
            Source::Current => Ok(Side {
                label: "current policy".into(),
                source: SideSource::Project(store.with_doc(|d| project::to_json(&d.project()))),
            }),
            Source::LastExport => store
                .last_exported_untracked()
                .map(|p| Side {
                    label: "last export".into(),
                    source: SideSource::Project(project::to_json(&p)),
                })
                .ok_or_else(|| "Nothing was exported in this session yet.".to_string()),
            Source::File => file
                .get_untracked()
                .map(|(name, bytes)| Side {
                    label: name,
                    source: SideSource::File(bytes),
                })
                .ok_or_else(|| "Choose a file for each side set to \"A file\".".to_string()),
        }
    };
    let run = move |_| {
        let sides = side(left.get_untracked(), left_file)
            .and_then(|l| side(right.get_untracked(), right_file).map(|r| (l, r)));
        let (l, r) = match sides {
            Ok(s) => s,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match engine::compare_sides(l, r).await {
                Ok(c) => {
                    ui.say(format!(
                        "Compared {} with {}: {} difference{}",
                        c.left,
                        c.right,
                        c.comparison.changes,
                        if c.comparison.changes == 1 { "" } else { "s" }
                    ));
                    result.try_set(Some(c));
                }
                Err(e) => {
                    error.try_set(Some(e));
                    result.try_set(None);
                }
            }
            busy.try_set(false);
        });
    };
    let download_md = move |_| {
        let Some(c) = result.get_untracked() else {
            return;
        };
        match dom::download("comparison.md", c.markdown.as_bytes(), "text/markdown") {
            Ok(()) => ui.say("Downloaded comparison.md"),
            Err(e) => ui.say(format!("The download failed: {e}")),
        }
    };
    let tables = move || {
        result.get().map(|c| {
            let view = shown(&c.comparison, only_differences.get());
            let summary = format!(
                "{} difference{} between {} (left) and {} (right).",
                c.comparison.changes,
                if c.comparison.changes == 1 { "" } else { "s" },
                c.left,
                c.right
            );
            let empty = view.groups.iter().all(|g| g.settings.is_empty());
            view! {
                <p id="compare-summary">{summary}</p>
                <div class="actions">
                    <CheckBox
                        label="Only differences"
                        id="compare-only"
                        checked=only_differences
                        on_toggle=Callback::new(move |on| only_differences.set(on))
                    />
                    <button type="button" id="compare-md" on:click=download_md>
                        "Download as Markdown"
                    </button>
                </div>
                {empty.then(|| view! { <p class="help">"The two policies are the same."</p> })}
                {view
                    .groups
                    .into_iter()
                    .filter(|g| !g.settings.is_empty())
                    .map(|g| {
                        view! { <GroupTable group=g left=c.left.clone() right=c.right.clone() /> }
                    })
                    .collect_view()}
            }
        })
    };
    view! {
        <h1>"Compare"</h1>
        <p class="help">
            "Two policies side by side, setting by setting: the current policy, the policy as you last exported it in this session, or any file fwpolicy reads (project, Registry.pol, LGPO text, .reg, share link saved as text). Nothing is changed."
        </p>
        <div class="compare-sides">
            <SidePicker
                id="left"
                legend="Old (left)"
                sources=vec![Source::LastExport, Source::File, Source::Current]
                source=left
                file=left_file
                error=error
            />
            <SidePicker
                id="right"
                legend="New (right)"
                sources=vec![Source::Current, Source::File]
                source=right
                file=right_file
                error=error
            />
        </div>
        <div class="actions">
            <button type="button" class="primary" id="compare-run" on:click=run prop:disabled=move || busy.get()>
                "Compare"
            </button>
        </div>
        {move || error.get().map(|e| view! { <p class="export-error" role="alert">{e}</p> })}
        {tables}
    }
}
