//! Firewall profiles and the fourteen per-profile policies.
//!
//! XP SP2 / Server 2003 SP1 have two profiles: Domain (the computer is on the network of its
//! domain) and Standard (anywhere else, e.g. a laptop at home or in a café). Each has the same
//! fourteen Administrative Template policies (reference §1.2–1.3), listed by [`SettingId`] with
//! their GPMC names, ADMX ids and registry locations.
//!
//! Interface exclusions ("turn the firewall off for this connection", as the IBM i integrated
//! server needs for its point-to-point virtual Ethernet) are per profile too, but the XP-era
//! Group Policy cannot carry them: Registry.pol, LGPO text and .reg exports leave them out with
//! a warning, while the netsh script (`set opmode ... interface=`) and PowerShell
//! (`-DisabledInterfaceAliases`) carry them.

use std::fmt;

use crate::model::exception::{PortException, ProgramException};
use crate::model::scope::Scope;
use crate::model::setting::{IcmpOptions, LoggingOptions, Setting, State};

/// Domain or Standard.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ProfileKind {
    /// Used when the computer is connected to its domain's network.
    Domain,
    /// Used everywhere else (and always in an NT 4.0 domain or without a domain).
    Standard,
}

impl ProfileKind {
    /// Both profiles, Domain first.
    pub const ALL: [ProfileKind; 2] = [ProfileKind::Domain, ProfileKind::Standard];

    /// `Domain Profile` / `Standard Profile` (GPMC category names).
    pub fn label(self) -> &'static str {
        match self {
            ProfileKind::Domain => "Domain Profile",
            ProfileKind::Standard => "Standard Profile",
        }
    }

    /// `domain` / `standard` (JSON and CLI).
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileKind::Domain => "domain",
            ProfileKind::Standard => "standard",
        }
    }

    /// Registry key segment: `DomainProfile` / `StandardProfile`.
    pub fn key_segment(self) -> &'static str {
        match self {
            ProfileKind::Domain => "DomainProfile",
            ProfileKind::Standard => "StandardProfile",
        }
    }

    /// `K(p)`: `SOFTWARE\Policies\Microsoft\WindowsFirewall\<p>` (no hive).
    pub fn key(self) -> String {
        format!(r"{}\{}", FIREWALL_KEY, self.key_segment())
    }

    /// The other profile.
    pub fn other(self) -> ProfileKind {
        match self {
            ProfileKind::Domain => ProfileKind::Standard,
            ProfileKind::Standard => ProfileKind::Domain,
        }
    }

    /// Parses `domain` / `standard` (any case).
    pub fn parse(text: &str) -> Option<ProfileKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "domain" | "domainprofile" => Some(ProfileKind::Domain),
            "standard" | "standardprofile" => Some(ProfileKind::Standard),
            _ => None,
        }
    }
}

impl fmt::Display for ProfileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// `SOFTWARE\Policies\Microsoft\WindowsFirewall`, the base key of every profile policy.
pub const FIREWALL_KEY: &str = r"SOFTWARE\Policies\Microsoft\WindowsFirewall";

/// What kind of options a setting has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingKind {
    /// Only the tri-state.
    Plain,
    /// A service exception with a scope (`RemoteAddresses`).
    Service,
    /// The ten ICMP check boxes.
    Icmp,
    /// Logging options.
    Logging,
    /// The program exception list.
    ProgramList,
    /// The port exception list.
    PortList,
}

/// The fourteen per-profile policies, in the order the reference and the ADML list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SettingId {
    /// Protect all network connections (`EnableFirewall`).
    ProtectAllConnections,
    /// Do not allow exceptions (`DoNotAllowExceptions`).
    DoNotAllowExceptions,
    /// Define (inbound) program exceptions (`AuthorizedApplications`).
    DefineProgramExceptions,
    /// Allow local program exceptions (`AuthorizedApplications!AllowUserPrefMerge`).
    AllowLocalProgramExceptions,
    /// Allow (inbound) remote administration exception (`RemoteAdminSettings`).
    RemoteAdministration,
    /// Allow (inbound) file and printer sharing exception (`Services\FileAndPrint`).
    FileAndPrinterSharing,
    /// Allow ICMP exceptions (`IcmpSettings`).
    IcmpExceptions,
    /// Allow (inbound) Remote Desktop exception (`Services\RemoteDesktop`).
    RemoteDesktop,
    /// Allow (inbound) UPnP framework exception (`Services\UPnPFramework`).
    UpnpFramework,
    /// Allow logging (`Logging`).
    Logging,
    /// Prohibit notifications (`DisableNotifications`).
    ProhibitNotifications,
    /// Prohibit unicast response to multicast or broadcast requests.
    ProhibitUnicastResponse,
    /// Define (inbound) port exceptions (`GloballyOpenPorts`).
    DefinePortExceptions,
    /// Allow local port exceptions (`GloballyOpenPorts!AllowUserPrefMerge`).
    AllowLocalPortExceptions,
}

