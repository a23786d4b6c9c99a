//! Registry values: the common ground of Registry.pol, LGPO text and .reg.
//!
//! [`to_records`] turns a [`Policy`](crate::model::policy::Policy) into the exact list of registry values (with delete
//! markers) that GPMC would write for it (reference §1.3–1.4, §2.4); [`from_records`] maps a
//! list of values read from any of those files back onto the model. The byte-level formats
//! (`pol`, `lgpo`, `reg`) only serialize [`Record`]s.
//!
//! Invariants:
//! * Not configured writes nothing. Enabled writes the policy value and every option value.
//!   Disabled writes the disabled value and a `**del.` marker for each option value
//!   (Logging also writes its REG_SZ "0" pair, the ADMX `disabledList` quirk).
//! * The exception lists are additive: items are written under `...\List` with the whole
//!   definition string as both value name and data, and no `**delvals.` is written.
//! * Output order is deterministic: Domain, Standard (each in [`SettingId::ALL`](crate::model::profile::SettingId::ALL) order), the
//!   global settings, then the unowned values in their original order.
//! * [`from_records`] never fails and never drops a value: anything it cannot map exactly is
//!   kept in [`Policy::unowned`](crate::model::policy::Policy::unowned) with a diagnostic saying why.

mod read;
mod record;
mod write;

