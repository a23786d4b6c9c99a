//! Imports for people: exception definitions pasted one per line, and port tables copied from
//! vendor documentation.
//!
//! **Pasted lines** ([`exception_lines`]): one `Path:Scope:Status:Name` or
//! `Port:Transport:Scope:Status:Name` per line, the kind detected per line
//! ([`Exception::parse`](crate::model::exception::Exception::parse)). Blank lines and lines starting with `#` or `;` are skipped, CRLF is
//! fine, indentation is ignored (trailing spaces belong to the name and are kept, with a
//! warning). Each bad line is reported with its line number, field
//! and span (in line coordinates) and the good lines still import. Decision: pasted text counts
//! as **typed** ([`ParseOptions::TYPED`](crate::model::exception::ParseOptions::TYPED)) — the admin is entering it into the editor now, so a
//! name with `"`, `;`, `:` or a control character is an error on that line, to be fixed there,
//! rather than a warning that turns into a refused export later. Callers that read a file
//! written by someone else can use [`exception_lines_with`] and [`ParseOptions::IMPORTED`](crate::model::exception::ParseOptions::IMPORTED).
//!
//! **Port tables** ([`port_table`]): TSV or CSV (quoted fields with `""` escapes, also spanning
//! lines), header optional, the way admins copy tables out of vendor documents. Columns are found
//! by header names (Port / Protocol / Direction / Description and common variants; a header row
//! may repeat, as when a table spans pages, and may change the layout) or, without a header, by
//! content. Cells may hold HTML (tags stripped, every HTML entity decoded by `html-escape`).
//! The rows are split by a small reader of our own rather than the `csv` crate: it detects TSV
//! or CSV per paste, keeps the 1-based source line of every row (a quoted field may span lines)
//! so that each skipped or bad row is reported with its line, and reads a quote that never
//! closes as plain text on its own line (with a warning) instead of letting it swallow the
//! rest of the paste or stop the read, as `csv` would. The table is
//! read as an admin would:
//! * a range `9511-9513` becomes one exception per port (a port exception opens exactly one
//!   port); ranges larger than [`TableOptions::max_range`] are refused, so a
//!   `1024-65535` line cannot open the whole dynamic range;
//! * `TCP,UDP` / `TCP, UDP` / `both` give one exception per transport;
//! * the direction `Inbound`, `Inbound, Outbound` or `Outbound and Inbound` is inbound;
//!   `Outbound (TCP,UDP) Inbound (TCP)` is inbound for TCP only; outbound-only rows are not
//!   inbound exceptions;
//! * a table without a direction column is taken as a list of inbound ports (said once);
//! * rows that say the port must not be firewall accessible, random/dynamic ports, rows without
//!   protocol or direction, unknown protocols (`UDB`) and note rows are **reported** in
//!   [`TableImport::skipped`] with a reason, never silently dropped.
//!
//! Names are derived from the description: HTML stripped, trailing notes (`Note: ...`) cut,
//! whitespace collapsed, `:` `;` `"` and typographic characters replaced so the name is valid
//! as typed, shortened to [`TableOptions::max_description_len`] at a word boundary, and the
//! whole definition kept within [`MAX_DEFINITION_LEN`](crate::model::exception::MAX_DEFINITION_LEN) characters; the port is appended, e.g.
//! `IBM Systems Director - CIM listener (TCP 6988)`.
//!
//! **Forgiving paste** ([`paste::paste`]): one editable preview row per pasted line, from
//! space-separated columns or free text (`Port 9514 TCP Agent`), definition lines or tabs,
//! each row flagged when it duplicates the current profile or an earlier line.
//!
//! Invariant: no importer panics, whatever the text.

mod html;
mod lines;
pub mod paste;
mod tables;

pub use lines::{exception_lines, exception_lines_with, LinesImport};
pub use tables::{
    port_table, SkipReason, SkippedRow, TableImport, TableOptions, DEFAULT_MAX_DESCRIPTION_LEN,
    DEFAULT_MAX_RANGE,
};