impl SettingId {
    /// All fourteen, in display order.
    pub const ALL: [SettingId; 14] = [
        SettingId::ProtectAllConnections,
        SettingId::DoNotAllowExceptions,
        SettingId::DefineProgramExceptions,
        SettingId::AllowLocalProgramExceptions,
        SettingId::RemoteAdministration,
        SettingId::FileAndPrinterSharing,
        SettingId::IcmpExceptions,
        SettingId::RemoteDesktop,
        SettingId::UpnpFramework,
        SettingId::Logging,
        SettingId::ProhibitNotifications,
        SettingId::ProhibitUnicastResponse,
        SettingId::DefinePortExceptions,
        SettingId::AllowLocalPortExceptions,
    ];

    /// The four service exceptions with a scope.
    pub const SERVICES: [SettingId; 4] = [
        SettingId::RemoteAdministration,
        SettingId::FileAndPrinterSharing,
        SettingId::RemoteDesktop,
        SettingId::UpnpFramework,
    ];

    /// What options the setting has.
    pub fn kind(self) -> SettingKind {
        match self {
            SettingId::RemoteAdministration
            | SettingId::FileAndPrinterSharing
            | SettingId::RemoteDesktop
            | SettingId::UpnpFramework => SettingKind::Service,
            SettingId::IcmpExceptions => SettingKind::Icmp,
            SettingId::Logging => SettingKind::Logging,
            SettingId::DefineProgramExceptions => SettingKind::ProgramList,
            SettingId::DefinePortExceptions => SettingKind::PortList,
            _ => SettingKind::Plain,
        }
    }

