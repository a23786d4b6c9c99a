//! Exposure of a profile and "can ADDR reach PORT?" (issue 13, item 11).
// See: issue 13

use std::net::Ipv4Addr;

use fwpolicy_core::analysis::exposure::{
    can_reach, exposure, scope_matches, FirewallState, Reach, ScopeMatch, Source, Target, Verdict,
};
use fwpolicy_core::*;

fn scope(s: &str) -> Scope {
    Scope::parse(s).value.unwrap_or(Scope::Any)
}

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap_or(Ipv4Addr::UNSPECIFIED)
}

fn port(n: u16, t: Transport, sc: &str, status: Status, name: &str) -> PortException {
    PortException {
        port: Port::new(n).unwrap_or_else(|| Port::new(1).unwrap_or_else(|| unreachable!())),
        transport: t,
        scope: scope(sc),
        status,
        name: name.to_string(),
    }
}

/// Firewall on, file sharing for the local subnet, RDP for the admins' /24, one web port open
/// to everybody, one program.
fn office() -> Policy {
    let mut p = Policy::default();
    let d = &mut p.domain;
    d.protect_all = Setting::enabled(());
    d.file_and_print = Setting::enabled(Scope::local_subnet());
    d.remote_desktop = Setting::enabled(scope("10.2.3.0/24"));
    d.ports = Setting::enabled(vec![
        port(8443, Transport::Tcp, "*", Status::Enabled, "Web console"),
        port(
            9514,
            Transport::Udp,
            "10.0.0.0/255.0.0.0",
            Status::Enabled,
            "Agent",
        ),
    ]);
    d.programs = Setting::enabled(vec![ProgramException {
        path: r"%ProgramFiles%\Agent\agent.exe".to_string(),
        scope: scope("192.168.1.10"),
        status: Status::Enabled,
        name: "Agent".to_string(),
    }]);
    d.icmp = Setting::enabled(
        IcmpOptions::default().with(IcmpOption::OutboundDestinationUnreachable, true),
    );
    p
}

#[test]
fn table_lists_services_with_their_ports_and_scopes() {
    let e = exposure(&office(), ProfileKind::Domain);
    assert_eq!(e.firewall, FirewallState::On);
    let fps = e
        .openings
        .iter()
        .find(|o| o.source == Source::Service(SettingId::FileAndPrinterSharing))
        .unwrap_or_else(|| panic!("no file sharing row: {e:#?}"));
    assert_eq!(
        fps.reach,
        vec![
            Reach::Port(Transport::Udp, 137),
            Reach::Port(Transport::Udp, 138),
            Reach::Port(Transport::Tcp, 139),
            Reach::Port(Transport::Tcp, 445),
        ]
    );
    assert_eq!(fps.scope_text(), "the client's own subnet (localsubnet)");
    assert!(fps.notes.iter().any(|n| n.contains("ICMP echo")), "{fps:?}");
    let rdp = e
        .openings
        .iter()
        .find(|o| o.source == Source::Service(SettingId::RemoteDesktop))
        .unwrap_or_else(|| panic!("no RDP row"));
    assert_eq!(rdp.reach, vec![Reach::Port(Transport::Tcp, 3389)]);
    assert_eq!(rdp.scope_text(), "10.2.3.0/24");
    // Remote administration and UPnP are Not configured: said in the notes, not in the table.
    assert!(e
        .notes
        .iter()
        .any(|n| n.starts_with("Remote administration is Not configured")));
    assert!(!e
        .openings
        .iter()
        .any(|o| o.source == Source::Service(SettingId::UpnpFramework)));
    // The program row says any port it listens on.
    let prog = e
        .openings
        .iter()
        .find(|o| o.source == Source::Program(0))
        .unwrap_or_else(|| panic!("no program row"));
    assert_eq!(prog.reach, vec![Reach::ProgramPorts]);
    assert_eq!(
        Reach::ProgramPorts.to_string(),
        "any port the program listens on"
    );
    // File sharing opens 445, so echo comes in with it.
    assert!(e
        .openings
        .iter()
        .any(|o| matches!(o.source, Source::SideEffectOf445(_))
            && o.reach == vec![Reach::Icmp(IcmpOption::InboundEchoRequest)]));
}

