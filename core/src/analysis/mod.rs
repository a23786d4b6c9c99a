//! Reading a policy back to the admin: [`lint`] findings, the firewall-aware [`diff`] and its
//! text, Markdown, JSON and side-by-side forms ([`compare`]), a profile's settings
//! [`overview`], and the [`exposure`] of each profile.

pub mod compare;
pub mod diff;
pub mod exposure;
pub mod lint;
pub mod overview;
