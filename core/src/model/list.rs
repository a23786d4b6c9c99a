//! The two exception lists of a profile (programs and ports) as one concept: which policy
//! holds each list, the exception at a position of either list, and the edits that add,
//! replace, switch on or off, copy and delete exceptions, each built as one [`Edit`] so a
//! single undo reverts it.
//!
//! Invariants:
//! * Adding to a list whose policy is Not configured enables that policy in the same edit
//!   (what an admin expects); an edit that adds nothing enables nothing.
//! * Appending never duplicates: an exception the target list already holds exactly (or that
//!   was appended earlier in the same edit) is skipped and counted.
//! * Building an edit never changes the policy; [`crate::model::edit::apply`] re-checks every
//!   value it stores.

use crate::model::edit::{Edit, ListKind};
use crate::model::exception::{Exception, PortException, ProgramException, Status};
use crate::model::names::same_name;
use crate::model::policy::Policy;
use crate::model::profile::{ProfileKind, SettingId};
use crate::model::setting::State;

impl ListKind {
    /// Both lists, ports first (the order the editor shows them).
    pub const ALL: [ListKind; 2] = [ListKind::Ports, ListKind::Programs];

    /// The policy that holds this list ("Define port exceptions" / "Define program
    /// exceptions").
    pub fn setting(self) -> SettingId {
        match self {
            ListKind::Ports => SettingId::DefinePortExceptions,
            ListKind::Programs => SettingId::DefineProgramExceptions,
        }
    }

    /// The list held by a policy, if it holds one.
    pub fn of_setting(setting: SettingId) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|l| l.setting() == setting)
    }

    /// `port exception` / `program exception`.
    pub fn noun(self) -> &'static str {
        match self {
            ListKind::Ports => "port exception",
            ListKind::Programs => "program exception",
        }
    }

    /// `port exceptions` / `program exceptions`.
    pub fn plural(self) -> &'static str {
        match self {
            ListKind::Ports => "port exceptions",
            ListKind::Programs => "program exceptions",
        }
    }

    /// Number of exceptions in this list of a profile.
    pub fn len(self, policy: &Policy, profile: ProfileKind) -> usize {
        let p = policy.profile(profile);
        match self {
            ListKind::Ports => p.ports.options.len(),
            ListKind::Programs => p.programs.options.len(),
        }
    }

    /// True when this list of a profile holds no exception.
    pub fn is_empty(self, policy: &Policy, profile: ProfileKind) -> bool {
        self.len(policy, profile) == 0
    }
}

impl Exception {
    /// The exception at `index` of a profile's list.
    pub fn at(
        policy: &Policy,
        profile: ProfileKind,
        list: ListKind,
        index: usize,
    ) -> Option<Exception> {
        let p = policy.profile(profile);
        match list {
            ListKind::Ports => p.ports.options.get(index).cloned().map(Exception::Port),
            ListKind::Programs => p
                .programs
                .options
                .get(index)
                .cloned()
                .map(Exception::Program),
        }
    }

    /// The list it belongs in.
    pub fn list(&self) -> ListKind {
        match self {
            Exception::Port(_) => ListKind::Ports,
            Exception::Program(_) => ListKind::Programs,
        }
    }

    /// Enabled or disabled.
    pub fn status(&self) -> Status {
        match self {
            Exception::Port(e) => e.status,
            Exception::Program(e) => e.status,
        }
    }

    /// The same exception with another status.
    pub fn with_status(mut self, status: Status) -> Exception {
        match &mut self {
            Exception::Port(e) => e.status = status,
            Exception::Program(e) => e.status = status,
        }
        self
    }

    /// The same exception with the other status (the row's Enabled switch).
    pub fn flipped(self) -> Exception {
        let status = match self.status() {
            Status::Enabled => Status::Disabled,
            Status::Disabled => Status::Enabled,
        };
        self.with_status(status)
    }

