//! netsh advfirewall (Vista+) script export.
