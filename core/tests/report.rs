//! Report, lint and diff across modules: golden reports for the kitchen-sink policy, escaping
//! of hostile text in HTML and Markdown (Markdown checked with a real CommonMark parser),
//! structure of the report, and diff properties over arbitrary policies.
mod common;

use common::*;
use fwpolicy_core::analysis::diff::{diff, ChangeKind};
use fwpolicy_core::analysis::lint;
use fwpolicy_core::formats::report::{self, ReportOptions};
use fwpolicy_core::*;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

// ---------------------------------------------------------------------------------------------
// Golden files
// ---------------------------------------------------------------------------------------------

fn kitchen_options() -> ReportOptions {
    ReportOptions {
        title: "Contoso workstation firewall (kitchen sink)".into(),
        generated: Some("2024-05-01 09:30 UTC by the test suite".into()),
        source: Some("kitchen-sink.json".into()),
        domain: Some("contoso.local".into()),
        gpo_guid: Some("{6AC1786C-016F-11D2-945F-00C04FB984F9}".into()),
        description: Some(
            "Workstations of the Contoso office.\nCheck the WSUS address before rollout.".into(),
        ),
        last_export: Some(kitchen_sink_last_export()),
        // Fixed, so the golden files do not change with each release.
        tool_version: "0.0.0-golden".into(),
    }
}

/// The kitchen sink as it was "last exported": one port's scope differed and one program was
/// not listed yet.
fn kitchen_sink_last_export() -> Policy {
    let mut p = kitchen_sink();
    if let Some(port) = p.domain.ports.options.first_mut() {
        port.scope = Scope::Any;
    }
    p.domain.programs.options.pop();
    p
}

#[test]
fn kitchen_sink_report_html_matches_golden() {
    golden::check_text(
        "kitchen-sink",
        "report.html",
        &report::html(&kitchen_sink(), &kitchen_options()),
    );
}

#[test]
fn kitchen_sink_report_md_matches_golden() {
    golden::check_text(
        "kitchen-sink",
        "report.md",
        &report::markdown(&kitchen_sink(), &kitchen_options()),
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile text
// ---------------------------------------------------------------------------------------------

const SCRIPT: &str = "<script>alert(1)</script>";

fn hostile_policy() -> Policy {
    let mut p = Policy::default();
    let names = [
        SCRIPT,
        "&amp; Co",
        "say \"hi\"",
        "a|b|c",
        "`rm -rf` *bold* _it_",
        "line\nbreak",
        "<img src=x onerror=alert(2)>",
        "$x$ ~~gone~~ [link](http://evil.example)",
        " padded ",
    ];
    p.domain.protect_all = Setting::enabled(());
    p.domain.ports = Setting::enabled(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| PortException {
                port: Port::new(1000 + i as u16).expect("port"),
                transport: Transport::Tcp,
                scope: Scope::local_subnet(),
                status: Status::Enabled,
                name: (*n).to_string(),
            })
            .collect(),
    );
    p.domain.programs = Setting::enabled(vec![ProgramException {
        path: r"C:\<b>evil</b>\a|b`c.exe".into(),
        scope: Scope::Any,
        status: Status::Disabled,
        name: "</td></tr></table><h1>pwned</h1>".into(),
    }]);
    p.domain.logging = Setting::enabled(LoggingOptions {
        path: r"C:\logs\<i>x</i>.log".into(),
        ..LoggingOptions::default()
    });
    p.domain.excluded_interfaces = vec!["LAN <script>".into()];
    p.ipsec_bypass = Setting::enabled("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1)<script>".into());
    p.unowned = vec![Record::sz(
        r"Software\Policies\<Evil>",
        "v|<b>",
        "data `x` <script>",
    )];
    p
}

fn hostile_options() -> ReportOptions {
    ReportOptions {
        title: "Policy </title><script>alert(3)</script>".into(),
        generated: Some("<b>now</b>".into()),
        source: Some("a|b.json".into()),
        domain: Some("<dom>".into()),
        gpo_guid: None,
        description: Some(SCRIPT.into()),
        ..ReportOptions::default()
    }
}

/// Every tag that the HTML report may contain.
const ALLOWED_TAGS: &[&str] = &[
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "nav", "h1", "h2",
    "h3", "p", "section", "ol", "ul", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "code", "span", "strong", "br",
];

fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        let name = if name.eq_ignore_ascii_case("!DOCTYPE") {
            "!DOCTYPE".to_string()
        } else {
            name
        };
        out.push(name);
    }
    out
}

