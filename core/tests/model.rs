//! Cross-module property tests for the model: exception strings and registry mapping.
mod common;

use common::*;
use fwpolicy_core::registry::{from_records, to_records};
use fwpolicy_core::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn program_line_round_trips(e in arb_program()) {
        let line = e.to_string();
        let parsed = ProgramException::parse(&line, ParseOptions::TYPED);
        prop_assert!(parsed.is_ok(), "{line}: {:?}", parsed.diagnostics);
        prop_assert_eq!(parsed.value.as_ref(), Some(&e));
        prop_assert_eq!(parsed.value.map(|v| v.to_string()), Some(line));
    }

    #[test]
    fn port_line_round_trips(e in arb_port()) {
        let line = e.to_string();
        let parsed = PortException::parse(&line, ParseOptions::TYPED);
        prop_assert!(parsed.is_ok(), "{line}: {:?}", parsed.diagnostics);
        prop_assert_eq!(parsed.value.as_ref(), Some(&e));
        prop_assert_eq!(parsed.value.map(|v| v.to_string()), Some(line));
    }

    #[test]
    fn scope_round_trips(s in arb_scope()) {
        let text = s.to_string();
        prop_assert_eq!(Scope::parse(&text).value, Some(s));
    }

    #[test]
    fn registry_mapping_round_trips(p in arb_policy()) {
        let back = from_records(to_records(&p).records, &|_, d| d);
        prop_assert_eq!(back.policy, p);
    }

    #[test]
    fn parsers_never_panic(line in "\\PC{0,80}") {
        let _ = Exception::parse(&line, ParseOptions::TYPED);
        let _ = Exception::parse(&line, ParseOptions::IMPORTED);
        let _ = Scope::parse(&line);
    }
}

#[test]
fn kitchen_sink_is_valid_and_survives_registry_mapping() {
    let p = kitchen_sink();
    for kind in ProfileKind::ALL {
        for e in &p.profile(kind).ports.options {
            assert!(
                e.validate(Origin::Typed).iter().all(|d| !d.is_error()),
                "{e}"
            );
        }
    }
    let back = from_records(to_records(&p).records, &|_, d| d);
    assert_eq!(back.policy, p.normalized_for_registry());
}

// See: issue 9
#[test]
fn default_history_keeps_undo_steps() {
    use fwpolicy_core::model::edit::{Edit, History};
    let mut history = History::default();
    let mut policy = Policy::default();
    let before = policy.clone();
    let edit = Edit::SetState {
        profile: ProfileKind::Domain,
        setting: SettingId::ProtectAllConnections,
        state: State::Enabled,
    };
    history.apply(&mut policy, edit).unwrap();
    assert_ne!(policy, before);
    assert!(history.can_undo(), "History::default() kept no undo step");
    assert!(history.undo(&mut policy).is_some());
    assert_eq!(policy, before);
    assert!(!history.has_unexported_changes());
}