    /// The edit that puts it at `index` of its list of `profile`, replacing what is there.
    pub fn replace(self, profile: ProfileKind, index: usize) -> Edit {
        match self {
            Exception::Port(exception) => Edit::ReplacePort {
                profile,
                index,
                exception,
            },
            Exception::Program(exception) => Edit::ReplaceProgram {
                profile,
                index,
                exception,
            },
        }
    }

    /// The edit that adds it to the end of its list of `profile` (enabling a Not configured
    /// list).
    pub fn add(self, policy: &Policy, profile: ProfileKind) -> Edit {
        match self {
            Exception::Port(e) => Edit::add_port(policy, profile, e),
            Exception::Program(e) => Edit::add_program(policy, profile, e),
        }
    }
}

/// An edit that appends exceptions, with what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The edit (one batch; empty when nothing is added).
    pub edit: Edit,
    /// Exceptions the edit adds.
    pub added: usize,
    /// Exceptions skipped because the list already holds them exactly.
    pub skipped: usize,
}

fn append_one<T: Clone + PartialEq>(
    existing: &[T],
    new: impl IntoIterator<Item = T>,
    skipped: &mut usize,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for e in new {
        if existing.contains(&e) || out.contains(&e) {
            *skipped += 1;
        } else {
            out.push(e);
        }
    }
    out
}

/// The edit appending exceptions to a profile's lists, ports first, each list in the order
/// given; exceptions already present are skipped (see the module invariants).
pub fn append(
    policy: &Policy,
    profile: ProfileKind,
    ports: impl IntoIterator<Item = PortException>,
    programs: impl IntoIterator<Item = ProgramException>,
) -> Appended {
    let p = policy.profile(profile);
    let mut skipped = 0;
    let ports = append_one(&p.ports.options, ports, &mut skipped);
    let programs = append_one(&p.programs.options, programs, &mut skipped);
    let mut edits = Vec::new();
    if !ports.is_empty() && p.ports.state == State::NotConfigured {
        edits.push(Edit::set_state(
            profile,
            ListKind::Ports.setting(),
            State::Enabled,
        ));
    }
    let start = p.ports.options.len();
    edits.extend(
        ports
            .iter()
            .cloned()
            .enumerate()
            .map(|(k, exception)| Edit::InsertPort {
                profile,
                index: start + k,
                exception,
            }),
    );
    if !programs.is_empty() && p.programs.state == State::NotConfigured {
        edits.push(Edit::set_state(
            profile,
            ListKind::Programs.setting(),
            State::Enabled,
        ));
    }
    let start = p.programs.options.len();
    edits.extend(
        programs
            .iter()
            .cloned()
            .enumerate()
            .map(|(k, exception)| Edit::InsertProgram {
                profile,
                index: start + k,
                exception,
            }),
    );
    Appended {
        edit: Edit::Batch { edits },
        added: ports.len() + programs.len(),
        skipped,
    }
}

/// An existing row of a profile's list that a candidate exception duplicates (same port and
/// protocol, or the same program path as Windows compares paths: [`crate::model::names`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingRow {
    /// The list holding it.
    pub list: ListKind,
    /// Its position in that list (0-based).
    pub index: usize,
    /// The row as it is.
    pub exception: Exception,
    /// A plain sentence for the add form, e.g. `TCP 8443 is already in the port exceptions of
    /// the Domain profile (row 2, "Web console"). Edit that row instead?`.
    pub message: String,
}