    /// ADMX policy name without the `_Name_1`/`_Name_2` suffix, e.g. `WF_EnableFirewall`.
    pub fn admx_id(self) -> &'static str {
        match self {
            SettingId::ProtectAllConnections => "WF_EnableFirewall",
            SettingId::DoNotAllowExceptions => "WF_EnableShield",
            SettingId::DefineProgramExceptions => "WF_AllowedPrograms",
            SettingId::AllowLocalProgramExceptions => "WF_AllowedProgramsLocal",
            SettingId::RemoteAdministration => "WF_RemoteAdmin",
            SettingId::FileAndPrinterSharing => "WF_FileAndPrint",
            SettingId::IcmpExceptions => "WF_IcmpSettings",
            SettingId::RemoteDesktop => "WF_RemoteDesktop",
            SettingId::UpnpFramework => "WF_UniversalPlugAndPlay",
            SettingId::Logging => "WF_Logging",
            SettingId::ProhibitNotifications => "WF_Notifications",
            SettingId::ProhibitUnicastResponse => "WF_UnicastResponseToMulticast",
            SettingId::DefinePortExceptions => "WF_OpenPorts",
            SettingId::AllowLocalPortExceptions => "WF_OpenPortsLocal",
        }
    }

    /// Full ADMX policy name for a profile, e.g. `WF_EnableFirewall_Name_1` (Domain).
    pub fn admx_name(self, profile: ProfileKind) -> String {
        let n = match profile {
            ProfileKind::Domain => 1,
            ProfileKind::Standard => 2,
        };
        format!("{}_Name_{n}", self.admx_id())
    }

    /// Short name without the "Windows Firewall:" prefix, in the XP SP2 wording, e.g.
    /// `Define program exceptions`.
    pub fn short_name(self) -> &'static str {
        match self {
            SettingId::ProtectAllConnections => "Protect all network connections",
            SettingId::DoNotAllowExceptions => "Do not allow exceptions",
            SettingId::DefineProgramExceptions => "Define program exceptions",
            SettingId::AllowLocalProgramExceptions => "Allow local program exceptions",
            SettingId::RemoteAdministration => "Allow remote administration exception",
            SettingId::FileAndPrinterSharing => "Allow file and printer sharing exception",
            SettingId::IcmpExceptions => "Allow ICMP exceptions",
            SettingId::RemoteDesktop => "Allow Remote Desktop exception",
            SettingId::UpnpFramework => "Allow UPnP framework exception",
            SettingId::Logging => "Allow logging",
            SettingId::ProhibitNotifications => "Prohibit notifications",
            SettingId::ProhibitUnicastResponse => {
                "Prohibit unicast response to multicast or broadcast requests"
            }
            SettingId::DefinePortExceptions => "Define port exceptions",
            SettingId::AllowLocalPortExceptions => "Allow local port exceptions",
        }
    }

    /// GPMC display name on XP SP2 / Server 2003 SP1 (`system.adm`), e.g.
    /// `Windows Firewall: Define program exceptions`. (The XP names of Remote Desktop and UPnP
    /// are unconfirmed in the reference.)
    pub fn xp_name(self) -> String {
        format!("Windows Firewall: {}", self.short_name())
    }

    /// Display name in the current ADML, exactly (including the trailing space of the
    /// remote administration string).
    pub fn current_name(self) -> &'static str {
        match self {
            SettingId::ProtectAllConnections => {
                "Windows Defender Firewall: Protect all network connections"
            }
            SettingId::DoNotAllowExceptions => "Windows Defender Firewall: Do not allow exceptions",
            SettingId::DefineProgramExceptions => {
                "Windows Defender Firewall: Define inbound program exceptions"
            }
            SettingId::AllowLocalProgramExceptions => {
                "Windows Defender Firewall: Allow local program exceptions"
            }
            SettingId::RemoteAdministration => {
                "Windows Defender Firewall: Allow inbound remote administration exception "
            }
            SettingId::FileAndPrinterSharing => {
                "Windows Defender Firewall: Allow inbound file and printer sharing exception"
            }
            SettingId::IcmpExceptions => "Windows Defender Firewall: Allow ICMP exceptions",
            SettingId::RemoteDesktop => {
                "Windows Defender Firewall: Allow inbound Remote Desktop exceptions"
            }
            SettingId::UpnpFramework => {
                "Windows Defender Firewall: Allow inbound UPnP framework exceptions"
            }
            SettingId::Logging => "Windows Defender Firewall: Allow logging",
            SettingId::ProhibitNotifications => "Windows Defender Firewall: Prohibit notifications",
            SettingId::ProhibitUnicastResponse => {
                "Windows Defender Firewall: Prohibit unicast response to multicast or broadcast requests"
            }
            SettingId::DefinePortExceptions => {
                "Windows Defender Firewall: Define inbound port exceptions"
            }
            SettingId::AllowLocalPortExceptions => {
                "Windows Defender Firewall: Allow local port exceptions"
            }
        }
    }

    /// One-line explanation for the editor and the report.
    pub fn summary(self) -> &'static str {
        match self {
            SettingId::ProtectAllConnections => "Turns Windows Firewall on (Enabled) or off (Disabled) for every connection; without it a local admin can switch the firewall off.",
            SettingId::DoNotAllowExceptions => "Blocks all unsolicited inbound traffic, ignoring every exception below (\"shields up\").",
            SettingId::DefineProgramExceptions => "Programs allowed to receive unsolicited traffic while they run, as Path:Scope:Status:Name definitions; lists from several GPOs add up.",
            SettingId::AllowLocalProgramExceptions => "Lets local administrators add their own program exceptions next to the ones defined here.",
            SettingId::RemoteAdministration => "Opens TCP 135 and 445 (and dynamic RPC for svchost/lsass) for remote management tools from the given scope.",
            SettingId::FileAndPrinterSharing => "Opens UDP 137, 138 and TCP 139, 445 for file and printer sharing from the given scope.",
            SettingId::IcmpExceptions => "Chooses which ICMP messages (ping, unreachable, ...) the firewall lets through.",
            SettingId::RemoteDesktop => "Opens TCP 3389 for Remote Desktop from the given scope.",
            SettingId::UpnpFramework => "Opens TCP 2869 and UDP 1900 for UPnP devices from the given scope.",
            SettingId::Logging => "Writes dropped packets and/or successful connections to a log file of up to 32767 KB.",
            SettingId::ProhibitNotifications => "Stops the pop-up asking users to unblock a program that wants to listen.",
            SettingId::ProhibitUnicastResponse => "Drops unicast replies to the computer's own multicast or broadcast requests.",
            SettingId::DefinePortExceptions => "TCP/UDP ports always open, as Port:Transport:Scope:Status:Name definitions; lists from several GPOs add up.",
            SettingId::AllowLocalPortExceptions => "Lets local administrators open their own ports next to the ones defined here.",
        }
    }

    /// Registry key (relative to `K(p)`, empty for `K(p)` itself) of the policy's own value.
    pub fn subkey(self) -> &'static str {
        match self {
            SettingId::ProtectAllConnections
            | SettingId::DoNotAllowExceptions
            | SettingId::ProhibitNotifications
            | SettingId::ProhibitUnicastResponse => "",
            SettingId::DefineProgramExceptions | SettingId::AllowLocalProgramExceptions => {
                "AuthorizedApplications"
            }
            SettingId::RemoteAdministration => "RemoteAdminSettings",
            SettingId::FileAndPrinterSharing => r"Services\FileAndPrint",
            SettingId::IcmpExceptions => "IcmpSettings",
            SettingId::RemoteDesktop => r"Services\RemoteDesktop",
            SettingId::UpnpFramework => r"Services\UPnPFramework",
            SettingId::Logging => "Logging",
            SettingId::DefinePortExceptions | SettingId::AllowLocalPortExceptions => {
                "GloballyOpenPorts"
            }
        }
    }

    /// Full key (no hive) of the policy for a profile.
    pub fn key(self, profile: ProfileKind) -> String {
        let sub = self.subkey();
        if sub.is_empty() {
            profile.key()
        } else {
            format!(r"{}\{}", profile.key(), sub)
        }
    }

    /// The policy-level value name (enabledValue/disabledValue), if the policy has one.
    pub fn value_name(self) -> Option<&'static str> {
        match self {
            SettingId::ProtectAllConnections => Some("EnableFirewall"),
            SettingId::DoNotAllowExceptions => Some("DoNotAllowExceptions"),
            SettingId::DefineProgramExceptions
            | SettingId::RemoteAdministration
            | SettingId::FileAndPrinterSharing
            | SettingId::RemoteDesktop
            | SettingId::UpnpFramework
            | SettingId::DefinePortExceptions => Some("Enabled"),
            SettingId::AllowLocalProgramExceptions | SettingId::AllowLocalPortExceptions => {
                Some("AllowUserPrefMerge")
            }
            SettingId::ProhibitNotifications => Some("DisableNotifications"),
            SettingId::ProhibitUnicastResponse => {
                Some("DisableUnicastResponsesToMulticastBroadcast")
            }
            SettingId::IcmpExceptions | SettingId::Logging => None,
        }
    }

    /// Stable camelCase key used by the JSON project format and the CLI.
    pub fn json_key(self) -> &'static str {
        match self {
            SettingId::ProtectAllConnections => "protectAllConnections",
            SettingId::DoNotAllowExceptions => "doNotAllowExceptions",
            SettingId::DefineProgramExceptions => "programExceptions",
            SettingId::AllowLocalProgramExceptions => "allowLocalProgramExceptions",
            SettingId::RemoteAdministration => "remoteAdministration",
            SettingId::FileAndPrinterSharing => "fileAndPrinterSharing",
            SettingId::IcmpExceptions => "icmp",
            SettingId::RemoteDesktop => "remoteDesktop",
            SettingId::UpnpFramework => "upnpFramework",
            SettingId::Logging => "logging",
            SettingId::ProhibitNotifications => "prohibitNotifications",
            SettingId::ProhibitUnicastResponse => "prohibitUnicastResponse",
            SettingId::DefinePortExceptions => "portExceptions",
            SettingId::AllowLocalPortExceptions => "allowLocalPortExceptions",
        }
    }

    /// The setting with this [`SettingId::json_key`].
    pub fn from_json_key(key: &str) -> Option<SettingId> {
        SettingId::ALL.into_iter().find(|s| s.json_key() == key)
    }

    /// What the reference marks UNCONFIRMED about this policy, and the safe choice fwpolicy
    /// makes; `None` when everything fwpolicy writes for it is confirmed. Shown next to the
    /// setting in the editor.
    pub fn unconfirmed(self) -> Option<&'static str> {
        match self {
            SettingId::DefineProgramExceptions | SettingId::DefinePortExceptions => Some(
                "Unconfirmed: whether GPMC also clears the list (**delvals.) when the policy is Disabled; fwpolicy writes only Enabled=0 and keeps lists additive. The exact way Windows splits a definition at ':' is unconfirmed too, so fwpolicy allows ':' only as the drive colon of a program path.",
            ),
            SettingId::RemoteAdministration | SettingId::FileAndPrinterSharing => Some(
                "Unconfirmed: what the firewall does with an empty scope (GPMC accepts one); fwpolicy always writes a scope, * for any computer.",
            ),
            SettingId::RemoteDesktop | SettingId::UpnpFramework => Some(
                "Unconfirmed: the exact XP SP2 display name of this policy, and what the firewall does with an empty scope; fwpolicy always writes a scope, * for any computer.",
            ),
            _ => None,
        }
    }

    /// Ports a service exception opens (from the ADMX explain text), for reports and scripts.
    pub fn service_ports(self) -> &'static str {
        match self {
            SettingId::RemoteAdministration => {
                "TCP 135, 445 (+ dynamic RPC for svchost.exe and lsass.exe)"
            }
            SettingId::FileAndPrinterSharing => "UDP 137, 138; TCP 139, 445",
            SettingId::RemoteDesktop => "TCP 3389",
            SettingId::UpnpFramework => "TCP 2869; UDP 1900",
            _ => "",
        }
    }
}

