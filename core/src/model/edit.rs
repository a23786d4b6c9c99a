//! Edits as values.
//!
//! Every change the editor (or a script) makes to a [`Policy`] is an [`Edit`]. Applying an edit
//! yields the new policy and the inverse edit, so undo/redo, the pending-changes list and
//! "changes since the last export" all fall out of [`History`].
//!
//! Invariants:
//! * `apply` either succeeds completely or leaves the policy untouched (a failing
//!   [`Edit::Batch`] is rolled back).
//! * For every edit `e` that applies to `p`: applying the returned inverse to the result gives
//!   `p` back exactly.
//! * Edits re-check what the types cannot guarantee (indices, non-empty scopes, option ranges)
//!   and fail with an [`EditError`]; text typed by an admin is validated earlier, when it is
//!   parsed at the edge.

use crate::model::diagnostic::quoted;
use crate::model::names::same_name;
use std::fmt;

use crate::model::diagnostic::Field;
use crate::model::exception::{check_text, Origin, PortException, ProgramException};
use crate::model::policy::{GlobalId, Policy};
use crate::model::profile::{ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{
    IcmpOptions, LoggingOptions, RefreshInterval, State, MAX_LOG_SIZE_KB, MAX_REFRESH_MINUTES,
    MAX_REFRESH_OFFSET, MIN_LOG_SIZE_KB,
};
use crate::registry::Record;

/// Which exception list an edit addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// Define program exceptions.
    Programs,
    /// Define port exceptions.
    Ports,
}

/// One change to a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Sets the tri-state of one of the fourteen profile policies (options are kept).
    SetState {
        /// Which profile.
        profile: ProfileKind,
        /// Which policy.
        setting: SettingId,
        /// The new state.
        state: State,
    },
    /// Sets the tri-state of a global policy.
    SetGlobalState {
        /// Which policy.
        setting: GlobalId,
        /// The new state.
        state: State,
    },
    /// Sets the scope of a service exception (remote admin, file and print, RDP, UPnP).
    SetServiceScope {
        /// Which profile.
        profile: ProfileKind,
        /// Which service policy.
        service: SettingId,
        /// The new scope (must not be an empty list).
        scope: Scope,
    },
    /// Sets the ten ICMP boxes.
    SetIcmp {
        /// Which profile.
        profile: ProfileKind,
        /// The boxes.
        options: IcmpOptions,
    },
    /// Sets the logging options.
    SetLogging {
        /// Which profile.
        profile: ProfileKind,
        /// The options.
        options: LoggingOptions,
    },
    /// Sets the SDDL of the IPsec bypass policy.
    SetIpsecBypassSddl {
        /// The SDDL string.
        sddl: String,
    },
    /// Sets the Group Policy refresh interval options.
    SetRefreshInterval {
        /// Interval and offset.
        interval: RefreshInterval,
    },
    /// Inserts a program exception at `index` (0..=len).
    InsertProgram {
        /// Which profile.
        profile: ProfileKind,
        /// Position.
        index: usize,
        /// The exception.
        exception: ProgramException,
    },
    /// Replaces the program exception at `index`.
    ReplaceProgram {
        /// Which profile.
        profile: ProfileKind,
        /// Position.
        index: usize,
        /// The new exception.
        exception: ProgramException,
    },
    /// Inserts a port exception at `index` (0..=len).
    InsertPort {
        /// Which profile.
        profile: ProfileKind,
        /// Position.
        index: usize,
        /// The exception.
        exception: PortException,
    },
    /// Replaces the port exception at `index`.
    ReplacePort {
        /// Which profile.
        profile: ProfileKind,
        /// Position.
        index: usize,
        /// The new exception.
        exception: PortException,
    },
    /// Removes the exception at `index` of a list.
    RemoveException {
        /// Which profile.
        profile: ProfileKind,
        /// Which list.
        list: ListKind,
        /// Position.
        index: usize,
    },
    /// Replaces the interface exclusions of a profile.
    SetExcludedInterfaces {
        /// Which profile.
        profile: ProfileKind,
        /// Connection names.
        interfaces: Vec<String>,
    },
    /// Inserts a verbatim (unowned) registry value at `index`.
    InsertUnowned {
        /// Position.
        index: usize,
        /// The value.
        record: Record,
    },
    /// Removes the verbatim registry value at `index`.
    RemoveUnowned {
        /// Position.
        index: usize,
    },
    /// Replaces the whole policy (presets, imports).
    ReplacePolicy {
        /// The new policy.
        policy: Box<Policy>,
    },
    /// Several edits applied atomically, in order.
    Batch {
        /// The edits.
        edits: Vec<Edit>,
    },
}

