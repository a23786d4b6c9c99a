//! .reg (regedit) export.
