//! Presets: ready-made projects an admin starts from, derived from the seed documents or from
//! common needs.
//!
//! Every builder's documentation says where each fact comes from (seed, table, text) and which
//! values are our choices, and why; where the source is silent the choice is the safe one (the
//! narrower scope, the setting left Not configured) and the project description tells the admin
//! what to check. Presets never hold values the editor would refuse: every name is valid as
//! typed, every scope parses.
//!
//! The IBM Systems Director preset is not typed in by hand: its port table is kept verbatim in
//! `core/data/ibm-systems-director-ports.tsv` (the rows of seed 003 §2.1.2.1 as they are, header
//! rows, blank lines and HTML included) and read through [`import::port_table`], the importer
//! admins use for pasted vendor tables.

use std::net::Ipv4Addr;

use crate::formats::project::Project;
use crate::import::{self, TableImport, TableOptions};
use crate::model::exception::{Port, PortException, ProgramException, Status, Transport};
use crate::model::policy::Policy;
use crate::model::profile::Profile;
use crate::model::scope::{Scope, ScopeItem};
use crate::model::setting::Setting;

/// What the preset picker shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetInfo {
    /// Stable id (kebab-case), also the golden-file directory name.
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// One-line summary for the picker.
    pub summary: &'static str,
    /// The document the preset comes from, or why it exists.
    pub source: &'static str,
}

/// Id of the SBS 2003 preset.
pub const SBS_2003_XP_SP2: &str = "sbs-2003-xp-sp2";
/// Id of the IBM i integrated server preset.
pub const IBM_I_INTEGRATED_SERVER: &str = "ibm-i-integrated-server";
/// Id of the IBM Systems Director preset.
pub const IBM_SYSTEMS_DIRECTOR: &str = "ibm-systems-director";
/// Id of the Remote Desktop preset.
pub const REMOTE_DESKTOP_ADMINS: &str = "remote-desktop-admins";
/// Id of the file and printer sharing preset.
pub const FILE_AND_PRINTER_SHARING_LOCAL: &str = "file-and-printer-sharing-local";
/// Id of the locked-down laptop preset.
pub const LOCKED_DOWN_LAPTOP: &str = "locked-down-laptop";

/// The IBM Systems Director port table, verbatim from seed 003 §2.1.2.1.
pub const IBM_SYSTEMS_DIRECTOR_PORTS: &str =
    include_str!("../../data/ibm-systems-director-ports.tsv");

/// Name prefix of the IBM Systems Director exceptions.
pub const IBM_SYSTEMS_DIRECTOR_PREFIX: &str = "IBM Systems Director - ";

/// Placeholder subnet of the admins' workstations in the Remote Desktop preset.
pub const ADMIN_SUBNET_PLACEHOLDER: &str = "192.168.10.0/24";

/// Connection name used for the IBM i point-to-point virtual Ethernet (see
/// [`IBM_I_INTEGRATED_SERVER`]; the admin must check it).
pub const IBM_I_PTP_CONNECTION: &str = "Virtual Ethernet PTP";

static PRESETS: [PresetInfo; 6] = [
    PresetInfo {
        id: SBS_2003_XP_SP2,
        title: "Windows Small Business Server 2003 update for Windows XP SP2",
        summary: "What the SBS 2003 update configures: firewall on in both profiles; in the office, ActiveSync and Help and Support program exceptions, Remote Assistance port 135, file and printer sharing and Remote Desktop; on the road, local exceptions allowed.",
        source: "Microsoft, \"Windows XP Service Pack 2 in a Windows Small Business Server 2003 network\", Tables 1-3 and the text around them.",
    },
    PresetInfo {
        id: IBM_I_INTEGRATED_SERVER,
        title: "Windows Server 2003 SP1 integrated with IBM i",
        summary: "Firewall on in both profiles but off for the private point-to-point virtual Ethernet connection to IBM i, as IBM requires for the integration functions.",
        source: "IBM, \"Windows Server 2003 Service Pack 1\" (IBM i integrated server advantages page), section Configure Windows Firewall.",
    },
    PresetInfo {
        id: IBM_SYSTEMS_DIRECTOR,
        title: "IBM Systems Director server",
        summary: "The inbound ports of the IBM Systems Director port table as port exceptions on the Domain profile, scoped to the local subnet.",
        source: "IBM, \"IBM Systems Director Service and Support Manager Security Considerations\" (November 2010), section 2.1.2.1, port table.",
    },
    PresetInfo {
        id: REMOTE_DESKTOP_ADMINS,
        title: "Remote Desktop for the admins' subnet",
        summary: "Firewall on; Remote Desktop (TCP 3389) allowed on the Domain profile from the admins' subnet only (placeholder 192.168.10.0/24: replace it).",
        source: "Common need; Remote Desktop policy and its port from the Windows Firewall ADMX explain text.",
    },
    PresetInfo {
        id: FILE_AND_PRINTER_SHARING_LOCAL,
        title: "File and printer sharing on the local subnet",
        summary: "Firewall on; file and printer sharing (UDP 137, 138, TCP 139, 445) allowed on the Domain profile from the local subnet only.",
        source: "Common need; file and printer sharing policy and its ports from the Windows Firewall ADMX explain text.",
    },
    PresetInfo {
        id: LOCKED_DOWN_LAPTOP,
        title: "Locked-down laptop away from the office",
        summary: "Firewall on in both profiles; outside the domain network (Standard profile) no exceptions at all and no local exceptions.",
        source: "Common need; \"Do not allow exceptions\" from the Windows Firewall ADMX explain text, the portable-computer scenario of Microsoft, \"Windows XP Service Pack 2 in a Windows Small Business Server 2003 network\".",
    },
];