/// Why an edit could not be applied. The policy is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// An index is outside the list.
    #[error("{what}: position {index} is outside the list of {len}")]
    OutOfRange {
        /// What list.
        what: String,
        /// The index given.
        index: usize,
        /// The list length.
        len: usize,
    },
    /// The edit addresses a setting of the wrong kind (e.g. a scope for Logging).
    #[error("{0}")]
    WrongSetting(String),
    /// The value is not valid for the setting.
    #[error("{0}")]
    Invalid(String),
}

fn list_len(policy: &Policy, profile: ProfileKind, list: ListKind) -> usize {
    list.len(policy, profile)
}

fn list_label(profile: ProfileKind, list: ListKind) -> String {
    format!("{} › {}", profile.label(), list.setting().short_name())
}

fn check_index(
    policy: &Policy,
    profile: ProfileKind,
    list: ListKind,
    index: usize,
    inserting: bool,
) -> Result<(), EditError> {
    let len = list_len(policy, profile, list);
    let ok = if inserting { index <= len } else { index < len };
    if ok {
        Ok(())
    } else {
        Err(EditError::OutOfRange {
            what: list_label(profile, list),
            index,
            len,
        })
    }
}

fn check_scope(scope: &Scope, what: &str) -> Result<(), EditError> {
    if let Scope::List(items) = scope {
        if items.is_empty() {
            return Err(EditError::Invalid(format!(
                "{what}: the scope is empty; use * for any computer or localsubnet"
            )));
        }
    }
    Ok(())
}

fn check_logging(options: &LoggingOptions) -> Result<(), EditError> {
    if !(MIN_LOG_SIZE_KB..=MAX_LOG_SIZE_KB).contains(&options.size_kb) {
        return Err(EditError::Invalid(format!(
            "log size {} KB is out of range {MIN_LOG_SIZE_KB}–{MAX_LOG_SIZE_KB} KB",
            options.size_kb
        )));
    }
    if options.path.trim().is_empty() {
        return Err(EditError::Invalid("the log file path is required".into()));
    }
    if let Some(d) = check_text(&options.path, Field::LogFilePath, false, Origin::Typed).first() {
        return Err(EditError::Invalid(d.message.clone()));
    }
    Ok(())
}

fn check_refresh(r: RefreshInterval) -> Result<(), EditError> {
    if r.minutes > MAX_REFRESH_MINUTES {
        return Err(EditError::Invalid(format!(
            "refresh interval {} minutes is out of range 0–{MAX_REFRESH_MINUTES}",
            r.minutes
        )));
    }
    if r.offset > MAX_REFRESH_OFFSET {
        return Err(EditError::Invalid(format!(
            "random offset {} minutes is out of range 0–{MAX_REFRESH_OFFSET}",
            r.offset
        )));
    }
    Ok(())
}

/// Checks a list of interface names: non-empty, unique (ignoring case), no unsafe characters.
pub fn check_interfaces(interfaces: &[String]) -> Result<(), EditError> {
    for (i, name) in interfaces.iter().enumerate() {
        if name.trim().is_empty() {
            return Err(EditError::Invalid("an interface name is empty".into()));
        }
        if let Some(d) = check_text(name, Field::Interface, false, Origin::Typed).first() {
            return Err(EditError::Invalid(d.message.clone()));
        }
        if interfaces.iter().take(i).any(|o| same_name(o, name)) {
            return Err(EditError::Invalid(format!(
                "interface {} is listed twice",
                quoted(name)
            )));
        }
    }
    Ok(())
}

/// Applies an edit to a copy of the policy.
pub fn apply(policy: &Policy, edit: &Edit) -> Result<Policy, EditError> {
    let mut next = policy.clone();
    apply_in_place(&mut next, edit)?;
    Ok(next)
}

