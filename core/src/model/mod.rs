//! The policy model: what an admin edits, independent of any file format.
//!
//! A [`policy::Policy`] holds two [`profile::Profile`]s (Domain and Standard), each with the
//! fourteen [`setting::Setting`]s of the Windows Firewall Administrative Template, the program
//! and port [`exception`] lists with their [`scope`]s, and the globals. Changes are
//! [`edit::Edit`] values; problems are [`diagnostic::Diagnostic`]s with stable codes.

pub mod diagnostic;
pub mod edit;
pub mod edit_args;
pub mod exception;
pub mod list;
pub mod names;
pub mod policy;
pub mod profile;
pub mod scope;
pub mod setting;
