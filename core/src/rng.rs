//! Seeded pseudo-random numbers (no global randomness in core).
//!
//! `core` never reads a clock or an operating-system random source: whoever wants random
//! numbers (the rollout simulation) receives an [`Rng`] as an argument, normally a
//! [`Xoshiro256StarStar`] built with [`Xoshiro256StarStar::from_seed`].
//!
//! Invariants:
//! * Same seed, same numbers, on every platform (x86-64, aarch64, wasm32): the generators use
//!   only wrapping 64-bit integer arithmetic, and the floating-point helpers use one exact
//!   integer-to-`f64` conversion followed by IEEE-754 multiply/add, which every target rounds
//!   identically. No `f64` transcendental functions are used here.
//! * [`Rng::next_f64`] is in `[0, 1)`, with 53 random bits (Vigna's `(x >> 11) * 2^-53`).
//!
//! Algorithms (public domain reference code by Blackman and Vigna, restated here):
//! * [`SplitMix64`]: Steele, Lea and Flood's SplitMix64, used to expand a 64-bit seed.
//! * [`Xoshiro256StarStar`]: xoshiro256** 1.0, the general-purpose generator; its 256-bit state
//!   is filled with four SplitMix64 outputs, as the authors recommend.
//!
//! The unit tests check both against published reference outputs (SplitMix64 seed 1234567,
//! xoshiro256** state {1, 2, 3, 4}).

/// A source of pseudo-random numbers.
///
/// Only [`Rng::next_u64`] must be implemented; the other methods derive from it and are
/// deterministic for a given sequence of `next_u64` values.
pub trait Rng {
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64;

    /// A uniform number in `[0, 1)` with 53 random bits.
    fn next_f64(&mut self) -> f64 {
        // 2^-53: exact in f64, and (x >> 11) < 2^53 converts exactly.
        const SCALE: f64 = 1.0 / 9_007_199_254_740_992.0;
        (self.next_u64() >> 11) as f64 * SCALE
    }

    /// A uniform number in `[a, b)` (or exactly `a` when `a == b`).
    fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.next_f64()
    }

    /// True with probability `p` (never for `p <= 0`, always for `p >= 1`).
    fn chance(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }

    /// A uniform integer in `0..n` (0 when `n` is 0), by Lemire's multiply-shift.
    ///
    /// The bias is below `n / 2^64`, far under anything a simulation can observe.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

impl<R: Rng + ?Sized> Rng for &mut R {
    fn next_u64(&mut self) -> u64 {
        (**self).next_u64()
    }
}

/// SplitMix64: a tiny generator with a 64-bit state, used to seed [`Xoshiro256StarStar`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The generator with this state; any value is fine (0 included).
    pub fn from_seed(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }
}

impl Rng for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0: 256-bit state, period 2^256 − 1, passes the usual statistical batteries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xoshiro256StarStar {
    s: [u64; 4],
}

impl Xoshiro256StarStar {
    /// The generator whose state is the next four outputs of [`SplitMix64`] seeded with `seed`.
    ///
    /// Every `u64` is a valid seed (the expanded state is never all zero).
    pub fn from_seed(seed: u64) -> Self {
        let mut sm = SplitMix64::from_seed(seed);
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        Xoshiro256StarStar::from_state(s).unwrap_or(Xoshiro256StarStar {
            // Unreachable in practice (SplitMix64 is a bijection of its counter, so four
            // consecutive outputs are never all zero); kept total instead of panicking.
            s: [1, 2, 3, 4],
        })
    }

    /// The generator with exactly this state, or `None` for the all-zero state (which would
    /// only ever produce zeros).
    pub fn from_state(s: [u64; 4]) -> Option<Self> {
        (s != [0; 4]).then_some(Xoshiro256StarStar { s })
    }

    /// The current state (for tests and reproducibility reports).
    pub fn state(&self) -> [u64; 4] {
        self.s
    }
}

