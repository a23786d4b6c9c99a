//! The one root state of the editor.
//!
//! [`Store`] owns the [`Doc`] (the policy being edited and its undo [`History`]) in a
//! [`StoredValue`], so an edit is applied in place with [`History::apply`] (no clone of a
//! 10,000-exception policy per keystroke). Reactivity is per *region*: each profile's settings,
//! program list, port list and interface exclusions, the global settings, the verbatim values
//! and the history have their own [`Trigger`]. An edit notifies exactly the regions it
//! [`Touched`], so changing one port re-renders the port table of that profile and nothing else.
//!
//! Invariants:
//! * The policy changes only through [`Store::apply`], [`Store::undo`] and [`Store::redo`],
//!   i.e. only through `core::edit` (components hold no domain logic).
//! * Every successful change notifies the history trigger, which drives autosave, the
//!   "unexported changes" marker and the problem count.
//! * UI selection (page, profile, status line) lives in [`Ui`], separate from the document.

use fwpolicy_core::formats::project::Project;
use fwpolicy_core::model::edit::{Edit, EditError, History, ListKind, Step};

use crate::problems::Problems;
use fwpolicy_core::{Policy, PortException, Profile, ProfileKind, ProgramException};
use leptos::prelude::*;

/// Undo steps kept in memory.
pub const UNDO_LIMIT: usize = 500;

/// The document: the policy plus its undo history and the project's words around it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The policy being edited.
    pub policy: Policy,
    /// Undo/redo stacks and the "last exported" mark.
    pub history: History,
    /// Project title (used for the `<title>.fwpolicy.json` file name and the report).
    pub title: String,
    /// Project description (what the policy is for; presets explain what to check).
    pub description: String,
    /// Where the policy came from (a preset's source document, an imported file).
    pub source: String,
}

impl Doc {
    /// A fresh document around a policy.
    pub fn new(policy: Policy, title: impl Into<String>) -> Self {
        Doc {
            policy,
            history: History::new(UNDO_LIMIT),
            title: title.into(),
            description: String::new(),
            source: String::new(),
        }
    }

    /// A fresh document around a project (a preset, an import, an autosave).
    pub fn from_project(project: Project) -> Self {
        Doc {
            policy: project.policy,
            history: History::new(UNDO_LIMIT),
            title: project.title,
            description: project.description,
            source: project.source,
        }
    }

    /// The project as core's formats write it (clones the policy).
    pub fn project(&self) -> Project {
        Project {
            title: self.title.clone(),
            description: self.description.clone(),
            source: self.source.clone(),
            policy: self.policy.clone(),
        }
    }
}

/// One reactive region of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// The fourteen settings (states and options) of a profile.
    Settings(ProfileKind),
    /// The program exception list of a profile.
    Programs(ProfileKind),
    /// The port exception list of a profile.
    Ports(ProfileKind),
    /// The interface exclusions of a profile.
    Interfaces(ProfileKind),
    /// IPsec bypass and refresh interval.
    Global,
    /// Registry values kept verbatim.
    Unowned,
}

const REGIONS: usize = 10;

impl Region {
    fn index(self) -> usize {
        let p = |k: ProfileKind| match k {
            ProfileKind::Domain => 0,
            ProfileKind::Standard => 1,
        };
        match self {
            Region::Settings(k) => p(k),
            Region::Programs(k) => 2 + p(k),
            Region::Ports(k) => 4 + p(k),
            Region::Interfaces(k) => 6 + p(k),
            Region::Global => 8,
            Region::Unowned => 9,
        }
    }

    /// The region holding an exception list.
    pub fn list(profile: ProfileKind, list: ListKind) -> Region {
        match list {
            ListKind::Programs => Region::Programs(profile),
            ListKind::Ports => Region::Ports(profile),
        }
    }
}

/// A set of [`Region`]s (what an edit changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Touched(u16);

impl Touched {
    /// Nothing.
    pub const NONE: Touched = Touched(0);
    /// Everything (a whole-policy replacement).
    pub const ALL: Touched = Touched((1 << REGIONS) - 1);

    /// One region.
    pub fn one(region: Region) -> Touched {
        Touched(1 << region.index())
    }

    /// Union.
    pub fn with(self, other: Touched) -> Touched {
        Touched(self.0 | other.0)
    }