#[test]
fn rdp_from_admin_subnet_is_allowed_by_the_rdp_rule() {
    let a = can_reach(
        &office(),
        ProfileKind::Domain,
        ip("10.2.3.4"),
        Target::Port(Transport::Tcp, 3389),
        None,
    );
    assert_eq!(a.verdict, Verdict::Allowed, "{a:#?}");
    assert_eq!(a.allowed_by.len(), 1);
    assert_eq!(
        a.allowed_by[0].source,
        Some(Source::Service(SettingId::RemoteDesktop))
    );
    assert!(a.allowed_by[0].rule.contains("10.2.3.0/24"));
}

#[test]
fn rdp_from_elsewhere_is_blocked_and_says_why() {
    let a = can_reach(
        &office(),
        ProfileKind::Domain,
        ip("10.9.0.1"),
        Target::Port(Transport::Tcp, 3389),
        None,
    );
    assert_eq!(a.verdict, Verdict::Blocked);
    assert!(
        a.notes.iter().any(|n| n.contains("not for 10.9.0.1")),
        "{a:#?}"
    );
    // The other profile has nothing configured at all: blocked, with the client deciding.
    let b = can_reach(
        &office(),
        ProfileKind::Standard,
        ip("10.2.3.4"),
        Target::Port(Transport::Tcp, 3389),
        None,
    );
    assert_eq!(b.verdict, Verdict::Blocked);
    assert!(b
        .notes
        .iter()
        .any(|n| n.contains("Remote Desktop is Not configured")));
}

#[test]
fn local_subnet_is_conditional_unless_subnets_are_given() {
    let p = office();
    let t = Target::Port(Transport::Tcp, 445);
    let a = can_reach(&p, ProfileKind::Domain, ip("192.168.5.7"), t, None);
    assert_eq!(a.verdict, Verdict::Conditional, "{a:#?}");
    assert_eq!(
        a.allowed_by[0].condition.as_deref(),
        Some("only if 192.168.5.7 is on the client's own subnet")
    );
    let nets = [(ip("192.168.5.0"), 24)];
    let yes = can_reach(&p, ProfileKind::Domain, ip("192.168.5.7"), t, Some(&nets));
    assert_eq!(yes.verdict, Verdict::Allowed);
    let no = can_reach(&p, ProfileKind::Domain, ip("192.168.6.7"), t, Some(&nets));
    assert_eq!(no.verdict, Verdict::Blocked);
}

#[test]
fn scope_matching_covers_addresses_prefixes_and_masks() {
    let s = scope("10.0.0.1,172.16.0.0/12,192.168.0.0/255.255.0.0");
    assert_eq!(scope_matches(&s, ip("10.0.0.1"), None), ScopeMatch::Yes);
    assert_eq!(scope_matches(&s, ip("10.0.0.2"), None), ScopeMatch::No);
    assert_eq!(scope_matches(&s, ip("172.31.255.1"), None), ScopeMatch::Yes);
    assert_eq!(scope_matches(&s, ip("172.32.0.1"), None), ScopeMatch::No);
    assert_eq!(
        scope_matches(&s, ip("192.168.200.3"), None),
        ScopeMatch::Yes
    );
    assert_eq!(
        scope_matches(&Scope::Any, ip("8.8.8.8"), None),
        ScopeMatch::Yes
    );
    assert_eq!(
        scope_matches(&scope("0.0.0.0/0"), ip("8.8.8.8"), None),
        ScopeMatch::Yes
    );
}

#[test]
fn program_exception_allows_any_port_only_while_listening() {
    let a = can_reach(
        &office(),
        ProfileKind::Domain,
        ip("192.168.1.10"),
        Target::Port(Transport::Tcp, 5000),
        None,
    );
    assert_eq!(a.verdict, Verdict::Conditional);
    assert_eq!(a.allowed_by[0].source, Some(Source::Program(0)));
    assert!(a.allowed_by[0]
        .condition
        .as_deref()
        .is_some_and(|c| c.contains("listens on TCP 5000")));
}

