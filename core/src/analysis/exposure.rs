//! Exposure: what a profile lets other computers reach, and from where.
//!
//! [`exposure`] lists, per profile, every opening the policy makes: the four service
//! exceptions with the ports each opens, the port and program exceptions, the inbound ICMP
//! messages, and side effects the reference names (reference §1.3 notes and §7). [`can_reach`]
//! answers "can ADDR reach PORT/PROTO (or ICMP type) on this profile?" with the rules that
//! allow it and what cannot be decided from the policy alone.
//!
//! Semantics (reference `windows-firewall-policy.md`):
//! * "Protect all network connections" Disabled turns the firewall off: everything is
//!   reachable. Not configured leaves the firewall's state to the client (§7.2).
//! * "Do not allow exceptions" Enabled overrides every exception, service and ICMP box (§7.2).
//! * Service ports: Remote administration TCP 135, 445 plus dynamic RPC ports of svchost.exe
//!   and lsass.exe (typically 1024–1034); File and printer sharing UDP 137, 138, TCP 139, 445;
//!   Remote Desktop TCP 3389; UPnP TCP 2869, UDP 1900 (§1.3 notes).
//! * Any opening of TCP 445 also lets inbound ICMP echo through whatever the ICMP policy says
//!   (§7.3).
//! * A program exception opens any port the program listens on while it runs; a `disabled`
//!   definition wins over `enabled` ones for the same program or port, but does not close a
//!   port another policy opens; duplicate definitions combine their scopes (§2.1).
//! * Not configured settings, and "Allow local ... exceptions", leave part of the answer to
//!   the client's own configuration (§7.1); the answer says so instead of guessing.
//!
//! Everything here is plain data in, plain data out: the editor and the CLI render it.

use std::fmt;
use std::net::Ipv4Addr;

use crate::model::exception::{Status, Transport};
use crate::model::names::name_key;
use crate::model::policy::Policy;
use crate::model::profile::{Profile, ProfileKind, SettingId};
use crate::model::scope::{Scope, ScopeItem};
use crate::model::setting::{Direction, IcmpOption, State};

/// First and last port of the dynamic RPC range the reference names for Remote
/// administration ("typically 1024-1034").
pub const RPC_DYNAMIC_TYPICAL: (u16, u16) = (1024, 1034);

/// Whether the firewall of a profile is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FirewallState {
    /// "Protect all network connections" is Enabled.
    On,
    /// "Protect all network connections" is Disabled: everything is reachable.
    Off,
    /// Not configured: the client's local setting decides (a local admin can turn it off).
    ClientDecides,
}

/// What an opening lets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reach {
    /// One TCP or UDP port.
    Port(Transport, u16),
    /// A range of ports some service opens dynamically (first, last, both included).
    DynamicPorts(Transport, u16, u16),
    /// Any TCP or UDP port the program listens on while it runs.
    ProgramPorts,
    /// One ICMP message type (the option says its direction).
    Icmp(IcmpOption),
}

impl fmt::Display for Reach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reach::Port(t, p) => write!(f, "{t} {p}"),
            Reach::DynamicPorts(t, a, b) => write!(f, "{t} {a}–{b} (dynamic RPC, typical)"),
            Reach::ProgramPorts => f.write_str("any port the program listens on"),
            Reach::Icmp(o) => {
                let dir = match o.direction() {
                    Direction::Inbound => "inbound",
                    Direction::Outbound => "outbound",
                };
                write!(f, "ICMP type {} ({dir})", o.icmp_type())
            }
        }
    }
}

/// Which part of the policy an opening comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// One of the four service exceptions.
    Service(SettingId),
    /// Row `index` of the port exception list.
    Port(usize),
    /// Row `index` of the program exception list.
    Program(usize),
    /// "Allow ICMP exceptions".
    Icmp,
    /// A side effect of another opening (inbound echo through TCP 445), with that opening's
    /// source.
    SideEffectOf445(SideEffectCause),
}

/// What opens TCP 445 (for the echo side effect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SideEffectCause {
    /// A service exception.
    Service(SettingId),
    /// Row `index` of the port exception list.
    Port(usize),
}

