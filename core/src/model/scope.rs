//! Scopes: which remote computers an exception or service applies to.
//!
//! The XP SP2 policy grammar (reference §2.1, §2.3) is `*` or a comma-separated mix of IPv4
//! addresses, `a.b.c.d/n` subnets, `a.b.c.d/dotted.mask` subnets and the keyword `localsubnet`.
//! No IPv6 and no `a-b` ranges (they are rejected with a reason). Keywords are accepted in any
//! case; output uses the ADML lowercase spelling. Invariant: for every valid scope `s`,
//! `Scope::parse(&s.to_string()) == s` and the text is stable.

use crate::model::diagnostic::quoted;
use std::collections::HashSet;
use std::fmt;
use std::net::Ipv4Addr;

use crate::model::diagnostic::{excerpt, Code, Diagnostic, Field, Limiter, Parsed};

/// One item of a scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeItem {
    /// `localsubnet`: the subnet(s) the computer is attached to.
    LocalSubnet,
    /// A single IPv4 address.
    Address(Ipv4Addr),
    /// `a.b.c.d/n`.
    Prefix(Ipv4Addr, u8),
    /// `a.b.c.d/m.m.m.m` (a contiguous dotted mask).
    Mask(Ipv4Addr, Ipv4Addr),
}

/// Which remote computers are allowed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `*`: any computer, including those on the Internet.
    Any,
    /// A list of items. A valid scope has at least one item.
    List(Vec<ScopeItem>),
}

impl Default for Scope {
    /// The safe default for a new exception: the local subnet only.
    fn default() -> Self {
        Scope::local_subnet()
    }
}

impl Scope {
    /// `localsubnet`.
    pub fn local_subnet() -> Self {
        Scope::List(vec![ScopeItem::LocalSubnet])
    }

    /// True for `*`.
    pub fn is_any(&self) -> bool {
        matches!(self, Scope::Any)
    }

    /// True for exactly `localsubnet`.
    pub fn is_local_subnet_only(&self) -> bool {
        matches!(self, Scope::List(items) if items.as_slice() == [ScopeItem::LocalSubnet])
    }

    /// The items (empty for `*`).
    pub fn items(&self) -> &[ScopeItem] {
        match self {
            Scope::Any => &[],
            Scope::List(items) => items,
        }
    }

    /// Parses a scope string. Items may be separated by `,` with optional spaces around them.
    pub fn parse(text: &str) -> Parsed<Scope> {
        let mut diags = Vec::new();
        if text.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::ScopeEmpty,
                    "scope is empty; use * for any computer or localsubnet for the local network",
                )
                .with_field(Field::Scope)
                .with_span(0..text.len()),
            );
            return Parsed::new(None, diags);
        }
        let mut items = Vec::new();
        // Linear in the number of items (issue 11: a scope of a million items).
        let mut seen = HashSet::new();
        let mut limiter = Limiter::default();
        let mut star = None;
        let mut count = 0usize;
        let mut start = 0usize;
        for raw in text.split(',') {
            let span = start..start + raw.len();
            start += raw.len() + 1;
            count += 1;
            let item = raw.trim();
            if item.is_empty() {
                limiter.push(
                    &mut diags,
                    Diagnostic::error(Code::ScopeItem, "empty item between commas in the scope")
                        .with_field(Field::Scope)
                        .with_span(span),
                );
                continue;
            }
            if item == "*" {
                star = Some(span);
                continue;
            }
            match parse_item(item) {
                Ok(parsed) => {
                    if !seen.insert(parsed) {
                        limiter.push(
                            &mut diags,
                            Diagnostic::warning(
                                Code::ScopeDuplicate,
                                format!("scope item {} is listed twice", excerpt(item)),
                            )
                            .with_field(Field::Scope)
                            .with_span(span),
                        );
                    } else {
                        items.push(parsed);
                    }
                }
                Err((code, message)) => {
                    limiter.push(
                        &mut diags,
                        Diagnostic::error(code, message)
                            .with_field(Field::Scope)
                            .with_span(span),
                    );
                }
            }
        }
        limiter.finish(&mut diags);
        if let Some(span) = star {
            if count > 1 {
                diags.push(
                    Diagnostic::error(
                        Code::ScopeStarMixed,
                        "* means any computer and must be the only item in the scope",
                    )
                    .with_field(Field::Scope)
                    .with_span(span),
                );
            }
            return Parsed::new(Some(Scope::Any), diags);
        }
        Parsed::new(Some(Scope::List(items)), diags)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Any => f.write_str("*"),
            Scope::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for ScopeItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeItem::LocalSubnet => f.write_str("localsubnet"),
            ScopeItem::Address(a) => write!(f, "{a}"),
            ScopeItem::Prefix(a, n) => write!(f, "{a}/{n}"),
            ScopeItem::Mask(a, m) => write!(f, "{a}/{m}"),
        }
    }
}

