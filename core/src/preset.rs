//! Presets derived from the seed documents.