/// One row of the exposure table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// Where it comes from.
    pub source: Source,
    /// What the admin sees: the service's name, the exception's name, the ICMP box label.
    pub name: String,
    /// The program path, for a program exception.
    pub program: Option<String>,
    /// What it lets in.
    pub reach: Vec<Reach>,
    /// Who may connect; `None` means any computer (ICMP has no scope).
    pub scope: Option<Scope>,
    /// Whether it takes effect (false when overridden, disabled or shadowed by a disabled
    /// duplicate); `notes` say why.
    pub active: bool,
    /// Side effects and reasons, plain sentences.
    pub notes: Vec<String>,
}

impl Opening {
    /// Who may connect, in words.
    pub fn scope_text(&self) -> String {
        match &self.scope {
            None => "any computer (ICMP settings have no scope)".to_string(),
            Some(s) => describe_scope(s),
        }
    }
}

/// The exposure of one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// Which profile.
    pub profile: ProfileKind,
    /// Whether its firewall is on.
    pub firewall: FirewallState,
    /// "Do not allow exceptions" is Enabled: every opening below is ignored.
    pub no_exceptions: bool,
    /// Every opening, services first, then port and program exceptions, ICMP, side effects.
    pub openings: Vec<Opening>,
    /// Profile-wide facts the table cannot show: the firewall off, settings left to the
    /// client, local exceptions allowed, connections excluded.
    pub notes: Vec<String>,
}

/// A scope in words (for the table and the answer).
pub fn describe_scope(scope: &Scope) -> String {
    match scope {
        Scope::Any => "any computer, including the Internet (*)".to_string(),
        Scope::List(items) if items.is_empty() => "no computer (empty scope)".to_string(),
        Scope::List(_) if scope.is_local_subnet_only() => {
            "the client's own subnet (localsubnet)".to_string()
        }
        Scope::List(_) => scope.to_string(),
    }
}

/// The ports a service exception opens (reference §1.3 notes).
pub fn service_reach(id: SettingId) -> Vec<Reach> {
    use Transport::{Tcp, Udp};
    match id {
        SettingId::RemoteAdministration => vec![
            Reach::Port(Tcp, 135),
            Reach::Port(Tcp, 445),
            Reach::DynamicPorts(Tcp, RPC_DYNAMIC_TYPICAL.0, RPC_DYNAMIC_TYPICAL.1),
        ],
        SettingId::FileAndPrinterSharing => vec![
            Reach::Port(Udp, 137),
            Reach::Port(Udp, 138),
            Reach::Port(Tcp, 139),
            Reach::Port(Tcp, 445),
        ],
        SettingId::RemoteDesktop => vec![Reach::Port(Tcp, 3389)],
        SettingId::UpnpFramework => vec![Reach::Port(Tcp, 2869), Reach::Port(Udp, 1900)],
        _ => Vec::new(),
    }
}

fn service_name(id: SettingId) -> &'static str {
    match id {
        SettingId::RemoteAdministration => "Remote administration",
        SettingId::FileAndPrinterSharing => "File and printer sharing",
        SettingId::RemoteDesktop => "Remote Desktop",
        SettingId::UpnpFramework => "UPnP framework",
        other => other.short_name(),
    }
}

const ECHO_NOTE: &str = "Opening TCP 445 also lets inbound ICMP echo (ping) through, whatever \
\"Allow ICMP exceptions\" says (reference §7.3).";

/// The firewall state of a profile.
pub fn firewall_state(profile: &Profile) -> FirewallState {
    match profile.protect_all.state {
        State::Enabled => FirewallState::On,
        State::Disabled => FirewallState::Off,
        State::NotConfigured => FirewallState::ClientDecides,
    }
}

/// The rows of the port list that take part (none unless the list policy is Enabled).
fn port_rows(profile: &Profile) -> Vec<(usize, Transport, u16, Status)> {
    if !profile.ports.is_enabled() {
        return Vec::new();
    }
    profile
        .ports
        .options
        .iter()
        .enumerate()
        .map(|(i, e)| (i, e.transport, e.port.get(), e.status))
        .collect()
}