    /// True when `region` is in the set.
    pub fn contains(self, region: Region) -> bool {
        self.0 & (1 << region.index()) != 0
    }

    /// The regions an edit (or its inverse: they touch the same regions) changes.
    pub fn of(edit: &Edit) -> Touched {
        match edit {
            Edit::SetState { profile, .. }
            | Edit::SetServiceScope { profile, .. }
            | Edit::SetIcmp { profile, .. }
            | Edit::SetLogging { profile, .. } => Touched::one(Region::Settings(*profile)),
            Edit::SetGlobalState { .. }
            | Edit::SetIpsecBypassSddl { .. }
            | Edit::SetRefreshInterval { .. } => Touched::one(Region::Global),
            Edit::InsertProgram { profile, .. } | Edit::ReplaceProgram { profile, .. } => {
                Touched::one(Region::Programs(*profile))
            }
            Edit::InsertPort { profile, .. } | Edit::ReplacePort { profile, .. } => {
                Touched::one(Region::Ports(*profile))
            }
            Edit::RemoveException { profile, list, .. } => {
                Touched::one(Region::list(*profile, *list))
            }
            Edit::SetExcludedInterfaces { profile, .. } => {
                Touched::one(Region::Interfaces(*profile))
            }
            Edit::InsertUnowned { .. } | Edit::RemoveUnowned { .. } => {
                Touched::one(Region::Unowned)
            }
            Edit::ReplacePolicy { .. } => Touched::ALL,
            Edit::Batch { edits } => edits
                .iter()
                .fold(Touched::NONE, |acc, e| acc.with(Touched::of(e))),
        }
    }
}

/// The document store: the policy, its history and one trigger per region.
#[derive(Clone, Copy)]
pub struct Store {
    doc: StoredValue<Doc>,
    regions: [Trigger; REGIONS],
    history: Trigger,
    /// The project's words (title, description, source), kept in the document.
    meta: Trigger,
    /// Unexported changes inherited from before a reload (the history starts empty).
    carried: RwSignal<bool>,
    /// The project as it was last exported in this tab (for Compare and the report).
    last_exported: RwSignal<Option<Project>>,
    /// The title, description and source each whole-policy replacement (preset, import) in
    /// the undo stack replaced, newest last, and those undone, so that Undo and Redo of an
    /// import bring its words back with the policy.
    meta_undo: StoredValue<Vec<Meta>>,
    meta_redo: StoredValue<Vec<Meta>>,
}

/// A project's words: title, description, source.
type Meta = (String, String, String);

impl Store {
    /// A store around a document. Must be called inside a reactive owner.
    pub fn new(doc: Doc) -> Self {
        Store {
            doc: StoredValue::new(doc),
            regions: std::array::from_fn(|_| Trigger::new()),
            history: Trigger::new(),
            meta: Trigger::new(),
            carried: RwSignal::new(false),
            last_exported: RwSignal::new(None),
            meta_undo: StoredValue::new(Vec::new()),
            meta_redo: StoredValue::new(Vec::new()),
        }
    }

    fn take_meta(&self) -> Meta {
        self.doc
            .with_value(|d| (d.title.clone(), d.description.clone(), d.source.clone()))
    }

    fn put_meta(&self, (title, description, source): Meta) {
        self.doc.update_value(|d| {
            d.title = title;
            d.description = description;
            d.source = source;
        });
        self.meta.notify();
    }

    /// After Undo (`undo`) or Redo of a whole-policy replacement: swaps the words back.
    fn swap_meta(&self, edit: &Edit, undo: bool) {
        if !matches!(edit, Edit::ReplacePolicy { .. }) {
            return;
        }
        let (from, to) = if undo {
            (self.meta_undo, self.meta_redo)
        } else {
            (self.meta_redo, self.meta_undo)
        };
        let Some(restored) = from.try_update_value(Vec::pop).flatten() else {
            return;
        };
        let current = self.take_meta();
        to.update_value(|v| v.push(current));
        self.put_meta(restored);
    }

    fn notify(&self, touched: Touched) {
        for (i, t) in self.regions.iter().enumerate() {
            if touched.0 & (1 << i) != 0 {
                t.notify();
            }
        }
        self.history.notify();
    }

