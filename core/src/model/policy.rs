//! The whole policy: two profiles, the global settings, and what the model does not own.
//!
//! Invariant: nothing an admin imports is dropped. Registry values that are not Windows
//! Firewall ADMX policies (or that the model cannot represent exactly) are kept verbatim in
//! [`Policy::unowned`] and written back unchanged by the registry-based exports.

use crate::model::profile::{Profile, ProfileKind};
use crate::model::setting::{RefreshInterval, Setting, State};
use crate::registry::{Record, Source};

/// Key of "Allow authenticated IPsec bypass" (global, not per profile).
pub const IPSEC_BYPASS_KEY: &str = r"SOFTWARE\Policies\Microsoft\Windows\IPSec\ICFv4";
/// Value name of the bypass SDDL.
pub const IPSEC_BYPASS_VALUE: &str = "BypassFirewall";
/// Key of "Set Group Policy refresh interval for computers" (GroupPolicy.admx).
pub const REFRESH_KEY: &str = r"Software\Policies\Microsoft\Windows\System";
/// Value name of the refresh interval (minutes).
pub const REFRESH_TIME_VALUE: &str = "GroupPolicyRefreshTime";
/// Value name of the random offset (minutes).
pub const REFRESH_OFFSET_VALUE: &str = "GroupPolicyRefreshTimeOffset";

/// Policies outside the two profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GlobalId {
    /// Windows Firewall: Allow authenticated IPsec bypass (SDDL of computers allowed through).
    IpsecBypass,
    /// System > Group Policy: Set Group Policy refresh interval for computers.
    RefreshInterval,
}

impl GlobalId {
    /// Both, in display order.
    pub const ALL: [GlobalId; 2] = [GlobalId::IpsecBypass, GlobalId::RefreshInterval];

    /// GPMC display name.
    pub fn label(self) -> &'static str {
        match self {
            GlobalId::IpsecBypass => "Windows Firewall: Allow authenticated IPsec bypass",
            GlobalId::RefreshInterval => "Set Group Policy refresh interval for computers",
        }
    }

    /// One-line explanation.
    pub fn summary(self) -> &'static str {
        match self {
            GlobalId::IpsecBypass => "Lets computers matching an SDDL (e.g. O:DAG:DAD:(A;;RCCC;;;S-1-5-21-...)) bypass the firewall when they authenticate with IPsec.",
            GlobalId::RefreshInterval => "How often computers re-apply Group Policy in the background: interval plus a random offset (default 90 + 0–30 minutes).",
        }
    }

    /// What the reference marks UNCONFIRMED about this policy and the safe choice fwpolicy
    /// makes (shown next to the setting in the editor).
    pub fn unconfirmed(self) -> Option<&'static str> {
        match self {
            GlobalId::IpsecBypass => None,
            GlobalId::RefreshInterval => Some(
                "Unconfirmed: how Windows treats values above the ADMX limits (44640 minutes, offset 1440) that an imported file may carry; the editor refuses them and the rollout preview clamps them.",
            ),
        }
    }

    /// Stable camelCase key for JSON.
    pub fn json_key(self) -> &'static str {
        match self {
            GlobalId::IpsecBypass => "ipsecBypass",
            GlobalId::RefreshInterval => "refreshInterval",
        }
    }
}

/// A complete Windows Firewall Group Policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Policy {
    /// The Domain profile.
    pub domain: Profile,
    /// The Standard profile.
    pub standard: Profile,
    /// Allow authenticated IPsec bypass; the option is the SDDL string.
    pub ipsec_bypass: Setting<String>,
    /// Group Policy refresh interval for computers (used by the rollout preview and exported).
    pub refresh: Setting<RefreshInterval>,
    /// Registry values the model does not own, in the order they were read; written back
    /// verbatim after the firewall values.
    pub unowned: Vec<Record>,
    /// The registry records this policy was read from, if any: exports to Registry.pol, LGPO
    /// text and .reg write them back unchanged except where the policy was edited. Not part of
    /// equality (see [`Source`]).
    pub source: Source,
}

impl Policy {
    /// One profile.
    pub fn profile(&self, kind: ProfileKind) -> &Profile {
        match kind {
            ProfileKind::Domain => &self.domain,
            ProfileKind::Standard => &self.standard,
        }
    }

    /// One profile, mutable.
    pub fn profile_mut(&mut self, kind: ProfileKind) -> &mut Profile {
        match kind {
            ProfileKind::Domain => &mut self.domain,
            ProfileKind::Standard => &mut self.standard,
        }
    }

    /// State of a global setting.
    pub fn global_state(&self, id: GlobalId) -> State {
        match id {
            GlobalId::IpsecBypass => self.ipsec_bypass.state,
            GlobalId::RefreshInterval => self.refresh.state,
        }
    }

    /// Mutable state of a global setting.
    pub fn global_state_mut(&mut self, id: GlobalId) -> &mut State {
        match id {
            GlobalId::IpsecBypass => &mut self.ipsec_bypass.state,
            GlobalId::RefreshInterval => &mut self.refresh.state,
        }
    }

    /// Total number of program and port exceptions in both profiles (whatever their state).
    pub fn exception_count(&self) -> usize {
        ProfileKind::ALL
            .iter()
            .map(|k| {
                let p = self.profile(*k);
                p.programs.options.len() + p.ports.options.len()
            })
            .sum()
    }

    /// What survives a write to and read from Registry.pol: options of settings that are not
    /// Enabled reset to defaults, interface exclusions dropped.
    pub fn normalized_for_registry(&self) -> Policy {
        Policy {
            domain: self.domain.normalized_for_registry(),
            standard: self.standard.normalized_for_registry(),
            ipsec_bypass: self.ipsec_bypass.normalized(),
            refresh: self.refresh.normalized(),
            unowned: self.unowned.clone(),
            source: self.source.clone(),
        }
    }

    /// This policy without its source: exports write it in canonical form.
    pub fn without_source(&self) -> Policy {
        Policy {
            source: Source::default(),
            ..self.clone()
        }
    }

    /// True when the policy has interface exclusions (which Registry.pol cannot carry).
    pub fn has_interface_exclusions(&self) -> bool {
        ProfileKind::ALL
            .iter()
            .any(|k| !self.profile(*k).excluded_interfaces.is_empty())
    }
}