#[test]
fn hostile_text_is_escaped_in_html() {
    let html = report::html(&hostile_policy(), &hostile_options());
    for tag in tags(&html) {
        assert!(
            ALLOWED_TAGS.contains(&tag.as_str()),
            "unexpected tag <{tag}>"
        );
    }
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&amp;amp; Co"));
    assert!(html.contains("say &quot;hi&quot;"));
    assert!(html.contains("a|b|c"));
    assert!(html.contains("line break"));
    assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;h1&gt;pwned&lt;/h1&gt;"));
    assert!(html.contains(r"C:\&lt;b&gt;evil&lt;/b&gt;\a|b`c.exe"));
    assert!(
        html.contains("<title>Policy &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;</title>")
    );
    assert!(html.contains(r"\\&lt;dom&gt;\SYSVOL\&lt;dom&gt;\Policies\{GUID}\Machine\Registry.pol"));
    assert!(html.contains("LAN &lt;script&gt;"));
    assert!(html.contains("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1)&lt;script&gt;"));
    assert!(html.contains(r"Software\Policies\&lt;Evil&gt;"));
    assert!(html.contains("v|&lt;b&gt;"));
    assert!(html.contains("data `x` &lt;script&gt;"));
    assert!(html.contains("&#39;none&#39;") || html.contains("default-src 'none'"));
}

fn md_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH
}

/// Parses Markdown and returns (all text, html fragments, count of other markup events), and
/// checks every table row has as many cells as its header.
fn parse_md(md: &str) -> (String, Vec<String>, Vec<String>) {
    let mut text = String::new();
    let mut html = Vec::new();
    let mut unexpected = Vec::new();
    let mut header_cells = 0usize;
    let mut cells = 0usize;
    let mut in_head = false;
    for event in Parser::new_ext(md, md_options()) {
        match event {
            Event::Text(s) => text.push_str(&s),
            Event::Code(s) => {
                text.push_str(&s);
                html.push(format!("code:{s}"));
            }
            Event::Html(s) | Event::InlineHtml(s) => html.push(s.to_string()),
            Event::InlineMath(s) | Event::DisplayMath(s) => unexpected.push(format!("math {s}")),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cells = 0;
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                header_cells = cells;
            }
            Event::Start(Tag::TableRow) => cells = 0,
            Event::End(TagEnd::TableRow) => {
                assert_eq!(cells, header_cells, "row with a different number of cells")
            }
            Event::Start(Tag::TableCell) => cells += 1,
            Event::Start(Tag::Strikethrough) => unexpected.push("strikethrough".into()),
            Event::Start(Tag::Link { dest_url, .. }) => unexpected.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { .. }) => unexpected.push("image".into()),
            Event::Start(Tag::Heading { level, .. })
                if level == pulldown_cmark::HeadingLevel::H1 && !text.is_empty() =>
            {
                unexpected.push("second h1".into())
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
        let _ = in_head;
    }
    (text, html, unexpected)
}

#[test]
fn hostile_text_is_literal_in_markdown() {
    let md = report::markdown(&hostile_policy(), &hostile_options());
    let (text, html, unexpected) = parse_md(&md);
    assert_eq!(unexpected, Vec::<String>::new());
    // The only raw HTML is our own line break inside table cells; code spans are ours.
    for h in &html {
        assert!(
            h == "<br>" || h.starts_with("code:"),
            "raw HTML or code from the policy: {h:?}"
        );
    }
    for code in html.iter().filter_map(|h| h.strip_prefix("code:")) {
        assert!(
            !code.contains("script") && !code.contains("pwned"),
            "{code}"
        );
    }
    for literal in [
        SCRIPT,
        "&amp; Co",
        "say \"hi\"",
        "a|b|c",
        "`rm -rf` *bold* _it_",
        "line break",
        "<img src=x onerror=alert(2)>",
        "$x$ ~~gone~~ [link](http://evil.example)",
        "\u{a0}padded\u{a0}",
        "</td></tr></table><h1>pwned</h1>",
        r"C:\<b>evil</b>\a|b`c.exe",
        r"C:\logs\<i>x</i>.log",
        "LAN <script>",
        "O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1)<script>",
        r"Software\Policies\<Evil>",
        "v|<b>",
        "data `x` <script>",
        "Policy </title><script>alert(3)</script>",
        "<b>now</b>",
        "a|b.json",
        r"\\<dom>\SYSVOL\<dom>\Policies\{GUID}\Machine\Registry.pol",
    ] {
        assert!(text.contains(literal), "{literal:?} not shown literally");
    }
    assert!(!md.contains("line\nbreak"));
}