/// (transport, port) → the first `disabled` row of the port list naming it.
fn disabled_ports(profile: &Profile) -> std::collections::HashMap<(Transport, u16), usize> {
    let mut map = std::collections::HashMap::new();
    for (i, t, p, status) in port_rows(profile) {
        if status == Status::Disabled {
            map.entry((t, p)).or_insert(i);
        }
    }
    map
}

/// Program path (name key) → the first `disabled` row of the program list naming it.
fn disabled_programs(profile: &Profile) -> std::collections::HashMap<String, usize> {
    let mut map = std::collections::HashMap::new();
    if profile.programs.is_enabled() {
        for (i, e) in profile.programs.options.iter().enumerate() {
            if e.status == Status::Disabled {
                map.entry(name_key(&e.path)).or_insert(i);
            }
        }
    }
    map
}

/// What one profile of `policy` lets other computers reach.
pub fn exposure(policy: &Policy, kind: ProfileKind) -> Exposure {
    let profile = policy.profile(kind);
    let firewall = firewall_state(profile);
    let no_exceptions = profile.do_not_allow_exceptions.is_enabled();
    let mut notes = Vec::new();
    match firewall {
        FirewallState::Off => notes.push(
            "The firewall is off in this profile (\"Protect all network connections\" is \
             Disabled): every port is reachable from every computer."
                .to_string(),
        ),
        FirewallState::ClientDecides => notes.push(
            "\"Protect all network connections\" is Not configured: the client's own setting \
             decides whether the firewall is on, and a local administrator can turn it off \
             (reference §7.2). The table assumes it is on."
                .to_string(),
        ),
        FirewallState::On => {}
    }
    if no_exceptions {
        notes.push(
            "\"Do not allow exceptions\" is Enabled: every exception below, the service \
             exceptions and the ICMP settings are ignored and nothing unsolicited gets in \
             (reference §7.2)."
                .to_string(),
        );
    }
    for name in &profile.excluded_interfaces {
        notes.push(format!(
            "The firewall is off on the connection \"{name}\" in this profile: everything is \
             reachable through it (netsh and PowerShell exports only)."
        ));
    }

    let overridden = "Ignored: \"Do not allow exceptions\" is Enabled.";
    let mut openings = Vec::new();
    let mut echo_causes: Vec<(SideEffectCause, Scope)> = Vec::new();

    for id in SettingId::SERVICES {
        let Some(setting) = profile.service(id) else {
            continue;
        };
        match setting.state {
            State::Enabled => {
                let mut o = Opening {
                    source: Source::Service(id),
                    name: service_name(id).to_string(),
                    program: None,
                    reach: service_reach(id),
                    scope: Some(setting.options.clone()),
                    active: !no_exceptions,
                    notes: Vec::new(),
                };
                if id == SettingId::RemoteAdministration {
                    o.notes.push(
                        "Also lets svchost.exe and lsass.exe receive unsolicited traffic on \
                         dynamic RPC ports (typically 1024–1034) (reference §1.3)."
                            .to_string(),
                    );
                }
                if o.reach.contains(&Reach::Port(Transport::Tcp, 445)) {
                    o.notes.push(ECHO_NOTE.to_string());
                    echo_causes.push((SideEffectCause::Service(id), setting.options.clone()));
                }
                if no_exceptions {
                    o.notes.push(overridden.to_string());
                }
                openings.push(o);
            }
            State::NotConfigured => notes.push(format!(
                "{} is Not configured: the client's own setting decides whether it opens {}.",
                service_name(id),
                join_reach(&service_reach(id))
            )),
            State::Disabled => {}
        }
    }

    let disabled_p = disabled_ports(profile);
    if profile.ports.is_enabled() {
        for (i, e) in profile.ports.options.iter().enumerate() {
            let mut o = Opening {
                source: Source::Port(i),
                name: e.name.clone(),
                program: None,
                reach: vec![Reach::Port(e.transport, e.port.get())],
                scope: Some(e.scope.clone()),
                active: !no_exceptions && e.status == Status::Enabled,
                notes: Vec::new(),
            };
            if e.status == Status::Disabled {
                o.notes.push(
                    "Disabled: it closes no port itself, but cancels every enabled definition \
                     of this port (reference §2.1)."
                        .to_string(),
                );
            } else if let Some(&d) = disabled_p.get(&(e.transport, e.port.get())) {
                o.active = false;
                o.notes.push(format!(
                    "Cancelled by the disabled definition of the same port (port row {}) \
                     (reference §2.1).",
                    d + 1
                ));
            } else if e.transport == Transport::Tcp && e.port.get() == 445 {
                o.notes.push(ECHO_NOTE.to_string());
                if !no_exceptions {
                    echo_causes.push((SideEffectCause::Port(i), e.scope.clone()));
                }
            }
            if no_exceptions {
                o.notes.push(overridden.to_string());
            }
            openings.push(o);
        }
    }

    let disabled_g = disabled_programs(profile);
    if profile.programs.is_enabled() {
        for (i, e) in profile.programs.options.iter().enumerate() {
            let mut o = Opening {
                source: Source::Program(i),
                name: e.name.clone(),
                program: Some(e.path.clone()),
                reach: vec![Reach::ProgramPorts],
                scope: Some(e.scope.clone()),
                active: !no_exceptions && e.status == Status::Enabled,
                notes: vec![
                    "Opens any TCP or UDP port the program listens on, only while it runs \
                     (reference §2.1)."
                        .to_string(),
                ],
            };
            if e.status == Status::Disabled {
                o.notes = vec!["Disabled: the program may not open ports through this \
                     policy; ports other settings open stay open (reference §2.1)."
                    .to_string()];
            } else if let Some(&d) = disabled_g.get(&name_key(&e.path)) {
                o.active = false;
                o.notes.push(format!(
                    "Cancelled by the disabled definition of the same program (program row \
                     {}) (reference §2.1).",
                    d + 1
                ));
            }
            if no_exceptions {
                o.notes.push(overridden.to_string());
            }
            openings.push(o);
        }
    }

    match profile.icmp.state {
        State::Enabled => {
            for option in profile.icmp.options.checked() {
                let mut o = Opening {
                    source: Source::Icmp,
                    name: option.label().to_string(),
                    program: None,
                    reach: vec![Reach::Icmp(option)],
                    scope: None,
                    active: !no_exceptions,
                    notes: Vec::new(),
                };
                if option.direction() == Direction::Outbound {
                    o.notes.push(
                        "Outbound: what this computer may answer or send, not what others can \
                         reach."
                            .to_string(),
                    );
                }
                if no_exceptions {
                    o.notes.push(overridden.to_string());
                }
                openings.push(o);
            }
        }
        State::NotConfigured => notes.push(
            "\"Allow ICMP exceptions\" is Not configured: the client's own ICMP settings apply."
                .to_string(),
        ),
        State::Disabled => {}
    }

    for (cause, scope) in echo_causes {
        let by = match cause {
            SideEffectCause::Service(id) => service_name(id).to_string(),
            SideEffectCause::Port(i) => format!("port row {}", i + 1),
        };
        openings.push(Opening {
            source: Source::SideEffectOf445(cause),
            name: format!("Inbound echo request (side effect of TCP 445, {by})"),
            program: None,
            reach: vec![Reach::Icmp(IcmpOption::InboundEchoRequest)],
            scope: Some(scope),
            active: !no_exceptions,
            notes: vec![
                "The reference does not say which scope this echo follows; the scope \
                 of what opens TCP 445 is shown."
                    .to_string(),
            ],
        });
    }

    for (list, why) in [
        (
            "port",
            local_reason(
                &profile.ports.state,
                &profile.allow_local_ports.state,
                "port",
            ),
        ),
        (
            "program",
            local_reason(
                &profile.programs.state,
                &profile.allow_local_programs.state,
                "program",
            ),
        ),
    ] {
        if let Some(why) = why {
            notes.push(format!(
                "{why}: {list} exceptions a local administrator adds on the client count too, \
                 so more may be reachable than this table shows (reference §7.1)."
            ));
        }
    }

    Exposure {
        profile: kind,
        firewall,
        no_exceptions,
        openings,
        notes,
    }
}

