//! Readable HTML and Markdown reports.