/// Applies an edit to a copy of the policy and returns the copy with the inverse edit.
pub fn apply_with_inverse(policy: &Policy, edit: &Edit) -> Result<(Policy, Edit), EditError> {
    let mut next = policy.clone();
    let inverse = apply_in_place(&mut next, edit)?;
    Ok((next, inverse))
}

/// The inverse of `edit` relative to `policy` (the edit that undoes it once applied).
pub fn inverse(policy: &Policy, edit: &Edit) -> Result<Edit, EditError> {
    apply_with_inverse(policy, edit).map(|(_, inv)| inv)
}

/// Applies an edit in place and returns its inverse. On error the policy is unchanged.
pub fn apply_in_place(policy: &mut Policy, edit: &Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::SetState {
            profile,
            setting,
            state,
        } => {
            let slot = policy.profile_mut(*profile).state_mut(*setting);
            let old = std::mem::replace(slot, *state);
            Ok(Edit::SetState {
                profile: *profile,
                setting: *setting,
                state: old,
            })
        }
        Edit::SetGlobalState { setting, state } => {
            let slot = policy.global_state_mut(*setting);
            let old = std::mem::replace(slot, *state);
            Ok(Edit::SetGlobalState {
                setting: *setting,
                state: old,
            })
        }
        Edit::SetServiceScope {
            profile,
            service,
            scope,
        } => {
            let what = format!("{} › {}", profile.label(), service.short_name());
            check_scope(scope, &what)?;
            let Some(slot) = policy.profile_mut(*profile).service_mut(*service) else {
                return Err(EditError::WrongSetting(format!(
                    "{} has no scope",
                    service.short_name()
                )));
            };
            let old = std::mem::replace(&mut slot.options, scope.clone());
            Ok(Edit::SetServiceScope {
                profile: *profile,
                service: *service,
                scope: old,
            })
        }
        Edit::SetIcmp { profile, options } => {
            let slot = &mut policy.profile_mut(*profile).icmp.options;
            let old = std::mem::replace(slot, *options);
            Ok(Edit::SetIcmp {
                profile: *profile,
                options: old,
            })
        }
        Edit::SetLogging { profile, options } => {
            check_logging(options)?;
            let slot = &mut policy.profile_mut(*profile).logging.options;
            let old = std::mem::replace(slot, options.clone());
            Ok(Edit::SetLogging {
                profile: *profile,
                options: old,
            })
        }
        Edit::SetIpsecBypassSddl { sddl } => {
            // SDDL legitimately contains ';' and ':' (e.g. `(A;;RCCC;;;S-1-5-...)`); only
            // quotes and control characters are refused.
            if let Some(c) = sddl.chars().find(|c| *c == '"' || c.is_control()) {
                return Err(EditError::Invalid(format!(
                    "the SDDL contains {}, which cannot be carried safely",
                    quoted(&c.to_string())
                )));
            }
            let old = std::mem::replace(&mut policy.ipsec_bypass.options, sddl.clone());
            Ok(Edit::SetIpsecBypassSddl { sddl: old })
        }
        Edit::SetRefreshInterval { interval } => {
            check_refresh(*interval)?;
            let old = std::mem::replace(&mut policy.refresh.options, *interval);
            Ok(Edit::SetRefreshInterval { interval: old })
        }
        Edit::InsertProgram {
            profile,
            index,
            exception,
        } => {
            check_index(policy, *profile, ListKind::Programs, *index, true)?;
            check_scope(&exception.scope, &list_label(*profile, ListKind::Programs))?;
            policy
                .profile_mut(*profile)
                .programs
                .options
                .insert(*index, exception.clone());
            Ok(Edit::RemoveException {
                profile: *profile,
                list: ListKind::Programs,
                index: *index,
            })
        }
        Edit::ReplaceProgram {
            profile,
            index,
            exception,
        } => {
            check_index(policy, *profile, ListKind::Programs, *index, false)?;
            check_scope(&exception.scope, &list_label(*profile, ListKind::Programs))?;
            let len = list_len(policy, *profile, ListKind::Programs);
            let list = &mut policy.profile_mut(*profile).programs.options;
            let slot = list.get_mut(*index).ok_or_else(|| EditError::OutOfRange {
                what: list_label(*profile, ListKind::Programs),
                index: *index,
                len,
            })?;
            let old = std::mem::replace(slot, exception.clone());
            Ok(Edit::ReplaceProgram {
                profile: *profile,
                index: *index,
                exception: old,
            })
        }
        Edit::InsertPort {
            profile,
            index,
            exception,
        } => {
            check_index(policy, *profile, ListKind::Ports, *index, true)?;
            check_scope(&exception.scope, &list_label(*profile, ListKind::Ports))?;
            policy
                .profile_mut(*profile)
                .ports
                .options
                .insert(*index, exception.clone());
            Ok(Edit::RemoveException {
                profile: *profile,
                list: ListKind::Ports,
                index: *index,
            })
        }
        Edit::ReplacePort {
            profile,
            index,
            exception,
        } => {
            check_index(policy, *profile, ListKind::Ports, *index, false)?;
            check_scope(&exception.scope, &list_label(*profile, ListKind::Ports))?;
            let len = list_len(policy, *profile, ListKind::Ports);
            let list = &mut policy.profile_mut(*profile).ports.options;
            let slot = list.get_mut(*index).ok_or_else(|| EditError::OutOfRange {
                what: list_label(*profile, ListKind::Ports),
                index: *index,
                len,
            })?;
            let old = std::mem::replace(slot, exception.clone());
            Ok(Edit::ReplacePort {
                profile: *profile,
                index: *index,
                exception: old,
            })
        }
        Edit::RemoveException {
            profile,
            list,
            index,
        } => {
            check_index(policy, *profile, *list, *index, false)?;
            let p = policy.profile_mut(*profile);
            Ok(match list {
                ListKind::Programs => Edit::InsertProgram {
                    profile: *profile,
                    index: *index,
                    exception: p.programs.options.remove(*index),
                },
                ListKind::Ports => Edit::InsertPort {
                    profile: *profile,
                    index: *index,
                    exception: p.ports.options.remove(*index),
                },
            })
        }
        Edit::SetExcludedInterfaces {
            profile,
            interfaces,
        } => {
            check_interfaces(interfaces)?;
            let slot = &mut policy.profile_mut(*profile).excluded_interfaces;
            let old = std::mem::replace(slot, interfaces.clone());
            Ok(Edit::SetExcludedInterfaces {
                profile: *profile,
                interfaces: old,
            })
        }
        Edit::InsertUnowned { index, record } => {
            if *index > policy.unowned.len() {
                return Err(EditError::OutOfRange {
                    what: "verbatim registry values".into(),
                    index: *index,
                    len: policy.unowned.len(),
                });
            }
            policy.unowned.insert(*index, record.clone());
            Ok(Edit::RemoveUnowned { index: *index })
        }
        Edit::RemoveUnowned { index } => {
            if *index >= policy.unowned.len() {
                return Err(EditError::OutOfRange {
                    what: "verbatim registry values".into(),
                    index: *index,
                    len: policy.unowned.len(),
                });
            }
            let record = policy.unowned.remove(*index);
            Ok(Edit::InsertUnowned {
                index: *index,
                record,
            })
        }
        Edit::ReplacePolicy { policy: new } => {
            let old = std::mem::replace(policy, (**new).clone());
            Ok(Edit::ReplacePolicy {
                policy: Box::new(old),
            })
        }
        Edit::Batch { edits } => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply_in_place(policy, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        for inv in inverses.iter().rev() {
                            // Inverses of edits that just applied always apply.
                            let _ = apply_in_place(policy, inv);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch { edits: inverses })
        }
    }
}