/// Every preset, in picker order.
pub fn all() -> &'static [PresetInfo] {
    &PRESETS
}

/// The picker entry of a preset.
pub fn info(id: &str) -> Option<&'static PresetInfo> {
    PRESETS.iter().find(|p| p.id == id)
}

/// The project of a preset, `None` for an unknown id.
pub fn get(id: &str) -> Option<Project> {
    let info = info(id)?;
    let (policy, description) = match id {
        SBS_2003_XP_SP2 => sbs_2003_xp_sp2()?,
        IBM_I_INTEGRATED_SERVER => ibm_i_integrated_server(),
        IBM_SYSTEMS_DIRECTOR => ibm_systems_director(),
        REMOTE_DESKTOP_ADMINS => remote_desktop_admins(),
        FILE_AND_PRINTER_SHARING_LOCAL => file_and_printer_sharing_local(),
        LOCKED_DOWN_LAPTOP => locked_down_laptop(),
        _ => return None,
    };
    Some(Project {
        title: info.title.to_string(),
        description,
        source: info.source.to_string(),
        policy,
    })
}

fn firewall_on() -> Profile {
    Profile {
        protect_all: Setting::enabled(()),
        ..Profile::default()
    }
}

fn program(path: &str, scope: Scope, name: &str) -> ProgramException {
    ProgramException {
        path: path.to_string(),
        scope,
        status: Status::Enabled,
        name: name.to_string(),
    }
}

