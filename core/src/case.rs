//! `str::to_lowercase` with the same output for every string, from tables a tenth the size of
//! the standard library's (smaller wasm: about 8 kB gzip). The tests compare it with the
//! standard library for every character, alone and on both sides of a `Σ`, so a toolchain with
//! newer Unicode data fails them until the tables are regenerated:
//! `cargo test -p fwpolicy-core --lib case::tests::print_tables -- --ignored --nocapture`.

/// The lower-case form of `text`, the same as `text.to_lowercase()`: Unicode's default case
/// conversion, with `Σ` becoming `ς` at the end of a word.
pub fn to_lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == 'Σ' {
            let word_final = cased_before(text[..i].chars().rev())
                && !cased_before(text[i + 'Σ'.len_utf8()..].chars());
            out.push(if word_final { 'ς' } else { 'σ' });
        } else if c == '\u{130}' {
            out.push_str("i\u{307}");
        } else {
            out.push(lower(c));
        }
    }
    out
}

/// Whether the first character that is not case-ignorable is a cased letter.
fn cased_before(mut chars: impl Iterator<Item = char>) -> bool {
    chars
        .find(|&c| !in_set(IGNORABLE, c))
        .is_some_and(|c| in_set(CASED, c))
}

/// The one-character lower-case form of a non-ASCII character.
fn lower(c: char) -> char {
    let u = u32::from(c);
    let i = LOWER.partition_point(|&(key, _)| key & 0x1f_ffff <= u);
    let Some(&(key, delta)) = i.checked_sub(1).and_then(|i| LOWER.get(i)) else {
        return c;
    };
    let first = key & 0x1f_ffff;
    let count = (key >> 21 & 0x7f) + 1;
    let step = (key >> 28) + 1;
    let offset = u - first;
    if offset < count * step && offset % step == 0 {
        char::from_u32(u.wrapping_add_signed(delta)).unwrap_or(c)
    } else {
        c
    }
}

/// Whether `c` is in a set stored as the LEB128-coded differences between its toggle points
/// (the first code point in, the first one out, the next one in, …).
fn in_set(set: &[u8], c: char) -> bool {
    let u = u32::from(c);
    let mut inside = false;
    let mut point = 0u32;
    let mut delta = 0u32;
    let mut shift = 0;
    for &b in set {
        delta |= u32::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            point += delta;
            if point > u {
                break;
            }
            inside = !inside;
            delta = 0;
            shift = 0;
        }
    }
    inside
}

