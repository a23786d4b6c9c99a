//! The Rollout page's what-if copy of the policy's "Set Group Policy refresh interval for
//! computers" (issue 13): the admin edits a sandbox, which only re-runs the simulation; the
//! policy changes only through [`RefreshSandbox::apply_edit`], one undoable [`Edit`] whose
//! effect [`RefreshSandbox::apply_label`] spells out.
//!
//! Invariants:
//! * A sandbox starts from the policy's values ([`RefreshSandbox::from_policy`]) and, while
//!   it still equals them, follows the policy when that changes (Undo, import:
//!   [`RefreshSandbox::follow`]).
//! * Values are checked with the edit's own ADMX limits ([`refresh_value`]); an invalid
//!   sandbox has no parameters to simulate ([`RefreshSandbox::effective`] is `None`) and
//!   nothing to apply.

use crate::model::edit::Edit;
use crate::model::policy::GlobalId;
use crate::model::setting::{RefreshInterval, State};
use crate::rollout::form::{refresh_value, RefreshPart, RefreshPolicy};
use crate::rollout::{RefreshSource, DEFAULT_REFRESH_MINUTES, DEFAULT_REFRESH_OFFSET};

/// The refresh setting as typed on the Rollout page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshSandbox {
    /// The state the admin is trying.
    pub state: State,
    /// The interval as typed (minutes).
    pub minutes: String,
    /// The maximum random offset as typed (minutes).
    pub offset: String,
}

/// The check of a sandbox: each value, or the message shown next to its field. Values are
/// checked only while the sandbox is Enabled (otherwise Windows' default is used and the
/// typed values are neither simulated nor written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxCheck {
    /// The interval, or its error.
    pub minutes: Result<u32, String>,
    /// The offset, or its error.
    pub offset: Result<u32, String>,
}

impl SandboxCheck {
    /// The interval the sandbox stands for, when both values are valid.
    pub fn interval(&self) -> Option<RefreshInterval> {
        match (&self.minutes, &self.offset) {
            (Ok(minutes), Ok(offset)) => Some(RefreshInterval {
                minutes: *minutes,
                offset: *offset,
            }),
            _ => None,
        }
    }

    /// The error of one field (`None` when it is valid).
    pub fn error(&self, part: RefreshPart) -> Option<&str> {
        match part {
            RefreshPart::Minutes => self.minutes.as_ref().err(),
            RefreshPart::Offset => self.offset.as_ref().err(),
        }
        .map(String::as_str)
    }
}

fn windows_default() -> RefreshInterval {
    RefreshInterval {
        minutes: DEFAULT_REFRESH_MINUTES,
        offset: DEFAULT_REFRESH_OFFSET,
    }
}

impl RefreshSandbox {
    /// The sandbox holding the policy's values: its state and what its clients use (the
    /// policy's own values when Enabled, clamped to the ADMX limits if an imported file
    /// exceeded them; Windows' 90 + 30 otherwise).
    pub fn from_policy(policy: &RefreshPolicy) -> Self {
        RefreshSandbox {
            state: policy.state,
            minutes: policy.effective.minutes.to_string(),
            offset: policy.effective.offset.to_string(),
        }
    }

    /// The sandbox with one value typed. Typing a value means trying it, so the sandbox
    /// becomes Enabled (a value is used only then).
    pub fn typed(&self, part: RefreshPart, text: String) -> Self {
        let mut next = self.clone();
        match part {
            RefreshPart::Minutes => next.minutes = text,
            RefreshPart::Offset => next.offset = text,
        }
        next.state = State::Enabled;
        next
    }

    /// The sandbox with another state. Not configured and Disabled mean Windows' 90 + 30,
    /// which the fields then show; Enabled keeps the values typed.
    pub fn with_state(&self, state: State) -> Self {
        let mut next = self.clone();
        next.state = state;
        if state != State::Enabled {
            let d = windows_default();
            next.minutes = d.minutes.to_string();
            next.offset = d.offset.to_string();
        }
        next
    }

    /// Checks the typed values with the edit's ADMX limits (only while Enabled).
    pub fn check(&self) -> SandboxCheck {
        if self.state != State::Enabled {
            let d = windows_default();
            return SandboxCheck {
                minutes: Ok(d.minutes),
                offset: Ok(d.offset),
            };
        }
        SandboxCheck {
            minutes: refresh_value(RefreshPart::Minutes, &self.minutes),
            offset: refresh_value(RefreshPart::Offset, &self.offset),
        }
    }