/// Windows Small Business Server 2003 update for Windows XP SP2 (seed 002).
///
/// From the seed:
/// * "This update configures the firewall policy ... so that the firewall in Windows XP SP2 is
///   enabled": Protect all network connections Enabled, both profiles (Table 1 rows, text).
/// * Domain profile, Table 1: Define program exceptions, Define port exceptions, Allow file and
///   printer sharing exception, Allow Remote Desktop exception Enabled.
/// * Table 2, program exceptions: CeAppMgr.exe, WCESMgr.exe, WCESComm.exe (ActiveSync,
///   "Local" = scope `localsubnet`) and Sessmgr.exe, Helpsvc.exe, Helpctr.exe (Help and
///   Support Center, "Global" = scope `*`), names after the table's "Associated Program".
/// * Table 3: port 135, "Allows Remote Assistance to the client".
/// * Standard profile: "it configures the Standard Profile to allow program and port
///   exceptions, but does not define these exceptions", and the note that Define program /
///   port exceptions are not enabled there: Allow local program exceptions and Allow local port
///   exceptions Enabled, both Define settings Not configured.
///
/// Our choices (the seed gives only executable names; Table 1's check marks are images lost in
/// the seed text):
/// * Paths are where the programs install on XP SP2: ActiveSync 3.x/4.x in
///   `%ProgramFiles%\Microsoft ActiveSync\`, `sessmgr.exe` (Remote Desktop Help Session
///   Manager) in `%windir%\system32\`, `helpsvc.exe` and `helpctr.exe` in
///   `%windir%\PCHealth\HelpCtr\Binaries\`. Environment variables keep them right on clients
///   installed elsewhere than `C:\` (reference §2.1 allows them in paths).
/// * Port 135 is TCP (the RPC endpoint mapper Remote Assistance's DCOM uses) with scope
///   `localsubnet`: the paper gives no scope, and 135 open to every network is the classic
///   worm entry point.
/// * File and printer sharing and Remote Desktop: scope `localsubnet` (the paper gives none;
///   the office network of a small business is its local subnet).
/// * Domain "Allow local program exceptions" and "Allow local port exceptions" are Enabled.
///   Table 1's check marks are images lost in the seed text, but the paper says "Users who are
///   local administrators on their computers can also define exceptions if the exceptions they
///   want to define have not already been defined on the server", which on XP SP2 only works
///   when the local merge is Enabled next to a defined list (reference §7.1); Table 1's first
///   row group (Protect all + Allow local program exceptions) carries two marks, one per
///   profile.
fn sbs_2003_xp_sp2() -> Option<(Policy, String)> {
    let local = Scope::local_subnet;
    let mut domain = firewall_on();
    domain.programs = Setting::enabled(vec![
        program(
            r"%ProgramFiles%\Microsoft ActiveSync\CeAppMgr.exe",
            local(),
            "ActiveSync (CeAppMgr.exe)",
        ),
        program(
            r"%ProgramFiles%\Microsoft ActiveSync\WCESMgr.exe",
            local(),
            "ActiveSync (WCESMgr.exe)",
        ),
        program(
            r"%ProgramFiles%\Microsoft ActiveSync\WCESComm.exe",
            local(),
            "ActiveSync (WCESComm.exe)",
        ),
        program(
            r"%windir%\system32\sessmgr.exe",
            Scope::Any,
            "Help and Support Center (Sessmgr.exe)",
        ),
        program(
            r"%windir%\PCHealth\HelpCtr\Binaries\helpsvc.exe",
            Scope::Any,
            "Help and Support Center (Helpsvc.exe)",
        ),
        program(
            r"%windir%\PCHealth\HelpCtr\Binaries\helpctr.exe",
            Scope::Any,
            "Help and Support Center (Helpctr.exe)",
        ),
    ]);
    domain.ports = Setting::enabled(vec![PortException {
        port: Port::new(135)?,
        transport: Transport::Tcp,
        scope: local(),
        status: Status::Enabled,
        name: "Remote Assistance (TCP 135)".to_string(),
    }]);
    domain.file_and_print = Setting::enabled(local());
    domain.remote_desktop = Setting::enabled(local());
    domain.allow_local_programs = Setting::enabled(());
    domain.allow_local_ports = Setting::enabled(());
    let mut standard = firewall_on();
    standard.allow_local_programs = Setting::enabled(());
    standard.allow_local_ports = Setting::enabled(());
    let policy = Policy {
        domain,
        standard,
        ..Policy::default()
    };
    let description = "\
What the Windows Small Business Server 2003 update for Windows XP SP2 configures (Microsoft, \"Windows XP Service Pack 2 in a Windows Small Business Server 2003 network\", Tables 1-3).
Both profiles: Windows Firewall on (Protect all network connections).
Domain profile (in the office): the six program exceptions of Table 2 - ActiveSync on the local subnet (\"Local\"), Help and Support Center from any address (\"Global\", as the update sets it) - port 135 for Remote Assistance (Table 3), file and printer sharing, and Remote Desktop.
Both profiles let local administrators add their own program and port exceptions (\"Users who are local administrators on their computers can also define exceptions\"); the Standard profile (away from the office) defines none.
Choices where the paper is silent: install paths under %ProgramFiles%\\Microsoft ActiveSync and %windir% (check them if your clients differ); port 135 is TCP; port 135, file and printer sharing and Remote Desktop are limited to the local subnet (the paper gives no scope; port 135 open to every network is how RPC worms spread).
The Help and Support programs are open to any address as the update configures them; narrow them to localsubnet if your helpers are inside the office."
        .to_string();
    Some((policy, description))
}

/// Windows Server 2003 SP1 on an IBM i integrated server (seed 000).
///
/// From the seed: the integration functions (user enrollment, file level backup,
/// serviceability, remote command) talk to IBM i over a private point-to-point (PTP) virtual
/// Ethernet LAN; with the firewall on, "the default configuration is to block all incoming
/// connections on all network interfaces", so "if the Windows Firewall is used, it must be
/// disabled for the entire Virtual Ethernet PTP interface". The PTP LAN has only two
/// endpoints and is not bridged or routed, hence safe without a firewall.
///
/// Our choices:
/// * The firewall is on (Protect all network connections Enabled) in both profiles, because
///   the seed's premise is a server where the firewall is used; everything else is Not
///   configured.
/// * The interface exclusion is on both profiles (the server may see either, depending on
///   whether its domain is detected). The connection name is **unconfirmed**: the seed calls
///   it "the Virtual Ethernet PTP interface" but does not say what Network Connections shows,
///   so we use [`IBM_I_PTP_CONNECTION`] (`Virtual Ethernet PTP`) and the description tells the
///   admin to check the real name (ncpa.cpl, or `netsh interface show interface`) and rename the
///   entry. XP-era Group Policy cannot carry interface exclusions: the Registry.pol, LGPO and
///   .reg exports leave them out with a warning, the netsh and PowerShell scripts carry them.
fn ibm_i_integrated_server() -> (Policy, String) {
    let mut domain = firewall_on();
    domain.excluded_interfaces = vec![IBM_I_PTP_CONNECTION.to_string()];
    let mut standard = firewall_on();
    standard.excluded_interfaces = vec![IBM_I_PTP_CONNECTION.to_string()];
    let policy = Policy {
        domain,
        standard,
        ..Policy::default()
    };
    let description = format!("\
Windows Server 2003 SP1 (or later 2003 service pack, or R2) integrated with IBM i (IBM, \"Windows Server 2003 Service Pack 1\", IBM i integrated server documentation, section Configure Windows Firewall).
Windows Firewall is on in both profiles, but off for the private point-to-point (PTP) virtual Ethernet connection to IBM i: IBM requires it for user enrollment, file level backup, serviceability and remote command. The PTP LAN has only two endpoints and must not be bridged or routed to other LANs.
CHECK THE CONNECTION NAME: \"{IBM_I_PTP_CONNECTION}\" is a placeholder taken from IBM's wording; use the name Network Connections shows for the IBM i point-to-point virtual Ethernet on your server (ncpa.cpl, or netsh interface show interface).
XP-era Group Policy (Registry.pol, LGPO, .reg) cannot turn the firewall off for one connection: deploy the exclusion with the netsh or PowerShell script.
Also install the V5R3 PTFs IBM lists (SI18265 or later) before SP1 if you run IBM i V5R3.");
    (policy, description)
}

/// Options the IBM Systems Director port table is imported with.
pub fn ibm_systems_director_options() -> TableOptions {
    TableOptions {
        name_prefix: IBM_SYSTEMS_DIRECTOR_PREFIX.to_string(),
        ..TableOptions::default()
    }
}

/// The IBM Systems Director port table read by the port-table importer: what the preset opens
/// and every row it does not, with the reason.
pub fn ibm_systems_director_table() -> TableImport {
    import::port_table(IBM_SYSTEMS_DIRECTOR_PORTS, &ibm_systems_director_options())
}

/// IBM Systems Director server (seed 003, §2.1.2.1 port table).
///
/// From the seed: the table rows in `core/data/ibm-systems-director-ports.tsv`, read by
/// [`import::port_table`] as an admin would (see the importer's documentation): every inbound
/// row (`Inbound`, `Inbound, Outbound`, `Outbound and Inbound`) becomes one port exception per
/// port and transport (`9511-9513` gives three, `TCP, UDP` two); `162` is inbound for TCP only
/// (`Outbound (TCP,UDP) Inbound (TCP)`); outbound-only rows (including `14248`, whose protocol
/// is the typo `UDB`), `9514-9515` ("must not be firewall accessible"), the "Random port in the
/// 1024-65535 range" row, and the rows without direction (`9000-9100`) or without protocol and
/// direction (`10000`) open nothing and are reported by [`ibm_systems_director_table`]. Port 69
/// (TFTP) is listed as TCP in the table; it is kept as written.
///
/// Our choices:
/// * Scope `localsubnet` for every exception: the table gives none, and the managed endpoints
///   are usually on the server's subnet; the description tells the admin to narrow it to the
///   management network's addresses.
/// * The exceptions go on the Domain profile (a management server lives on its domain
///   network); the Standard profile gets none. Protect all network connections is Enabled on
///   both, so the exceptions are what is open.
/// * Names `IBM Systems Director - <description> (TCP <port>)`, HTML stripped and shortened.
fn ibm_systems_director() -> (Policy, String) {
    let table = ibm_systems_director_table();
    let mut domain = firewall_on();
    domain.ports = Setting::enabled(table.ports.iter().map(|(_, e)| e.clone()).collect());
    let policy = Policy {
        domain,
        standard: firewall_on(),
        ..Policy::default()
    };
    let description = format!("\
Inbound ports of the IBM Systems Director server from its port table (IBM, \"IBM Systems Director Service and Support Manager Security Considerations\", section 2.1.2.1): {} port exceptions on the Domain profile; Windows Firewall on in both profiles.
NARROW THE SCOPE: every exception is limited to the local subnet because the table gives no scope; replace localsubnet with the addresses of your management network and managed endpoints.
Not opened ({} rows): outbound-only rows (Windows Firewall does not filter outbound traffic); 9514-9515 (the table says they must not be firewall accessible); the random IPMI port in the 1024-65535 range (fix it in asmDefinitions.properties and add it by hand); 9000-9100 (no direction given) and 10000 (no protocol or direction given) - check IBM's current port list and add them by hand if you need them.
Remove the exceptions for features you do not use (databases 1433, 1521, 1527, 50000; Remote Desktop 3389; VNC 5901; FTP 20, 21).",
        table.ports.len(),
        table.skipped.len()
    );
    (policy, description)
}

/// Remote Desktop for the admins' workstations only.
///
/// Facts: the Remote Desktop policy opens TCP 3389 for its scope (ADMX explain text,
/// reference §1.3). Choices: Domain profile only (admins connect inside the network), scope
/// [`ADMIN_SUBNET_PLACEHOLDER`] — a **placeholder** the description tells the admin to replace;
/// firewall on in both profiles; the Standard profile opens nothing.
fn remote_desktop_admins() -> (Policy, String) {
    let mut domain = firewall_on();
    domain.remote_desktop = Setting::enabled(Scope::List(vec![ScopeItem::Prefix(
        Ipv4Addr::new(192, 168, 10, 0),
        24,
    )]));
    let policy = Policy {
        domain,
        standard: firewall_on(),
        ..Policy::default()
    };
    let description = format!("\
Remote Desktop (TCP 3389) allowed in the office (Domain profile) from the admins' subnet only; Windows Firewall on in both profiles; nothing opened away from the office.
REPLACE THE PLACEHOLDER: {ADMIN_SUBNET_PLACEHOLDER} stands for your admins' workstations; put their subnet or addresses in the Remote Desktop scope before you deploy.");
    (policy, description)
}

/// File and printer sharing inside the office.
///
/// Facts: the policy opens UDP 137, 138 and TCP 139, 445 for its scope; opening 445 also lets
/// inbound ICMP echo through (ADMX explain text, reference §1.3 and §7 pitfall 3). Choices:
/// Domain profile only, scope `localsubnet`; firewall on in both profiles; the Standard
/// profile shares nothing (a laptop in a café must not).
fn file_and_printer_sharing_local() -> (Policy, String) {
    let mut domain = firewall_on();
    domain.file_and_print = Setting::enabled(Scope::local_subnet());
    let policy = Policy {
        domain,
        standard: firewall_on(),
        ..Policy::default()
    };
    let description = "\
File and printer sharing (UDP 137, 138; TCP 139, 445) allowed in the office (Domain profile) from the local subnet only; Windows Firewall on in both profiles; nothing shared away from the office.
Note: opening TCP 445 also lets inbound ping (ICMP echo) through, whatever the ICMP policy says."
        .to_string();
    (policy, description)
}

/// A laptop that is locked down away from the office.
///
/// Facts: "Do not allow exceptions" blocks all unsolicited inbound traffic and ignores every
/// exception (ADMX explain text, reference §7 pitfall 2); outside its domain network a
/// computer uses the Standard profile (seed 002, "Standard Profile. This profile is applied
/// when a computer is outside the network"; reference §6). Choices: Standard profile Protect
/// all, Do not allow exceptions Enabled and both "Allow local ... exceptions" Disabled (so a
/// local admin cannot reopen ports); Domain profile only turns the firewall on, leaving the
/// office settings to other GPOs.
fn locked_down_laptop() -> (Policy, String) {
    let mut standard = firewall_on();
    standard.do_not_allow_exceptions = Setting::enabled(());
    standard.allow_local_programs = Setting::disabled();
    standard.allow_local_ports = Setting::disabled();
    let policy = Policy {
        domain: firewall_on(),
        standard,
        ..Policy::default()
    };
    let description = "\
Away from the office (Standard profile) the laptop accepts no unsolicited inbound traffic at all: Do not allow exceptions is Enabled and local users cannot add exceptions. In the office (Domain profile) the firewall is on and the other settings are left to your office GPOs.
Remember that VPN and dial-up connections are ignored when Windows picks the profile, so remote users stay in the Standard profile."
        .to_string();
    (policy, description)
}
