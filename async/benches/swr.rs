//! Verification latency across key-TTL expiries, against a JWKS that takes
//! 200 ms to answer (issue 13, item 2: stale-while-revalidate). The scenario
//! and the report are shared with the blocking driver's bench
//! ([`inai_auth_testkit::bench::Swr`]): rounds of 200 distinct tokens
//! verified without a driver (the floor: the sans-IO cache alone), through
//! the driver with fresh keys (the control), then right after the TTL
//! expired, the first of which finds the keys stale and spawns the renewal.
//! The token cache is off, so every sample is a full signature check.
//!
//! The rounds run in a task on a multi-threaded runtime and yield after each
//! verification, as a service's request handlers do (each request is a task
//! of its own): the renewal is spawned from a worker thread, the way it is
//! in a service. Between rounds the task keeps verifying (unsampled) until
//! the renewal has landed, so that every round starts on a busy process, as
//! a service under load is, not on one woken from sleep.
//!
//! Run: `cargo bench -p inai-auth-async --bench swr`. It prints p50, p99,
//! p99.9 and the maximum of both series, and the calls that found the keys
//! stale.

#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use inai_auth_async::Verifier;
use inai_auth_testkit::bench::Swr;
use inai_auth_verify::CacheOptions;

fn main() {
    let swr = Swr::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let verifier = Verifier::builder(swr.emulator.jwks_url())
        .no_proxy()
        .clock(Arc::new(swr.clock.clone()))
        .cache_options(CacheOptions::default().with_token_cache_capacity(0))
        .build()
        .expect("a verifier");
    // The cold fetch (no keys yet) must wait; it is not sampled.
    runtime
        .block_on(verifier.verify(&swr.tokens[0]))
        .expect("valid");
    swr.delay_jwks();

    let (clock, tokens, rounds, bare) = (
        swr.clock.clone(),
        swr.tokens.clone(),
        swr.rounds,
        swr.bare(),
    );
    let (bare, control, expiry) = runtime
        .block_on(runtime.spawn(async move {
            let mut floor = Vec::with_capacity(rounds * Swr::PER_ROUND);
            let mut control = Vec::with_capacity(rounds * Swr::PER_ROUND);
            let mut expiry = Vec::with_capacity(rounds * Swr::PER_ROUND);
            for _ in 0..rounds {
                bare.sample(&mut floor);
                sample(&verifier, &tokens, &mut control).await;
                clock.advance(Swr::PAST_TTL);
                let expired = Instant::now();
                sample(&verifier, &tokens, &mut expiry).await;
                let mut i = 0;
                while expired.elapsed() < Swr::SETTLE {
                    verifier
                        .verify(&tokens[i % tokens.len()])
                        .await
                        .expect("valid");
                    tokio::task::yield_now().await;
                    i += 1;
                }
            }
            (floor, control, expiry)
        }))
        .expect("the rounds ran");
    swr.report("async", &bare, &control, &expiry);
}

async fn sample(verifier: &Verifier, tokens: &[String], into: &mut Vec<Duration>) {
    for token in tokens {
        let started = Instant::now();
        verifier.verify(token).await.expect("valid");
        into.push(started.elapsed());
        tokio::task::yield_now().await;
    }
}