impl Edit {
    /// One line describing the edit for the pending-changes list.
    pub fn describe(&self) -> String {
        match self {
            Edit::SetState {
                profile,
                setting,
                state,
            } => format!(
                "{} › {}: {}",
                profile.label(),
                setting.short_name(),
                state.label()
            ),
            Edit::SetGlobalState { setting, state } => {
                format!("{}: {}", setting.label(), state.label())
            }
            Edit::SetServiceScope {
                profile,
                service,
                scope,
            } => format!(
                "{} › {}: scope {scope}",
                profile.label(),
                service.short_name()
            ),
            Edit::SetIcmp { profile, options } => {
                let n = options.checked().count();
                format!(
                    "{} › Allow ICMP exceptions: {n} of 10 types allowed",
                    profile.label()
                )
            }
            Edit::SetLogging { profile, options } => format!(
                "{} › Allow logging: {} ({} KB)",
                profile.label(),
                options.path,
                options.size_kb
            ),
            Edit::SetIpsecBypassSddl { sddl } => {
                format!("{}: SDDL {sddl}", GlobalId::IpsecBypass.label())
            }
            Edit::SetRefreshInterval { interval } => format!(
                "{}: {} + 0–{} minutes",
                GlobalId::RefreshInterval.label(),
                interval.minutes,
                interval.offset
            ),
            Edit::InsertProgram {
                profile, exception, ..
            } => format!(
                "{}: add {exception}",
                list_label(*profile, ListKind::Programs)
            ),
            Edit::ReplaceProgram {
                profile, exception, ..
            } => format!(
                "{}: change to {exception}",
                list_label(*profile, ListKind::Programs)
            ),
            Edit::InsertPort {
                profile, exception, ..
            } => format!("{}: add {exception}", list_label(*profile, ListKind::Ports)),
            Edit::ReplacePort {
                profile, exception, ..
            } => format!(
                "{}: change to {exception}",
                list_label(*profile, ListKind::Ports)
            ),
            Edit::RemoveException {
                profile,
                list,
                index,
            } => format!("{}: remove item {}", list_label(*profile, *list), index + 1),
            Edit::SetExcludedInterfaces {
                profile,
                interfaces,
            } => {
                if interfaces.is_empty() {
                    format!("{}: no interface exclusions", profile.label())
                } else {
                    format!(
                        "{}: firewall off for {}",
                        profile.label(),
                        interfaces.join(", ")
                    )
                }
            }
            Edit::InsertUnowned { record, .. } => {
                format!("keep verbatim value {}", record.describe())
            }
            Edit::RemoveUnowned { index } => format!("drop verbatim value {}", index + 1),
            Edit::ReplacePolicy { .. } => "replace the whole policy".to_string(),
            Edit::Batch { edits } => match edits.as_slice() {
                [one] => one.describe(),
                _ => format!("{} changes", edits.len()),
            },
        }
    }

