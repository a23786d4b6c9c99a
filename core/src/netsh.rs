//! netsh firewall (XP SP2 / 2003 SP1) script export.