impl fmt::Display for SettingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_name())
    }
}

/// One profile's fourteen policies plus its interface exclusions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Profile {
    /// Protect all network connections.
    pub protect_all: Setting<()>,
    /// Do not allow exceptions.
    pub do_not_allow_exceptions: Setting<()>,
    /// Define program exceptions, with the list.
    pub programs: Setting<Vec<ProgramException>>,
    /// Allow local program exceptions.
    pub allow_local_programs: Setting<()>,
    /// Allow remote administration exception, with its scope.
    pub remote_admin: Setting<Scope>,
    /// Allow file and printer sharing exception, with its scope.
    pub file_and_print: Setting<Scope>,
    /// Allow ICMP exceptions, with the ten boxes.
    pub icmp: Setting<IcmpOptions>,
    /// Allow Remote Desktop exception, with its scope.
    pub remote_desktop: Setting<Scope>,
    /// Allow UPnP framework exception, with its scope.
    pub upnp: Setting<Scope>,
    /// Allow logging, with its options.
    pub logging: Setting<LoggingOptions>,
    /// Prohibit notifications.
    pub prohibit_notifications: Setting<()>,
    /// Prohibit unicast response to multicast or broadcast requests.
    pub prohibit_unicast: Setting<()>,
    /// Define port exceptions, with the list.
    pub ports: Setting<Vec<PortException>>,
    /// Allow local port exceptions.
    pub allow_local_ports: Setting<()>,
    /// Connections (by name, e.g. `Local Area Connection 2`) on which the firewall is off in
    /// this profile. Not expressible in XP-era Group Policy; carried by the scripts.
    pub excluded_interfaces: Vec<String>,
}

