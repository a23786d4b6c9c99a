//! Mutations: bit flips, byte changes, deletions, repeats (which make the long lists and
//! scopes of issue 11), splices of two corpus inputs, and tokens the readers give a meaning
//! to (separators, keywords, NUL, Registry.pol brackets, JSON escapes).

use fastrand::Rng;

/// Tokens the readers treat specially. For UTF-16LE targets each is also given encoded.
const TOKENS: &[&str] = &[
    ",",
    ",,,,,,,,",
    ":",
    ";",
    "*",
    "\0",
    "\\u0000",
    "\"",
    "\\",
    "\r\n",
    "\n",
    "\t",
    "[",
    "]",
    "=",
    "localsubnet",
    "enabled",
    "disabled",
    "TCP",
    "UDP",
    "65535",
    "65536",
    "0",
    "-",
    "10.0.0.0/8",
    "255.255.255.0",
    "**del.",
    "**delvals.",
    "DWORD:",
    "SZ:",
    "DELETE",
    "DELETEALLVALUES",
    "dword:",
    "hex(7):",
    "\"Enabled\"=dword:00000001",
    "SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile",
    "\\GloballyOpenPorts\\List",
    "\\AuthorizedApplications\\List",
    "Computer",
    "{",
    "}",
    "null",
    "\"policy\":",
    "%ProgramFiles%\\",
    "C:\\",
    "é",
    "\u{feff}",
];

/// The tokens as bytes: UTF-8, plus UTF-16LE when `utf16`.
pub fn dictionary(utf16: bool) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = TOKENS.iter().map(|t| t.as_bytes().to_vec()).collect();
    if utf16 {
        out.extend(
            TOKENS
                .iter()
                .map(|t| t.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        );
        // Registry.pol record frames and data types.
        out.push(vec![b'[', 0, b';', 0]);
        out.push(vec![b';', 0, b']', 0]);
        out.push(vec![0, 0, b';', 0]);
        for kind in [0u32, 1, 2, 3, 4, 7, 11, 0xFFFF_FFFF] {
            out.push(kind.to_le_bytes().to_vec());
        }
    }
    out
}

/// A mutated copy of a corpus input (one to four mutations), at most `max_len` bytes.
pub fn mutate(
    rng: &mut Rng,
    corpus: &[Vec<u8>],
    dictionary: &[Vec<u8>],
    max_len: usize,
) -> Vec<u8> {
    let mut data = corpus[rng.usize(..corpus.len())].clone();
    for _ in 0..rng.usize(1..=4) {
        mutate_once(rng, &mut data, corpus, dictionary);
    }
    data.truncate(max_len);
    data
}

fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, corpus: &[Vec<u8>], dictionary: &[Vec<u8>]) {
    let at = |rng: &mut Rng, data: &Vec<u8>| rng.usize(..=data.len());
    match rng.u8(..9) {
        0 if !data.is_empty() => {
            let i = rng.usize(..data.len());
            data[i] ^= 1 << rng.u8(..8);
        }
        1 if !data.is_empty() => {
            let i = rng.usize(..data.len());
            data[i] = *rng
                .choice(&[0u8, 0xFF, b',', b':', b'\n', 0x80, b'0', b'9'])
                .unwrap_or(&0);
        }
        2 if !data.is_empty() => {
            let start = rng.usize(..data.len());
            let len = rng.usize(1..=(data.len() - start).min(64));
            data.drain(start..start + len);
        }
        3 if !data.is_empty() => {
            // Repeat a short chunk many times: long scopes, lists, names.
            let start = rng.usize(..data.len());
            let len = rng.usize(1..=(data.len() - start).min(16));
            let chunk = data[start..start + len].to_vec();
            let times = rng.usize(2..=512);
            let tail = data.split_off(start + len);
            for _ in 0..times {
                data.extend_from_slice(&chunk);
            }
            data.extend(tail);
        }
        4 => {
            // Splice: a prefix of this input, a suffix of another.
            let other = &corpus[rng.usize(..corpus.len())];
            let cut = at(rng, data);
            let from = rng.usize(..=other.len());
            data.truncate(cut);
            data.extend_from_slice(&other[from..]);
        }
        5 if !data.is_empty() => {
            // Copy a block elsewhere (duplicates records and lines).
            let start = rng.usize(..data.len());
            let len = rng.usize(1..=(data.len() - start).min(256));
            let block = data[start..start + len].to_vec();
            let to = at(rng, data);
            data.splice(to..to, block);
        }
        6 if data.len() >= 4 => {
            // Overwrite a little-endian size or type with an edge value.
            let i = rng.usize(..=data.len() - 4);
            let value: u32 = *rng
                .choice(&[0u32, 1, 2, 3, 4, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x1_0000])
                .unwrap_or(&0);
            data[i..i + 4].copy_from_slice(&value.to_le_bytes());
        }
        _ => {
            let token = &dictionary[rng.usize(..dictionary.len())];
            let to = at(rng, data);
            data.splice(to..to, token.iter().copied());
        }
    }
}
