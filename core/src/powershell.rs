//! PowerShell NetSecurity script export.
