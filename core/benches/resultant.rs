//! Resultant policy of many GPOs (issue 14): 50 GPOs of 1,000 Registry.pol records each,
//! merged in order with provenance (`resultant::merge`), then the `--explain` table and the
//! combination lint on the result.
//!
//! Run: `cargo bench -p fwpolicy-core --bench resultant` (the bench profile inherits release,
//! opt-level 3). Each GPO carries the settings of both profiles, ~950 port and program
//! exceptions (a third of them shared with other GPOs, so later GPOs override earlier ones),
//! `**del.` markers where a GPO disables a service policy, and every fifth GPO starts a list over with `**delvals.`. Prints
//! the median and the worst of several runs. Goal: ≤ 100 ms native for the merge.

use std::time::{Duration, Instant};

use fwpolicy_core::formats::pol;
use fwpolicy_core::resultant::{self, Gpo};
use fwpolicy_core::Record;

const GPOS: usize = 50;
const RECORDS: usize = 1_000;
const RUNS: usize = 15;

const FW: &str = r"SOFTWARE\Policies\Microsoft\WindowsFirewall";
const PROFILES: [&str; 2] = ["DomainProfile", "StandardProfile"];

/// The settings of one profile as GPMC writes them (values and `**del.` markers).
fn settings(g: usize, profile: &str, out: &mut Vec<Record>) {
    let key = format!(r"{FW}\{profile}");
    let on = u32::from(!g.is_multiple_of(3));
    out.push(Record::dword(&key, "EnableFirewall", on));
    out.push(Record::dword(&key, "DoNotAllowExceptions", 0));
    out.push(Record::dword(
        &key,
        "DisableNotifications",
        u32::from(g.is_multiple_of(2)),
    ));
    for list in ["GloballyOpenPorts", "AuthorizedApplications"] {
        out.push(Record::dword(&format!(r"{key}\{list}"), "Enabled", 1));
        out.push(Record::dword(
            &format!(r"{key}\{list}"),
            "AllowUserPrefMerge",
            0,
        ));
    }
    // A disabled service policy deletes its options, as GPMC writes it.
    let rdp = format!(r"{key}\Services\RemoteDesktop");
    out.push(Record::dword(&rdp, "Enabled", on));
    if on == 0 {
        out.push(Record::delete(&rdp, "RemoteAddresses"));
    } else {
        out.push(Record::sz(&rdp, "RemoteAddresses", "localsubnet"));
    }
    let icmp = format!(r"{key}\IcmpSettings");
    out.push(Record::dword(&icmp, "AllowInboundEchoRequest", on));
    out.push(Record::dword(&icmp, "AllowRedirect", 0));
}

/// GPO `g`'s Registry.pol: exactly [`RECORDS`] records.
fn gpo_records(g: usize) -> Vec<Record> {
    let mut out = Vec::with_capacity(RECORDS);
    for profile in PROFILES {
        if g % 5 == 4 {
            // Start this GPO's port list over (what GPMC writes for "delete all values").
            out.push(Record::sz(
                &format!(r"{FW}\{profile}\GloballyOpenPorts\List"),
                "**delvals.",
                " ",
            ));
        }
        settings(g, profile, &mut out);
    }
    let mut i = 0;
    while out.len() < RECORDS {
        let profile = PROFILES[i % 2];
        // One item in three is shared by every GPO (same definition, later GPOs win).
        let n = if i % 3 == 0 { i } else { g * RECORDS + i };
        let scope = match i % 4 {
            0 => "*".to_string(),
            1 => "localsubnet".to_string(),
            2 => format!("10.{}.0.0/16", n % 250),
            _ => format!("10.0.{}.1,localsubnet", n % 250),
        };
        let status = if n % 7 == 0 { "disabled" } else { "enabled" };
        if i % 5 < 3 {
            let port = 1 + n % 65_000;
            let proto = if n % 3 == 0 { "UDP" } else { "TCP" };
            // The value name is the definition, as Windows writes list items.
            let def = format!("{port}:{proto}:{scope}:{status}:Service {n}");
            out.push(Record::sz(
                &format!(r"{FW}\{profile}\GloballyOpenPorts\List"),
                &def,
                &def,
            ));
        } else {
            let path = format!(r"%ProgramFiles%\Vendor {}\bin\app{n}.exe", n % 97);
            let def = format!("{path}:{scope}:{status}:Application {n}");
            out.push(Record::sz(
                &format!(r"{FW}\{profile}\AuthorizedApplications\List"),
                &def,
                &def,
            ));
        }
        i += 1;
    }
    out
}

fn gpos() -> Vec<Gpo> {
    (0..GPOS)
        .map(|g| Gpo {
            origin: format!("Policies/{{{g:08X}-0000-0000-0000-000000000000}}"),
            guid: Some(format!("{{{g:08X}-0000-0000-0000-000000000000}}")),
            name: Some(format!("Firewall GPO {g}")),
            registry_pol: pol::encode(&gpo_records(g)),
        })
        .collect()
}

/// Time this thread has spent on a CPU (Linux: `/proc/thread-self/schedstat`), to tell the
/// work from the waiting on a machine shared with other jobs; `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse::<u64>().ok()?;
    Some(Duration::from_nanos(ns))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and worst of `samples`.
fn median_worst(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let median = samples.get(samples.len() / 2).copied().unwrap_or_default();
    let worst = samples.last().copied().unwrap_or_default();
    (ms(median), ms(worst))
}

fn main() {
    let gpos = gpos();
    let mut merges = Vec::with_capacity(RUNS);
    let mut merges_cpu = Vec::with_capacity(RUNS);
    let mut explains = Vec::with_capacity(RUNS);
    let mut shown = (0, 0, 0);
    for _ in 0..RUNS {
        let cpu = cpu_time();
        let start = Instant::now();
        let merged = resultant::merge(&gpos).unwrap_or_else(|e| panic!("{e}"));
        merges.push(start.elapsed());
        if let (Some(before), Some(after)) = (cpu, cpu_time()) {
            merges_cpu.push(after.saturating_sub(before));
        }
        let start = Instant::now();
        let table = resultant::explain(&merged);
        let findings = resultant::lint::check(&merged);
        explains.push(start.elapsed());
        shown = (
            merged.policy.exception_count(),
            merged.provenance.len(),
            table.len() + findings.len(),
        );
    }
    let records: usize = gpos
        .iter()
        .map(|g| pol::decode(&g.registry_pol).map_or(0, |r| r.len()))
        .sum();
    assert_eq!(records, GPOS * RECORDS);
    let (median, worst) = median_worst(merges);
    let verdict = if median <= 100.0 {
        "goal met"
    } else {
        "OVER the goal"
    };
    let on_cpu = if merges_cpu.len() == RUNS {
        let (cpu, _) = median_worst(merges_cpu);
        format!(" (on CPU {cpu:.1} ms)")
    } else {
        String::new()
    };
    println!(
        "resultant merge {GPOS} GPOs x {RECORDS} records: median {median:.1} ms{on_cpu}, worst \
         {worst:.1} ms ({verdict}: ≤ 100 ms native; {} exceptions, {} provenance rows), {RUNS} runs",
        shown.0, shown.1
    );
    let (median, worst) = median_worst(explains);
    println!(
        "resultant explain table + combination lint on that merge: median {median:.1} ms, worst {worst:.1} ms, {RUNS} runs"
    );
}