// ---------------------------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------------------------

/// The `<section id="...">` of the HTML report.
fn html_section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("section {id} missing"));
    let end = html[start..]
        .find("</section>")
        .map(|e| start + e)
        .unwrap_or(html.len());
    &html[start..end]
}

/// The lines of the Markdown section whose heading contains `title`.
fn md_section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md
        .find(&format!(". {title}\n\n"))
        .and_then(|i| md[..i].rfind("\n## ").map(|s| s + 1))
        .unwrap_or_else(|| panic!("section {title} missing"));
    let end = md[start + 3..]
        .find("\n## ")
        .map(|e| start + 3 + e)
        .unwrap_or(md.len());
    &md[start..end]
}

#[test]
fn table_one_has_fourteen_rows_with_both_names() {
    let p = kitchen_sink();
    let html = report::html(&p, &kitchen_options());
    let md = report::markdown(&p, &kitchen_options());
    let settings = html_section(&html, "settings");
    assert!(settings.contains(
        "<tr><th scope=\"col\">Setting</th><th scope=\"col\">Domain Profile</th><th scope=\"col\">Standard Profile</th></tr>"
    ));
    assert_eq!(settings.matches("<tr><td>").count(), 14);
    let md_settings = md_section(&md, "Profile settings");
    assert!(md_settings.contains("| Setting | Domain Profile | Standard Profile |"));
    let md_rows = md_settings
        .lines()
        .filter(|l| l.starts_with("| **Windows Firewall: "))
        .count();
    assert_eq!(md_rows, 14);
    for id in SettingId::ALL {
        assert!(
            settings.contains(&report::escape_html(&id.xp_name())),
            "{id}"
        );
        assert!(
            settings.contains(&report::escape_html(id.current_name().trim())),
            "{id}"
        );
        assert!(
            md_settings.contains(&report::escape_markdown(&id.xp_name())),
            "{id}"
        );
    }
    // The kitchen sink: Domain enables Remote Desktop for 10.1.0.0/16 and the local subnet.
    assert!(settings.contains("<strong>Enabled</strong><br>Scope: 10.1.0.0/16, the local subnet"));
}

#[test]
fn every_exception_appears_in_both_formats() {
    let p = kitchen_sink();
    let html = report::html(&p, &kitchen_options());
    let md = report::markdown(&p, &kitchen_options());
    let mut seen = 0;
    for kind in ProfileKind::ALL {
        let prof = p.profile(kind);
        for e in &prof.programs.options {
            for text in [&e.name, &e.path] {
                assert!(html.contains(&report::escape_html(text)), "{text}");
                assert!(md.contains(&report::escape_markdown(text)), "{text}");
            }
            seen += 1;
        }
        for e in &prof.ports.options {
            assert!(html.contains(&report::escape_html(&e.name)), "{}", e.name);
            assert!(md.contains(&report::escape_markdown(&e.name)), "{}", e.name);
            // The definition string is listed with the registry values written.
            assert!(html.contains(&report::escape_html(&e.to_string())));
            seen += 1;
        }
    }
    assert_eq!(seen, p.exception_count());
    let ports = html_section(&html, "ports");
    assert!(ports.contains("<tr><td>3</td><td><code>SSDP !test! $(x) `y` &#39;z&#39;</code></td><td>1900</td><td>UDP</td><td>10.0.0.0/8</td><td>disabled<br><span class=\"muted\">overrides other definitions of the same item</span></td></tr>"));
    let programs = html_section(&html, "programs");
    assert!(programs.contains("<td>any computer (including the Internet)</td>"));
    assert!(programs.contains("<td>10.0.0.1, 10.0.0.2, the local subnet, 10.3.4.0/24</td>"));
}