    /// Sets a profile setting's state; convenience constructor.
    pub fn set_state(profile: ProfileKind, setting: SettingId, state: State) -> Edit {
        Edit::SetState {
            profile,
            setting,
            state,
        }
    }

    /// Appends a program exception, enabling "Define program exceptions" if it is Not
    /// configured (what an admin expects when adding to an empty list).
    pub fn add_program(policy: &Policy, profile: ProfileKind, exception: ProgramException) -> Edit {
        let p = policy.profile(profile);
        let mut edits = Vec::new();
        if p.programs.state == State::NotConfigured {
            edits.push(Edit::set_state(
                profile,
                SettingId::DefineProgramExceptions,
                State::Enabled,
            ));
        }
        edits.push(Edit::InsertProgram {
            profile,
            index: p.programs.options.len(),
            exception,
        });
        Edit::Batch { edits }
    }

    /// Appends a port exception, enabling "Define port exceptions" if it is Not configured.
    pub fn add_port(policy: &Policy, profile: ProfileKind, exception: PortException) -> Edit {
        let p = policy.profile(profile);
        let mut edits = Vec::new();
        if p.ports.state == State::NotConfigured {
            edits.push(Edit::set_state(
                profile,
                SettingId::DefinePortExceptions,
                State::Enabled,
            ));
        }
        edits.push(Edit::InsertPort {
            profile,
            index: p.ports.options.len(),
            exception,
        });
        Edit::Batch { edits }
    }

    /// Removes several exceptions of one list (indices in any order, duplicates ignored).
    pub fn remove_many(profile: ProfileKind, list: ListKind, indices: &[usize]) -> Edit {
        let mut sorted: Vec<usize> = indices.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        Edit::Batch {
            edits: sorted
                .into_iter()
                .rev()
                .map(|index| Edit::RemoveException {
                    profile,
                    list,
                    index,
                })
                .collect(),
        }
    }
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// One applied edit and the edit that undoes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The edit as the admin made it.
    pub forward: Edit,
    /// The edit that undoes it.
    pub inverse: Edit,
}

