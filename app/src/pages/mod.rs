//! The editor's pages.

pub mod compare;
pub mod exceptions;
pub mod export;
pub mod exposure;
pub mod import;
pub mod presets;
pub mod resultant;
pub mod rollout;
pub mod rollout_host;
pub mod settings;