/// The first row of `profile`'s list that `candidate` duplicates, if any; `editing` is the
/// index of the row being edited in the candidate's list (it does not duplicate itself).
/// The add form calls this while the admin types, and offers to edit the row it returns.
/// Linear in the list's length.
pub fn find_duplicate(
    policy: &Policy,
    profile: ProfileKind,
    candidate: &Exception,
    editing: Option<usize>,
) -> Option<ExistingRow> {
    let p = policy.profile(profile);
    let (index, exception, what) = match candidate {
        Exception::Port(c) => p
            .ports
            .options
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != editing)
            .find(|(_, e)| e.port == c.port && e.transport == c.transport)
            .map(|(i, e)| {
                (
                    i,
                    Exception::Port(e.clone()),
                    format!("{} {}", e.transport, e.port),
                )
            })?,
        Exception::Program(c) => p
            .programs
            .options
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != editing)
            .find(|(_, e)| same_name(&e.path, &c.path))
            .map(|(i, e)| (i, Exception::Program(e.clone()), e.path.clone()))?,
    };
    let list = candidate.list();
    let message = format!(
        "{what} is already in the {} of the {} (row {}, \"{}\"). Edit that row instead?",
        list.plural(),
        profile.label(),
        index + 1,
        exception.name()
    );
    Some(ExistingRow {
        list,
        index,
        exception,
        message,
    })
}

/// What can be done to the selected rows of an exception table at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BulkAction {
    /// Set every selected exception to enabled.
    Enable,
    /// Set every selected exception to disabled.
    Disable,
    /// Remove the selected exceptions.
    Delete,
    /// Copy the selected exceptions to the same list of the other profile.
    CopyToOther,
}

impl BulkAction {
    /// Every action, in toolbar order.
    pub const ALL: [BulkAction; 4] = [
        BulkAction::Enable,
        BulkAction::Disable,
        BulkAction::Delete,
        BulkAction::CopyToOther,
    ];

    /// The edit doing this action on the exceptions at `indices` of a profile's list (in any
    /// order, duplicates and positions past the end ignored). `added` counts the exceptions
    /// changed, removed or copied; `skipped` those already as wanted (already in that status,
    /// already in the other profile).
    pub fn edit(
        self,
        policy: &Policy,
        profile: ProfileKind,
        list: ListKind,
        indices: &[usize],
    ) -> Appended {
        let mut sorted: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| i < list.len(policy, profile))
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        match self {
            BulkAction::Enable | BulkAction::Disable => {
                let status = if self == BulkAction::Enable {
                    Status::Enabled
                } else {
                    Status::Disabled
                };
                let mut skipped = 0;
                let edits: Vec<Edit> = sorted
                    .iter()
                    .filter_map(|&index| {
                        let e = Exception::at(policy, profile, list, index)?;
                        if e.status() == status {
                            skipped += 1;
                            return None;
                        }
                        Some(e.with_status(status).replace(profile, index))
                    })
                    .collect();
                Appended {
                    added: edits.len(),
                    edit: Edit::Batch { edits },
                    skipped,
                }
            }
            BulkAction::Delete => Appended {
                added: sorted.len(),
                edit: Edit::remove_many(profile, list, &sorted),
                skipped: 0,
            },
            BulkAction::CopyToOther => {
                let p = policy.profile(profile);
                let target = profile.other();
                match list {
                    ListKind::Ports => append(
                        policy,
                        target,
                        sorted
                            .iter()
                            .filter_map(|&i| p.ports.options.get(i).cloned()),
                        [],
                    ),
                    ListKind::Programs => append(
                        policy,
                        target,
                        [],
                        sorted
                            .iter()
                            .filter_map(|&i| p.programs.options.get(i).cloned()),
                    ),
                }
            }
        }
    }
}

