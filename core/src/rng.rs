//! Seeded pseudo-random numbers (no global randomness in core).