pub use read::{from_records, Read};
pub use record::{
    decode_utf16z, hex, hex_byte, parse_hex, utf16z, HexError, Record, RegType, DELVALS, DEL_PREFIX,
};
pub use write::{to_records, Written};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagnostic::{Code, Diagnostic};
    use crate::model::exception::{PortException, ProgramException};
    use crate::model::policy::Policy;

    use crate::model::exception::{Port, Status, Transport};
    use crate::model::scope::Scope;
    use crate::model::setting::{IcmpOption, IcmpOptions, RefreshInterval, Setting, State};

    fn no_loc(_: usize, d: Diagnostic) -> Diagnostic {
        d
    }

    fn sample() -> Policy {
        let mut p = Policy::default();
        p.domain.protect_all = Setting::enabled(());
        p.domain.programs = Setting::enabled(vec![ProgramException {
            path: r"%windir%\system32\sessmgr.exe".into(),
            scope: Scope::Any,
            status: Status::Enabled,
            name: "Remote Assistance".into(),
        }]);
        p.domain.ports = Setting::enabled(vec![PortException {
            port: Port::new(135).unwrap_or_else(|| {
                Port::new(1).unwrap_or(Port::new(2).unwrap_or_else(|| unreachable!()))
            }),
            transport: Transport::Tcp,
            scope: Scope::Any,
            status: Status::Enabled,
            name: "Remote Assistance".into(),
        }]);
        p.domain.file_and_print = Setting::enabled(Scope::local_subnet());
        p.domain.remote_desktop = Setting::disabled();
        p.domain.logging = Setting::disabled();
        p.standard.icmp =
            Setting::enabled(IcmpOptions::default().with(IcmpOption::InboundEchoRequest, true));
        p.standard.allow_local_programs = Setting::enabled(());
        p.ipsec_bypass = Setting::disabled();
        p.refresh = Setting::enabled(RefreshInterval {
            minutes: 60,
            offset: 15,
        });
        p.unowned.push(Record::dword(
            r"Software\Policies\Microsoft\Windows\WindowsUpdate\AU",
            "NoAutoUpdate",
            0,
        ));
        p
    }

    #[test]
    fn list_items_have_definition_as_name_and_data() {
        let w = to_records(&sample());
        let item = w
            .records
            .iter()
            .find(|r| r.key.ends_with(r"GloballyOpenPorts\List"))
            .cloned()
            .unwrap_or_else(|| Record::dword("", "", 0));
        assert_eq!(
            item.key,
            r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts\List"
        );
        assert_eq!(item.value, "135:TCP:*:enabled:Remote Assistance");
        assert_eq!(
            item.as_string().as_deref(),
            Some("135:TCP:*:enabled:Remote Assistance")
        );
        assert!(!w
            .records
            .iter()
            .any(|r| r.value.eq_ignore_ascii_case(DELVALS)));
    }

    #[test]
    fn disabled_writes_disabled_value_and_delete_markers() {
        let w = to_records(&sample());
        let rd: Vec<_> = w
            .records
            .iter()
            .filter(|r| r.key.ends_with(r"Services\RemoteDesktop"))
            .collect();
        assert_eq!(rd.len(), 2);
        assert_eq!(rd[0].as_dword(), Some(0));
        assert_eq!(rd[1].value, "**del.RemoteAddresses");
        assert_eq!(rd[1].data, vec![0x20, 0, 0, 0]);
        let log: Vec<_> = w
            .records
            .iter()
            .filter(|r| r.key.ends_with(r"DomainProfile\Logging"))
            .collect();
        assert_eq!(log[0].kind, RegType::SZ);
        assert_eq!(log[0].value, "LogDroppedPackets");
        assert_eq!(log[0].as_string().as_deref(), Some("0"));
        assert_eq!(log[1].value, "LogSuccessfulConnections");
        assert_eq!(log[1].kind, RegType::SZ);
    }

    // See: issue 3 (registry formats). A value name with a multi-byte character across byte 6
    // (e.g. "**de✓", read from a Registry.pol) made `deleted_value` slice inside the character
    // and panic.
    #[test]
    fn deleted_value_does_not_panic_on_multibyte_names() {
        assert_eq!(Record::sz("K", "**de✓x", "1").deleted_value(), None);
        assert_eq!(Record::sz("K", "✓", "1").deleted_value(), None);
        assert_eq!(Record::delete("K", "✓").deleted_value(), Some("✓"));
        assert_eq!(Record::sz("K", "**DEL.x", " ").deleted_value(), Some("x"));
    }

    #[test]
    fn not_configured_writes_nothing() {
        assert!(to_records(&Policy::default()).records.is_empty());
    }

    #[test]
    fn round_trip_through_records() {
        let p = sample();
        let back = from_records(to_records(&p).records, &no_loc);
        assert_eq!(back.policy, p.normalized_for_registry());
        assert!(
            !back.diagnostics.iter().any(|d| d.is_error()),
            "{:?}",
            back.diagnostics
        );
    }

    #[test]
    fn unknown_values_are_kept_in_order() {
        let extra = vec![
            Record::sz(r"Software\Policies\Microsoft\Windows\Foo", "Bar", "x"),
            Record::dword(
                r"SOFTWARE\Policies\Microsoft\WindowsFirewall\PrivateProfile",
                "EnableFirewall",
                1,
            ),
            Record::dword(
                r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile",
                "EnableFirewall",
                7,
            ),
        ];
        let back = from_records(extra.clone(), &no_loc);
        assert_eq!(back.policy.unowned, extra);
        assert_eq!(back.policy.domain.protect_all.state, State::NotConfigured);
        let again = to_records(&back.policy).records;
        assert_eq!(again, extra);
    }

    #[test]
    fn bad_list_item_is_kept_verbatim_with_warning() {
        let key = r"SOFTWARE\Policies\Microsoft\WindowsFirewall\DomainProfile\GloballyOpenPorts";
        let recs = vec![
            Record::dword(key, "Enabled", 1),
            Record::sz(
                &format!(r"{key}\List"),
                "70000:TCP:*:enabled:x",
                "70000:TCP:*:enabled:x",
            ),
            Record::sz(
                &format!(r"{key}\List"),
                "80:tcp:*:Enabled:Web",
                "80:tcp:*:Enabled:Web",
            ),
        ];
        let back = from_records(recs, &no_loc);
        assert_eq!(back.policy.domain.ports.options.len(), 1);
        assert_eq!(back.policy.unowned.len(), 1);
        assert!(back
            .diagnostics
            .iter()
            .any(|d| d.message.contains("out of range")));
        assert!(back
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Canonicalized));
    }
}