/// Why local exceptions of a list apply, if they do.
fn local_reason(list: &State, allow_local: &State, noun: &str) -> Option<String> {
    if *allow_local == State::Enabled {
        Some(format!("\"Allow local {noun} exceptions\" is Enabled"))
    } else if *list == State::NotConfigured && *allow_local != State::Disabled {
        Some(format!("\"Define {noun} exceptions\" is Not configured"))
    } else {
        None
    }
}

fn local_ports_allowed(p: &Profile) -> bool {
    p.allow_local_ports.is_enabled()
        || (p.ports.state == State::NotConfigured && p.allow_local_ports.state != State::Disabled)
}

fn local_programs_allowed(p: &Profile) -> bool {
    p.allow_local_programs.is_enabled()
        || (p.programs.state == State::NotConfigured
            && p.allow_local_programs.state != State::Disabled)
}

fn join_reach(reach: &[Reach]) -> String {
    reach
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A TCP or UDP port.
    Port(Transport, u16),
    /// An inbound ICMP message type (8 = echo request, "ping").
    Icmp(u8),
}

impl Target {
    /// Parses `3389/tcp`, `137/UDP` or `8/icmp` (an ICMP type); `tcp/3389` is accepted too.
    pub fn parse(text: &str) -> Result<Target, String> {
        let t = text.trim();
        let (a, b) = t.split_once('/').ok_or_else(|| {
            format!(
                "{} is not PORT/PROTOCOL; write for example 3389/tcp, 137/udp or 8/icmp",
                crate::model::diagnostic::quoted(t)
            )
        })?;
        let (num, proto) = if a.bytes().all(|c| c.is_ascii_digit()) {
            (a, b)
        } else {
            (b, a)
        };
        let n: u32 = num.parse().map_err(|_| {
            format!(
                "{} in {} is not a number",
                crate::model::diagnostic::quoted(num),
                crate::model::diagnostic::quoted(t)
            )
        })?;
        if proto.eq_ignore_ascii_case("icmp") {
            return u8::try_from(n)
                .map(Target::Icmp)
                .map_err(|_| format!("ICMP type {n} is out of range 0–255"));
        }
        let transport = Transport::parse(proto).ok_or_else(|| {
            format!(
                "protocol {} is not tcp, udp or icmp",
                crate::model::diagnostic::quoted(proto)
            )
        })?;
        match u16::try_from(n) {
            Ok(p) if p > 0 => Ok(Target::Port(transport, p)),
            _ => Err(format!("port {n} is out of range 1–65535")),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Port(t, p) => write!(f, "{t} {p}"),
            Target::Icmp(n) => write!(f, "ICMP type {n}"),
        }
    }
}