impl Profile {
    /// The state of any of the fourteen settings.
    pub fn state(&self, id: SettingId) -> State {
        match id {
            SettingId::ProtectAllConnections => self.protect_all.state,
            SettingId::DoNotAllowExceptions => self.do_not_allow_exceptions.state,
            SettingId::DefineProgramExceptions => self.programs.state,
            SettingId::AllowLocalProgramExceptions => self.allow_local_programs.state,
            SettingId::RemoteAdministration => self.remote_admin.state,
            SettingId::FileAndPrinterSharing => self.file_and_print.state,
            SettingId::IcmpExceptions => self.icmp.state,
            SettingId::RemoteDesktop => self.remote_desktop.state,
            SettingId::UpnpFramework => self.upnp.state,
            SettingId::Logging => self.logging.state,
            SettingId::ProhibitNotifications => self.prohibit_notifications.state,
            SettingId::ProhibitUnicastResponse => self.prohibit_unicast.state,
            SettingId::DefinePortExceptions => self.ports.state,
            SettingId::AllowLocalPortExceptions => self.allow_local_ports.state,
        }
    }

    /// Mutable access to the state of any of the fourteen settings.
    pub fn state_mut(&mut self, id: SettingId) -> &mut State {
        match id {
            SettingId::ProtectAllConnections => &mut self.protect_all.state,
            SettingId::DoNotAllowExceptions => &mut self.do_not_allow_exceptions.state,
            SettingId::DefineProgramExceptions => &mut self.programs.state,
            SettingId::AllowLocalProgramExceptions => &mut self.allow_local_programs.state,
            SettingId::RemoteAdministration => &mut self.remote_admin.state,
            SettingId::FileAndPrinterSharing => &mut self.file_and_print.state,
            SettingId::IcmpExceptions => &mut self.icmp.state,
            SettingId::RemoteDesktop => &mut self.remote_desktop.state,
            SettingId::UpnpFramework => &mut self.upnp.state,
            SettingId::Logging => &mut self.logging.state,
            SettingId::ProhibitNotifications => &mut self.prohibit_notifications.state,
            SettingId::ProhibitUnicastResponse => &mut self.prohibit_unicast.state,
            SettingId::DefinePortExceptions => &mut self.ports.state,
            SettingId::AllowLocalPortExceptions => &mut self.allow_local_ports.state,
        }
    }

