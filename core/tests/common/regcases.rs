//! Golden cases shared by the registry-based formats (Registry.pol, LGPO text, .reg), and a
//! hand-built GPMC-style Registry.pol file.
//!
//! The file is assembled here byte by byte, independently of `fwpolicy_core::formats::pol::encode`, so
//! that the decoder is tested against bytes it did not produce.

use fwpolicy_core::formats::pol;
use fwpolicy_core::registry::Record;
use fwpolicy_core::*;

use super::kitchen_sink;

/// Builds a PReg v1 file record by record without using the crate's encoder.
pub struct PregBuilder {
    bytes: Vec<u8>,
}

fn utf16z(text: &str) -> Vec<u8> {
    let mut out: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    out.extend_from_slice(&[0, 0]);
    out
}

impl Default for PregBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl PregBuilder {
    /// Header only: `PReg` + version 1.
    pub fn new() -> Self {
        PregBuilder {
            bytes: vec![0x50, 0x52, 0x65, 0x67, 0x01, 0x00, 0x00, 0x00],
        }
    }

    /// Any record, raw.
    pub fn raw(mut self, key: &str, value: &str, kind: u32, data: &[u8]) -> Self {
        let b = &mut self.bytes;
        b.extend_from_slice(&[0x5b, 0x00]);
        b.extend_from_slice(&utf16z(key));
        b.extend_from_slice(&[0x3b, 0x00]);
        b.extend_from_slice(&utf16z(value));
        b.extend_from_slice(&[0x3b, 0x00]);
        b.extend_from_slice(&kind.to_le_bytes());
        b.extend_from_slice(&[0x3b, 0x00]);
        b.extend_from_slice(&(data.len() as u32).to_le_bytes());
        b.extend_from_slice(&[0x3b, 0x00]);
        b.extend_from_slice(data);
        b.extend_from_slice(&[0x5d, 0x00]);
        self
    }

    /// A REG_DWORD.
    pub fn dword(self, key: &str, value: &str, data: u32) -> Self {
        self.raw(key, value, 4, &data.to_le_bytes())
    }

    /// A REG_SZ (data with its NUL).
    pub fn sz(self, key: &str, value: &str, text: &str) -> Self {
        self.raw(key, value, 1, &utf16z(text))
    }

    /// A `**del.<value>` marker as GPMC writes it (REG_SZ, one space + NUL).
    pub fn del(self, key: &str, value: &str) -> Self {
        self.sz(key, &format!("**del.{value}"), " ")
    }

    /// The file.
    pub fn bytes(self) -> Vec<u8> {
        self.bytes
    }
}

const D: &str = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile";
const S: &str = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\StandardProfile";
/// Key of the unrelated Windows Update policy in the GPMC-style file.
pub const WU: &str = r"Software\Policies\Microsoft\Windows\WindowsUpdate";
/// Key of the unrelated device-installation list (a non-additive list with `**delvals.`).
pub const DENY: &str =
    r"Software\Policies\Microsoft\Windows\DeviceInstall\Restrictions\DenyDeviceIDs";
/// Key of the made-up vendor policy holding the other value types.
pub const AGENT: &str = r"Software\Policies\Contoso\Agent";

/// Firewall part of the GPMC-style file, in the order GPMC (and our writer) put it.
pub fn gpmc_firewall(b: PregBuilder) -> PregBuilder {
    let program = r"%windir%\system32\sessmgr.exe:*:enabled:Remote Assistance";
    let port = "3389:TCP:10.0.0.0/8:enabled:Remote Desktop (admins)";
    b.dword(D, "EnableFirewall", 1)
        .dword(D, "DoNotAllowExceptions", 0)
        .dword(&format!(r"{D}\AuthorizedApplications"), "Enabled", 1)
        .sz(
            &format!(r"{D}\AuthorizedApplications\List"),
            program,
            program,
        )
        .dword(&format!(r"{D}\Services\FileAndPrint"), "Enabled", 1)
        .sz(
            &format!(r"{D}\Services\FileAndPrint"),
            "RemoteAddresses",
            "localsubnet",
        )
        .dword(&format!(r"{D}\Services\RemoteDesktop"), "Enabled", 0)
        .del(&format!(r"{D}\Services\RemoteDesktop"), "RemoteAddresses")
        .dword(&format!(r"{D}\GloballyOpenPorts"), "Enabled", 1)
        .sz(&format!(r"{D}\GloballyOpenPorts\List"), port, port)
        .dword(S, "EnableFirewall", 1)
        .dword(S, "DoNotAllowExceptions", 1)
}

