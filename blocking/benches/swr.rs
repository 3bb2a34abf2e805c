//! Verification latency across key-TTL expiries, against a JWKS that takes
//! 200 ms to answer (issue 13, item 2: stale-while-revalidate), for the
//! blocking driver. The scenario and the report are shared with the async
//! driver's bench ([`inai_auth_testkit::bench::Swr`]): rounds of 200
//! distinct tokens verified without a driver (the floor: the sans-IO cache
//! alone), through the driver with fresh keys (the control), then right
//! after the TTL expired, the first of which finds the keys stale and hands
//! the renewal to the verifier's renewal thread. The token cache is off, so
//! every sample is a full signature check. Between rounds the thread keeps
//! verifying (unsampled) until the renewal has landed.
//!
//! Run: `cargo bench -p inai-auth-blocking --bench swr`.

#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use inai_auth_blocking::Verifier;
use inai_auth_testkit::bench::Swr;
use inai_auth_verify::CacheOptions;

fn main() {
    let swr = Swr::start();
    let verifier = Verifier::builder(swr.emulator.jwks_url())
        .no_proxy()
        .clock(Arc::new(swr.clock.clone()))
        .cache_options(CacheOptions::default().with_token_cache_capacity(0))
        .build()
        .expect("a verifier");
    // The cold fetch (no keys yet) must wait; it is not sampled.
    verifier.verify(&swr.tokens[0]).expect("valid");
    swr.delay_jwks();

    let bare = swr.bare();
    let mut floor = Vec::with_capacity(swr.rounds * Swr::PER_ROUND);
    let mut control = Vec::with_capacity(swr.rounds * Swr::PER_ROUND);
    let mut expiry = Vec::with_capacity(swr.rounds * Swr::PER_ROUND);
    for _ in 0..swr.rounds {
        bare.sample(&mut floor);
        sample(&verifier, &swr.tokens, &mut control);
        swr.clock.advance(Swr::PAST_TTL);
        let expired = Instant::now();
        sample(&verifier, &swr.tokens, &mut expiry);
        let mut i = 0;
        while expired.elapsed() < Swr::SETTLE {
            verifier
                .verify(&swr.tokens[i % swr.tokens.len()])
                .expect("valid");
            i += 1;
        }
    }
    swr.report("blocking", &floor, &control, &expiry);
}

fn sample(verifier: &Verifier, tokens: &[String], into: &mut Vec<Duration>) {
    for token in tokens {
        let started = Instant::now();
        verifier.verify(token).expect("valid");
        into.push(started.elapsed());
    }
}