    /// Applies an edit through the history. On error nothing changes and nothing is notified.
    pub fn apply(&self, edit: Edit) -> Result<(), EditError> {
        let touched = Touched::of(&edit);
        let result = self
            .doc
            .try_update_value(|d| d.history.apply(&mut d.policy, edit))
            .unwrap_or_else(|| Err(EditError::Invalid("the editor was closed".into())));
        if result.is_ok() {
            // A new edit ends the redo stack (the history's too).
            self.meta_redo.update_value(Vec::clear);
            self.notify(touched);
        }
        result
    }

    /// Undoes the last edit; returns its description.
    pub fn undo(&self) -> Option<String> {
        let edit = self
            .doc
            .try_update_value(|d| d.history.undo(&mut d.policy))
            .flatten()?;
        self.swap_meta(&edit, true);
        self.notify(Touched::of(&edit));
        Some(edit.describe())
    }

    /// Redoes the last undone edit; returns its description.
    pub fn redo(&self) -> Option<String> {
        let edit = self
            .doc
            .try_update_value(|d| d.history.redo(&mut d.policy))
            .flatten()?;
        self.swap_meta(&edit, false);
        self.notify(Touched::of(&edit));
        Some(edit.describe())
    }

    /// Records that the current policy was exported.
    pub fn mark_exported(&self) {
        self.doc.update_value(|d| d.history.mark_exported());
        self.last_exported.set(Some(self.with_doc(|d| d.project())));
        self.carried.set(false);
        self.history.notify();
    }

    /// The project as last exported in this tab, if it was (tracked).
    pub fn last_exported(&self) -> Option<Project> {
        self.last_exported.get()
    }

    /// [`Store::last_exported`], not tracked.
    pub fn last_exported_untracked(&self) -> Option<Project> {
        self.last_exported.get_untracked()
    }

    /// Marks the document as holding changes exported before a reload lost the history.
    pub fn set_carried_unexported(&self, carried: bool) {
        self.carried.set(carried);
    }

    /// True when something changed since the last export (not tracked).
    pub fn unexported_untracked(&self) -> bool {
        self.carried.get_untracked() || self.doc.with_value(|d| d.history.has_unexported_changes())
    }

    /// True when something changed since the last export (tracked).
    pub fn unexported(&self) -> bool {
        self.carried.get() || self.history(|h| h.has_unexported_changes())
    }

    /// Replaces the whole document without recording an edit (restoring an autosave).
    pub fn load(&self, doc: Doc) {
        self.doc.set_value(doc);
        self.meta.notify();
        self.notify(Touched::ALL);
    }

    /// Replaces the whole project (preset, file import) as one undoable policy edit; the
    /// title, description and source follow the new project.
    pub fn replace_project(&self, project: Project) -> Result<(), EditError> {
        let Project {
            title,
            description,
            source,
            policy,
        } = project;
        let before = self.take_meta();
        self.apply(Edit::ReplacePolicy {
            policy: Box::new(policy),
        })?;
        self.meta_undo.update_value(|v| v.push(before));
        self.put_meta((title, description, source));
        Ok(())
    }

    /// Description and source of the project (tracked).
    pub fn about<R>(&self, f: impl FnOnce(&str, &str) -> R) -> R {
        self.meta.track();
        self.doc.with_value(|d| f(&d.description, &d.source))
    }

    /// Reads the policy, tracking the given regions.
    pub fn read<R>(&self, regions: &[Region], f: impl FnOnce(&Policy) -> R) -> R {
        for r in regions {
            self.regions[r.index()].track();
        }
        self.doc.with_value(|d| f(&d.policy))
    }

    /// Reads the whole policy, tracking every change (exports, report, problems).
    pub fn read_all<R>(&self, f: impl FnOnce(&Policy) -> R) -> R {
        self.history.track();
        self.doc.with_value(|d| f(&d.policy))
    }

    /// Reads the policy without tracking anything (event handlers building an edit).
    pub fn peek<R>(&self, f: impl FnOnce(&Policy) -> R) -> R {
        self.doc.with_value(|d| f(&d.policy))
    }

    /// Reads a profile's settings, tracking them.
    pub fn profile<R>(&self, kind: ProfileKind, f: impl FnOnce(&Profile) -> R) -> R {
        self.read(&[Region::Settings(kind)], |p| f(p.profile(kind)))
    }

