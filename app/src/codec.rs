//! The project document stored by autosave and offered as `<title>.fwpolicy.json`.
//!
//! INTERIM: until `core::project` (the versioned JSON project format) lands, this writes the
//! registry values of the policy (`registry::to_records`) plus the interface exclusions as
//! tab-separated text and reads them back with `registry::from_records`. It keeps everything
//! an export keeps; options of settings that are not Enabled are reset to defaults.

use fwpolicy_core::registry::{from_records, hex, to_records};
use fwpolicy_core::{Policy, ProfileKind, Record, RegType};

const MAGIC: &str = "fwpolicy-records 1";

/// Why a project text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    /// Written by a newer format version.
    Newer(u32),
    /// Not readable; the reason.
    Invalid(String),
}

/// Writes the policy and title.
pub fn to_text(policy: &Policy, title: &str) -> String {
    let mut out = format!("{MAGIC}\ntitle\t{}\n", title.replace(['\n', '\t'], " "));
    for kind in ProfileKind::ALL {
        for name in &policy.profile(kind).excluded_interfaces {
            out.push_str(&format!("iface\t{}\t{name}\n", kind.as_str()));
        }
    }
    for r in to_records(policy).records {
        out.push_str(&format!(
            "rec\t{}\t{}\t{}\t{}\n",
            r.key,
            r.value,
            r.kind.0,
            hex(&r.data).replace(' ', "")
        ));
    }
    out
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Reads a text written by [`to_text`].
pub fn from_text(text: &str) -> Result<(Policy, String), CodecError> {
    let mut lines = text.lines();
    if lines.next() != Some(MAGIC) {
        return Err(CodecError::Invalid("the project header is missing".into()));
    }
    let mut title = String::new();
    let mut records = Vec::new();
    let mut ifaces: Vec<(ProfileKind, String)> = Vec::new();
    for (n, line) in lines.enumerate() {
        let bad = || CodecError::Invalid(format!("line {} is damaged", n + 2));
        let mut f = line.split('\t');
        match f.next() {
            Some("title") => title = f.next().unwrap_or_default().to_string(),
            Some("iface") => {
                let kind = f.next().and_then(ProfileKind::parse).ok_or_else(bad)?;
                ifaces.push((kind, f.next().ok_or_else(bad)?.to_string()));
            }
            Some("rec") => {
                let parts: Vec<&str> = f.collect();
                let [key, value, kind, data] = parts.as_slice() else {
                    return Err(bad());
                };
                records.push(Record {
                    key: key.to_string(),
                    value: value.to_string(),
                    kind: RegType(kind.parse().map_err(|_| bad())?),
                    data: unhex(data).ok_or_else(bad)?,
                });
            }
            _ => return Err(bad()),
        }
    }
    let mut policy = from_records(records, &|_, d| d).policy;
    for (kind, name) in ifaces {
        policy.profile_mut(kind).excluded_interfaces.push(name);
    }
    Ok((policy, title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::{ParseOptions, PortException, Setting};

    #[test]
    fn round_trips_records_and_interfaces() {
        let mut p = Policy::default();
        p.domain.ports = Setting::enabled(vec![PortException::parse(
            "80:TCP:localsubnet:enabled:Web",
            ParseOptions::TYPED,
        )
        .value
        .unwrap_or_else(|| panic!("test line"))]);
        p.standard.excluded_interfaces = vec!["Virtual Ethernet".into()];
        let text = to_text(&p, "T");
        assert_eq!(from_text(&text), Ok((p, "T".to_string())));
        assert!(from_text("nope").is_err());
        assert!(from_text(&format!("{MAGIC}\nrec\tK\tV\t4\t0")).is_err());
    }
}
