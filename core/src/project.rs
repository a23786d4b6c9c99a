//! JSON project format (versioned).
