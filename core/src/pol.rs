//! Registry.pol (PReg v1) reader and writer.