    /// Number of exceptions in a list of a profile, tracking the list.
    pub fn list_len(&self, kind: ProfileKind, list: ListKind) -> usize {
        self.read(&[Region::list(kind, list)], |p| list.len(p, kind))
    }

    /// Reads a profile's port list, tracking it.
    pub fn ports<R>(&self, kind: ProfileKind, f: impl FnOnce(&[PortException]) -> R) -> R {
        self.read(&[Region::Ports(kind)], |p| {
            f(&p.profile(kind).ports.options)
        })
    }

    /// Reads a profile's program list, tracking it.
    pub fn programs<R>(&self, kind: ProfileKind, f: impl FnOnce(&[ProgramException]) -> R) -> R {
        self.read(&[Region::Programs(kind)], |p| {
            f(&p.profile(kind).programs.options)
        })
    }

    /// Reads the history, tracking every change.
    pub fn history<R>(&self, f: impl FnOnce(&History) -> R) -> R {
        self.history.track();
        self.doc.with_value(|d| f(&d.history))
    }

    /// The pending (unexported) edits' descriptions, oldest first; changes carried over a
    /// reload come first as one entry.
    pub fn pending(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.carried.get() {
            out.push("Changes made before the page was reloaded".to_string());
        }
        self.history(|h| {
            if h.has_unexported_changes() {
                out.extend(h.pending().iter().map(|s: &Step| s.forward.describe()));
            }
        });
        out
    }

    /// How many entries [`Store::pending`] lists (tracked), without describing them.
    pub fn pending_count(&self) -> usize {
        let carried = usize::from(self.carried.get());
        carried
            + self.history(|h| {
                if h.has_unexported_changes() {
                    h.pending().len()
                } else {
                    0
                }
            })
    }

    /// The project title (tracked).
    pub fn title(&self) -> String {
        self.meta.track();
        self.doc.with_value(|d| d.title.clone())
    }

    /// Sets the project title (not an undoable policy edit).
    pub fn set_title(&self, title: String) {
        self.doc.update_value(|d| d.title = title);
        self.meta.notify();
        self.history.notify();
    }

    /// Reads the whole document untracked (autosave).
    pub fn with_doc<R>(&self, f: impl FnOnce(&Doc) -> R) -> R {
        self.doc.with_value(f)
    }

    /// A dispatcher for components: applies an edit, reporting failures on the status line.
    pub fn dispatcher(&self, ui: Ui) -> Dispatch {
        let store = *self;
        Callback::new(move |edit: Edit| {
            let r = store.apply(edit);
            if let Err(e) = &r {
                ui.say(format!("Not changed: {e}"));
            }
            r
        })
    }
}

/// What components get to change the policy: apply one `core` edit.
pub type Dispatch = Callback<Edit, Result<(), EditError>>;

/// The editor's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// The fourteen settings per profile plus the global ones.
    Settings,
    /// Program and port exception tables, interface exclusions.
    Exceptions,
    /// Preset gallery.
    Presets,
    /// File, drag-and-drop and paste import.
    Import,
    /// Export panel.
    Export,
    /// Rollout preview (placeholder).
    Rollout,
    /// Two policies side by side.
    Compare,
    /// Several GPOs merged in order: what a client ends up with.
    Resultant,
    /// What each profile lets other computers reach.
    Exposure,
}

impl Page {
    /// All pages in navigation order.
    pub const ALL: [Page; 9] = [
        Page::Settings,
        Page::Exceptions,
        Page::Exposure,
        Page::Presets,
        Page::Import,
        Page::Export,
        Page::Compare,
        Page::Resultant,
        Page::Rollout,
    ];

    /// Navigation label.
    pub fn label(self) -> &'static str {
        match self {
            Page::Settings => "Settings",
            Page::Exceptions => "Exceptions",
            Page::Presets => "Presets",
            Page::Import => "Import",
            Page::Export => "Export",
            Page::Rollout => "Rollout",
            Page::Compare => "Compare",
            Page::Resultant => "Resultant",
            Page::Exposure => "Exposure",
        }
    }

    /// URL fragment (`#settings`).
    pub fn slug(self) -> &'static str {
        match self {
            Page::Settings => "settings",
            Page::Exceptions => "exceptions",
            Page::Presets => "presets",
            Page::Import => "import",
            Page::Export => "export",
            Page::Rollout => "rollout",
            Page::Compare => "compare",
            Page::Resultant => "resultant",
            Page::Exposure => "exposure",
        }
    }

    /// The page for a fragment (with or without `#`), if any.
    pub fn from_slug(text: &str) -> Option<Page> {
        let t = text.trim_start_matches('#');
        Page::ALL.into_iter().find(|p| p.slug() == t)
    }
}