/// Undo/redo stacks plus the "last exported" mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// Number of `done` steps at the last export; `None` when that state is no longer on the
    /// undo stack (e.g. the stack was trimmed or an undo went past it and a new edit followed).
    export_mark: Option<usize>,
    limit: usize,
}

impl Default for History {
    /// The same as [`History::new`]`(0)`: 1000 undo steps, nothing changed since the export.
    fn default() -> Self {
        History::new(0)
    }
}

impl History {
    /// A history keeping at most `limit` undo steps (0 means 1000).
    pub fn new(limit: usize) -> Self {
        History {
            done: Vec::new(),
            undone: Vec::new(),
            export_mark: Some(0),
            limit: if limit == 0 { 1000 } else { limit },
        }
    }

    /// Applies an edit, recording it. Clears the redo stack.
    pub fn apply(&mut self, policy: &mut Policy, edit: Edit) -> Result<(), EditError> {
        let inverse = apply_in_place(policy, &edit)?;
        if let Some(mark) = self.export_mark {
            if mark > self.done.len() {
                self.export_mark = None;
            }
        }
        self.undone.clear();
        self.done.push(Step {
            forward: edit,
            inverse,
        });
        if self.done.len() > self.limit {
            self.done.remove(0);
            self.export_mark = self.export_mark.and_then(|m| m.checked_sub(1));
        }
        Ok(())
    }