/// Whether an address falls in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeMatch {
    /// It does.
    Yes,
    /// It does not.
    No,
    /// Only if the address is on the client's own subnet, which the policy cannot tell (no
    /// `local_subnets` were given).
    IfLocalSubnet,
}

/// A subnet the client is attached to (address and prefix length), for `localsubnet`.
pub type Subnet = (Ipv4Addr, u8);

fn in_prefix(addr: Ipv4Addr, net: Ipv4Addr, mask: u32) -> bool {
    u32::from(addr) & mask == u32::from(net) & mask
}

fn prefix_mask(n: u8) -> u32 {
    if n == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(n.min(32)))
    }
}

/// Whether `addr` is in `scope`. `local_subnets`: the client's subnets if known; with `None`
/// a `localsubnet` item gives [`ScopeMatch::IfLocalSubnet`].
pub fn scope_matches(
    scope: &Scope,
    addr: Ipv4Addr,
    local_subnets: Option<&[Subnet]>,
) -> ScopeMatch {
    let items = match scope {
        Scope::Any => return ScopeMatch::Yes,
        Scope::List(items) => items,
    };
    let mut result = ScopeMatch::No;
    for item in items {
        let hit = match item {
            ScopeItem::Address(a) => {
                if *a == addr {
                    ScopeMatch::Yes
                } else {
                    ScopeMatch::No
                }
            }
            ScopeItem::Prefix(net, n) => bool_match(in_prefix(addr, *net, prefix_mask(*n))),
            ScopeItem::Mask(net, m) => bool_match(in_prefix(addr, *net, u32::from(*m))),
            ScopeItem::LocalSubnet => match local_subnets {
                None => ScopeMatch::IfLocalSubnet,
                Some(nets) => bool_match(
                    nets.iter()
                        .any(|(net, n)| in_prefix(addr, *net, prefix_mask(*n))),
                ),
            },
        };
        match hit {
            ScopeMatch::Yes => return ScopeMatch::Yes,
            ScopeMatch::IfLocalSubnet => result = ScopeMatch::IfLocalSubnet,
            ScopeMatch::No => {}
        }
    }
    result
}