/// Unrelated policies of the same GPO: Windows Update, a non-additive list (`**delvals.`),
/// a `**del.` marker, and values of every other type (EXPAND_SZ, MULTI_SZ, BINARY, QWORD).
pub fn gpmc_unrelated(b: PregBuilder) -> PregBuilder {
    let multi: Vec<u8> = ["wsus1.contoso.local", "wsus2.contoso.local"]
        .iter()
        .flat_map(|s| utf16z(s))
        .chain([0, 0])
        .collect();
    let blob: Vec<u8> = (0u8..40).map(|i| i.wrapping_mul(37)).collect();
    b.dword(&format!(r"{WU}\AU"), "NoAutoUpdate", 0)
        .dword(&format!(r"{WU}\AU"), "AUOptions", 4)
        .sz(WU, "WUServer", "http://wsus.contoso.local:8530")
        .del(WU, "TargetGroup")
        .sz(DENY, "**delvals.", " ")
        .sz(DENY, "1", r"USB\VID_0781&PID_5567")
        .raw(
            r"Software\Policies\Microsoft\Windows\EventLog\Application",
            "File",
            2,
            &utf16z(r"%SystemRoot%\System32\Winevt\Logs\Application.evtx"),
        )
        .raw(AGENT, "Servers", 7, &multi)
        .raw(AGENT, "Blob", 3, &blob)
        .raw(AGENT, "Quota", 11, &5_000_000_000u64.to_le_bytes())
        .dword(AGENT, "**SecureKey", 1)
}

/// A Registry.pol as GPMC would leave it for a GPO that sets firewall policies and unrelated
/// policies: firewall values first (in GPMC's order), then the others.
pub fn gpmc_style_file() -> Vec<u8> {
    gpmc_unrelated(gpmc_firewall(PregBuilder::new())).bytes()
}

/// A small policy: the Standard profile on, one port exception, ICMP disabled.
pub fn single_port() -> Policy {
    let mut p = Policy::default();
    p.standard.protect_all = Setting::enabled(());
    p.standard.ports = Setting::enabled(vec![PortException::parse(
        "3389:TCP:localsubnet:enabled:Remote Desktop",
        ParseOptions::TYPED,
    )
    .value
    .unwrap_or_else(|| unreachable!())]);
    p.standard.icmp = Setting::disabled();
    p
}

/// The golden cases every registry-based format writes: `(case directory, policy)`.
pub fn cases() -> Vec<(&'static str, Policy)> {
    let gpmc = pol::read(&gpmc_style_file())
        .unwrap_or_else(|e| panic!("GPMC-style file does not read: {e}"))
        .policy;
    vec![
        ("empty", Policy::default()),
        ("single-port", single_port()),
        ("kitchen-sink", kitchen_sink()),
        ("gpmc-import", gpmc),
    ]
}

/// The records as a JSON list (key, value, type, size, data as lowercase hex): what the
/// independent cross-check compares the Registry.pol files against.
pub fn entries_json(records: &[Record]) -> String {
    let entries: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            serde_json::json!({
                "key": r.key,
                "value": r.value,
                "type": r.kind.0,
                "size": r.data.len(),
                "data": r.data.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&entries).unwrap();
    text.push('\n');
    text
}
