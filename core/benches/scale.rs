//! How the cost grows with the input (issue 11): every format's write and read, lint, diff and
//! the pasted-lines and pasted-table imports at 8k, 32k and 128k port exceptions, with the time ratios of each
//! 4× step. Every operation must be O(n log n) or better: 4× the input may cost at most 5× the
//! time. Goal: 128k port exceptions written as any format in ≤ 1 s.
//!
//! Run: `cargo bench -p fwpolicy-core --bench scale` (the benchmarks
//! step of `cargo xtask test` runs it). Each figure is the best of a few runs. A report, not a
//! test: a ratio above 5× or a write over 1 s is printed as `OVER` so it shows in the summary.

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use fwpolicy_core::analysis::{diff, lint};
use fwpolicy_core::formats::{self, project::Project, Format, WriteOptions};
use fwpolicy_core::import;
use fwpolicy_core::{
    Policy, Port, PortException, ProfileKind, Scope, ScopeItem, Setting, Status, Transport,
};

const SIZES: [usize; 3] = [8_000, 32_000, 128_000];
/// 4× the input may cost at most this many times the time.
const MAX_RATIO: f64 = 5.0;
/// Goal for writing 128k port exceptions in any format.
const WRITE_GOAL: Duration = Duration::from_secs(1);

fn policy(n: usize) -> Policy {
    let mut p = Policy::default();
    let mut ports = Vec::with_capacity(n);
    for i in 0..n {
        let Some(port) = Port::new(1 + ((i / 2) % 65_535) as u16) else {
            continue;
        };
        let scope = match i % 3 {
            0 => Scope::Any,
            1 => Scope::local_subnet(),
            _ => Scope::List(vec![
                ScopeItem::Prefix(Ipv4Addr::new(10, (i % 250) as u8, 0, 0), 16),
                ScopeItem::LocalSubnet,
            ]),
        };
        ports.push(PortException {
            port,
            transport: if i % 2 == 0 {
                Transport::Tcp
            } else {
                Transport::Udp
            },
            scope,
            status: if i % 7 == 0 {
                Status::Disabled
            } else {
                Status::Enabled
            },
            name: format!("Service {i}"),
        });
    }
    let profile = p.profile_mut(ProfileKind::Domain);
    profile.protect_all = Setting::enabled(());
    profile.ports = Setting::enabled(ports);
    p
}

/// The same policy with every tenth exception disabled and every hundredth removed.
fn edited(p: &Policy) -> Policy {
    let mut q = p.clone();
    let ports = &mut q.profile_mut(ProfileKind::Domain).ports.options;
    for (i, e) in ports.iter_mut().enumerate() {
        if i % 10 == 0 {
            e.status = Status::Disabled;
        }
    }
    let mut i = 0;
    ports.retain(|_| {
        i += 1;
        i % 100 != 0
    });
    q
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Row {
    name: String,
    times: Vec<Duration>,
    is_write: bool,
}

fn main() {
    let options = WriteOptions::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut add = |name: String, size: usize, time: Duration, is_write: bool| {
        let index = SIZES.iter().position(|&s| s == size).unwrap_or(0);
        match rows.iter_mut().find(|r| r.name == name) {
            Some(row) => row.times.push(time),
            None => {
                assert_eq!(index, 0, "{name}: first size missing");
                rows.push(Row {
                    name,
                    times: vec![time],
                    is_write,
                });
            }
        }
    };
    for n in SIZES {
        let runs = 3;
        let project = Project::new(policy(n));
        for format in Format::ALL {
            let mut written = Vec::new();
            let t = best(runs, || {
                written = formats::write(format, &project, &options)
                    .unwrap_or_else(|e| panic!("{format}: {e}"))
                    .bytes;
            });
            add(format!("write {format}"), n, t, true);
            if format.is_readable() {
                let t = best(runs, || {
                    let read = formats::read(Some(format), &written)
                        .unwrap_or_else(|e| panic!("{format}: {e}"));
                    assert_eq!(read.project.policy.exception_count(), n, "{format}");
                });
                add(format!("read {format}"), n, t, false);
            }
        }
        let t = best(runs, || lint::check(&project.policy));
        add("lint".into(), n, t, false);
        let after = edited(&project.policy);
        let t = best(runs, || diff::diff(&project.policy, &after));
        add("diff".into(), n, t, false);
        let lines: String = project
            .policy
            .profile(ProfileKind::Domain)
            .ports
            .options
            .iter()
            .map(|e| format!("{e}\n"))
            .collect();
        let t = best(runs, || {
            let read = import::exception_lines(&lines);
            assert_eq!(read.ports.len(), n);
        });
        add("import pasted lines".into(), n, t, false);
        let table: String = std::iter::once("Port\tProtocol\tDirection\tDescription\n".to_string())
            .chain((0..n).map(|i| {
                let proto = if i % 2 == 0 { "TCP" } else { "UDP" };
                format!("{}\t{proto}\tInbound\tService {i}\n", 1 + (i / 2) % 65_535)
            }))
            .collect();
        let t = best(runs, || {
            let read = import::port_table(&table, &import::TableOptions::default());
            assert_eq!(read.ports.len(), n);
        });
        add("import pasted table".into(), n, t, false);
    }
    println!(
        "scale (port exceptions): {:<26} {:>10} {:>10} {:>10} {:>7} {:>7}",
        "operation", "8k", "32k", "128k", "32/8", "128/32"
    );
    let mut over = Vec::new();
    for row in &rows {
        let ratio = |a: usize, b: usize| {
            let (ta, tb) = (row.times[a].as_secs_f64(), row.times[b].as_secs_f64());
            // Below a millisecond the clock's noise dominates: no verdict.
            if tb < 0.001 {
                None
            } else {
                Some(ta / tb)
            }
        };
        let shown = |r: Option<f64>| r.map_or("-".to_string(), |r| format!("{r:.1}x"));
        let (r1, r2) = (ratio(1, 0), ratio(2, 1));
        println!(
            "scale (port exceptions): {:<26} {:>10} {:>10} {:>10} {:>7} {:>7}",
            row.name,
            ms(row.times[0]),
            ms(row.times[1]),
            ms(row.times[2]),
            shown(r1),
            shown(r2)
        );
        if [r1, r2].iter().flatten().any(|&r| r > MAX_RATIO) {
            over.push(format!(
                "{} grows faster than {MAX_RATIO}x per 4x",
                row.name
            ));
        }
        if row.is_write && row.times[2] > WRITE_GOAL {
            over.push(format!(
                "{} takes {} at 128k (goal 1 s)",
                row.name,
                ms(row.times[2])
            ));
        }
    }
    if over.is_empty() {
        println!("scale: every 4x step costs at most {MAX_RATIO}x; every format writes 128k port exceptions within 1 s");
    }
    for o in over {
        println!("scale: OVER: {o}");
    }
}
