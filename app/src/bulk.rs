//! Bulk actions on selected exception rows, each built as one [`Edit::Batch`] so a single
//! undo reverts it.

use fwpolicy_core::model::edit::{Edit, ListKind};
use fwpolicy_core::{Policy, ProfileKind, SettingId, State, Status};

/// Sets the status of the selected exceptions (rows already in that status are left alone).
pub fn set_status(
    policy: &Policy,
    profile: ProfileKind,
    list: ListKind,
    indices: &[usize],
    status: Status,
) -> Edit {
    let p = policy.profile(profile);
    let mut edits = Vec::new();
    for &index in indices {
        match list {
            ListKind::Ports => {
                if let Some(e) = p.ports.options.get(index) {
                    if e.status != status {
                        let mut e = e.clone();
                        e.status = status;
                        edits.push(Edit::ReplacePort {
                            profile,
                            index,
                            exception: e,
                        });
                    }
                }
            }
            ListKind::Programs => {
                if let Some(e) = p.programs.options.get(index) {
                    if e.status != status {
                        let mut e = e.clone();
                        e.status = status;
                        edits.push(Edit::ReplaceProgram {
                            profile,
                            index,
                            exception: e,
                        });
                    }
                }
            }
        }
    }
    Edit::Batch { edits }
}

/// Copies the selected exceptions to the end of the other profile's list, in list order,
/// skipping ones the other profile already has exactly. Enables the other profile's list
/// policy when it is Not configured. Returns the edit and how many were skipped.
pub fn copy_to_other(
    policy: &Policy,
    profile: ProfileKind,
    list: ListKind,
    indices: &[usize],
) -> (Edit, usize) {
    let mut sorted = indices.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let from = policy.profile(profile);
    let target = profile.other();
    let to = policy.profile(target);
    let mut edits = Vec::new();
    let mut skipped = 0;
    let (state, setting) = match list {
        ListKind::Ports => (to.ports.state, SettingId::DefinePortExceptions),
        ListKind::Programs => (to.programs.state, SettingId::DefineProgramExceptions),
    };
    if state == State::NotConfigured {
        edits.push(Edit::set_state(target, setting, State::Enabled));
    }
    match list {
        ListKind::Ports => {
            let mut index = to.ports.options.len();
            for i in sorted {
                let Some(e) = from.ports.options.get(i) else {
                    continue;
                };
                if to.ports.options.contains(e) {
                    skipped += 1;
                    continue;
                }
                edits.push(Edit::InsertPort {
                    profile: target,
                    index,
                    exception: e.clone(),
                });
                index += 1;
            }
        }
        ListKind::Programs => {
            let mut index = to.programs.options.len();
            for i in sorted {
                let Some(e) = from.programs.options.get(i) else {
                    continue;
                };
                if to.programs.options.contains(e) {
                    skipped += 1;
                    continue;
                }
                edits.push(Edit::InsertProgram {
                    profile: target,
                    index,
                    exception: e.clone(),
                });
                index += 1;
            }
        }
    }
    if edits.len() == 1 && state == State::NotConfigured {
        // Nothing to copy: do not enable the list for nothing.
        edits.clear();
    }
    (Edit::Batch { edits }, skipped)
}

/// Deletes the selected exceptions.
pub fn delete(profile: ProfileKind, list: ListKind, indices: &[usize]) -> Edit {
    Edit::remove_many(profile, list, indices)
}

/// True when a batch has nothing in it (the action would be a no-op).
pub fn is_empty(edit: &Edit) -> bool {
    matches!(edit, Edit::Batch { edits } if edits.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::model::edit::apply;
    use fwpolicy_core::{ParseOptions, PortException, Setting};

    fn port(l: &str) -> PortException {
        PortException::parse(l, ParseOptions::TYPED)
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

    #[test]
    fn copy_keeps_order_enables_target_and_skips_duplicates() {
        let p = policy();
        let (e, skipped) = copy_to_other(&p, ProfileKind::Domain, ListKind::Ports, &[2, 0]);
        assert_eq!(skipped, 0);
        let q = apply(&p, &e).unwrap_or_default();
        assert_eq!(q.standard.ports.state, State::Enabled);
        assert_eq!(
            defs(&q, ProfileKind::Standard),
            vec!["80:TCP:*:enabled:a", "82:TCP:*:disabled:c"]
        );
        let (again, skipped) = copy_to_other(&q, ProfileKind::Domain, ListKind::Ports, &[0, 1]);
        assert_eq!(skipped, 1);
        let r = apply(&q, &again).unwrap_or_default();
        assert_eq!(
            defs(&r, ProfileKind::Standard),
            vec![
                "80:TCP:*:enabled:a",
                "82:TCP:*:disabled:c",
                "81:TCP:*:enabled:b"
            ]
        );
    }

    #[test]
    fn copying_only_duplicates_is_a_no_op() {
        let mut p = policy();
        p.standard.ports = Setting::new(State::NotConfigured, vec![port("80:TCP:*:enabled:a")]);
        let (e, skipped) = copy_to_other(&p, ProfileKind::Domain, ListKind::Ports, &[0]);
        assert_eq!(skipped, 1);
        assert!(is_empty(&e));
    }

    #[test]
    fn status_and_delete_batches() {
        let p = policy();
        let e = set_status(
            &p,
            ProfileKind::Domain,
            ListKind::Ports,
            &[0, 2],
            Status::Disabled,
        );
        let q = apply(&p, &e).unwrap_or_default();
        assert_eq!(
            defs(&q, ProfileKind::Domain),
            vec![
                "80:TCP:*:disabled:a",
                "81:TCP:*:enabled:b",
                "82:TCP:*:disabled:c"
            ]
        );
        let d = delete(ProfileKind::Domain, ListKind::Ports, &[0, 2]);
        let r = apply(&q, &d).unwrap_or_default();
        assert_eq!(defs(&r, ProfileKind::Domain), vec!["81:TCP:*:enabled:b"]);
    }
}
