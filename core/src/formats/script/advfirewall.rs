//! `netsh advfirewall` batch file for Windows Vista and later (reference §5.2, §5.4).
//!
//! [`write()`] turns a [`Policy`] into `netsh-advfirewall.cmd`. The Domain profile maps to
//! `domainprofile` / `profile=domain`; the Standard profile ("not on the domain network") maps
//! to **both** `privateprofile` and `publicprofile` / `profile=private,public` (UNCONFIRMED,
//! noted in the header). Profile settings use `netsh advfirewall set <profile> ...`
//! (`state`, `firewallpolicy`, `logging`, `settings`); program and port exceptions become
//! inbound allow rules; service exceptions switch predefined rule groups (UPnP gets two
//! explicit rules); checked ICMP boxes become ICMPv4 rules (outbound boxes `dir=out`).
//!
//! Invariants:
//! * Re-runnable: every rule name the script adds is first deleted (errors ignored), in one
//!   clean-up section before any rule is added, so same-named exceptions do not delete each
//!   other.
//! * Untrusted values are double-quoted with `%` doubled; the same refusals as the
//!   `netsh firewall` script apply, plus the reserved rule name `all` (an imported exception
//!   named `all` would otherwise turn `delete rule name="all"` into "delete every rule").
//! * Duplicate definitions of one program or port keep separate rules (so their scopes add up,
//!   as in Windows), but when any of them is disabled all are written disabled (a disabled
//!   definition wins, reference §2.1).
//! * Interface exclusions and the local-merge settings cannot be expressed: warnings name the
//!   PowerShell script and Registry.pol / LGPO text. Deterministic, ASCII, CRLF.

use std::collections::HashSet;

use crate::formats::script::{
    cmd_header, cmd_quote, exceptions, global_leftovers, service_ports, service_title,
    wfas_addresses, CmdBody, Collector, Duplicates, ExceptionSyntax, Place, ScriptItem, ScriptKind,
    ValueKind, INTERFACES,
};
use crate::model::diagnostic::Field;
use crate::model::exception::{PortException, ProgramException, Transport};
use crate::model::policy::Policy;
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{IcmpOption, Setting, State};

pub use crate::formats::script::{ExportError, ScriptOutput};

const NOTE_STANDARD: &str = "The Standard profile (not on the domain network) is written to both the private and the public profile; how Vista and later apply legacy Standard profile policy to the public profile is not confirmed.";
const NOTE_SHIELD: &str = "Do not allow exceptions = Enabled is written as firewallpolicy blockinboundalways,allowoutbound and Disabled as blockinbound,allowoutbound. The KB 947709 table maps exceptions=enable to blockinboundalways, which looks inverted; this script follows the netsh meaning (no exceptions = blockinboundalways). allowoutbound matches XP, which never filtered outbound traffic.";
const NOTE_GROUPS: &str = "Service exceptions switch predefined rule groups with set rule group=... dir=in profile=... new enable=...; the group names are the English ones (Windows in other languages uses translated names) and whether the profile filter matches the predefined rules of every Windows version is not confirmed. A group that matches no rule shows up as a failed step.";
const NOTE_REMOTE_ADMIN: &str = "Allow remote administration exception is mapped to the predefined group Remote Administration (Vista, 7, Server 2008 and 2008 R2; later versions split it into other groups); not confirmed.";
const NOTE_UPNP: &str = "Allow UPnP framework exception is written as two fwpolicy rules for TCP 2869 and UDP 1900 (the ports of the XP exception) instead of a predefined group, because the closest group, Network Discovery, opens much more; not confirmed as equivalent.";
const NOTE_ICMP_DISABLED: &str = "Allow ICMP exceptions = Disabled only removes the fwpolicy ICMP rules; other rules that allow ICMP (for example the predefined File and Printer Sharing echo rules) stay. How Windows reads the Disabled state of this policy is not confirmed.";
const NOTE_ICMP_OUT: &str = "Outbound ICMP check boxes become dir=out allow rules; they matter only where outbound traffic is blocked. Unchecked boxes add no rule.";
const NOTE_NAMES: &str = "Rules are named after the exceptions; ICMP and UPnP rules start with fwpolicy. All these names are deleted first (errors ignored), so the script can be run again; an existing rule with one of these names is replaced.";

