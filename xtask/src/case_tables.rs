//! `cargo xtask case-tables`: prints the tables of `core/src/case.rs` (fwpolicy-core's small
//! `to_lowercase`) from this toolchain's `str::to_lowercase`, to paste over the old ones when
//! a newer Unicode version makes core's exhaustive comparison tests fail.

fn chars() -> impl Iterator<Item = char> {
    (0..=0x10_ffff).filter_map(char::from_u32)
}

/// Prints `LOWER`, `CASED` and `IGNORABLE` as Rust source.
pub fn print_tables() {
    let mut runs: Vec<(u32, u32, i64, u32)> = Vec::new(); // first, count, difference, step
    for c in chars().filter(|&c| !c.is_ascii() && c != 'Σ') {
        let l: Vec<char> = c.to_lowercase().collect();
        let (u, d) = (
            u32::from(c),
            i64::from(u32::from(l[0])) - i64::from(u32::from(c)),
        );
        if l.len() != 1 || d == 0 {
            continue;
        }
        if let Some(r) = runs.last_mut() {
            let last = r.0 + (r.1 - 1) * r.3;
            if r.2 == d && (u - last == r.3 || (r.1 == 1 && u - last <= 2)) {
                r.3 = u - last;
                r.1 += 1;
                continue;
            }
        }
        runs.push((u, 1, d, 1));
    }
    println!("const LOWER: [(u32, i32); {}] = [", runs.len());
    for r in &runs {
        println!(
            "(0x{:x}, {}),",
            r.0 | (r.1 - 1) << 21 | (r.3 - 1) << 28,
            r.2
        );
    }
    println!("];");
    // "AΣc" keeps σ when c is cased and not ignorable; "AcΣ" gets ς when c is either.
    let sigma = |s: String, nth: usize| s.to_lowercase().chars().rev().nth(nth) == Some('ς');
    let cased = |c: char| !sigma(format!("AΣ{c}"), c.to_lowercase().count());
    let ignorable = |c: char| sigma(format!("A{c}Σ"), 0) && !cased(c);
    for (name, test) in [
        ("CASED", &cased as &dyn Fn(char) -> bool),
        ("IGNORABLE", &ignorable),
    ] {
        let (mut bytes, mut inside, mut last) = (String::new(), false, 0);
        for c in chars().chain(['\u{10ffff}']) {
            if test(c) != inside || (c == '\u{10ffff}' && inside) {
                inside = !inside;
                let mut d = u32::from(c) - last;
                last = u32::from(c);
                while d >= 0x80 {
                    bytes.push_str(&format!("\\x{:02x}", d & 0x7f | 0x80));
                    d >>= 7;
                }
                bytes.push_str(&format!("\\x{d:02x}"));
            }
        }
        println!("const {name}: &[u8] = b\"{bytes}\";");
    }
}