    /// Whether the sandbox says the same as `policy`: the same state and, when Enabled, the
    /// same values (as stored). An invalid sandbox never does.
    pub fn same_as(&self, policy: &RefreshPolicy) -> bool {
        if self.state != policy.state {
            return false;
        }
        match self.state {
            State::Enabled => self.check().interval() == Some(policy.options),
            State::NotConfigured | State::Disabled => true,
        }
    }

    /// What the clients would use with this sandbox and where it comes from, or `None` when
    /// a value is invalid (the result shown is then out of date). Equal to the policy: the
    /// policy's own reading; otherwise "set for this preview" (Enabled) or the Windows
    /// default the state means.
    pub fn effective(&self, policy: &RefreshPolicy) -> Option<(RefreshInterval, RefreshSource)> {
        if self.same_as(policy) {
            return Some((policy.effective, policy.source));
        }
        match self.state {
            State::NotConfigured => Some((windows_default(), RefreshSource::WindowsDefault)),
            State::Disabled => Some((windows_default(), RefreshSource::PolicyDisabled)),
            State::Enabled => self
                .check()
                .interval()
                .map(|interval| (interval, RefreshSource::Custom)),
        }
    }

    /// The one edit that writes the sandbox into `policy` (state, and the values when
    /// Enabled). `None` when the sandbox is invalid or already equals the policy.
    pub fn apply_edit(&self, policy: &RefreshPolicy) -> Option<Edit> {
        if self.same_as(policy) {
            return None;
        }
        let interval = self.check().interval()?;
        let mut edits = Vec::new();
        if self.state != policy.state {
            edits.push(Edit::SetGlobalState {
                setting: GlobalId::RefreshInterval,
                state: self.state,
            });
        }
        if self.state == State::Enabled && interval != policy.options {
            edits.push(Edit::SetRefreshInterval { interval });
        }
        match edits.len() {
            0 => None,
            1 => edits.pop(),
            _ => Some(Edit::Batch { edits }),
        }
    }

    /// What [`RefreshSandbox::apply_edit`] writes, in the settings page's words, e.g.
    /// `Set Group Policy refresh interval: Enabled, 90 minutes, offset 30 minutes`.
    /// `None` when there is nothing to apply.
    pub fn apply_label(&self, policy: &RefreshPolicy) -> Option<String> {
        self.apply_edit(policy)?;
        let what = match self.state {
            State::NotConfigured => "Not configured (Windows default)".to_string(),
            State::Disabled => "Disabled (Windows default)".to_string(),
            State::Enabled => {
                let i = self.check().interval()?;
                let every = if i.minutes == 0 {
                    " (every 7 seconds)"
                } else {
                    ""
                };
                format!(
                    "Enabled, {} minutes{every}, offset {} minutes",
                    i.minutes, i.offset
                )
            }
        };
        Some(format!("Set Group Policy refresh interval: {what}"))
    }