/// Lower-case mappings of the non-ASCII characters that map to one other character, as runs:
/// `first | (count - 1) << 21 | (step - 1) << 28` (step 1 or 2) and the code point difference.
#[rustfmt::skip]
const LOWER: [(u32, i32); 184] = [
    (0x2c000c0, 32), (0xc000d8, 32), (0x12e00100, 1), (0x10400132, 1), (0x10e00139, 1),
    (0x12c0014a, 1), (0x178, -121), (0x10400179, 1), (0x181, 210), (0x10200182, 1),
    (0x186, 206), (0x187, 1), (0x200189, 205), (0x18b, 1), (0x18e, 79), (0x18f, 202),
    (0x190, 203), (0x191, 1), (0x193, 205), (0x194, 207), (0x196, 211), (0x197, 209),
    (0x198, 1), (0x19c, 211), (0x19d, 213), (0x19f, 214), (0x104001a0, 1), (0x1a6, 218),
    (0x1a7, 1), (0x1a9, 218), (0x1ac, 1), (0x1ae, 218), (0x1af, 1), (0x2001b1, 217),
    (0x102001b3, 1), (0x1b7, 219), (0x1b8, 1), (0x1bc, 1), (0x1c4, 2), (0x1c5, 1), (0x1c7, 2),
    (0x1c8, 1), (0x1ca, 2), (0x110001cb, 1), (0x110001de, 1), (0x1f1, 2), (0x102001f2, 1),
    (0x1f6, -97), (0x1f7, -56), (0x126001f8, 1), (0x220, -130), (0x11000222, 1), (0x23a, 10795),
    (0x23b, 1), (0x23d, -163), (0x23e, 10792), (0x241, 1), (0x243, -195), (0x244, 69),
    (0x245, 71), (0x10800246, 1), (0x10200370, 1), (0x376, 1), (0x37f, 116), (0x386, 38),
    (0x400388, 37), (0x38c, 64), (0x20038e, 63), (0x2000391, 32), (0xe003a4, 32), (0x3cf, 8),
    (0x116003d8, 1), (0x3f4, -60), (0x3f7, 1), (0x3f9, -7), (0x3fa, 1), (0x4003fd, -130),
    (0x1e00400, 80), (0x3e00410, 32), (0x12000460, 1), (0x1340048a, 1), (0x4c0, 15),
    (0x10c004c1, 1), (0x15e004d0, 1), (0x4a00531, 48), (0x4a010a0, 7264), (0x10c7, 7264),
    (0x10cd, 7264), (0x9e013a0, 38864), (0xa013f0, 8), (0x1c89, 1), (0x5401c90, -3008),
    (0x401cbd, -3008), (0x19401e00, 1), (0x1e9e, -7615), (0x15e01ea0, 1), (0xe01f08, -8),
    (0xa01f18, -8), (0xe01f28, -8), (0xe01f38, -8), (0xa01f48, -8), (0x10601f59, -8),
    (0xe01f68, -8), (0xe01f88, -8), (0xe01f98, -8), (0xe01fa8, -8), (0x201fb8, -8),
    (0x201fba, -74), (0x1fbc, -9), (0x601fc8, -86), (0x1fcc, -9), (0x201fd8, -8),
    (0x201fda, -100), (0x201fe8, -8), (0x201fea, -112), (0x1fec, -7), (0x201ff8, -128),
    (0x201ffa, -126), (0x1ffc, -9), (0x2126, -7517), (0x212a, -8383), (0x212b, -8262),
    (0x2132, 28), (0x1e02160, 16), (0x2183, 1), (0x32024b6, 26), (0x5e02c00, 48), (0x2c60, 1),
    (0x2c62, -10743), (0x2c63, -3814), (0x2c64, -10727), (0x10402c67, 1), (0x2c6d, -10780),
    (0x2c6e, -10749), (0x2c6f, -10783), (0x2c70, -10782), (0x2c72, 1), (0x2c75, 1),
    (0x202c7e, -10815), (0x16202c80, 1), (0x10202ceb, 1), (0x2cf2, 1), (0x12c0a640, 1),
    (0x11a0a680, 1), (0x10c0a722, 1), (0x13c0a732, 1), (0x1020a779, 1), (0xa77d, -35332),
    (0x1080a77e, 1), (0xa78b, 1), (0xa78d, -42280), (0x1020a790, 1), (0x1120a796, 1),
    (0xa7aa, -42308), (0xa7ab, -42319), (0xa7ac, -42315), (0xa7ad, -42305), (0xa7ae, -42308),
    (0xa7b0, -42258), (0xa7b1, -42282), (0xa7b2, -42261), (0xa7b3, 928), (0x10e0a7b4, 1),
    (0xa7c4, -48), (0xa7c5, -42307), (0xa7c6, -35384), (0x1020a7c7, 1), (0xa7cb, -42343),
    (0x10e0a7cc, 1), (0xa7dc, -42561), (0xa7f5, 1), (0x320ff21, 32), (0x4e10400, 40),
    (0x46104b0, 40), (0x1410570, 39), (0x1c1057c, 39), (0xc1058c, 39), (0x210594, 39),
    (0x6410c80, 64), (0x2a10d50, 32), (0x3e118a0, 32), (0x3e16e40, 32), (0x3016ea0, 27),
    (0x421e900, 34),
];
/// Characters that end the search for a cased letter around `Σ` by being cased: toggle points,
/// LEB128 differences.
#[rustfmt::skip]
const CASED: &[u8] = b"\x41\x1a\x06\x1a\x2f\x01\x0a\x01\x04\x01\x05\x17\x01\x1f\x01\xc3\x01\x01\x04\x04\xd0\x01\x02\x1a\
      \xc0\x01\x04\x02\x02\x03\x03\x01\x01\x06\x01\x01\x03\x01\x01\x01\x14\x01\x53\x01\x8b\x01\x08\xa6\
      \x01\x01\x26\x09\x29\x97\x16\x26\x01\x01\x05\x01\x02\x2b\x02\x03\xa0\x05\x56\x02\x06\x82\x11\x0b\
      \x05\x2b\x02\x03\x40\x2c\x3f\x0d\x01\x22\x65\x96\x02\x02\x06\x02\x26\x02\x06\x02\x08\x01\x01\x01\
      \x01\x01\x01\x01\x1f\x02\x35\x01\x07\x01\x01\x03\x03\x01\x07\x03\x04\x02\x06\x04\x0d\x05\x03\x01\
      \x07\x85\x02\x01\x04\x01\x02\x0a\x01\x01\x03\x05\x06\x01\x01\x01\x01\x01\x01\x04\x01\x06\x04\x01\
      \x02\x04\x05\x05\x04\x01\x11\x20\x03\x02\xb1\x06\x34\x96\x0e\x7c\x02\x67\x06\x04\x03\x02\x0c\x26\
      \x01\x01\x05\x01\x92\xf2\x01\x2e\x12\x1c\x86\x01\x4e\x01\x17\x03\x04\x01\x4d\x18\x02\x03\x01\xb5\
      \x06\x2b\x05\x09\x07\x50\xc0\x9e\x01\x07\x0c\x05\x89\x08\x1a\x06\x1a\xa5\x09\x50\x60\x24\x04\x24\
      \x74\x0b\x01\x0f\x01\x07\x01\x02\x01\x0b\x01\x0f\x01\x07\x01\x02\xc3\x0d\x33\x0d\x33\x5d\x16\x0a\
      \x16\x9a\x16\x40\xe0\xaa\x01\x40\x20\x19\x02\x19\xac\xca\x01\x55\x01\x47\x01\x02\x02\x01\x02\x02\
      \x02\x04\x01\x0c\x01\x01\x01\x07\x01\x41\x01\x04\x02\x08\x01\x07\x01\x1c\x01\x04\x01\x05\x01\x01\
      \x03\x07\x01\xd4\x02\x02\x19\x01\x19\x01\x1f\x01\x19\x01\x1f\x01\x19\x01\x1f\x01\x19\x01\x1f\x01\
      \x19\x01\x08\xb4\x0e\x0a\x01\x14\x06\x06\xd5\x13\x44\xec\x0f\x1a\x06\x1a\x06\x1a";
