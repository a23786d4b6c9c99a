//! Shared proptest strategies for integration tests: valid policies as an admin could build
//! them in the editor (typed-valid names and paths), so that every parse ⇄ write pair can be
//! checked with `read(write(p)) == p`.
#![allow(dead_code)]

pub mod golden;
pub mod regcases;

use std::net::Ipv4Addr;

use fwpolicy_core::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// A name an admin could type: printable ASCII without `"`, `;`, `:`; not blank; no
/// leading/trailing space.
pub fn arb_name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]([A-Za-z0-9 ._()&|<>^%!`$'@,#+=\\[\\]{}~-]{0,30}[A-Za-z0-9)])?"
}

/// A program path: drive-letter, UNC or %VARIABLE% form.
pub fn arb_path() -> impl Strategy<Value = String> {
    let seg = "[A-Za-z0-9 _.()-]{1,12}";
    (0..3usize, vec(seg, 1..4), "[A-Za-z0-9_]{1,8}").prop_map(|(kind, segs, file)| {
        let body = format!("{}\\{file}.exe", segs.join("\\"));
        match kind {
            0 => format!("C:\\{body}"),
            1 => format!("%ProgramFiles%\\{body}"),
            _ => format!("\\\\server\\share\\{body}"),
        }
    })
}

/// A scope item.
pub fn arb_scope_item() -> impl Strategy<Value = ScopeItem> {
    prop_oneof![
        Just(ScopeItem::LocalSubnet),
        any::<[u8; 4]>().prop_map(|o| ScopeItem::Address(Ipv4Addr::from(o))),
        (any::<[u8; 4]>(), 0u8..=32).prop_map(|(o, n)| ScopeItem::Prefix(Ipv4Addr::from(o), n)),
        (any::<[u8; 4]>(), 0u32..=32).prop_map(|(o, n)| {
            let mask = if n == 0 { 0 } else { u32::MAX << (32 - n) };
            ScopeItem::Mask(Ipv4Addr::from(o), Ipv4Addr::from(mask))
        }),
    ]
}

/// A valid scope (`*` or a non-empty list without duplicates).
pub fn arb_scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        Just(Scope::Any),
        vec(arb_scope_item(), 1..4).prop_map(|mut items| {
            let mut seen = Vec::new();
            items.retain(|i| {
                if seen.contains(i) {
                    false
                } else {
                    seen.push(*i);
                    true
                }
            });
            Scope::List(items)
        }),
    ]
}

/// enabled / disabled.
pub fn arb_status() -> impl Strategy<Value = Status> {
    prop_oneof![Just(Status::Enabled), Just(Status::Disabled)]
}

/// A program exception.
pub fn arb_program() -> impl Strategy<Value = ProgramException> {
    (arb_path(), arb_scope(), arb_status(), arb_name()).prop_map(|(path, scope, status, name)| {
        ProgramException {
            path,
            scope,
            status,
            name,
        }
    })
}

/// A port exception.
pub fn arb_port() -> impl Strategy<Value = PortException> {
    (
        1u16..=65535,
        any::<bool>(),
        arb_scope(),
        arb_status(),
        arb_name(),
    )
        .prop_map(|(port, udp, scope, status, name)| PortException {
            port: Port::new(port).unwrap_or_else(|| unreachable!()),
            transport: if udp { Transport::Udp } else { Transport::Tcp },
            scope,
            status,
            name,
        })
}

/// Any tri-state.
pub fn arb_state() -> impl Strategy<Value = State> {
    prop_oneof![
        Just(State::NotConfigured),
        Just(State::Enabled),
        Just(State::Disabled)
    ]
}

/// A setting whose options are default unless it is Enabled (what Registry.pol preserves).
pub fn arb_setting<T: Default + Clone + std::fmt::Debug>(
    options: impl Strategy<Value = T>,
) -> impl Strategy<Value = Setting<T>> {
    (arb_state(), options).prop_map(|(state, options)| {
        if state == State::Enabled {
            Setting::enabled(options)
        } else {
            Setting::new(state, T::default())
        }
    })
}

fn arb_icmp() -> impl Strategy<Value = IcmpOptions> {
    any::<[bool; 10]>().prop_map(|bits| {
        IcmpOption::ALL
            .iter()
            .zip(bits)
            .fold(IcmpOptions::default(), |o, (opt, b)| o.with(*opt, b))
    })
}

fn arb_logging() -> impl Strategy<Value = LoggingOptions> {
    (any::<bool>(), any::<bool>(), arb_path(), 128u32..=32767).prop_map(|(d, s, path, kb)| {
        LoggingOptions {
            log_dropped: d,
            log_successful: s,
            path: path.replace(".exe", ".log"),
            size_kb: kb,
        }
    })
}

/// A profile as Registry.pol can carry it (no interface exclusions).
pub fn arb_profile() -> impl Strategy<Value = Profile> {
    (
        (
            arb_setting(Just(())),
            arb_setting(Just(())),
            arb_setting(vec(arb_program(), 0..6)),
            arb_setting(Just(())),
        ),
        (
            arb_setting(arb_scope()),
            arb_setting(arb_scope()),
            arb_setting(arb_icmp()),
            arb_setting(arb_scope()),
            arb_setting(arb_scope()),
        ),
        (
            arb_setting(arb_logging()),
            arb_setting(Just(())),
            arb_setting(Just(())),
            arb_setting(vec(arb_port(), 0..6)),
            arb_setting(Just(())),
        ),
    )
        .prop_map(|((a, b, c, d), (e, f, g, h, i), (j, k, l, m, n))| Profile {
            protect_all: a,
            do_not_allow_exceptions: b,
            programs: c,
            allow_local_programs: d,
            remote_admin: e,
            file_and_print: f,
            icmp: g,
            remote_desktop: h,
            upnp: i,
            logging: j,
            prohibit_notifications: k,
            prohibit_unicast: l,
            ports: m,
            allow_local_ports: n,
            excluded_interfaces: Vec::new(),
        })
}

/// A registry value of an unrelated policy (kept verbatim by every registry format).
pub fn arb_unowned() -> impl Strategy<Value = Record> {
    (
        "[A-Za-z]{1,10}",
        "[A-Za-z][A-Za-z0-9 ]{0,12}",
        prop_oneof![
            any::<u32>().prop_map(|d| (RegType::DWORD, d.to_le_bytes().to_vec())),
            "[ -~&&[^;]]{0,20}".prop_map(|s| (RegType::SZ, fwpolicy_core::registry::utf16z(&s))),
        ],
    )
        .prop_map(|(leaf, value, (kind, data))| Record {
            key: format!("Software\\Policies\\Contoso\\{leaf}"),
            value,
            kind,
            data,
        })
}

/// A whole policy that survives every registry-based format exactly.
pub fn arb_policy() -> impl Strategy<Value = Policy> {
    (
        arb_profile(),
        arb_profile(),
        arb_setting("O:DAG:DAD:\\(A;;RCCC;;;S-1-5-21-[0-9]{1,10}\\)".prop_map(String::from)),
        arb_setting(
            (0u32..=44640, 0u32..=1440)
                .prop_map(|(minutes, offset)| RefreshInterval { minutes, offset }),
        ),
        vec(arb_unowned(), 0..4),
    )
        .prop_map(
            |(domain, standard, ipsec_bypass, refresh, unowned)| Policy {
                domain,
                standard,
                ipsec_bypass,
                refresh,
                unowned,
                ..Policy::default()
            },
        )
}

/// A policy including editor-only state (interface exclusions, options of non-enabled
/// settings): what the JSON project format must round-trip.
pub fn arb_project_policy() -> impl Strategy<Value = Policy> {
    (
        arb_policy(),
        vec("[A-Za-z][A-Za-z0-9 ]{0,20}", 0..3),
        option::of(arb_scope()),
    )
        .prop_map(|(mut p, ifaces, scope)| {
            let mut seen: Vec<String> = Vec::new();
            for i in ifaces {
                if !seen.iter().any(|s| s.eq_ignore_ascii_case(&i)) {
                    seen.push(i);
                }
            }
            p.domain.excluded_interfaces = seen;
            if let Some(scope) = scope {
                // Options kept while the setting is not Enabled.
                if !p.standard.remote_desktop.is_enabled() {
                    p.standard.remote_desktop.options = scope;
                }
            }
            p
        })
}

/// A hand-built policy touching every setting, both profiles, all three states, both
/// exception kinds, interface exclusions and a verbatim value of another policy. Every format
/// has a golden file for it under `core/tests/data/kitchen-sink/`.
pub fn kitchen_sink() -> Policy {
    fn port(line: &str) -> PortException {
        PortException::parse(line, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| unreachable!("{line}"))
    }
    fn program(line: &str) -> ProgramException {
        ProgramException::parse(line, ParseOptions::TYPED)
            .value
            .unwrap_or_else(|| unreachable!("{line}"))
    }
    fn scope(text: &str) -> Scope {
        Scope::parse(text)
            .value
            .unwrap_or_else(|| unreachable!("{text}"))
    }
    let mut p = Policy::default();
    let d = &mut p.domain;
    d.protect_all = Setting::enabled(());
    d.do_not_allow_exceptions = Setting::disabled();
    d.programs = Setting::enabled(vec![
        program(r"%ProgramFiles%\NetMeeting\Conf.exe:*:enabled:NetMeeting"),
        program(
            r"C:\Program Files\Contoso\Agent 100% & More\agent.exe:10.0.0.1,10.0.0.2,localsubnet,10.3.4.0/24:disabled:Contoso Agent (100% & <more>)",
        ),
    ]);
    d.allow_local_programs = Setting::disabled();
    d.remote_admin = Setting::enabled(scope("192.168.10.0/255.255.255.0"));
    d.file_and_print = Setting::enabled(scope("localsubnet"));
    d.icmp = Setting::enabled(
        IcmpOptions::default()
            .with(IcmpOption::InboundEchoRequest, true)
            .with(IcmpOption::OutboundPacketTooBig, true),
    );
    d.remote_desktop = Setting::enabled(scope("10.1.0.0/16,localsubnet"));
    d.upnp = Setting::disabled();
    d.logging = Setting::enabled(LoggingOptions {
        log_dropped: true,
        log_successful: false,
        path: r"%systemroot%\system32\LogFiles\Firewall\pfirewall.log".into(),
        size_kb: 4096,
    });
    d.prohibit_notifications = Setting::enabled(());
    d.prohibit_unicast = Setting::not_configured();
    d.ports = Setting::enabled(vec![
        port("80:TCP:localsubnet:enabled:Web Server"),
        port("135:TCP:*:enabled:Remote Assistance"),
        port("1900:UDP:10.0.0.0/8:disabled:SSDP !test! $(x) `y` 'z'"),
    ]);
    d.allow_local_ports = Setting::enabled(());
    d.excluded_interfaces = vec!["Virtual Ethernet PTP".into()];
    let s = &mut p.standard;
    s.protect_all = Setting::enabled(());
    s.do_not_allow_exceptions = Setting::enabled(());
    s.allow_local_programs = Setting::enabled(());
    s.allow_local_ports = Setting::enabled(());
    s.icmp = Setting::disabled();
    s.logging = Setting::disabled();
    s.remote_desktop = Setting::disabled();
    s.prohibit_unicast = Setting::enabled(());
    p.ipsec_bypass = Setting::enabled(
        "O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1004336348-1177238915-682003330-512)".into(),
    );
    p.refresh = Setting::enabled(RefreshInterval {
        minutes: 60,
        offset: 15,
    });
    p.unowned = vec![
        Record::dword(
            r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU",
            "NoAutoUpdate",
            0,
        ),
        Record::sz(
            r"Software\Policies\Microsoft\Windows\WindowsUpdate",
            "WUServer",
            "http://wsus.contoso.local:8530",
        ),
    ];
    p
}