    /// The scope setting of a service exception (`None` for other settings).
    pub fn service(&self, id: SettingId) -> Option<&Setting<Scope>> {
        match id {
            SettingId::RemoteAdministration => Some(&self.remote_admin),
            SettingId::FileAndPrinterSharing => Some(&self.file_and_print),
            SettingId::RemoteDesktop => Some(&self.remote_desktop),
            SettingId::UpnpFramework => Some(&self.upnp),
            _ => None,
        }
    }

    /// Mutable scope setting of a service exception.
    pub fn service_mut(&mut self, id: SettingId) -> Option<&mut Setting<Scope>> {
        match id {
            SettingId::RemoteAdministration => Some(&mut self.remote_admin),
            SettingId::FileAndPrinterSharing => Some(&mut self.file_and_print),
            SettingId::RemoteDesktop => Some(&mut self.remote_desktop),
            SettingId::UpnpFramework => Some(&mut self.upnp),
            _ => None,
        }
    }

    /// Number of settings that are not Not configured.
    pub fn configured_count(&self) -> usize {
        SettingId::ALL
            .iter()
            .filter(|id| self.state(**id) != State::NotConfigured)
            .count()
    }

    /// This profile with the options of non-enabled settings reset to defaults and without
    /// interface exclusions: exactly what Registry.pol can carry.
    pub fn normalized_for_registry(&self) -> Profile {
        Profile {
            protect_all: self.protect_all.normalized(),
            do_not_allow_exceptions: self.do_not_allow_exceptions.normalized(),
            programs: self.programs.normalized(),
            allow_local_programs: self.allow_local_programs.normalized(),
            remote_admin: normalized_service(&self.remote_admin),
            file_and_print: normalized_service(&self.file_and_print),
            icmp: self.icmp.normalized(),
            remote_desktop: normalized_service(&self.remote_desktop),
            upnp: normalized_service(&self.upnp),
            logging: self.logging.normalized(),
            prohibit_notifications: self.prohibit_notifications.normalized(),
            prohibit_unicast: self.prohibit_unicast.normalized(),
            ports: self.ports.normalized(),
            allow_local_ports: self.allow_local_ports.normalized(),
            excluded_interfaces: Vec::new(),
        }
    }
}

fn normalized_service(s: &Setting<Scope>) -> Setting<Scope> {
    s.normalized()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_admx() {
        assert_eq!(
            SettingId::DefineProgramExceptions.key(ProfileKind::Domain),
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\AuthorizedApplications"
        );
        assert_eq!(
            SettingId::UpnpFramework.key(ProfileKind::Standard),
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile\Services\UPnPFramework"
        );
        assert_eq!(
            SettingId::ProtectAllConnections.key(ProfileKind::Standard),
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile"
        );
        assert_eq!(
            SettingId::ProtectAllConnections.admx_name(ProfileKind::Standard),
            "WF_EnableFirewall_Name_2"
        );
    }

    #[test]
    fn fourteen_distinct_settings() {
        let mut names: Vec<_> = SettingId::ALL.iter().map(|s| s.json_key()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 14);
        assert!(SettingId::RemoteAdministration
            .current_name()
            .ends_with(' '));
    }

    #[test]
    fn state_mut_reaches_each_setting() {
        let mut p = Profile::default();
        for id in SettingId::ALL {
            *p.state_mut(id) = State::Enabled;
            assert_eq!(p.state(id), State::Enabled);
        }
        assert_eq!(p.configured_count(), 14);
    }
}
