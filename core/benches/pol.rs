//! Registry.pol write + read throughput on a large policy (10,000 exceptions).
//!
//! Run: `cargo bench -p fwpolicy-core --bench pol` (the bench profile inherits release,
//! opt-level 3). Prints the median of several runs of `pol::write` and `pol::read`. Goal: ≤ 20 ms for write + read.

use std::time::{Duration, Instant};

use fwpolicy_core::{
    formats::pol, Policy, Port, PortException, ProfileKind, ProgramException, Scope, ScopeItem,
    Setting, Status, Transport,
};

const EXCEPTIONS: usize = 10_000;
const RUNS: usize = 21;

fn big_policy() -> Policy {
    let mut p = Policy::default();
    for kind in ProfileKind::ALL {
        let profile = p.profile_mut(kind);
        profile.protect_all = Setting::enabled(());
        profile.programs = Setting::enabled(Vec::new());
        profile.ports = Setting::enabled(Vec::new());
    }
    for i in 0..EXCEPTIONS {
        let kind = ProfileKind::ALL[i % 2];
        let scope = match i % 3 {
            0 => Scope::Any,
            1 => Scope::local_subnet(),
            _ => Scope::List(vec![
                ScopeItem::Prefix(std::net::Ipv4Addr::new(10, (i % 250) as u8, 0, 0), 16),
                ScopeItem::LocalSubnet,
            ]),
        };
        let status = if i % 7 == 0 {
            Status::Disabled
        } else {
            Status::Enabled
        };
        let profile = p.profile_mut(kind);
        if i % 4 < 2 {
            profile.programs.options.push(ProgramException {
                path: format!(r"%ProgramFiles%\Vendor {i}\bin\app{i}.exe"),
                scope,
                status,
                name: format!("Application {i}"),
            });
        } else if let Some(port) = Port::new(1 + (i % 65535) as u16) {
            profile.ports.options.push(PortException {
                port,
                transport: if i % 3 == 0 {
                    Transport::Udp
                } else {
                    Transport::Tcp
                },
                scope,
                status,
                name: format!("Service on port {i}"),
            });
        }
    }
    p
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let policy = big_policy();
    assert_eq!(policy.exception_count(), EXCEPTIONS);
    let mut writes = Vec::with_capacity(RUNS);
    let mut reads = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = pol::write(&policy);
        writes.push(start.elapsed());
        size = out.bytes.len();
        let start = Instant::now();
        let back = pol::read(&out.bytes);
        reads.push(start.elapsed());
        let back = back.unwrap_or_else(|e| panic!("benchmark file does not read back: {e}"));
        assert_eq!(back.policy.exception_count(), EXCEPTIONS);
    }
    let (w, r) = (median(writes), median(reads));
    println!(
        "pol write+read {EXCEPTIONS} exceptions: {:.1} ms (write {:.1} ms, read {:.1} ms, {} KB), median of {RUNS} runs",
        ms(w) + ms(r),
        ms(w),
        ms(r),
        size / 1024
    );
    // The imported file written back after one edit (format-preserving write, issue 10).
    let bytes = pol::write(&policy).bytes;
    let imported = pol::read(&bytes)
        .unwrap_or_else(|e| panic!("benchmark file does not read back: {e}"))
        .policy;
    let edited = fwpolicy_core::model::edit_args::apply_all(
        &imported,
        &[fwpolicy_core::model::edit_args::EditArg {
            flag: "set".into(),
            values: vec!["standard.protectAllConnections=disabled".into()],
        }],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut preserving = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = pol::write(&edited);
        preserving.push(start.elapsed());
        assert_eq!(out.bytes.len(), bytes.len());
    }
    println!(
        "pol write of the imported file after one edit (records kept): {:.1} ms, median of {RUNS} runs",
        ms(median(preserving))
    );
}