    /// Undoes the last edit; returns it, or `None` when there is nothing to undo.
    pub fn undo(&mut self, policy: &mut Policy) -> Option<Edit> {
        let step = self.done.pop()?;
        match apply_in_place(policy, &step.inverse) {
            Ok(_) => {
                let forward = step.forward.clone();
                self.undone.push(step);
                Some(forward)
            }
            Err(_) => {
                // Cannot happen for inverses produced by apply; keep the stack consistent.
                self.done.push(step);
                None
            }
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self, policy: &mut Policy) -> Option<Edit> {
        let step = self.undone.pop()?;
        match apply_in_place(policy, &step.forward) {
            Ok(inverse) => {
                let forward = step.forward.clone();
                self.done.push(Step {
                    forward: step.forward,
                    inverse,
                });
                Some(forward)
            }
            Err(_) => {
                self.undone.push(step);
                None
            }
        }
    }

    /// True if there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// True if there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Records that the current state was exported.
    pub fn mark_exported(&mut self) {
        self.export_mark = Some(self.done.len());
    }

    /// True when the policy differs (by edits) from what was last exported.
    pub fn has_unexported_changes(&self) -> bool {
        self.export_mark != Some(self.done.len())
    }

    /// The edits made since the last export (all remembered edits if the mark is lost).
    pub fn pending(&self) -> &[Step] {
        match self.export_mark {
            Some(m) => self.done.get(m..).unwrap_or(&self.done),
            None => &self.done,
        }
    }

    /// All applied steps, oldest first.
    pub fn steps(&self) -> &[Step] {
        &self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exception::{ParseOptions, Port};
    use crate::model::setting::Setting;

    fn port(line: &str) -> PortException {
        PortException::parse(line, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| {
                PortException::new(Port::new(1).unwrap_or_else(|| unreachable!()), "x")
            })
    }

    fn base() -> Policy {
        let mut p = Policy::default();
        p.domain.ports = Setting::enabled(vec![port("80:TCP:*:enabled:Web")]);
        p
    }

    #[test]
    fn inverse_restores_policy() {
        let p = base();
        let edits = vec![
            Edit::set_state(
                ProfileKind::Domain,
                SettingId::ProtectAllConnections,
                State::Enabled,
            ),
            Edit::InsertPort {
                profile: ProfileKind::Domain,
                index: 0,
                exception: port("443:TCP:localsubnet:enabled:TLS"),
            },
            Edit::RemoveException {
                profile: ProfileKind::Domain,
                list: ListKind::Ports,
                index: 0,
            },
            Edit::SetServiceScope {
                profile: ProfileKind::Standard,
                service: SettingId::RemoteDesktop,
                scope: Scope::Any,
            },
            Edit::SetExcludedInterfaces {
                profile: ProfileKind::Domain,
                interfaces: vec!["Virtual Ethernet PTP".into()],
            },
            Edit::SetRefreshInterval {
                interval: RefreshInterval {
                    minutes: 0,
                    offset: 0,
                },
            },
            Edit::ReplacePolicy {
                policy: Box::new(Policy::default()),
            },
        ];
        for e in edits {
            let (next, inv) =
                apply_with_inverse(&p, &e).unwrap_or_else(|err| panic!("{e:?}: {err}"));
            assert_ne!(next, p, "{e:?} changed nothing");
            let back = apply(&next, &inv).unwrap_or_else(|err| panic!("{inv:?}: {err}"));
            assert_eq!(back, p, "inverse of {e:?}");
        }
    }

    #[test]
    fn failing_batch_changes_nothing() {
        let p = base();
        let e = Edit::Batch {
            edits: vec![
                Edit::set_state(ProfileKind::Domain, SettingId::Logging, State::Enabled),
                Edit::RemoveException {
                    profile: ProfileKind::Domain,
                    list: ListKind::Ports,
                    index: 5,
                },
            ],
        };
        let mut q = p.clone();
        let err = apply_in_place(&mut q, &e);
        assert!(matches!(
            err,
            Err(EditError::OutOfRange {
                index: 5,
                len: 1,
                ..
            })
        ));
        assert_eq!(q, p);
    }

    #[test]
    fn empty_scope_and_bad_ranges_rejected() {
        let p = base();
        let e = Edit::SetServiceScope {
            profile: ProfileKind::Domain,
            service: SettingId::FileAndPrinterSharing,
            scope: Scope::List(vec![]),
        };
        assert!(matches!(apply(&p, &e), Err(EditError::Invalid(_))));
        let e = Edit::SetLogging {
            profile: ProfileKind::Domain,
            options: LoggingOptions {
                size_kb: 100,
                ..LoggingOptions::default()
            },
        };
        assert!(apply(&p, &e).is_err());
        let e = Edit::SetRefreshInterval {
            interval: RefreshInterval {
                minutes: 50000,
                offset: 0,
            },
        };
        assert!(apply(&p, &e).is_err());
        let e = Edit::SetServiceScope {
            profile: ProfileKind::Domain,
            service: SettingId::Logging,
            scope: Scope::Any,
        };
        assert!(matches!(apply(&p, &e), Err(EditError::WrongSetting(_))));
    }

    #[test]
    fn history_undo_redo_and_export_mark() {
        let mut p = Policy::default();
        let mut h = History::new(0);
        assert!(!h.has_unexported_changes());
        h.apply(
            &mut p,
            Edit::add_port(
                &Policy::default(),
                ProfileKind::Domain,
                port("80:TCP:*:enabled:Web"),
            ),
        )
        .unwrap_or_default();
        assert_eq!(p.domain.ports.state, State::Enabled);
        assert_eq!(p.domain.ports.options.len(), 1);
        assert!(h.has_unexported_changes());
        h.mark_exported();
        assert!(!h.has_unexported_changes());
        assert_eq!(
            h.undo(&mut p).map(|e| e.describe()),
            Some("2 changes".into())
        );
        assert_eq!(p, Policy::default());
        assert!(h.has_unexported_changes());
        assert!(h.redo(&mut p).is_some());
        assert!(!h.has_unexported_changes());
        assert_eq!(p.domain.ports.options.len(), 1);
        assert!(h.undo(&mut p).is_some());
        h.apply(
            &mut p,
            Edit::set_state(ProfileKind::Domain, SettingId::Logging, State::Enabled),
        )
        .unwrap_or_default();
        assert!(!h.can_redo());
        assert!(h.has_unexported_changes());
        assert_eq!(h.pending().len(), 1);
    }

    #[test]
    fn remove_many_removes_highest_first() {
        let mut p = base();
        let mut list = vec![];
        for n in 1..=5 {
            list.push(port(&format!("{n}:TCP:*:enabled:p{n}")));
        }
        p.domain.ports.options = list;
        let q = apply(
            &p,
            &Edit::remove_many(ProfileKind::Domain, ListKind::Ports, &[3, 0, 3]),
        )
        .unwrap_or_default();
        let names: Vec<_> = q
            .domain
            .ports
            .options
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, vec!["p2", "p3", "p5"]);
    }
}