#[test]
fn html_is_self_contained_and_printable() {
    let html = report::html(&kitchen_sink(), &kitchen_options());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<title>Contoso workstation firewall (kitchen sink)</title>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("page-break-before: always"));
    assert!(html.contains("background: #ffffff"));
    assert!(html.contains("default-src 'none'"));
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
    ] {
        assert!(!lower.contains(banned), "{banned}");
    }
    for (i, _) in html.match_indices("href=\"") {
        assert_eq!(&html[i + 6..i + 7], "#", "external link at {i}");
    }
    assert_eq!(
        report::html(&kitchen_sink(), &kitchen_options()),
        html,
        "not deterministic"
    );
}

#[test]
fn report_sections_carry_the_facts_an_admin_needs() {
    let p = kitchen_sink();
    let html = report::html(&p, &kitchen_options());
    let md = report::markdown(&p, &kitchen_options());
    let apply = html_section(&html, "apply");
    for needle in [
        r"\\contoso.local\SYSVOL\contoso.local\Policies\{6AC1786C-016F-11D2-945F-00C04FB984F9}\Machine\Registry.pol",
        "LGPO.exe /m Registry.pol",
        "gpt.ini",
        "low 16 bits",
        "versionNumber",
        "[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{0F6B957D-509E-11D1-A7CC-0000F87571E3}]",
        "UNCONFIRMED",
        "gpupdate /target:computer /force",
        "every 60 minutes plus a random 0–15 minutes",
        "every 90 minutes plus a random 0–30 minutes",
        "every 5 minutes",
        "restart each client to enable the Security Center",
        "Standard Profile",
        "netsh or PowerShell script",
    ] {
        assert!(apply.contains(&report::escape_html(needle)), "{needle}");
    }
    let md_apply = md_section(&md, "How to apply");
    assert!(md_apply.contains("`gpupdate /target:computer /force`"));
    assert!(md_apply.contains(r"\\\\contoso.local\\SYSVOL\\contoso.local\\Policies"));
    // Interface exclusions with the note which exports carry them.
    let ifaces = html_section(&html, "interfaces");
    assert!(ifaces.contains("<code>Virtual Ethernet PTP</code>"));
    assert!(ifaces.contains("-DisabledInterfaceAliases"));
    // ICMP: echo allowed in Domain; Standard has Do not allow exceptions, so nothing open.
    let icmp = html_section(&html, "icmp");
    assert!(icmp.contains("<tr><td>Allow inbound echo request</td><td>8</td><td>inbound</td><td>allowed</td><td>not allowed (policy Disabled)</td></tr>"));
    // Globals and verbatim values.
    assert!(html_section(&html, "globals")
        .contains("O:DAG:DAD:(A;;RCCC;;;S-1-5-21-1004336348-1177238915-682003330-512)"));
    let verbatim = html_section(&html, "verbatim");
    assert!(verbatim.contains("<code>http://wsus.contoso.local:8530</code>"));
    assert!(verbatim.contains("<code>NoAutoUpdate</code>"));
    // Findings grouped by severity, with codes and paths.
    let findings = html_section(&html, "findings");
    let warnings = findings.find("<h3>Warnings (").expect("warnings heading");
    let notes = findings.find("<h3>Notes (").expect("notes heading");
    assert!(warnings < notes);
    for d in lint::check(&p) {
        assert!(findings.contains(d.code.as_str()));
        assert!(
            findings.contains(&report::escape_html(&d.message)),
            "{}",
            d.message
        );
    }
    // UNCONFIRMED section lists the points used.
    let unconfirmed = html_section(&html, "unconfirmed");
    assert!(unconfirmed.contains("gPCMachineExtensionNames"));
    assert!(unconfirmed.contains("KB 947229"));
    // Registry values written: every record of to_records appears.
    let registry = html_section(&html, "registry");
    let records = registry::to_records(&p).records;
    assert_eq!(registry.matches("<tr><td>").count(), records.len());
}

