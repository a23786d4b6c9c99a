//! The editor's pages.

pub mod compare;
pub mod exceptions;
pub mod export;
pub mod import;
pub mod presets;
pub mod rollout;
pub mod settings;
