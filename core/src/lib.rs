//! # fwpolicy-core
//!
//! The pure heart of fwpolicy: the Windows Firewall Group Policy model (XP SP2 / Server 2003
//! SP1 Administrative Templates, Domain and Standard profiles), parsing and validation with
//! diagnostics, every import/export format, lint, diff and the rollout simulation.
//!
//! Invariants (see `ARCHITECTURE.md`):
//! * No I/O, no clock, no global randomness, no browser APIs: time and a seeded RNG are
//!   arguments. Everything here runs and is tested on the host.
//! * Edits are values ([`edit::Edit`]); `apply` returns a new policy and an inverse edit.
//! * Serialization happens only at the edge (format modules); the model types are not serde.
//! * Bad input never panics: parsers return values with [`diagnostic::Diagnostic`]s.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod case;
pub mod diagnostic;
pub mod edit;
pub mod exception;
mod json;
pub mod policy;
pub mod profile;
pub mod registry;
pub mod scope;
pub mod setting;
pub mod sort;
pub mod text;

// Formats (one module each; serialization lives only here).
pub mod advfirewall;
pub mod lgpo;
pub mod netsh;
pub mod pol;
pub mod powershell;
pub mod project;
pub mod reg;
pub mod report;
pub mod script;

// Imports for people, presets, analysis, simulation.
pub mod convert;
pub mod diff;
pub mod import;
pub mod lint;
pub mod preset;
pub mod rng;
pub mod rollout;

pub use diagnostic::{Code, Diagnostic, Field, Parsed, Severity};
pub use exception::{
    Exception, Origin, ParseOptions, Port, PortException, ProgramException, Status, Transport,
};
pub use policy::{GlobalId, Policy};
pub use profile::{Profile, ProfileKind, SettingId, SettingKind};
pub use registry::{Record, RegType};
pub use scope::{Scope, ScopeItem};
pub use setting::{IcmpOption, IcmpOptions, LoggingOptions, RefreshInterval, Setting, State};
