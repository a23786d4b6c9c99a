//! Reading a policy back to the admin: [`lint`] findings, the firewall-aware [`diff`] and its
//! text, Markdown, JSON and side-by-side forms ([`compare`]), and a profile's settings
//! [`overview`].

pub mod compare;
pub mod diff;
pub mod lint;
pub mod overview;
