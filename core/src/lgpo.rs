//! LGPO.exe text format reader and writer.
