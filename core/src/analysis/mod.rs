//! Reading a policy back to the admin: [`lint`] findings and the firewall-aware [`diff`].

pub mod diff;
pub mod lint;
