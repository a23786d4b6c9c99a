//! `fwpolicy edit` operations: command-line words turned into [`Edit`] values.
//!
//! Each operation is a flag and its values (`--set domain.protectAllConnections=disabled`,
//! `--add-port domain "8080:TCP:localsubnet:enabled:Proxy"`); [`OPERATIONS`] lists them with
//! a one-line help and an example. Profile, setting and state ids are exactly the project
//! file's ([`ProfileKind::as_str`], [`SettingId::json_key`], [`GlobalId::json_key`],
//! [`State::as_str`]). Exceptions are parsed as typed by an admin
//! ([`ParseOptions::TYPED`]), so they are written in canonical form.
//!
//! Invariants: [`apply_all`] applies the operations in order, each resolved against the
//! policy the previous ones left, and either all apply or the policy is unchanged and the
//! error names the operation that did not apply (unknown id, duplicate port or program,
//! missing item, invalid value). Nothing here reads or writes files.

use crate::model::diagnostic::quoted;
use std::fmt;

use crate::model::diagnostic::{Diagnostic, Severity};
use crate::model::edit::{apply_in_place, Edit, ListKind};
use crate::model::exception::{
    ParseOptions, Port, PortException, ProgramException, Status, Transport,
};
use crate::model::policy::{GlobalId, Policy};
use crate::model::profile::{ProfileKind, SettingId};
use crate::model::scope::Scope;
use crate::model::setting::{RefreshInterval, State};

/// One operation `fwpolicy edit` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The flag, without the leading `--`.
    pub flag: &'static str,
    /// The value names, one per value the flag takes.
    pub values: &'static [&'static str],
    /// What it does.
    pub help: &'static str,
    /// An example, as typed after `fwpolicy edit Registry.pol`.
    pub example: &'static str,
}

/// Every operation, in the order `fwpolicy edit --help` lists them.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        flag: "set",
        values: &["PROFILE.SETTING=STATE"],
        help: "set a profile setting (or GLOBAL=STATE for ipsecBypass, refreshInterval) to enabled, disabled or not-configured",
        example: "--set domain.protectAllConnections=disabled",
    },
    Operation {
        flag: "set-scope",
        values: &["PROFILE.SERVICE=SCOPE"],
        help: "set the scope of remoteAdministration, fileAndPrinterSharing, remoteDesktop or upnpFramework",
        example: "--set-scope domain.remoteDesktop=localsubnet,10.0.0.0/8",
    },
    Operation {
        flag: "add-port",
        values: &["PROFILE", "PORT:PROTOCOL:SCOPE:STATUS:NAME"],
        help: "add a port exception (enables the list when it is not configured)",
        example: "--add-port domain \"8080:TCP:localsubnet:enabled:Proxy\"",
    },
    Operation {
        flag: "remove-port",
        values: &["PROFILE", "PORT/PROTOCOL"],
        help: "remove the port exception(s) for this port",
        example: "--remove-port domain 8080/TCP",
    },
    Operation {
        flag: "enable-port",
        values: &["PROFILE", "PORT/PROTOCOL"],
        help: "set an existing port exception's status to enabled",
        example: "--enable-port standard 3389/TCP",
    },
    Operation {
        flag: "disable-port",
        values: &["PROFILE", "PORT/PROTOCOL"],
        help: "set an existing port exception's status to disabled",
        example: "--disable-port standard 3389/TCP",
    },
    Operation {
        flag: "add-program",
        values: &["PROFILE", "PATH:SCOPE:STATUS:NAME"],
        help: "add a program exception (enables the list when it is not configured)",
        example: "--add-program domain \"%ProgramFiles%\\App\\app.exe:*:enabled:App\"",
    },
    Operation {
        flag: "remove-program",
        values: &["PROFILE", "PATH"],
        help: "remove the program exception(s) for this path (case-insensitive)",
        example: "--remove-program domain \"%ProgramFiles%\\App\\app.exe\"",
    },
    Operation {
        flag: "enable-program",
        values: &["PROFILE", "PATH"],
        help: "set an existing program exception's status to enabled",
        example: "--enable-program domain \"%ProgramFiles%\\App\\app.exe\"",
    },
    Operation {
        flag: "disable-program",
        values: &["PROFILE", "PATH"],
        help: "set an existing program exception's status to disabled",
        example: "--disable-program domain \"%ProgramFiles%\\App\\app.exe\"",
    },
    Operation {
        flag: "add-interface",
        values: &["PROFILE", "CONNECTION"],
        help: "turn the firewall off for a connection (interface exclusion; only the scripts carry it)",
        example: "--add-interface domain \"Local Area Connection 2\"",
    },
    Operation {
        flag: "remove-interface",
        values: &["PROFILE", "CONNECTION"],
        help: "remove an interface exclusion",
        example: "--remove-interface domain \"Local Area Connection 2\"",
    },
    Operation {
        flag: "set-sddl",
        values: &["SDDL"],
        help: "set the SDDL of ipsecBypass (its state is set with --set ipsecBypass=enabled)",
        example: "--set-sddl \"O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1-2-3-512)\"",
    },
    Operation {
        flag: "set-refresh",
        values: &["MINUTES,OFFSET"],
        help: "set the refreshInterval options (its state is set with --set refreshInterval=enabled)",
        example: "--set-refresh 60,15",
    },
];