/// True when an edit changes nothing (an empty batch).
pub fn is_no_op(edit: &Edit) -> bool {
    match edit {
        Edit::Batch { edits } => edits.iter().all(is_no_op),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::apply;
    use crate::model::exception::ParseOptions;
    use crate::model::setting::Setting;

    fn port(l: &str) -> PortException {
        PortException::parse(l, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| panic!("{l}"))
    }

    fn program(l: &str) -> ProgramException {
        ProgramException::parse(l, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| panic!("{l}"))
    }

    fn policy() -> Policy {
        let mut p = Policy::default();
        p.domain.ports = Setting::enabled(vec![
            port("80:TCP:*:enabled:a"),
            port("81:TCP:*:enabled:b"),
            port("82:TCP:*:disabled:c"),
        ]);
        p
    }

    fn defs(p: &Policy, k: ProfileKind) -> Vec<String> {
        p.profile(k)
            .ports
            .options
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    fn applied(p: &Policy, e: &Edit) -> Policy {
        apply(p, e).unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn each_list_names_its_policy_both_ways() {
        for list in ListKind::ALL {
            assert_eq!(ListKind::of_setting(list.setting()), Some(list));
        }
        assert_eq!(ListKind::Ports.setting(), SettingId::DefinePortExceptions);
        assert_eq!(ListKind::of_setting(SettingId::Logging), None);
        assert_eq!(ListKind::Programs.plural(), "program exceptions");
    }

    #[test]
    fn an_exception_is_found_flipped_replaced_and_added() {
        let p = policy();
        let e = Exception::at(&p, ProfileKind::Domain, ListKind::Ports, 2)
            .unwrap_or_else(|| panic!("row 2"));
        assert_eq!(e.list(), ListKind::Ports);
        assert_eq!(e.status(), Status::Disabled);
        let on = e.clone().flipped();
        assert_eq!(on.status(), Status::Enabled);
        assert_eq!(on.clone().flipped(), e);
        let q = applied(&p, &on.replace(ProfileKind::Domain, 2));
        assert_eq!(defs(&q, ProfileKind::Domain)[2], "82:TCP:*:enabled:c");
        assert!(Exception::at(&p, ProfileKind::Domain, ListKind::Ports, 3).is_none());
        let prog = Exception::Program(program(r"%windir%\app.exe:*:enabled:App"));
        let r = applied(&p, &prog.clone().add(&p, ProfileKind::Standard));
        assert_eq!(r.standard.programs.state, State::Enabled, "add enables");
        assert_eq!(
            Exception::at(&r, ProfileKind::Standard, ListKind::Programs, 0),
            Some(prog)
        );
    }

    #[test]
    fn append_skips_duplicates_and_enables_only_lists_it_adds_to() {
        let p = policy();
        let a = append(
            &p,
            ProfileKind::Domain,
            [port("80:TCP:*:enabled:a"), port("90:UDP:*:enabled:d")],
            [
                program(r"C:\x.exe:*:enabled:X"),
                program(r"C:\x.exe:*:enabled:X"),
            ],
        );
        assert_eq!((a.added, a.skipped), (2, 2));
        let q = applied(&p, &a.edit);
        assert_eq!(defs(&q, ProfileKind::Domain).len(), 4);
        assert_eq!(q.domain.programs.state, State::Enabled);
        assert_eq!(q.standard.ports.state, State::NotConfigured);
        let none = append(&q, ProfileKind::Domain, [port("90:UDP:*:enabled:d")], []);
        assert_eq!((none.added, none.skipped), (0, 1));
        assert!(is_no_op(&none.edit));
    }

    #[test]
    fn bulk_copy_keeps_order_enables_target_and_skips_duplicates() {
        let p = policy();
        let a = BulkAction::CopyToOther.edit(&p, ProfileKind::Domain, ListKind::Ports, &[2, 0, 2]);
        assert_eq!((a.added, a.skipped), (2, 0));
        let q = applied(&p, &a.edit);
        assert_eq!(q.standard.ports.state, State::Enabled);
        assert_eq!(
            defs(&q, ProfileKind::Standard),
            vec!["80:TCP:*:enabled:a", "82:TCP:*:disabled:c"]
        );
        let again = BulkAction::CopyToOther.edit(&q, ProfileKind::Domain, ListKind::Ports, &[0, 1]);
        assert_eq!((again.added, again.skipped), (1, 1));
        let r = applied(&q, &again.edit);
        assert_eq!(
            defs(&r, ProfileKind::Standard),
            vec![
                "80:TCP:*:enabled:a",
                "82:TCP:*:disabled:c",
                "81:TCP:*:enabled:b"
            ]
        );
        let mut only_dupes = policy();
        only_dupes.standard.ports =
            Setting::new(State::NotConfigured, vec![port("80:TCP:*:enabled:a")]);
        let d =
            BulkAction::CopyToOther.edit(&only_dupes, ProfileKind::Domain, ListKind::Ports, &[0]);
        assert!(is_no_op(&d.edit), "nothing copied, nothing enabled");
    }

    #[test]
    fn bulk_status_and_delete_touch_only_the_selection() {
        let p = policy();
        let off = BulkAction::Disable.edit(&p, ProfileKind::Domain, ListKind::Ports, &[0, 2, 9]);
        assert_eq!((off.added, off.skipped), (1, 1));
        let q = applied(&p, &off.edit);
        assert_eq!(
            defs(&q, ProfileKind::Domain),
            vec![
                "80:TCP:*:disabled:a",
                "81:TCP:*:enabled:b",
                "82:TCP:*:disabled:c"
            ]
        );
        let on = BulkAction::Enable.edit(&q, ProfileKind::Domain, ListKind::Ports, &[1]);
        assert!(is_no_op(&on.edit));
        let del = BulkAction::Delete.edit(&q, ProfileKind::Domain, ListKind::Ports, &[2, 0]);
        assert_eq!(del.added, 2);
        let r = applied(&q, &del.edit);
        assert_eq!(defs(&r, ProfileKind::Domain), vec!["81:TCP:*:enabled:b"]);
    }
}

#[cfg(test)]
mod duplicate_tests {
    // See: issue 13 (item 6: adding 8443/TCP three times was accepted silently)
    use super::*;
    use crate::model::exception::ParseOptions;
    use crate::model::setting::Setting;

    fn parse(l: &str) -> Exception {
        Exception::parse(l, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| panic!("{l}"))
    }

    fn policy() -> Policy {
        let mut p = Policy::default();
        let Exception::Port(a) = parse("80:TCP:*:enabled:Web") else {
            panic!("port")
        };
        let Exception::Port(b) = parse("8443:TCP:localsubnet:enabled:Admin portal") else {
            panic!("port")
        };
        let Exception::Program(c) = parse(r"%ProgramFiles%\Büro\app.exe:*:enabled:App") else {
            panic!("program")
        };
        p.domain.ports = Setting::enabled(vec![a, b]);
        p.domain.programs = Setting::enabled(vec![c]);
        p
    }

    #[test]
    fn adding_an_existing_port_names_the_row_to_edit() {
        let p = policy();
        let candidate = parse("8443:TCP:*:enabled:Portal again");
        let found = find_duplicate(&p, ProfileKind::Domain, &candidate, None)
            .unwrap_or_else(|| panic!("8443/TCP should be found"));
        assert_eq!(found.list, ListKind::Ports);
        assert_eq!(found.index, 1);
        assert_eq!(found.exception.name(), "Admin portal");
        assert_eq!(
            found.message,
            "TCP 8443 is already in the port exceptions of the Domain Profile (row 2, \
             \"Admin portal\"). Edit that row instead?"
        );
        // Another protocol, another profile, or the row itself being edited: no duplicate.
        assert_eq!(
            find_duplicate(
                &p,
                ProfileKind::Domain,
                &parse("8443:UDP:*:enabled:U"),
                None
            ),
            None
        );
        assert_eq!(
            find_duplicate(&p, ProfileKind::Standard, &candidate, None),
            None
        );
        assert_eq!(
            find_duplicate(&p, ProfileKind::Domain, &candidate, Some(1)),
            None
        );
    }

    #[test]
    fn program_paths_compare_as_windows_does() {
        let p = policy();
        let candidate = parse(r"%programfiles%\BÜRO\APP.EXE:localsubnet:enabled:Other");
        let found = find_duplicate(&p, ProfileKind::Domain, &candidate, None)
            .unwrap_or_else(|| panic!("same path in other case should be found"));
        assert_eq!(found.list, ListKind::Programs);
        assert_eq!(found.index, 0);
        assert!(found
            .message
            .starts_with(r"%ProgramFiles%\Büro\app.exe is already"));
    }
}