/// Whether autosave works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// Saving to the browser's local storage.
    Saving,
    /// Storage is unavailable or full; the message says why. Work continues in memory.
    InMemory(String),
}

/// UI selection and messages, separate from the document.
#[derive(Clone, Copy)]
pub struct Ui {
    /// The page shown.
    pub page: RwSignal<Page>,
    /// The profile shown on the settings and exceptions pages.
    pub profile: RwSignal<ProfileKind>,
    /// The last status message (announced through the live region).
    pub status: RwSignal<String>,
    /// Autosave state.
    pub storage: RwSignal<Storage>,
    /// A note shown at start-up (restored / kept aside save), dismissable.
    pub notice: RwSignal<Option<String>>,
    /// A share link opened (the URL fragment `#p=…`), waiting for the Import page to preview it.
    pub incoming_link: RwSignal<Option<String>>,
    /// Text typed in a settings field that is not valid yet (by the field's id): kept when the
    /// page is left, shown again with its error when the admin comes back.
    pub drafts: RwSignal<std::collections::HashMap<String, String>>,
    /// A row to bring into view and focus (a Problems entry chosen); the exception table of
    /// that list scrolls to it and clears this.
    pub row_focus: RwSignal<Option<(ProfileKind, ListKind, usize)>>,
    /// The GPOs on the Resultant page, in the order of application (kept across pages).
    pub gpos: RwSignal<Vec<crate::pages::resultant::Entry>>,
}

impl Ui {
    /// Default UI state.
    pub fn new() -> Self {
        Ui {
            page: RwSignal::new(Page::Settings),
            profile: RwSignal::new(ProfileKind::Domain),
            status: RwSignal::new(String::new()),
            storage: RwSignal::new(Storage::Saving),
            notice: RwSignal::new(None),
            incoming_link: RwSignal::new(None),
            drafts: RwSignal::new(std::collections::HashMap::new()),
            gpos: RwSignal::new(Vec::new()),
            row_focus: RwSignal::new(None),
        }
    }

    /// Announces a message on the status line.
    pub fn say(&self, message: impl Into<String>) {
        self.status.set(message.into());
    }
}

impl Default for Ui {
    fn default() -> Self {
        Self::new()
    }
}

/// Everything provided through context at the root.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The document.
    pub store: Store,
    /// UI selection.
    pub ui: Ui,
    /// Lint findings of the policy, refreshed shortly after each change.
    pub problems: RwSignal<Problems>,
}

impl AppState {
    /// Creates the state around a document and provides it (and its parts) as context.
    pub fn provide(doc: Doc) -> AppState {
        let problems = RwSignal::new(Problems::of(&doc.policy));
        let state = AppState {
            store: Store::new(doc),
            ui: Ui::new(),
            problems,
        };
        provide_context(state);
        state
    }
}