fn bool_match(b: bool) -> ScopeMatch {
    if b {
        ScopeMatch::Yes
    } else {
        ScopeMatch::No
    }
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Some rule allows it for certain.
    Allowed,
    /// Only under a condition the policy cannot decide (each rule states it).
    Conditional,
    /// Nothing in the policy allows it.
    Blocked,
}

/// One rule that allows the traffic, possibly under a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowing {
    /// The rule (a row of [`Exposure::openings`], or the firewall being off).
    pub source: Option<Source>,
    /// The rule in words ("File and printer sharing (TCP 445), scope localsubnet").
    pub rule: String,
    /// What must hold for it to apply; `None` when it applies for certain.
    pub condition: Option<String>,
}

/// The answer to "can ADDR reach TARGET on PROFILE?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Allowed, conditional or blocked.
    pub verdict: Verdict,
    /// The rules that allow it.
    pub allowed_by: Vec<Allowing>,
    /// What else the admin should know (settings left to the client, rules that would allow
    /// it but are overridden or out of scope).
    pub notes: Vec<String>,
}

impl Answer {
    /// One plain sentence: "Yes: …", "Only if …", "No: …".
    pub fn summary(&self, addr: Ipv4Addr, target: Target, profile: ProfileKind) -> String {
        let what = format!("{addr} → {target} on the {} profile", profile.as_str());
        match self.verdict {
            Verdict::Allowed => format!("Yes: {what} is allowed."),
            Verdict::Conditional => format!("Only under a condition: {what} (see each rule)."),
            Verdict::Blocked => format!("No: nothing in this policy allows {what}."),
        }
    }
}

fn reach_hits(reach: &Reach, target: Target) -> Option<Option<String>> {
    match (reach, target) {
        (Reach::Port(t, p), Target::Port(tt, tp)) if *t == tt && *p == tp => Some(None),
        (Reach::DynamicPorts(t, _, _), Target::Port(tt, tp)) if *t == tt && tp >= 1024 => {
            Some(Some(format!(
                "only if an RPC service in svchost.exe or lsass.exe listens on {target} \
                 (dynamic RPC ports, typically 1024–1034)"
            )))
        }
        (Reach::ProgramPorts, Target::Port(..)) => Some(Some(format!(
            "only while the program runs and listens on {target}"
        ))),
        (Reach::Icmp(o), Target::Icmp(n))
            if o.direction() == Direction::Inbound && o.icmp_type() == n =>
        {
            Some(None)
        }
        _ => None,
    }
}

