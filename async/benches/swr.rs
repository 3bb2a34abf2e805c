//! Verification latency across key-TTL expiries, against a JWKS that takes
//! 200 ms to answer (issue 13, item 2: stale-while-revalidate).
//!
//! The verifier runs on a `ManualClock`. Each round moves the clock past the
//! key TTL, then verifies `PER_ROUND` tokens back to back and lets the
//! background renewal finish. The first verification of a round is the one
//! that finds the keys stale: without stale-while-revalidate it would wait
//! the whole 200 ms fetch, and with `ROUNDS / (ROUNDS * PER_ROUND)` = 0.5 % of
//! the samples being such calls, the p99.9 would be about 200 ms. The token
//! cache is off, so every sample is a full signature check.
//!
//! Run: `cargo bench -p inai-auth-async --bench swr`. It prints p50, p99,
//! p99.9 and the maximum, and whether the p99.9 is within 2× the p50.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use inai_auth_async::Verifier;
use inai_auth_emulator::{Emulator, EmulatorConfig, Fault};
use inai_auth_verify::{CacheOptions, ManualClock};

const JWKS: &str = "/.well-known/jwks.json";
const ROUNDS: usize = 20;
const PER_ROUND: usize = 200;
const JWKS_DELAY: Duration = Duration::from_millis(200);

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench` absent: keep
    // that quick by doing one round only.
    let full = std::env::args().any(|a| a == "--bench");
    let rounds = if full { ROUNDS } else { 1 };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let emu = Emulator::start(EmulatorConfig::default()).expect("the emulator starts");
    let now = time::OffsetDateTime::now_utc();
    let clock = ManualClock::new(now);
    let exp = (now + time::Duration::days(30)).unix_timestamp();
    let tokens: Vec<String> = (0..PER_ROUND)
        .map(|i| {
            emu.mint_access_token(serde_json::json!({
                "sub": format!("user_{i}"),
                "type": "app_user",
                "tenant_id": "tenant_1",
                "email": format!("user{i}@example.com"),
                "exp": exp,
            }))
            .expect("minted")
        })
        .collect();

    let verifier = Verifier::builder(emu.jwks_url())
        .no_proxy()
        .clock(Arc::new(clock.clone()))
        .cache_options(CacheOptions::default().with_token_cache_capacity(0))
        .build()
        .expect("a verifier");

    let samples = runtime.block_on(async {
        // Warm-up: the cold fetch (no keys yet) must wait; it is not sampled.
        verifier.verify(&tokens[0]).await.expect("valid");
        emu.inject_fault(Fault::delay(JWKS, JWKS_DELAY).with_count(u32::MAX));
        let mut samples = Vec::with_capacity(rounds * PER_ROUND);
        for _ in 0..rounds {
            clock.advance(Duration::from_secs(301));
            for token in &tokens {
                let started = Instant::now();
                verifier.verify(token).await.expect("valid");
                samples.push(started.elapsed());
            }
            // Let the background renewal (200 ms) finish before the next TTL.
            tokio::time::sleep(JWKS_DELAY + Duration::from_millis(100)).await;
        }
        samples
    });

    let mut sorted = samples.clone();
    sorted.sort_unstable();
    let p50 = percentile(&sorted, 0.50);
    let p99 = percentile(&sorted, 0.99);
    let p999 = percentile(&sorted, 0.999);
    let max = sorted.last().copied().unwrap_or_default();
    let jwks_requests = emu.request_count("GET", JWKS);
    println!(
        "swr: {} samples over {rounds} TTL expiries, JWKS answering in {} ms, {jwks_requests} JWKS requests",
        sorted.len(),
        JWKS_DELAY.as_millis()
    );
    println!(
        "swr: p50 {p50:?}  p99 {p99:?}  p99.9 {p999:?}  max {max:?}  p99.9/p50 {:.2} (goal <= 2)",
        p999.as_secs_f64() / p50.as_secs_f64().max(f64::MIN_POSITIVE)
    );
    let triggering: Vec<Duration> = samples.iter().step_by(PER_ROUND).copied().collect();
    println!(
        "swr: the calls that found the keys stale took at most {:?}",
        triggering.iter().max().copied().unwrap_or_default()
    );
}
