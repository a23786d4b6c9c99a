//! Reading a policy back to the admin: [`lint`] findings, the firewall-aware [`diff`] and the
//! [`exposure`] of each profile.

pub mod diff;
pub mod exposure;
pub mod lint;
