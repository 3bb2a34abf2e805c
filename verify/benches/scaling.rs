//! `cargo bench -p inai-auth-verify --bench scaling`
//!
//! How the cached verifier scales from 1 to 2 threads, as the ratio of the
//! two throughputs measured in pairs: each round times the same work per
//! thread on 1 thread and on 2, back to back (in alternating order), so
//! that a neighbour's load on a shared machine weighs on both halves of a
//! pair. Printed per case: the ratio of the best 2-thread throughput to the
//! best 1-thread one over all rounds (a neighbour only ever slows a round
//! down, so the fastest are the least disturbed), and the median of the
//! paired ratios with its quartiles. The cases are those of `verify_threads/*` in the
//! `verify` bench: `repeat` (one remembered token for every thread),
//! `distinct` (64 remembered tokens per thread), `fresh` (token cache off:
//! a signature check every time); and `control`: each thread copies the
//! claims and the token as a cache hit does, touching nothing shared (how
//! well this machine runs a hit's work on two cores, the ceiling for
//! `repeat` and `distinct`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    missing_docs,
    unreachable_pub,
    dead_code
)]

#[path = "../tests/it/support.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use inai_auth_verify::{CacheOptions, CachedVerifier, Claims, Verdict};

use support::{NOW, TestKey, jwks_json, warm_verifier};

const ROUNDS: usize = 61;

/// What one thread does `iters` times with its list of tokens.
#[derive(Clone, Copy)]
enum Work<'a> {
    /// Verify the next token.
    Verify(&'a CachedVerifier),
    /// Copy claims and the token, as a cache hit does, sharing nothing:
    /// the control, showing how well this machine runs such work on 2 cores.
    Copy(&'a Claims),
}

/// One thread per list of tokens, each doing its work `iters` times
/// through its list: the wall time until the last one ends.
// A benchmark measures wall time; the rule against clock reads is for the library.
#[allow(clippy::disallowed_methods)]
fn run_threads(work: Work<'_>, tokens: &[Vec<String>], iters: usize) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for mine in tokens {
            scope.spawn(move || {
                for token in mine.iter().cycle().take(iters) {
                    match work {
                        Work::Verify(verifier) => match verifier.verify(black_box(token), NOW) {
                            Verdict::Valid(auth) => drop(black_box(auth)),
                            other => panic!("{other:?}"),
                        },
                        Work::Copy(claims) => {
                            drop(black_box((claims.clone(), String::from(black_box(token)))));
                        }
                    }
                }
            });
        }
    });
    start.elapsed()
}

fn main() {
    let key = TestKey::new(1);
    let other = TestKey::new(2);
    let token = key.token(3600);
    let jwks_body = jwks_json(&[&other, &key]);
    let distinct: Vec<Vec<String>> = (0..2i64)
        .map(|t| (0..64).map(|i| key.token(3600 + t * 1000 + i)).collect())
        .collect();
    let same = vec![vec![token.clone()]; 2];
    println!("2 threads / 1 thread, {ROUNDS} paired rounds:");
    let claims = inai_auth_verify::decode_claims_unverified(&token).unwrap();
    for (name, capacity, tokens, iters) in [
        ("repeat", 4096, &same, 40_000),
        ("distinct", 4096, &distinct, 40_000),
        ("fresh", 0, &same, 60),
        ("control", 0, &same, 60_000),
    ] {
        let verifier = warm_verifier(
            &token,
            &jwks_body,
            CacheOptions::default().with_token_cache_capacity(capacity),
        );
        for token in tokens.iter().flatten() {
            assert!(matches!(verifier.verify(token, NOW), Verdict::Valid(_)));
        }
        let work = if name == "control" {
            Work::Copy(&claims)
        } else {
            Work::Verify(&verifier)
        };
        run_threads(work, tokens, iters / 4);
        let (mut ratios, mut one, mut two) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let (t1, t2) = if round % 2 == 0 {
                let t1 = run_threads(work, &tokens[..1], iters);
                (t1, run_threads(work, &tokens[..2], iters))
            } else {
                let t2 = run_threads(work, &tokens[..2], iters);
                (run_threads(work, &tokens[..1], iters), t2)
            };
            let (t1, t2) = (t1.as_secs_f64(), t2.as_secs_f64());
            ratios.push(2.0 * t1 / t2);
            one.push(iters as f64 / t1);
            two.push(2.0 * iters as f64 / t2);
        }
        // A neighbour's load only ever slows a round down: the fastest
        // round of each kind is the least disturbed.
        let best = |rates: &[f64]| rates.iter().copied().fold(0.0, f64::max);
        let (best_one, best_two) = (best(&one), best(&two));
        ratios.sort_by(f64::total_cmp);
        println!(
            "{name:>9}: best {:.2}x ({best_one:.0}/s -> {best_two:.0}/s); paired median {:.2}x (quartiles {:.2}..{:.2})",
            best_two / best_one,
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[3 * ROUNDS / 4],
        );
    }
}
