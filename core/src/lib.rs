//! # fwpolicy-core
//!
//! The pure heart of fwpolicy: the Windows Firewall Group Policy model (XP SP2 / Server 2003
//! SP1 Administrative Templates, Domain and Standard profiles), parsing and validation with
//! diagnostics, every import/export format, lint, diff and the rollout simulation.
//!
//! Invariants (see `ARCHITECTURE.md`):
//! * No I/O, no clock, no global randomness, no browser APIs: time and a seeded RNG are
//!   arguments. Everything here runs and is tested on the host.
//! * Edits are values ([`model::edit::Edit`]); `apply` returns a new policy and an inverse edit.
//! * Serialization happens only at the edge (format modules, through their own serde file
//!   types); the model types are not serde.
//! * Bad input never panics: parsers return values with [`Diagnostic`]s.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analysis;
pub mod formats;
pub mod import;
pub mod model;
pub mod presets;
pub mod registry;
pub mod resultant;
pub mod rollout;

pub use model::diagnostic::{Code, Diagnostic, Field, Parsed, Severity};
pub use model::exception::{
    Exception, Origin, ParseOptions, Port, PortException, ProgramException, Status, Transport,
};
pub use model::policy::{GlobalId, Policy};
pub use model::profile::{Profile, ProfileKind, SettingId, SettingKind};
pub use model::scope::{Scope, ScopeItem};
pub use model::setting::{
    IcmpOption, IcmpOptions, LoggingOptions, RefreshInterval, Setting, State,
};
pub use registry::{Record, RegType};