/// The operation named by `flag` (with or without the leading `--`).
pub fn operation(flag: &str) -> Option<&'static Operation> {
    let flag = flag.strip_prefix("--").unwrap_or(flag);
    OPERATIONS.iter().find(|o| o.flag == flag)
}

/// One operation as typed: the flag (without `--`) and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditArg {
    /// The flag, without the leading `--`.
    pub flag: String,
    /// Its values.
    pub values: Vec<String>,
}

impl fmt::Display for EditArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{}", self.flag)?;
        for v in &self.values {
            if v.is_empty() || v.contains([' ', '"', '\'']) || v.contains(char::is_control) {
                // As typed, in quotes (no escaping: a path keeps single backslashes).
                write!(f, " {}", quoted(v))?;
            } else {
                write!(f, " {v}")?;
            }
        }
        Ok(())
    }
}

/// An operation that did not apply: which one (as typed) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{arg}: {reason}")]
pub struct EditArgError {
    /// The operation, as typed.
    pub arg: String,
    /// Why it did not apply.
    pub reason: String,
}

fn profile(text: &str) -> Result<ProfileKind, String> {
    match text {
        "domain" => Ok(ProfileKind::Domain),
        "standard" => Ok(ProfileKind::Standard),
        other => Err(format!(
            "unknown profile {}; use domain or standard",
            quoted(other)
        )),
    }
}

fn state(text: &str) -> Result<State, String> {
    State::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            format!(
                "unknown state {}; use enabled, disabled or not-configured",
                quoted(text)
            )
        })
}

fn setting_names() -> String {
    let names: Vec<&str> = SettingId::ALL.iter().map(|s| s.json_key()).collect();
    names.join(", ")
}