/// Can `addr` reach `target` on profile `kind` of `policy`? `local_subnets`: the client's
/// subnets if the caller knows them; otherwise a `localsubnet` scope answers "only if ADDR is
/// on the client's subnet".
pub fn can_reach(
    policy: &Policy,
    kind: ProfileKind,
    addr: Ipv4Addr,
    target: Target,
    local_subnets: Option<&[Subnet]>,
) -> Answer {
    let exp = exposure(policy, kind);
    let profile = policy.profile(kind);
    let mut notes = Vec::new();
    if exp.firewall == FirewallState::Off {
        return Answer {
            verdict: Verdict::Allowed,
            allowed_by: vec![Allowing {
                source: None,
                rule: "\"Protect all network connections\" is Disabled: the firewall is off"
                    .to_string(),
                condition: None,
            }],
            notes,
        };
    }
    if exp.firewall == FirewallState::ClientDecides {
        notes.push(
            "\"Protect all network connections\" is Not configured: if the client's firewall is \
             off, everything is reachable."
                .to_string(),
        );
    }
    for name in &profile.excluded_interfaces {
        notes.push(format!(
            "If {addr} reaches the computer through the connection \"{name}\", the firewall is \
             off there and everything is reachable."
        ));
    }
    let mut allowed_by = Vec::new();
    for o in &exp.openings {
        for r in &o.reach {
            let Some(reach_condition) = reach_hits(r, target) else {
                continue;
            };
            let rule = format!(
                "{} ({}), from {}",
                label(o),
                r,
                o.scope
                    .as_ref()
                    .map_or_else(|| "any computer".to_string(), ToString::to_string)
            );
            if !o.active {
                notes.push(format!(
                    "{rule} would allow it but does not apply: {}",
                    o.notes.last().map_or("", String::as_str)
                ));
                continue;
            }
            let scope_match = o
                .scope
                .as_ref()
                .map_or(ScopeMatch::Yes, |s| scope_matches(s, addr, local_subnets));
            let scope_condition = match scope_match {
                ScopeMatch::Yes => None,
                ScopeMatch::No => {
                    notes.push(format!("{rule} opens it, but not for {addr}."));
                    continue;
                }
                ScopeMatch::IfLocalSubnet => {
                    Some(format!("only if {addr} is on the client's own subnet"))
                }
            };
            let condition = match (scope_condition, reach_condition) {
                (None, None) => None,
                (Some(a), None) | (None, Some(a)) => Some(a),
                (Some(a), Some(b)) => Some(format!("{a}, and {b}")),
            };
            allowed_by.push(Allowing {
                source: Some(o.source),
                rule,
                condition,
            });
        }
    }
    if !exp.no_exceptions {
        if let Target::Port(t, p) = target {
            for id in SettingId::SERVICES {
                let opens = service_reach(id).contains(&Reach::Port(t, p));
                if opens && profile.state(id) == State::NotConfigured {
                    notes.push(format!(
                        "{} is Not configured: if the client enables it locally, {target} is \
                         open.",
                        service_name(id)
                    ));
                }
            }
            if local_ports_allowed(profile) {
                notes.push(format!(
                    "A port exception a local administrator adds on the client could open \
                     {target} too."
                ));
            }
            if local_programs_allowed(profile) {
                notes.push(
                    "A program exception a local administrator adds on the client could open \
                     it too."
                        .to_string(),
                );
            }
        }
        if let Target::Icmp(_) = target {
            if profile.icmp.state == State::NotConfigured {
                notes.push(
                    "\"Allow ICMP exceptions\" is Not configured: the client's own ICMP settings \
                     decide."
                        .to_string(),
                );
            }
        }
    } else {
        notes.push(
            "\"Do not allow exceptions\" is Enabled: no exception applies in this profile."
                .to_string(),
        );
    }
    let verdict = if allowed_by.iter().any(|a| a.condition.is_none()) {
        Verdict::Allowed
    } else if allowed_by.is_empty() {
        Verdict::Blocked
    } else {
        Verdict::Conditional
    };
    Answer {
        verdict,
        allowed_by,
        notes,
    }
}

/// How a row is named in an answer.
fn label(o: &Opening) -> String {
    match o.source {
        Source::Service(_) | Source::Icmp | Source::SideEffectOf445(_) => o.name.clone(),
        Source::Port(i) => format!("port exception {} (row {})", quoted(&o.name), i + 1),
        Source::Program(i) => format!(
            "program exception {} {} (row {})",
            quoted(&o.name),
            o.program.as_deref().unwrap_or(""),
            i + 1
        ),
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}