#[test]
fn generated_and_source_are_optional() {
    let p = Policy::default();
    let html = report::html(&p, &ReportOptions::default());
    assert!(!html.contains("Generated:"));
    assert!(html.contains("<title>Windows Firewall Group Policy</title>"));
    assert!(html
        .contains(r"\\&lt;domain&gt;\SYSVOL\&lt;domain&gt;\Policies\{GUID}\Machine\Registry.pol"));
    assert!(html.contains("None: every policy is Not configured."));
    let md = report::markdown(&p, &ReportOptions::default());
    assert!(md.starts_with("# Windows Firewall Group Policy\n\n## Sign-off summary\n\n"));
    assert!(md.contains("| Generated | *not recorded* |"));
    assert!(md.contains(&format!("| fwpolicy version | {} |", report::TOOL_VERSION)));
    assert!(md.contains("No earlier export recorded."));
    assert!(md.contains("No exception is open to any computer"));
    assert!(!md.contains("About this policy"));
}

// ---------------------------------------------------------------------------------------------
// Lint on the kitchen sink
// ---------------------------------------------------------------------------------------------

#[test]
fn kitchen_sink_lint_findings() {
    let codes: Vec<(&str, Option<String>)> = lint::check(&kitchen_sink())
        .iter()
        .map(|d| (d.code.as_str(), d.path.clone()))
        .collect();
    let expect = |code: &str, path: &str| {
        assert!(
            codes.contains(&(code, Some(path.to_string()))),
            "missing {code} at {path}: {codes:#?}"
        );
    };
    // Domain: Define program exceptions Enabled while Allow local program exceptions Disabled.
    expect(
        "lint-local-list-ignored",
        "Domain Profile › Allow local program exceptions",
    );
    // Domain: TCP 445 from file and printer sharing / remote admin, echo allowed -> quiet.
    assert!(!codes.iter().any(|(c, _)| *c == "lint-port-445-echo"));
    expect(
        "lint-interface-exclusions",
        "Domain Profile › Interface exclusions",
    );
    expect(
        "lint-exceptions-ignored",
        "Standard Profile › Do not allow exceptions",
    );
    expect(
        "lint-vista-standard-local",
        "Standard Profile › Allow local program exceptions",
    );
    expect(
        "lint-unowned-values",
        r"Verbatim values › Software\Policies\Microsoft\Windows\WindowsUpdate\AU!NoAutoUpdate",
    );
    assert!(!codes.iter().any(|(c, _)| *c == "lint-unsafe-text"));
}

// ---------------------------------------------------------------------------------------------
// Sign-off block (issue 13, item 8)
// ---------------------------------------------------------------------------------------------

/// The sign-off block of the Markdown report: from its heading to the contents list.
fn md_sign_off(md: &str) -> &str {
    let start = md.find("## Sign-off summary\n").expect("sign-off block");
    let end = md.find("\nContents:\n").expect("contents");
    &md[start..end]
}

