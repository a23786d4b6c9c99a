//! Rollout simulation speed: `cargo bench -p fwpolicy-core --bench rollout`.
//!
//! Target (issue 5): 100,000 clients in at most 50 ms natively. Prints the median of 11 runs
//! (after one warm-up run) for the plain case and for a mixed scenario. The clock is only
//! read here, never in the library.

use std::hint::black_box;
use std::time::{Duration, Instant};

use fwpolicy_core::rollout::{
    simulate_seeded, LaptopReturn, Portion, RolloutParams, DAILY_RESTART_MIN,
};

const RUNS: usize = 11;

fn median_ms(params: &RolloutParams) -> f64 {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for run in 0..=RUNS {
        let start = Instant::now();
        let result = simulate_seeded(black_box(params), black_box(run as u64));
        let elapsed = start.elapsed();
        match result {
            Ok(r) => {
                black_box(r);
            }
            Err(e) => {
                eprintln!("rollout bench: {e}");
                std::process::exit(1);
            }
        }
        if run > 0 {
            times.push(elapsed);
        }
    }
    times.sort();
    times[RUNS / 2].as_secs_f64() * 1000.0
}

fn main() {
    let clients = 100_000;
    let plain = RolloutParams {
        clients,
        ..RolloutParams::default()
    };
    println!(
        "rollout {clients} clients: {:.1} ms (median of {RUNS} runs)",
        median_ms(&plain)
    );
    let mixed = RolloutParams {
        clients,
        replication_delay_min: 15.0,
        switched_on: Portion::Share(0.1),
        restarted: Portion::Share(0.2),
        laptops_away: Portion::Share(0.05),
        laptop_return: LaptopReturn::WithinHours(72.0),
        joins_min: vec![30.0, 400.0],
        security_center_restart_within_min: Some(DAILY_RESTART_MIN),
        domain_controllers: 2,
        ..RolloutParams::default()
    };
    println!(
        "rollout {clients} clients, mixed (delay, startups, laptops, joins, Security Center): \
         {:.1} ms (median of {RUNS} runs)",
        median_ms(&mixed)
    );
}
