//! Imports for people: pasted exception lines and port tables.
