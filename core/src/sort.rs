//! One stable sort for every caller that orders positions (smaller wasm than a
//! `sort_unstable` instantiation per element type and comparison), and an index of positions
//! by string key built on it (smaller than `HashMap`, and no SipHash in the bundle).

/// Sorts `v` stably by `less` (a strict weak order on its values): a bottom-up merge sort.
/// With a total order this is the result of any sort, `sort_unstable` included.
pub fn sort_indices(v: &mut [usize], less: &mut dyn FnMut(usize, usize) -> bool) {
    let n = v.len();
    let mut a = v.to_vec();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                if j < end && (i >= mid || less(a[j], a[i])) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    v.copy_from_slice(&a);
}

/// Positions grouped by string key, for lookups: the keys sorted, each with its positions in
/// the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index(Vec<(String, Vec<usize>)>);

impl Index {
    /// Groups `(key, position)` pairs by key.
    pub fn new(entries: Vec<(String, usize)>) -> Index {
        let mut at: Vec<usize> = (0..entries.len()).collect();
        sort_indices(&mut at, &mut |a, b| entries[a].0 < entries[b].0);
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for a in at {
            let (key, position) = &entries[a];
            match groups.last_mut() {
                Some((k, positions)) if k == key => positions.push(*position),
                _ => groups.push((key.clone(), vec![*position])),
            }
        }
        Index(groups)
    }

    /// The positions of `key`, in the order given (empty for an unknown key).
    pub fn get(&self, key: &str) -> &[usize] {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            Ok(i) => &self.0[i].1,
            Err(_) => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for n in 0..300 {
            let keys: Vec<u64> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed % (n as u64 / 3 + 1)
                })
                .collect();
            let mut mine: Vec<usize> = (0..n).rev().collect();
            sort_indices(&mut mine, &mut |a, b| keys[a] < keys[b]);
            let mut std: Vec<usize> = (0..n).rev().collect();
            std.sort_by_key(|&i| keys[i]);
            assert_eq!(mine, std, "{n}");
            let mut plain = keys.iter().map(|&k| k as usize).collect::<Vec<_>>();
            let mut expected = plain.clone();
            expected.sort_unstable();
            sort_indices(&mut plain, &mut |a, b| a < b);
            assert_eq!(plain, expected);
        }
    }

    #[test]
    fn index_keeps_positions_in_order() {
        let words = ["b", "a", "b", "", "a", "c", "b"];
        let index = Index::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.to_string(), i * 10))
                .collect(),
        );
        assert_eq!(index.get("b"), &[0, 20, 60]);
        assert_eq!(index.get("a"), &[10, 40]);
        assert_eq!(index.get(""), &[30]);
        assert_eq!(index.get("c"), &[50]);
        assert!(index.get("d").is_empty());
        assert_eq!(Index::new(Vec::new()), Index::default());
    }
}
