//! Diff between two policies.