/// The root state from context (panics only if used outside the app, a programming error).
pub fn use_app() -> AppState {
    use_context::<AppState>().unwrap_or_else(|| {
        // Outside <App/> (e.g. an isolated component test): a fresh empty state.
        AppState::provide(Doc::new(Policy::default(), "Untitled policy"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::model::edit::ListKind;
    use fwpolicy_core::{ParseOptions, SettingId, State};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn port(line: &str) -> PortException {
        PortException::parse(line, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| panic!("bad test line {line}"))
    }

    #[test]
    fn touched_follows_the_edit() {
        let d = ProfileKind::Domain;
        let s = ProfileKind::Standard;
        let e = Edit::set_state(s, SettingId::Logging, State::Enabled);
        assert_eq!(Touched::of(&e), Touched::one(Region::Settings(s)));
        let add = Edit::add_port(&Policy::default(), d, port("80:TCP:*:enabled:Web"));
        let t = Touched::of(&add);
        assert!(t.contains(Region::Settings(d)), "add enables the list");
        assert!(t.contains(Region::Ports(d)));
        assert!(!t.contains(Region::Ports(s)));
        assert!(!t.contains(Region::Programs(d)));
        let rm = Edit::RemoveException {
            profile: s,
            list: ListKind::Programs,
            index: 0,
        };
        assert_eq!(Touched::of(&rm), Touched::one(Region::Programs(s)));
        let all = Edit::ReplacePolicy {
            policy: Box::default(),
        };
        assert_eq!(Touched::of(&all), Touched::ALL);
        for r in [Region::Global, Region::Unowned, Region::Interfaces(s)] {
            assert!(Touched::ALL.contains(r));
        }
    }

    #[test]
    fn an_edit_recomputes_only_what_reads_its_region() {
        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "t"));
        let port_runs = Arc::new(AtomicUsize::new(0));
        let settings_runs = Arc::new(AtomicUsize::new(0));
        let pr = port_runs.clone();
        let ports_len = Memo::new(move |_| {
            pr.fetch_add(1, Ordering::SeqCst);
            store.ports(ProfileKind::Domain, |l| l.len())
        });
        let sr = settings_runs.clone();
        let standard_logging = Memo::new(move |_| {
            sr.fetch_add(1, Ordering::SeqCst);
            store.profile(ProfileKind::Standard, |p| p.logging.state)
        });
        assert_eq!(ports_len.get(), 0);
        assert_eq!(standard_logging.get(), State::NotConfigured);
        let edit =
            store.peek(|p| Edit::add_port(p, ProfileKind::Domain, port("443:TCP:*:enabled:TLS")));
        assert!(store.apply(edit).is_ok());
        assert_eq!(ports_len.get(), 1);
        assert_eq!(standard_logging.get(), State::NotConfigured);
        assert_eq!(port_runs.load(Ordering::SeqCst), 2);
        assert_eq!(
            settings_runs.load(Ordering::SeqCst),
            1,
            "untouched region re-ran"
        );
        assert_eq!(store.undo().as_deref(), Some("2 changes"));
        assert_eq!(ports_len.get(), 0);
        assert!(store.redo().is_some());
        assert_eq!(ports_len.get(), 1);
    }

    #[test]
    fn failed_edit_changes_and_notifies_nothing() {
        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "t"));
        let pending = Memo::new(move |_| store.pending().len());
        assert_eq!(pending.get(), 0);
        let bad = Edit::RemoveException {
            profile: ProfileKind::Domain,
            list: ListKind::Ports,
            index: 3,
        };
        assert!(store.apply(bad).is_err());
        assert_eq!(pending.get(), 0);
        assert!(!store.history(|h| h.can_undo()));
        let ok = Edit::set_state(
            ProfileKind::Domain,
            SettingId::ProtectAllConnections,
            State::Enabled,
        );
        assert!(store.apply(ok).is_ok());
        assert_eq!(pending.get(), 1);
        store.mark_exported();
        assert_eq!(pending.get(), 0);
    }

    // See: issue 13 — undoing an import left the imported title in place.
    #[test]
    fn undo_and_redo_of_an_import_bring_its_title_back_and_forth() {
        let owner = Owner::new();
        owner.set();
        let store = Store::new(Doc::new(Policy::default(), "My policy"));
        let mut imported = Project::new(Policy::default());
        imported.policy.domain.protect_all.state = State::Enabled;
        imported.title = "Imported GPO".into();
        imported.description = "From the branch office".into();
        assert!(store.replace_project(imported).is_ok());
        assert_eq!(store.title(), "Imported GPO");
        assert!(store.undo().is_some());
        assert_eq!(store.title(), "My policy");
        assert!(store.with_doc(|d| d.description.is_empty()));
        assert!(store.redo().is_some());
        assert_eq!(store.title(), "Imported GPO");
        assert_eq!(
            store.with_doc(|d| d.description.clone()),
            "From the branch office"
        );
        // An ordinary edit's undo leaves the words alone.
        assert!(store
            .apply(Edit::set_state(
                ProfileKind::Standard,
                SettingId::ProtectAllConnections,
                State::Enabled
            ))
            .is_ok());
        assert!(store.undo().is_some());
        assert_eq!(store.title(), "Imported GPO");
        owner.unset();
    }

    #[test]
    fn page_slugs_round_trip() {
        for p in Page::ALL {
            assert_eq!(Page::from_slug(&format!("#{}", p.slug())), Some(p));
        }
        assert_eq!(Page::from_slug("#nope"), None);
    }
}