const HEADER: &[&str] = &[
    "netsh-advfirewall.cmd - Windows Firewall policy as netsh advfirewall commands, generated",
    "by fwpolicy.",
    "For:  Windows Vista, Windows Server 2008 and later (Windows Firewall with Advanced",
    "      Security). For XP SP2 / Server 2003 SP1 use netsh.cmd.",
    "Run:  as a local administrator from an elevated command prompt:  netsh-advfirewall.cmd",
    "      It changes the local firewall configuration of this computer (local store); settings",
    "      that Group Policy applies to the computer take precedence. To write a Group Policy",
    "      object use firewall.ps1 -PolicyStore instead.",
    "Exit: 0 when every netsh command succeeded, 1 when any failed (each failure is shown).",
    "",
    "Profiles: Domain Profile = domainprofile; Standard Profile = privateprofile and",
    "publicprofile. Every name and path is one double-quoted argument; percent signs are",
    "doubled, so %%ProgramFiles%%\\App\\app.exe reaches the rule unexpanded, as in the policy.",
    "Delayed expansion is off, so an exclamation mark in a name is literal. Not configured",
    "policies are left as they are.",
];

/// Writes the `netsh advfirewall` batch file, or lists every value it cannot carry safely.
pub fn write(policy: &Policy) -> Result<ScriptOutput, ExportError> {
    let mut w = Writer {
        c: Collector::new(ScriptKind::Advfirewall),
        body: CmdBody::default(),
        cleanup: Vec::new(),
        cleanup_seen: HashSet::new(),
    };
    for kind in ProfileKind::ALL {
        w.profile(kind, policy.profile(kind));
    }
    let leftovers = global_leftovers(policy, &mut w.c);
    if !leftovers.is_empty() {
        w.body.section("Not carried by this script");
        for l in leftovers {
            w.body.comment(&l);
        }
    }
    if !w.cleanup.is_empty() {
        w.c.note(NOTE_NAMES);
        let commands = w
            .cleanup
            .iter()
            .map(|name| {
                format!(
                    "netsh advfirewall firewall delete rule name={}",
                    cmd_quote(name)
                )
            })
            .collect();
        w.body.prepend_quiet(
            "Remove the rules this script adds (errors such as No rules match are ignored)",
            commands,
        );
    }
    let header = cmd_header(HEADER, w.c.notes());
    let Writer { c, body, .. } = w;
    let diagnostics = c.finish()?;
    Ok(ScriptOutput {
        text: body.finish(&header),
        diagnostics,
    })
}

struct Writer {
    c: Collector,
    body: CmdBody,
    /// Rule names deleted before anything is added, in order, without repeats.
    cleanup: Vec<String>,
    /// The names in `cleanup`, for a linear check of repeats (issue 11).
    cleanup_seen: HashSet<String>,
}

/// `set <profile>` targets of a profile.
fn set_targets(kind: ProfileKind) -> &'static [&'static str] {
    match kind {
        ProfileKind::Domain => &["domainprofile"],
        ProfileKind::Standard => &["privateprofile", "publicprofile"],
    }
}

/// `profile=` value of a rule.
fn rule_profile(kind: ProfileKind) -> &'static str {
    match kind {
        ProfileKind::Domain => "domain",
        ProfileKind::Standard => "private,public",
    }
}

/// Short profile name in generated rule names.
fn profile_short(kind: ProfileKind) -> &'static str {
    match kind {
        ProfileKind::Domain => "Domain Profile",
        ProfileKind::Standard => "Standard Profile",
    }
}