#[test]
fn do_not_allow_exceptions_overrides_everything() {
    let mut p = office();
    p.domain.do_not_allow_exceptions = Setting::enabled(());
    let e = exposure(&p, ProfileKind::Domain);
    assert!(e.no_exceptions);
    assert!(e.openings.iter().all(|o| !o.active));
    let a = can_reach(
        &p,
        ProfileKind::Domain,
        ip("1.2.3.4"),
        Target::Port(Transport::Tcp, 8443),
        None,
    );
    assert_eq!(a.verdict, Verdict::Blocked);
    assert!(a
        .notes
        .iter()
        .any(|n| n.contains("Do not allow exceptions")));
}

#[test]
fn firewall_off_lets_everything_in() {
    let mut p = office();
    p.domain.protect_all = Setting::disabled();
    let a = can_reach(
        &p,
        ProfileKind::Domain,
        ip("1.2.3.4"),
        Target::Port(Transport::Udp, 4242),
        None,
    );
    assert_eq!(a.verdict, Verdict::Allowed);
    assert!(a.allowed_by[0].rule.contains("firewall is off"));
    assert_eq!(
        exposure(&p, ProfileKind::Domain).firewall,
        FirewallState::Off
    );
}

#[test]
fn disabled_duplicate_cancels_enabled_port_rows() {
    let mut p = office();
    p.domain
        .ports
        .options
        .push(port(8443, Transport::Tcp, "*", Status::Disabled, "Off"));
    let a = can_reach(
        &p,
        ProfileKind::Domain,
        ip("1.2.3.4"),
        Target::Port(Transport::Tcp, 8443),
        None,
    );
    assert_eq!(a.verdict, Verdict::Blocked, "{a:#?}");
    assert!(a.notes.iter().any(|n| n.contains("port row 3")), "{a:#?}");
}

#[test]
fn ping_comes_in_through_file_sharing_even_without_icmp_box() {
    let p = office();
    let nets = [(ip("192.168.5.0"), 24)];
    let a = can_reach(
        &p,
        ProfileKind::Domain,
        ip("192.168.5.9"),
        Target::Icmp(8),
        Some(&nets),
    );
    assert_eq!(a.verdict, Verdict::Allowed, "{a:#?}");
    assert!(matches!(
        a.allowed_by[0].source,
        Some(Source::SideEffectOf445(_))
    ));
    // An outbound ICMP box does not let anything in.
    let b = can_reach(
        &p,
        ProfileKind::Domain,
        ip("8.8.8.8"),
        Target::Icmp(3),
        None,
    );
    assert_eq!(b.verdict, Verdict::Blocked);
}

#[test]
fn remote_admin_dynamic_rpc_is_conditional() {
    let mut p = Policy::default();
    p.standard.protect_all = Setting::enabled(());
    p.standard.remote_admin = Setting::enabled(Scope::Any);
    let a = can_reach(
        &p,
        ProfileKind::Standard,
        ip("8.8.8.8"),
        Target::Port(Transport::Tcp, 1025),
        None,
    );
    assert_eq!(a.verdict, Verdict::Conditional);
    let b = can_reach(
        &p,
        ProfileKind::Standard,
        ip("8.8.8.8"),
        Target::Port(Transport::Tcp, 135),
        None,
    );
    assert_eq!(b.verdict, Verdict::Allowed);
    // Local port exceptions count when the port list is Not configured.
    assert!(b.notes.iter().any(|n| n.contains("local administrator")));
}

#[test]
fn target_parses_port_slash_protocol() {
    assert_eq!(
        Target::parse("3389/tcp"),
        Ok(Target::Port(Transport::Tcp, 3389))
    );
    assert_eq!(
        Target::parse("UDP/137"),
        Ok(Target::Port(Transport::Udp, 137))
    );
    assert_eq!(Target::parse("8/icmp"), Ok(Target::Icmp(8)));
    assert!(Target::parse("3389").is_err());
    assert!(Target::parse("0/tcp").is_err());
    assert!(Target::parse("70000/tcp").is_err());
    assert!(Target::parse("80/sctp").is_err());
}
