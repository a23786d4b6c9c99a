//! One stable sort for every caller that orders positions (smaller wasm than a
//! `sort_unstable` instantiation per element type and comparison).

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
}