impl ScopeItem {
    /// Parses one item (no commas).
    pub fn parse(text: &str) -> Result<ScopeItem, Diagnostic> {
        parse_item(text.trim()).map_err(|(code, message)| {
            Diagnostic::error(code, message)
                .with_field(Field::Scope)
                .with_span(0..text.len())
        })
    }

    /// The item as a netsh/PowerShell/advfirewall address (`LocalSubnet` for the keyword).
    pub fn modern(&self) -> String {
        match self {
            ScopeItem::LocalSubnet => "LocalSubnet".to_string(),
            other => other.to_string(),
        }
    }
}

fn parse_item(item: &str) -> Result<ScopeItem, (Code, String)> {
    if item.eq_ignore_ascii_case("localsubnet") {
        return Ok(ScopeItem::LocalSubnet);
    }
    // Messages quote the item through `excerpt`: a huge one is cut short (issue 11).
    if item.contains(':') {
        return Err((
            Code::ScopeIpv6,
            format!(
                "scope item {} looks like an IPv6 address; XP-era policy scopes accept only *, localsubnet and IPv4 addresses or subnets",
                excerpt(item)
            ),
        ));
    }
    if let Some((a, b)) = item.split_once('-') {
        if parse_ipv4(a.trim()).is_ok() && parse_ipv4(b.trim()).is_ok() {
            return Err((
                Code::ScopeRange,
                format!(
                    "scope item {} is an address range; XP-era policy scopes need one address or subnet per item",
                    excerpt(item)
                ),
            ));
        }
    }
    if let Some((addr, suffix)) = item.split_once('/') {
        let addr = parse_ipv4(addr).map_err(|reason| {
            (
                Code::ScopeItem,
                format!(
                    "scope item {} is not an IPv4 subnet: {reason}",
                    excerpt(item)
                ),
            )
        })?;
        if suffix.contains('.') {
            let mask = parse_ipv4(suffix).map_err(|reason| {
                (
                    Code::ScopeMask,
                    format!(
                        "subnet mask {} in {} is not valid: {reason}",
                        excerpt(suffix),
                        excerpt(item)
                    ),
                )
            })?;
            let bits = u32::from(mask);
            if bits.leading_ones() + bits.trailing_zeros() != 32 {
                return Err((
                    Code::ScopeMask,
                    format!(
                        "subnet mask {} in {} is not contiguous",
                        excerpt(suffix),
                        excerpt(item)
                    ),
                ));
            }
            return Ok(ScopeItem::Mask(addr, mask));
        }
        if suffix.is_empty() || suffix.len() > 2 || !suffix.bytes().all(|b| b.is_ascii_digit()) {
            return Err((
                Code::ScopeMask,
                format!(
                    "prefix length {} in {} must be a number 0–32 or a dotted mask",
                    quoted(suffix),
                    quoted(item)
                ),
            ));
        }
        let n: u8 = suffix.parse().unwrap_or(255);
        if n > 32 {
            return Err((
                Code::ScopeMask,
                format!(
                    "prefix length /{n} in {} is out of range 0–32",
                    excerpt(item)
                ),
            ));
        }
        return Ok(ScopeItem::Prefix(addr, n));
    }
    parse_ipv4(item).map(ScopeItem::Address).map_err(|reason| {
        (
            Code::ScopeItem,
            format!("scope item {} is not an IPv4 address ({reason}); use *, localsubnet, a.b.c.d, a.b.c.d/n or a.b.c.d/255.255.255.0", excerpt(item)),
        )
    })
}