impl Rng for Xoshiro256StarStar {
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Published reference outputs (Rosetta Code "Pseudo-random numbers/Splitmix64", seed
    // 1234567), reproduced by compiling the authors' C reference code.
    #[test]
    fn splitmix64_matches_reference_outputs_for_seed_1234567() {
        let mut rng = SplitMix64::from_seed(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            vec![
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
    }

    #[test]
    fn splitmix64_first_output_for_seed_0() {
        assert_eq!(SplitMix64::from_seed(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    // Reference outputs of xoshiro256starstar.c for the state {1, 2, 3, 4} (the vector used
    // by the rand_xoshiro and vigna::xoshiro256ss test suites).
    #[test]
    fn xoshiro256starstar_matches_reference_outputs_for_state_1_2_3_4() {
        let Some(mut rng) = Xoshiro256StarStar::from_state([1, 2, 3, 4]) else {
            panic!("non-zero state rejected");
        };
        let got: Vec<u64> = (0..10).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            vec![
                11_520,
                0,
                1_509_978_240,
                1_215_971_899_390_074_240,
                1_216_172_134_540_287_360,
                607_988_272_756_665_600,
                16_172_922_978_634_559_625,
                8_476_171_486_693_032_832,
                10_595_114_339_597_558_777,
                2_904_607_092_377_533_576,
            ]
        );
    }

    #[test]
    fn from_seed_fills_the_state_with_splitmix64_outputs() {
        let rng = Xoshiro256StarStar::from_seed(1_234_567);
        assert_eq!(
            rng.state(),
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
            ]
        );
    }

    // Values from the C reference code seeded the same way (SplitMix64 -> 4 words).
    #[test]
    fn from_seed_outputs_match_the_c_reference_seeded_the_same_way() {
        let mut rng = Xoshiro256StarStar::from_seed(1_234_567);
        let got: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            vec![
                3_504_822_795_582_309_479,
                1_819_558_768_956_484_042,
                1_250_851_346_055_027_673,
            ]
        );
        let mut zero = Xoshiro256StarStar::from_seed(0);
        assert_eq!(zero.next_u64(), 11_091_344_671_253_066_420);
    }

    #[test]
    fn all_zero_state_is_rejected() {
        assert!(Xoshiro256StarStar::from_state([0; 4]).is_none());
        assert!(Xoshiro256StarStar::from_state([0, 0, 0, 1]).is_some());
    }

    #[test]
    fn next_f64_uses_the_top_53_bits() {
        // First output of state {1,2,3,4} is 11520; 11520 >> 11 = 5.
        let Some(mut rng) = Xoshiro256StarStar::from_state([1, 2, 3, 4]) else {
            panic!("non-zero state rejected");
        };
        assert_eq!(rng.next_f64(), 5.0 / 9_007_199_254_740_992.0);
        // Second output is 0.
        assert_eq!(rng.next_f64(), 0.0);
    }

    /// A fake generator returning one fixed value, to pin the edges of the derived methods.
    struct Fixed(u64);
    impl Rng for Fixed {
        fn next_u64(&mut self) -> u64 {
            self.0
        }
    }

    #[test]
    fn next_f64_stays_below_one_for_the_largest_output() {
        let x = Fixed(u64::MAX).next_f64();
        assert!(x < 1.0);
        assert_eq!(x, 1.0 - 1.0 / 9_007_199_254_740_992.0);
        assert_eq!(Fixed(0).next_f64(), 0.0);
    }

    #[test]
    fn uniform_chance_and_below_respect_their_ranges() {
        let mut rng = Xoshiro256StarStar::from_seed(7);
        for _ in 0..10_000 {
            let u = rng.uniform(90.0, 120.0);
            assert!((90.0..120.0).contains(&u), "{u}");
            assert!(rng.below(7) < 7);
            assert!(!rng.chance(0.0));
            assert!(rng.chance(1.0));
        }
        assert_eq!(rng.uniform(5.0, 5.0), 5.0);
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.below(1), 0);
        assert_eq!(Fixed(u64::MAX).below(10), 9);
        assert_eq!(Fixed(0).below(10), 0);
    }

    #[test]
    fn below_is_roughly_uniform() {
        let mut rng = Xoshiro256StarStar::from_seed(99);
        let mut hist = [0u32; 10];
        for _ in 0..100_000 {
            hist[rng.below(10) as usize] += 1;
        }
        for (digit, count) in hist.iter().enumerate() {
            assert!((9_500..10_500).contains(count), "digit {digit}: {count}");
        }
    }

    #[test]
    fn next_f64_mean_is_one_half() {
        let mut rng = Xoshiro256StarStar::from_seed(2024);
        let n = 200_000;
        let mean = (0..n).map(|_| rng.next_f64()).sum::<f64>() / f64::from(n);
        // Standard error is 0.29 / sqrt(n) ~ 0.00065.
        assert!((mean - 0.5).abs() < 0.003, "{mean}");
    }

    #[test]
    fn same_seed_same_sequence_other_seed_other_sequence() {
        let a: Vec<u64> = {
            let mut r = Xoshiro256StarStar::from_seed(5);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Xoshiro256StarStar::from_seed(5);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Xoshiro256StarStar::from_seed(6);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn mutable_reference_is_an_rng_too() {
        let mut base = Xoshiro256StarStar::from_seed(3);
        let mut copy = base.clone();
        fn draw<R: Rng>(mut rng: R) -> u64 {
            rng.next_u64()
        }
        let via_ref = draw(&mut base);
        assert_eq!(via_ref, copy.next_u64());
    }
}