    /// The sandbox after the policy changed from `before` to `after`: one the admin has not
    /// touched (it still equals `before`) follows the policy; an edited one stays.
    pub fn follow(&self, before: &RefreshPolicy, after: &RefreshPolicy) -> Self {
        if self.same_as(before) {
            RefreshSandbox::from_policy(after)
        } else {
            self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::apply;
    use crate::model::policy::Policy;
    use crate::rollout::form::refresh_policy;

    fn policy_with(state: State, minutes: u32, offset: u32) -> Policy {
        let mut p = Policy::default();
        p.refresh.state = state;
        p.refresh.options = RefreshInterval { minutes, offset };
        p
    }

    // See: issue 13. Typing an interval on the Rollout page must not enable the policy:
    // the sandbox changes, the policy (and so every export) does not until Apply.
    #[test]
    fn typing_an_interval_changes_the_sandbox_not_the_policy() {
        let policy = Policy::default();
        let r = refresh_policy(&policy);
        let sandbox = RefreshSandbox::from_policy(&r);
        assert_eq!(sandbox.state, State::NotConfigured);
        assert_eq!(
            (sandbox.minutes.as_str(), sandbox.offset.as_str()),
            ("90", "30")
        );
        assert!(sandbox.same_as(&r));
        assert_eq!(sandbox.apply_edit(&r), None);
        assert_eq!(sandbox.apply_label(&r), None);

        let tried = sandbox.typed(RefreshPart::Minutes, "0".into());
        assert_eq!(tried.state, State::Enabled);
        assert!(!tried.same_as(&r));
        assert_eq!(
            tried.effective(&r),
            Some((
                RefreshInterval {
                    minutes: 0,
                    offset: 30
                },
                RefreshSource::Custom
            ))
        );
        assert_eq!(
            tried.apply_label(&r).as_deref(),
            Some("Set Group Policy refresh interval: Enabled, 0 minutes (every 7 seconds), offset 30 minutes")
        );
        // Applying is one edit: enabled with 0 + 30, and the sandbox then equals the policy.
        let edit = tried.apply_edit(&r);
        let applied = edit
            .as_ref()
            .and_then(|e| apply(&policy, e).ok())
            .unwrap_or_default();
        assert_eq!(applied.refresh.state, State::Enabled);
        assert_eq!(applied.refresh.options.minutes, 0);
        assert_eq!(applied.refresh.options.offset, 30);
        assert!(tried.same_as(&refresh_policy(&applied)));
        assert!(matches!(edit, Some(Edit::Batch { ref edits }) if edits.len() == 2));
    }

    #[test]
    fn invalid_values_have_no_result_and_nothing_to_apply() {
        let r = refresh_policy(&Policy::default());
        let base = RefreshSandbox::from_policy(&r);
        for (part, text) in [
            (RefreshPart::Minutes, ""),
            (RefreshPart::Minutes, "44641"),
            (RefreshPart::Minutes, "-1"),
            (RefreshPart::Offset, "1441"),
            (RefreshPart::Offset, "ten"),
        ] {
            let s = base.typed(part, text.into());
            assert!(s.check().error(part).is_some(), "{text} accepted");
            assert_eq!(s.effective(&r), None, "{text} simulated");
            assert_eq!(s.apply_edit(&r), None, "{text} applicable");
            assert!(!s.same_as(&r));
        }
        // The ADMX limits themselves are fine.
        let top = base
            .typed(RefreshPart::Minutes, "44640".into())
            .typed(RefreshPart::Offset, "1440".into());
        assert_eq!(
            top.check().interval().map(|i| (i.minutes, i.offset)),
            Some((44640, 1440))
        );
    }

    #[test]
    fn apply_writes_only_what_differs() {
        let enabled = refresh_policy(&policy_with(State::Enabled, 60, 30));
        let s = RefreshSandbox::from_policy(&enabled).typed(RefreshPart::Offset, " 5 ".into());
        assert_eq!(
            s.apply_edit(&enabled),
            Some(Edit::SetRefreshInterval {
                interval: RefreshInterval {
                    minutes: 60,
                    offset: 5
                }
            })
        );
        assert_eq!(
            s.apply_label(&enabled).as_deref(),
            Some("Set Group Policy refresh interval: Enabled, 60 minutes, offset 5 minutes")
        );
        let off = RefreshSandbox::from_policy(&enabled).with_state(State::NotConfigured);
        assert_eq!((off.minutes.as_str(), off.offset.as_str()), ("90", "30"));
        assert_eq!(
            off.apply_edit(&enabled),
            Some(Edit::SetGlobalState {
                setting: GlobalId::RefreshInterval,
                state: State::NotConfigured
            })
        );
        assert_eq!(
            off.effective(&enabled),
            Some((windows_default(), RefreshSource::WindowsDefault))
        );
        // Disabled with other stored values: the values do not matter.
        let disabled = refresh_policy(&policy_with(State::Disabled, 10, 0));
        let mut d = RefreshSandbox::from_policy(&disabled);
        assert!(d.same_as(&disabled));
        d.minutes = "junk".into();
        assert!(d.same_as(&disabled));
    }

    #[test]
    fn an_untouched_sandbox_follows_the_policy_an_edited_one_stays() {
        let before = refresh_policy(&Policy::default());
        let after = refresh_policy(&policy_with(State::Enabled, 45, 10));
        let untouched = RefreshSandbox::from_policy(&before);
        assert_eq!(
            untouched.follow(&before, &after),
            RefreshSandbox::from_policy(&after)
        );
        let edited = untouched.typed(RefreshPart::Minutes, "120".into());
        assert_eq!(edited.follow(&before, &after), edited);
        let broken = untouched.typed(RefreshPart::Minutes, "".into());
        assert_eq!(broken.follow(&before, &after), broken);
    }

    #[test]
    fn imported_values_above_the_limits_start_clamped() {
        let r = refresh_policy(&policy_with(State::Enabled, 50_000, 2_000));
        let s = RefreshSandbox::from_policy(&r);
        assert_eq!((s.minutes.as_str(), s.offset.as_str()), ("44640", "1440"));
        assert!(s.effective(&r).is_some());
        // Applying would write the clamped values into the policy.
        assert_eq!(
            s.apply_label(&r).as_deref(),
            Some("Set Group Policy refresh interval: Enabled, 44640 minutes, offset 1440 minutes")
        );
    }
}