/// Strict dotted-quad parser: four decimal octets 0–255, no leading zeros (Windows would read
/// `010` as octal), no spaces.
pub fn parse_ipv4(text: &str) -> Result<Ipv4Addr, String> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return Err(format!(
            "expected four numbers separated by dots, found {}",
            parts.len()
        ));
    }
    let mut octets = [0u8; 4];
    for (octet, part) in octets.iter_mut().zip(&parts) {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{} is not a number", quoted(part)));
        }
        if part.len() > 1 && part.starts_with('0') {
            return Err(format!("{} has a leading zero", excerpt(part)));
        }
        let value: u32 = part.parse().unwrap_or(u32::MAX);
        if value > 255 || part.len() > 3 {
            return Err(format!("{} is greater than 255", excerpt(part)));
        }
        *octet = value as u8;
    }
    Ok(Ipv4Addr::from(octets))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Scope {
        let p = Scope::parse(s);
        assert!(p.is_ok(), "{s}: {:?}", p.diagnostics);
        p.value.unwrap_or(Scope::Any)
    }

    fn err(s: &str) -> Diagnostic {
        let p = Scope::parse(s);
        assert!(p.value.is_none(), "{s} should fail");
        p.diagnostics
            .into_iter()
            .find(|d| d.is_error())
            .unwrap_or_else(|| Diagnostic::error(Code::Lint, "none"))
    }

    #[test]
    fn adml_example_round_trips() {
        let s = ok("10.0.0.1,10.0.0.2,localsubnet,10.3.4.0/24");
        assert_eq!(s.to_string(), "10.0.0.1,10.0.0.2,localsubnet,10.3.4.0/24");
        assert_eq!(s.items().len(), 4);
    }

    #[test]
    fn keywords_any_case_written_lowercase() {
        assert_eq!(ok("LocalSubNet").to_string(), "localsubnet");
        assert_eq!(ok(" * ").to_string(), "*");
        assert_eq!(
            ok("10.0.0.1, 10.0.0.0/255.0.0.0").to_string(),
            "10.0.0.1,10.0.0.0/255.0.0.0"
        );
    }

    #[test]
    fn bad_octet_is_named() {
        let d = err("10.0.0.300");
        assert_eq!(d.code, Code::ScopeItem);
        assert!(
            d.message
                .contains("scope item 10.0.0.300 is not an IPv4 address"),
            "{}",
            d.message
        );
    }

    #[test]
    fn rejects_ipv6_ranges_masks_and_mixed_star() {
        assert_eq!(err("fe80::1").code, Code::ScopeIpv6);
        assert_eq!(err("10.0.0.1-10.0.0.9").code, Code::ScopeRange);
        assert_eq!(err("10.0.0.0/33").code, Code::ScopeMask);
        assert_eq!(err("10.0.0.0/255.0.255.0").code, Code::ScopeMask);
        assert_eq!(err("*,10.0.0.1").code, Code::ScopeStarMixed);
        assert_eq!(err("").code, Code::ScopeEmpty);
        assert_eq!(err("10.0.0.1,,10.0.0.2").code, Code::ScopeItem);
        assert_eq!(err("010.0.0.1").code, Code::ScopeItem);
        assert_eq!(err("server01").code, Code::ScopeItem);
    }

    #[test]
    fn error_span_points_at_item() {
        let text = "10.0.0.1,10.0.0.300";
        let d = err(text);
        assert_eq!(d.span, Some(9..19));
        assert_eq!(&text[9..19], "10.0.0.300");
    }
}