fn sha256_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn written(format: formats::Format, project: &formats::project::Project) -> String {
    let out = formats::write(format, project, &formats::WriteOptions::default())
        .unwrap_or_else(|e| panic!("{format}: {e}"));
    String::from_utf8(out.bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sign_off_block_is_at_the_top_and_names_what_was_reviewed() {
    let md = report::markdown(&kitchen_sink(), &kitchen_options());
    let block = md_sign_off(&md);
    assert!(md.find("## Sign-off summary") < md.find("## 1. Summary"));
    assert!(
        block.contains("| Generated | 2024-05-01 09:30 UTC by the test suite |"),
        "{block}"
    );
    assert!(block.contains("| fwpolicy version | 0.0.0-golden |"));
    assert!(block.contains("| Policy title | Contoso workstation firewall (kitchen sink) |"));
    assert!(block.contains("of the Registry.pol this tool exports for this policy"));
    // The description, one paragraph per line.
    assert!(block.contains("### About this policy\n\nWorkstations of the Contoso office.\n\nCheck the WSUS address before rollout.\n"));
    // Lines to sign.
    for line in ["| Name |  |", "| Signature |  |", "| Date |  |"] {
        assert!(block.contains(line), "{line}");
    }
    // The existing sign-off table stays at the end, and the numbered sections are unchanged.
    assert!(md.contains("## 12. How to apply"));
    assert!(md.contains("## 15. Sign-off"));
    let html = report::html(&kitchen_sink(), &kitchen_options());
    let review = html_section(&html, "review");
    assert!(review.contains("<h2>Sign-off summary</h2>"));
    assert!(html.find("id=\"review\"") < html.find("<nav"));
}

#[test]
fn printed_hash_is_the_sha256_of_the_exported_registry_pol() {
    let project = presets::get("sbs-2003-xp-sp2").expect("preset");
    let pol = formats::write(
        formats::Format::RegistryPol,
        &project,
        &formats::WriteOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .bytes;
    let hash = sha256_of(&pol);
    assert_eq!(hash.len(), 64);
    assert_eq!(report::registry_pol_sha256(&project.policy), hash);
    let md = written(formats::Format::ReportMd, &project);
    assert!(
        md_sign_off(&md).contains(&format!("| SHA-256 of Registry.pol | {hash}<br>")),
        "{}",
        md_sign_off(&md)
    );
    let html = written(formats::Format::ReportHtml, &project);
    assert!(html_section(&html, "review").contains(&format!("<code>{hash}</code>")));
    // The preset's description (its caveats) is shown, taken from the project.
    assert!(md_sign_off(&md)
        .contains("narrow them to localsubnet if your helpers are inside the office"));
}

#[test]
fn changes_since_the_last_export_show_before_and_after() {
    let md = report::markdown(&kitchen_sink(), &kitchen_options());
    let block = md_sign_off(&md);
    assert!(
        block.contains("2 changes in what the Registry.pol"),
        "{block}"
    );
    assert!(
        block.contains("| Domain Profile › Define port exceptions › 80:TCP | changed | 80:TCP:\\*:enabled:Web Server | 80:TCP:localsubnet:enabled:Web Server |"),
        "{block}"
    );
    assert!(
        block.contains("| added | — |") || block.contains("| added | *—* |"),
        "{block}"
    );
    // Exported twice without an edit: nothing changed.
    let same = ReportOptions {
        last_export: Some(kitchen_sink()),
        ..kitchen_options()
    };
    let md = report::markdown(&kitchen_sink(), &same);
    assert!(
        md_sign_off(&md).contains("None: the exports carry the same settings as the last export.")
    );
    // No earlier export.
    let none = ReportOptions {
        last_export: None,
        ..kitchen_options()
    };
    let md = report::markdown(&kitchen_sink(), &none);
    assert!(md_sign_off(&md).contains("No earlier export recorded."));
}

#[test]
fn every_exception_open_to_any_computer_is_a_finding() {
    let mut p = Policy::default();
    p.domain.ports = Setting::enabled(vec![
        PortException::parse("3389:TCP:*:enabled:RDP for all", ParseOptions::TYPED)
            .value
            .expect("port"),
        PortException::parse("80:TCP:localsubnet:enabled:Web", ParseOptions::TYPED)
            .value
            .expect("port"),
    ]);
    p.standard.programs = Setting::not_configured();
    p.standard.programs.options =
        vec![
            ProgramException::parse(r"C:\Apps\tool.exe:*:enabled:Tool", ParseOptions::TYPED)
                .value
                .expect("program"),
        ];
    p.domain.remote_admin = Setting::enabled(Scope::Any);
    let open = report::open_to_any(&p);
    assert_eq!(open.len(), 3, "{open:?}");
    let md = report::markdown(&p, &ReportOptions::default());
    let block = md_sign_off(&md);
    assert!(block.contains("3 findings; narrow each"), "{block}");
    assert!(
        block.contains(
            "- **Domain Profile:** port 3389/TCP named “RDP for all” is open to any computer"
        ),
        "{block}"
    );
    assert!(!block.contains("80/TCP"));
    assert!(block.contains(r"- **Standard Profile:** program C:\\Apps\\tool.exe named “Tool” is open to any computer"), "{block}");
    assert!(block.contains("*Not effective: its list is Not configured, so it is not written.*"));
    assert!(
        block
            .contains("- **Domain Profile:** Allow remote administration exception (opens TCP 135"),
        "{block}"
    );
}

#[test]
fn sign_off_block_escapes_the_title_and_description() {
    let html = report::html(&hostile_policy(), &hostile_options());
    let review = html_section(&html, "review");
    assert!(!review.to_ascii_lowercase().contains("<script"));
    assert!(
        review.contains("<code>Policy &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;</code>")
    );
    assert!(review.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn report_hash_matches_the_registry_pol_of_any_policy(p in arb_project_policy()) {
        let project = formats::project::Project::new(p);
        let pol = formats::write(formats::Format::RegistryPol, &project, &formats::WriteOptions::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?
            .bytes;
        let md = report::markdown(&project.policy, &ReportOptions::default());
        let expected = format!("| SHA-256 of Registry.pol | {}<br>", sha256_of(&pol));
        prop_assert!(md_sign_off(&md).contains(&expected));
    }
}

// ---------------------------------------------------------------------------------------------
// Diff properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn diff_of_a_policy_with_itself_is_empty(p in arb_project_policy()) {
        prop_assert_eq!(diff(&p, &p.clone()), vec![]);
    }

    #[test]
    fn one_exception_edit_is_one_change(mut p in arb_policy(), e in arb_port()) {
        p.domain.ports.options.retain(|x| (x.port, x.transport) != (e.port, e.transport));
        let mut q = p.clone();
        q.domain.ports.options.push(e.clone());
        let added = diff(&p, &q);
        prop_assert_eq!(added.len(), 1);
        prop_assert_eq!(added[0].kind, ChangeKind::Added);
        let mut r = q.clone();
        let last = r.domain.ports.options.len() - 1;
        r.domain.ports.options[last].name.push_str(" (edited)");
        let changed = diff(&q, &r);
        prop_assert_eq!(changed.len(), 1);
        prop_assert_eq!(changed[0].kind, ChangeKind::Changed);
    }

    #[test]
    fn lint_and_reports_never_panic(p in arb_project_policy()) {
        let _ = lint::check(&p);
        let html = report::html(&p, &ReportOptions::default());
        prop_assert!(html.ends_with("</html>\n"));
        let md = report::markdown(&p, &ReportOptions::default());
        let (_, raw, unexpected) = parse_md(&md);
        prop_assert!(raw.iter().all(|h| h == "<br>" || h.starts_with("code:")), "{:?}", raw);
        prop_assert!(unexpected.is_empty(), "{:?}", unexpected);
    }
}

/// Runs a property over two arbitrary policies on a thread with a large stack (two nested
/// policy strategies overflow the default test-thread stack in debug builds).
fn for_two_policies(cases: u32, property: fn(Policy, Policy) -> Result<(), TestCaseError>) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut runner =
                proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
            runner
                .run(&(arb_policy(), arb_policy()), |(a, b)| property(a, b))
                .map_err(|e| e.to_string())
        })
        .expect("spawn")
        .join()
        .expect("property thread")
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn diff_is_symmetric() {
    for_two_policies(64, |a, b| {
        let ab = diff(&a, &b);
        let ba = diff(&b, &a);
        prop_assert_eq!(ab.len(), ba.len());
        let n = |v: &[fwpolicy_core::analysis::diff::Change], k: ChangeKind| {
            v.iter().filter(|c| c.kind == k).count()
        };
        prop_assert_eq!(n(&ab, ChangeKind::Added), n(&ba, ChangeKind::Removed));
        prop_assert_eq!(n(&ab, ChangeKind::Changed), n(&ba, ChangeKind::Changed));
        for c in &ab {
            prop_assert_eq!(c.before.is_some(), c.kind != ChangeKind::Added);
            prop_assert_eq!(c.after.is_some(), c.kind != ChangeKind::Removed);
        }
        Ok(())
    });
}

#[test]
fn empty_diff_means_equal_up_to_list_order() {
    for_two_policies(64, |a, b| {
        prop_assert_eq!(diff(&a, &b).is_empty(), sorted(&a) == sorted(&b));
        // A copy with its lists reversed differs only in order.
        let mut r = a.clone();
        for kind in ProfileKind::ALL {
            r.profile_mut(kind).programs.options.reverse();
            r.profile_mut(kind).ports.options.reverse();
        }
        r.unowned.reverse();
        prop_assert_eq!(diff(&a, &r), vec![]);
        Ok(())
    });
}

/// The policy with its lists and verbatim values sorted (their order does not matter).
fn sorted(p: &Policy) -> Policy {
    let mut p = p.clone();
    for kind in ProfileKind::ALL {
        let prof = p.profile_mut(kind);
        prof.programs.options.sort_by_key(|e| e.to_string());
        prof.ports.options.sort_by_key(|e| e.to_string());
    }
    p.unowned.sort_by(|a, b| {
        (&a.key, &a.value, a.kind, &a.data).cmp(&(&b.key, &b.value, b.kind, &b.data))
    });
    p
}