/// Characters the search for a cased letter around `Σ` skips (`Case_Ignorable`): toggle
/// points, LEB128 differences.
#[rustfmt::skip]
const IGNORABLE: &[u8] = b"\x27\x01\x06\x01\x0b\x01\x23\x01\x01\x01\x47\x01\x04\x01\x01\x01\x04\x01\x02\x02\xf7\x03\xc0\x01\
      \x04\x02\x04\x01\x09\x02\x01\x01\xfb\x01\x07\xcf\x01\x01\x05\x01\x31\x2d\x01\x01\x01\x02\x01\x02\
      \x01\x01\x2c\x01\x0b\x06\x0a\x0b\x01\x01\x23\x01\x0a\x15\x10\x01\x65\x08\x01\x0a\x01\x04\x21\x01\
      \x01\x01\x1e\x1b\x5b\x0b\x3a\x0b\x04\x01\x02\x01\x18\x18\x2b\x03\x2c\x01\x07\x02\x05\x09\x29\x3a\
      \x37\x01\x01\x01\x04\x08\x04\x01\x03\x07\x0a\x02\x0d\x01\x0f\x01\x3a\x01\x04\x04\x08\x01\x14\x02\
      \x1a\x01\x02\x02\x39\x01\x04\x02\x04\x02\x02\x03\x03\x01\x1e\x02\x03\x01\x0b\x02\x39\x01\x04\x05\
      \x01\x02\x04\x01\x14\x02\x16\x06\x01\x01\x3a\x01\x02\x01\x01\x04\x08\x01\x07\x02\x0b\x02\x1e\x01\
      \x3d\x01\x0c\x01\x32\x01\x03\x01\x37\x01\x01\x03\x05\x03\x01\x04\x07\x02\x0b\x02\x1d\x01\x3a\x01\
      \x02\x01\x06\x01\x05\x02\x14\x02\x1c\x02\x39\x02\x04\x04\x08\x01\x14\x02\x1d\x01\x48\x01\x07\x03\
      \x01\x01\x5a\x01\x02\x07\x0b\x09\x62\x01\x02\x09\x09\x01\x01\x07\x49\x02\x1b\x01\x01\x01\x01\x01\
      \x37\x0e\x01\x05\x01\x02\x05\x0b\x01\x24\x09\x01\x66\x04\x01\x06\x01\x02\x02\x02\x19\x02\x04\x03\
      \x10\x04\x0d\x01\x02\x02\x06\x01\x0f\x01\x5e\x01\xe0\x04\x03\xb2\x07\x03\x1d\x02\x1e\x02\x1e\x02\
      \x40\x02\x01\x07\x08\x01\x02\x0b\x03\x01\x05\x01\x2d\x05\x33\x01\x41\x02\x22\x01\x76\x03\x04\x02\
      \x09\x01\x06\x03\xdb\x01\x02\x02\x01\x3a\x01\x01\x07\x01\x01\x01\x01\x02\x08\x06\x0a\x02\x01\x27\
      \x01\x08\x2e\x02\x0c\x14\x04\x30\x01\x01\x05\x01\x01\x05\x01\x28\x09\x0c\x02\x20\x04\x02\x02\x01\
      \x03\x38\x01\x01\x02\x03\x01\x01\x03\x3a\x08\x02\x02\x40\x06\x52\x03\x01\x0d\x01\x07\x04\x01\x06\
      \x01\x03\x02\x32\x3f\x0d\x01\x22\x65\xbd\x03\x01\x01\x03\x0b\x03\x0d\x03\x0d\x03\x0d\x02\x0c\x05\
      \x08\x02\x0a\x01\x02\x01\x02\x05\x31\x05\x01\x0a\x01\x01\x0d\x01\x10\x0d\x33\x21\x8b\x17\x02\x71\
      \x03\x7d\x01\x0f\x01\x60\x20\x2f\x01\xd5\x03\x01\x24\x04\x03\x05\x05\x01\x5d\x06\x5d\x03\x96\xde\
      \x01\x01\xe2\x09\x06\x8e\x02\x01\x62\x04\x01\x0a\x01\x01\x1c\x04\x50\x02\x0e\x22\x4e\x01\x17\x03\
      \x66\x04\x03\x02\x08\x01\x03\x01\x04\x01\x19\x02\x05\x01\x97\x01\x02\x1a\x12\x0d\x01\x26\x08\x19\
      \x0b\x2e\x03\x30\x01\x02\x04\x02\x02\x11\x01\x15\x02\x42\x06\x02\x02\x02\x02\x0c\x01\x08\x01\x23\
      \x01\x0b\x01\x33\x01\x01\x03\x02\x02\x05\x02\x01\x01\x1b\x01\x0e\x02\x05\x02\x01\x01\x64\x05\x09\
      \x03\x79\x01\x02\x01\x04\x01\xb0\x9e\x01\x01\x93\x01\x11\xbd\x04\x10\x03\x01\x0c\x10\x22\x01\x02\
      \x01\xa9\x01\x01\x07\x01\x06\x01\x0b\x01\x23\x01\x01\x01\x2f\x01\x2d\x02\x43\x01\x15\x03\x81\x04\
      \x01\xe2\x01\x01\x95\x01\x05\x85\x08\x06\x01\x2a\x01\x09\xc6\x04\x03\x01\x02\x05\x04\x28\x03\x04\
      \x01\xa5\x01\x02\xbd\x04\x04\x26\x01\x1a\x05\x01\x01\xbb\x02\x02\x18\x01\x34\x06\x46\x0b\x31\x04\
      \x7b\x01\x36\x0f\x29\x01\x02\x02\x0a\x03\x31\x04\x02\x02\x02\x01\x04\x01\x0a\x01\x32\x03\x24\x05\
      \x01\x08\x3e\x01\x0c\x02\x34\x09\x0a\x04\x02\x01\x5f\x03\x02\x01\x01\x02\x06\x01\x02\x01\x9d\x01\
      \x01\x03\x08\x15\x02\x39\x02\x03\x01\x25\x07\x03\x05\x46\x06\x0d\x01\x01\x01\x01\x01\x0e\x02\x55\
      \x08\x02\x03\x01\x01\x17\x01\x54\x06\x01\x01\x04\x02\x01\x02\xee\x01\x04\x06\x02\x01\x02\x1b\x02\
      \x55\x08\x02\x01\x01\x02\x6a\x01\x01\x01\x02\x06\x01\x01\x65\x01\x01\x01\x02\x04\x01\x05\x83\x02\
      \x09\x01\x02\x80\x02\x02\x01\x01\x04\x01\x90\x01\x04\x02\x02\x04\x01\x20\x0a\x28\x06\x02\x04\x08\
      \x01\x09\x06\x02\x03\x2e\x0d\x01\x02\xc6\x01\x01\x01\x03\x01\x01\xc9\x01\x07\x01\x06\x01\x01\x52\
      \x16\x02\x07\x01\x02\x01\x02\x7a\x06\x03\x01\x01\x02\x01\x07\x01\x01\x48\x02\x03\x01\x01\x01\x41\
      \x01\x99\x02\x02\x0b\x02\x34\x05\x05\x01\x01\x01\x17\x01\xd5\x29\x11\x06\x0f\xc8\x59\x0c\x03\x03\
      \xc0\x13\x05\x3b\x07\x09\x04\xfc\x03\x03\x28\x02\xe2\x03\x01\x3f\x11\x40\x02\x01\x02\x0d\x02\xfc\
      \x7f\x04\x01\x07\x01\x02\x9e\x19\x02\x01\x04\xdc\x24\x2e\x02\x17\xa0\x04\x03\x09\x10\x02\x07\x1e\
      \x04\x94\x01\x03\xbb\x0f\x37\x04\x32\x08\x01\x0e\x01\x16\x05\x01\x0f\xd0\x0a\x07\x01\x11\x02\x07\
      \x01\x02\x01\x05\x05\x3e\x21\x01\xa0\x01\x0e\xf0\x02\x01\x3d\x04\xfb\x03\x05\xfe\x01\x02\xf3\x01\
      \x01\x02\x01\x07\x02\x05\x01\x09\x01\xd0\x03\x07\x6d\x08\xaf\x15\x05\x81\x98\x30\x01\x1e\x60\x80\
      \x01\xf0\x01";

#[cfg(test)]
mod tests {
    use super::*;

    fn chars() -> impl Iterator<Item = char> {
        (0..=0x10_ffff).filter_map(char::from_u32)
    }

    #[test]
    fn every_character_as_std() {
        for c in chars() {
            let s = c.to_string();
            assert_eq!(to_lowercase(&s), s.to_lowercase(), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn every_character_around_sigma_as_std() {
        for c in chars() {
            for s in [format!("AΣ{c}"), format!("A{c}Σ")] {
                assert_eq!(to_lowercase(&s), s.to_lowercase(), "{s:?}");
            }
        }
    }

    /// Prints the tables from the standard library's behaviour (see the module documentation).
    #[test]
    #[ignore]
    fn print_tables() {
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

    #[test]
    fn words() {
        for s in [
            "",
            "ΟΔΥΣΣΕΥΣ",
            "Σ",
            "ΑΣ.Σ ΣΑ Α'Σ' Ǆ İstanbul",
            "MÜLLER Straße ÆØÅ Ⅻ Ａ",
            "a\u{301}Σ\u{301}b",
        ] {
            assert_eq!(to_lowercase(s), s.to_lowercase(), "{s:?}");
        }
    }
}