/// `PROFILE.SETTING=VALUE` → (profile, setting, value).
fn profile_setting(text: &str) -> Result<(ProfileKind, SettingId, &str), String> {
    let (lhs, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected PROFILE.SETTING=VALUE, found {}", quoted(text)))?;
    let (p, s) = lhs
        .split_once('.')
        .ok_or_else(|| format!("expected PROFILE.SETTING before '=', found {}", quoted(lhs)))?;
    let kind = profile(p)?;
    let id = SettingId::from_json_key(s).ok_or_else(|| {
        format!(
            "unknown setting {}; settings: {}",
            quoted(s),
            setting_names()
        )
    })?;
    Ok((kind, id, value))
}

fn first_error(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .unwrap_or_else(|| "not valid".into())
}

fn port_key(text: &str) -> Result<(Port, Transport), String> {
    let (p, t) = text.split_once('/').ok_or_else(|| {
        format!(
            "expected PORT/PROTOCOL (e.g. 8080/TCP), found {}",
            quoted(text)
        )
    })?;
    let port = Port::parse(p).map_err(|d| d.message)?;
    let transport =
        Transport::parse(t).ok_or_else(|| format!("protocol {} must be TCP or UDP", quoted(t)))?;
    Ok((port, transport))
}

fn port_indices(
    policy: &Policy,
    kind: ProfileKind,
    port: Port,
    transport: Transport,
) -> Vec<usize> {
    let list = &policy.profile(kind).ports.options;
    list.iter()
        .enumerate()
        .filter(|(_, e)| e.port == port && e.transport == transport)
        .map(|(i, _)| i)
        .collect()
}

fn program_indices(policy: &Policy, kind: ProfileKind, path: &str) -> Vec<usize> {
    let list = &policy.profile(kind).programs.options;
    list.iter()
        .enumerate()
        .filter(|(_, e)| e.path.eq_ignore_ascii_case(path))
        .map(|(i, _)| i)
        .collect()
}

fn missing(what: String, kind: ProfileKind) -> String {
    format!("there is no {what} in the {}", kind.label())
}

/// The edit one operation makes to `policy`.
pub fn resolve(policy: &Policy, arg: &EditArg) -> Result<Edit, String> {
    let Some(op) = operation(&arg.flag) else {
        let flags: Vec<String> = OPERATIONS.iter().map(|o| format!("--{}", o.flag)).collect();
        return Err(format!("unknown edit; edits: {}", flags.join(", ")));
    };
    if arg.values.len() != op.values.len() {
        return Err(format!(
            "expected {} value(s): {}",
            op.values.len(),
            op.values.join(" ")
        ));
    }
    let v = |i: usize| arg.values.get(i).map_or("", String::as_str);
    match op.flag {
        "set" => {
            let text = v(0);
            if let Some((g, value)) = text.split_once('=') {
                if let Some(id) = GlobalId::ALL.into_iter().find(|id| id.json_key() == g) {
                    return Ok(Edit::SetGlobalState {
                        setting: id,
                        state: state(value)?,
                    });
                }
            }
            let (kind, id, value) = profile_setting(text)?;
            Ok(Edit::set_state(kind, id, state(value)?))
        }
        "set-scope" => {
            let (kind, id, value) = profile_setting(v(0))?;
            if policy.profile(kind).service(id).is_none() {
                return Err(format!("{} has no scope", id.json_key()));
            }
            let parsed = Scope::parse(value);
            let scope = parsed
                .value
                .ok_or_else(|| first_error(&parsed.diagnostics))?;
            Ok(Edit::SetServiceScope {
                profile: kind,
                service: id,
                scope,
            })
        }
        "add-port" => {
            let kind = profile(v(0))?;
            let parsed = PortException::parse(v(1), ParseOptions::TYPED);
            let e = parsed
                .value
                .ok_or_else(|| first_error(&parsed.diagnostics))?;
            if !port_indices(policy, kind, e.port, e.transport).is_empty() {
                return Err(format!(
                    "the {} already has an exception for {}/{}",
                    kind.label(),
                    e.port,
                    e.transport
                ));
            }
            Ok(Edit::add_port(policy, kind, e))
        }
        "add-program" => {
            let kind = profile(v(0))?;
            let parsed = ProgramException::parse(v(1), ParseOptions::TYPED);
            let e = parsed
                .value
                .ok_or_else(|| first_error(&parsed.diagnostics))?;
            if !program_indices(policy, kind, &e.path).is_empty() {
                return Err(format!(
                    "the {} already has an exception for {}",
                    kind.label(),
                    e.path
                ));
            }
            Ok(Edit::add_program(policy, kind, e))
        }
        "remove-port" | "enable-port" | "disable-port" => {
            let kind = profile(v(0))?;
            let (port, transport) = port_key(v(1))?;
            let found = port_indices(policy, kind, port, transport);
            if found.is_empty() {
                return Err(missing(
                    format!("port exception for {port}/{transport}"),
                    kind,
                ));
            }
            if op.flag == "remove-port" {
                return Ok(Edit::remove_many(kind, ListKind::Ports, &found));
            }
            let status = if op.flag == "enable-port" {
                Status::Enabled
            } else {
                Status::Disabled
            };
            let list = &policy.profile(kind).ports.options;
            let edits = found
                .into_iter()
                .filter_map(|i| Some((i, list.get(i)?)))
                .filter(|(_, e)| e.status != status)
                .map(|(i, e)| Edit::ReplacePort {
                    profile: kind,
                    index: i,
                    exception: PortException {
                        status,
                        ..e.clone()
                    },
                })
                .collect();
            Ok(Edit::Batch { edits })
        }
        "remove-program" | "enable-program" | "disable-program" => {
            let kind = profile(v(0))?;
            let found = program_indices(policy, kind, v(1));
            if found.is_empty() {
                return Err(missing(format!("program exception for {}", v(1)), kind));
            }
            if op.flag == "remove-program" {
                return Ok(Edit::remove_many(kind, ListKind::Programs, &found));
            }
            let status = if op.flag == "enable-program" {
                Status::Enabled
            } else {
                Status::Disabled
            };
            let list = &policy.profile(kind).programs.options;
            let edits = found
                .into_iter()
                .filter_map(|i| Some((i, list.get(i)?)))
                .filter(|(_, e)| e.status != status)
                .map(|(i, e)| Edit::ReplaceProgram {
                    profile: kind,
                    index: i,
                    exception: ProgramException {
                        status,
                        ..e.clone()
                    },
                })
                .collect();
            Ok(Edit::Batch { edits })
        }
        "add-interface" | "remove-interface" => {
            let kind = profile(v(0))?;
            let name = v(1);
            let mut interfaces = policy.profile(kind).excluded_interfaces.clone();
            let at = interfaces.iter().position(|i| i.eq_ignore_ascii_case(name));
            match (op.flag, at) {
                ("add-interface", Some(_)) => {
                    return Err(format!(
                        "{} is already excluded in the {}",
                        quoted(name),
                        kind.label()
                    ))
                }
                ("add-interface", None) => interfaces.push(name.to_string()),
                (_, Some(i)) => {
                    interfaces.remove(i);
                }
                (_, None) => {
                    return Err(missing(
                        format!("interface exclusion {}", quoted(name)),
                        kind,
                    ))
                }
            }
            Ok(Edit::SetExcludedInterfaces {
                profile: kind,
                interfaces,
            })
        }
        "set-sddl" => Ok(Edit::SetIpsecBypassSddl {
            sddl: v(0).to_string(),
        }),
        "set-refresh" => {
            let text = v(0);
            let (m, o) = text.split_once(',').ok_or_else(|| {
                format!(
                    "expected MINUTES,OFFSET (e.g. 60,15), found {}",
                    quoted(text)
                )
            })?;
            let number = |s: &str| {
                s.trim()
                    .parse::<u32>()
                    .map_err(|_| format!("{} is not a whole number of minutes", quoted(s)))
            };
            Ok(Edit::SetRefreshInterval {
                interval: RefreshInterval {
                    minutes: number(m)?,
                    offset: number(o)?,
                },
            })
        }
        other => Err(format!("--{other} is not implemented")),
    }
}

/// Applies the operations in order (all or nothing) and returns the edited policy.
pub fn apply_all(policy: &Policy, args: &[EditArg]) -> Result<Policy, EditArgError> {
    let mut next = policy.clone();
    for arg in args {
        let fail = |reason: String| EditArgError {
            arg: arg.to_string(),
            reason,
        };
        let edit = resolve(&next, arg).map_err(fail)?;
        apply_in_place(&mut next, &edit).map_err(|e| fail(e.to_string()))?;
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(flag: &str, values: &[&str]) -> EditArg {
        EditArg {
            flag: flag.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn every_example_parses_and_names_its_operation() {
        for op in OPERATIONS {
            let words: Vec<&str> = op.example.splitn(2, ' ').collect();
            assert_eq!(words[0], format!("--{}", op.flag));
            assert!(operation(words[0]).is_some());
        }
    }

    #[test]
    fn operations_apply_in_order_all_or_nothing() {
        let p = Policy::default();
        let args = [
            arg("add-port", &["domain", "8080:TCP:*:enabled:Proxy"]),
            arg("disable-port", &["domain", "8080/tcp"]),
            arg("set", &["standard.protectAllConnections=enabled"]),
            arg("set", &["refreshInterval=disabled"]),
        ];
        let q = apply_all(&p, &args).unwrap_or_default();
        assert_eq!(q.domain.ports.state, State::Enabled);
        assert_eq!(q.domain.ports.options[0].status, Status::Disabled);
        assert_eq!(q.standard.protect_all.state, State::Enabled);
        assert_eq!(q.refresh.state, State::Disabled);

        let bad = [
            arg("add-port", &["domain", "8080:TCP:*:enabled:Proxy"]),
            arg("add-port", &["domain", "8080:TCP:*:enabled:Again"]),
        ];
        let err = apply_all(&p, &bad).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("--add-port domain 8080:TCP:*:enabled:Again: the Domain Profile already has an exception for 8080/TCP")
        );
    }

    #[test]
    fn unknown_ids_and_missing_items_are_refused() {
        let p = Policy::default();
        for (a, reason) in [
            (
                arg("set", &["domain.protectAll=enabled"]),
                "unknown setting",
            ),
            (
                arg("set", &["private.protectAllConnections=enabled"]),
                "unknown profile",
            ),
            (
                arg("set", &["domain.protectAllConnections=on"]),
                "unknown state",
            ),
            (
                arg("remove-port", &["domain", "80/TCP"]),
                "there is no port exception",
            ),
            (
                arg("remove-program", &["standard", "C:\\x.exe"]),
                "there is no program",
            ),
            (arg("set-scope", &["domain.logging=*"]), "has no scope"),
            (arg("add-port", &["domain", "80:TCP:*:enabled"]), "field"),
            (arg("frobnicate", &[]), "unknown edit"),
        ] {
            let err = apply_all(&p, std::slice::from_ref(&a))
                .err()
                .map(|e| e.reason)
                .unwrap_or_default();
            assert!(err.contains(reason), "{a}: {err}");
        }
    }
}