/// `remoteip=` value; `None` for an empty list.
fn remoteip(scope: &Scope) -> Option<String> {
    match scope {
        Scope::Any => Some("any".into()),
        s if s.is_local_subnet_only() => Some("localsubnet".into()),
        Scope::List(items) if items.is_empty() => None,
        s => Some(
            wfas_addresses(s)
                .into_iter()
                .map(|a| {
                    if a == "LocalSubnet" {
                        "localsubnet".to_string()
                    } else {
                        a
                    }
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

fn yes_no(on: bool) -> &'static str {
    if on {
        "yes"
    } else {
        "no"
    }
}

fn enable_disable(on: bool) -> &'static str {
    if on {
        "enable"
    } else {
        "disable"
    }
}

impl Writer {
    fn add_cleanup(&mut self, name: &str) {
        if self.cleanup_seen.insert(name.to_string()) {
            self.cleanup.push(name.to_string());
        }
    }

    fn not_configured(&mut self, id: SettingId) {
        self.body.comment(&format!(
            "{}: Not configured (left as it is).",
            id.short_name()
        ));
    }

    fn not_expressible(&mut self, place: Place, what: &str, why: &str) {
        self.body.comment(&format!("{what} - {why}."));
        self.c.not_exportable(
            place.to_string(),
            format!("{what} cannot be expressed with netsh advfirewall: {why}"),
        );
    }

    /// One step per `set <profile>` target.
    fn set_profile(&mut self, kind: ProfileKind, what: &str, args: &str) {
        for target in set_targets(kind) {
            self.body.step(
                &format!("{what} ({target})"),
                format!("netsh advfirewall set {target} {args}"),
            );
        }
    }

    fn profile(&mut self, kind: ProfileKind, p: &Profile) {
        if kind == ProfileKind::Standard
            && (p.configured_count() > 0 || !p.excluded_interfaces.is_empty())
        {
            self.c.unconfirmed(NOTE_STANDARD);
        }
        self.body.section(&format!(
            "{} ({}; rules profile={})",
            kind.label(),
            set_targets(kind).join(" and "),
            rule_profile(kind)
        ));
        for id in SettingId::ALL {
            match id {
                SettingId::ProtectAllConnections => match p.protect_all.state {
                    State::NotConfigured => self.not_configured(id),
                    state => self.set_profile(
                        kind,
                        &format!("{}: {state}", id.short_name()),
                        &format!(
                            "state {}",
                            if state == State::Enabled { "on" } else { "off" }
                        ),
                    ),
                },
                SettingId::DoNotAllowExceptions => match p.do_not_allow_exceptions.state {
                    State::NotConfigured => self.not_configured(id),
                    state => {
                        self.c.unconfirmed(NOTE_SHIELD);
                        let inbound = if state == State::Enabled {
                            "blockinboundalways"
                        } else {
                            "blockinbound"
                        };
                        self.set_profile(
                            kind,
                            &format!("{}: {state}", id.short_name()),
                            &format!("firewallpolicy {inbound},allowoutbound"),
                        );
                    }
                },
                SettingId::DefineProgramExceptions => exceptions(self, kind, &p.programs),
                SettingId::DefinePortExceptions => exceptions(self, kind, &p.ports),
                SettingId::AllowLocalProgramExceptions | SettingId::AllowLocalPortExceptions => {
                    let state = p.state(id);
                    if state == State::NotConfigured {
                        self.not_configured(id);
                    } else {
                        self.not_expressible(
                            Place::setting(kind, id),
                            &format!("{}: {state}", id.short_name()),
                            "the local store has no per-list merge setting; firewall.ps1 sets -AllowUserApps / -AllowUserPorts, and Registry.pol and LGPO text carry it",
                        );
                    }
                }
                SettingId::RemoteAdministration
                | SettingId::FileAndPrinterSharing
                | SettingId::RemoteDesktop => {
                    if let Some(s) = p.service(id) {
                        self.group_service(kind, id, s);
                    }
                }
                SettingId::UpnpFramework => self.upnp(kind, &p.upnp),
                SettingId::IcmpExceptions => self.icmp(kind, p),
                SettingId::Logging => self.logging(kind, p),
                SettingId::ProhibitNotifications => match p.prohibit_notifications.state {
                    State::NotConfigured => self.not_configured(id),
                    state => self.set_profile(
                        kind,
                        &format!("{}: {state}", id.short_name()),
                        &format!(
                            "settings inboundusernotification {}",
                            enable_disable(state == State::Disabled)
                        ),
                    ),
                },
                SettingId::ProhibitUnicastResponse => match p.prohibit_unicast.state {
                    State::NotConfigured => self.not_configured(id),
                    state => self.set_profile(
                        kind,
                        &format!("{}: {state}", id.short_name()),
                        &format!(
                            "settings unicastresponsetomulticast {}",
                            enable_disable(state == State::Disabled)
                        ),
                    ),
                },
            }
        }
        if !p.excluded_interfaces.is_empty() {
            let n = p.excluded_interfaces.len();
            self.not_expressible(
                Place::interfaces(kind),
                &format!("{INTERFACES}: {n} connection(s)"),
                "netsh advfirewall cannot turn the firewall off for one connection; firewall.ps1 carries them (-DisabledInterfaceAliases), as does netsh.cmd on XP",
            );
        }
    }

    fn empty_scope(&mut self, item: &Place) {
        self.c.not_exportable(
            item.to_string(),
            "the exception has an empty scope and is left out; use * for any computer or localsubnet",
        );
    }

    fn group_service(&mut self, kind: ProfileKind, id: SettingId, s: &Setting<Scope>) {
        let group = match id {
            SettingId::RemoteAdministration => "Remote Administration",
            SettingId::FileAndPrinterSharing => "File and Printer Sharing",
            _ => "Remote Desktop",
        };
        let filter = format!(
            "netsh advfirewall firewall set rule group={} dir=in profile={}",
            cmd_quote(group),
            rule_profile(kind)
        );
        match s.state {
            State::NotConfigured => return self.not_configured(id),
            State::Disabled => {
                self.body.step(
                    &format!("{}: Disabled (group {group})", id.short_name()),
                    format!("{filter} new enable=no"),
                );
            }
            State::Enabled => {
                let Some(ip) = remoteip(&s.options) else {
                    return self.empty_scope(&Place::setting(kind, id));
                };
                self.body.step(
                    &format!(
                        "{}: Enabled (group {group}, {})",
                        id.short_name(),
                        id.service_ports()
                    ),
                    format!("{filter} new enable=yes remoteip={ip}"),
                );
            }
        }
        self.c.unconfirmed(NOTE_GROUPS);
        if id == SettingId::RemoteAdministration {
            self.c.unconfirmed(NOTE_REMOTE_ADMIN);
        }
    }

    fn upnp(&mut self, kind: ProfileKind, s: &Setting<Scope>) {
        let id = SettingId::UpnpFramework;
        if s.state == State::NotConfigured {
            return self.not_configured(id);
        }
        self.c.unconfirmed(NOTE_UPNP);
        let ip = match s.state {
            State::Enabled => match remoteip(&s.options) {
                Some(ip) => ip,
                None => return self.empty_scope(&Place::setting(kind, id)),
            },
            _ => "any".to_string(),
        };
        let on = s.state == State::Enabled;
        for (transport, port) in service_ports(id) {
            let name = format!(
                "fwpolicy {} - {} ({transport} {port})",
                profile_short(kind),
                service_title(id)
            );
            self.add_cleanup(&name);
            self.body.step(
                &format!("{}: {} ({transport} {port})", id.short_name(), s.state),
                format!(
                    "netsh advfirewall firewall add rule name={} dir=in action=allow protocol={} localport={port} enable={} profile={} remoteip={ip}",
                    cmd_quote(&name),
                    proto(*transport),
                    yes_no(on),
                    rule_profile(kind)
                ),
            );
        }
    }

    fn icmp(&mut self, kind: ProfileKind, p: &Profile) {
        let id = SettingId::IcmpExceptions;
        if p.icmp.state == State::NotConfigured {
            return self.not_configured(id);
        }
        // Every possible fwpolicy ICMP rule of this profile is removed first, so boxes that
        // were unchecked since the last run disappear.
        for o in IcmpOption::ALL {
            let name = icmp_rule_name(kind, o);
            self.add_cleanup(&name);
        }
        match p.icmp.state {
            State::Disabled => {
                self.c.unconfirmed(NOTE_ICMP_DISABLED);
                self.body.comment(
                    "Allow ICMP exceptions: Disabled - the fwpolicy ICMP rules of this profile are removed above; nothing is added.",
                );
            }
            _ => {
                let mut any = false;
                for o in p.icmp.options.checked() {
                    any = true;
                    let inbound = o.direction() == crate::model::setting::Direction::Inbound;
                    if !inbound {
                        self.c.note(NOTE_ICMP_OUT);
                    }
                    self.body.step(
                        &format!(
                            "Allow ICMP exceptions: {} (type {})",
                            o.label(),
                            o.icmp_type()
                        ),
                        format!(
                            "netsh advfirewall firewall add rule name={} dir={} action=allow protocol=icmpv4:{},any enable=yes profile={}",
                            cmd_quote(&icmp_rule_name(kind, o)),
                            if inbound { "in" } else { "out" },
                            o.icmp_type(),
                            rule_profile(kind)
                        ),
                    );
                }
                if !any {
                    self.body
                        .comment("Allow ICMP exceptions: Enabled with no box checked - no rule.");
                }
            }
        }
    }

    fn logging(&mut self, kind: ProfileKind, p: &Profile) {
        let id = SettingId::Logging;
        match p.logging.state {
            State::NotConfigured => self.not_configured(id),
            State::Disabled => {
                self.set_profile(
                    kind,
                    "Allow logging: Disabled - no dropped packets",
                    "logging droppedconnections disable",
                );
                self.set_profile(
                    kind,
                    "Allow logging: Disabled - no successful connections",
                    "logging allowedconnections disable",
                );
            }
            State::Enabled => {
                let l = &p.logging.options;
                let place = Place::setting(kind, id);
                if !self
                    .c
                    .check(&place, Field::LogFilePath, &l.path, ValueKind::Text)
                {
                    return;
                }
                self.set_profile(
                    kind,
                    "Allow logging: log file",
                    &format!("logging filename {}", cmd_quote(&l.path)),
                );
                self.set_profile(
                    kind,
                    &format!("Allow logging: size {} KB", l.size_kb),
                    &format!("logging maxfilesize {}", l.size_kb),
                );
                self.set_profile(
                    kind,
                    "Allow logging: dropped packets",
                    &format!(
                        "logging droppedconnections {}",
                        enable_disable(l.log_dropped)
                    ),
                );
                self.set_profile(
                    kind,
                    "Allow logging: successful connections",
                    &format!(
                        "logging allowedconnections {}",
                        enable_disable(l.log_successful)
                    ),
                );
            }
        }
    }
}

impl ExceptionSyntax for Writer {
    const DUPLICATES: Duplicates = Duplicates::OneRuleEach { note: None };
    const NAME: ValueKind = ValueKind::RuleName;

    fn collector(&mut self) -> &mut Collector {
        &mut self.c
    }

    fn list_state(&mut self, kind: ProfileKind, id: SettingId, state: State) -> bool {
        match state {
            State::NotConfigured => {
                self.not_configured(id);
                false
            }
            State::Disabled => {
                self.not_expressible(
                    Place::setting(kind, id),
                    &format!("{}: Disabled", id.short_name()),
                    "rules cannot make Windows ignore every exception of one kind; Registry.pol and LGPO text carry it",
                );
                false
            }
            State::Enabled => true,
        }
    }

    fn comment(&mut self, text: &str) {
        self.body.comment(text);
    }

    fn program(&mut self, item: &ScriptItem<'_>, e: &ProgramException) -> bool {
        let Some(ip) = remoteip(&item.scope) else {
            return false;
        };
        self.add_cleanup(&e.name);
        self.body.step(
            &item.label,
            format!(
                "netsh advfirewall firewall add rule name={} dir=in action=allow program={} enable={} profile={} remoteip={ip}",
                cmd_quote(&e.name),
                cmd_quote(&e.path),
                yes_no(item.status.is_enabled()),
                rule_profile(item.kind)
            ),
        );
        true
    }

    fn port(&mut self, item: &ScriptItem<'_>, e: &PortException) -> bool {
        let Some(ip) = remoteip(&item.scope) else {
            return false;
        };
        self.add_cleanup(&e.name);
        self.body.step(
            &item.label,
            format!(
                "netsh advfirewall firewall add rule name={} dir=in action=allow protocol={} localport={} enable={} profile={} remoteip={ip}",
                cmd_quote(&e.name),
                e.transport,
                e.port,
                yes_no(item.status.is_enabled()),
                rule_profile(item.kind)
            ),
        );
        true
    }
}

fn proto(t: Transport) -> &'static str {
    t.as_str()
}

fn icmp_rule_name(kind: ProfileKind, o: IcmpOption) -> String {
    format!(
        "fwpolicy {} - ICMPv4 type {} ({})",
        profile_short(kind),
        o.icmp_type(),
        o.label()
    )
}
