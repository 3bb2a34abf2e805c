//! `cargo bench -p inai-auth-verify --bench verify --features aws-lc-rs`
//!
//! Ids: `verify/raw_signature/<backend>` (the ES256 check alone, SHA-256
//! included), `verify/fresh_token/<backend>` (`verify_token` on a token never
//! seen: parsing, key choice, signature, claims), `verify/repeat_token` (the
//! cached verifier answering a token it verified before),
//! `verify_threads/{repeat,fresh}/<n>` (the cached verifier shared by `n`
//! threads, each verifying in a loop: a remembered token, or, with the
//! token cache off, a signature check every time; compare the elements/s of
//! 1 and 2 threads for how the shared state scales).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub,
    dead_code
)]

#[path = "../tests/it/support.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use inai_auth_verify::{CacheOptions, CachedVerifier, Jwks, Validation, Verdict, verify_token};

use support::{NOW, TestKey, jwks_json};

fn bench(c: &mut Criterion) {
    let key = TestKey::new(1);
    let other = TestKey::new(2);
    let token = key.token(3600);
    let jwks_body = jwks_json(&[&other, &key]);
    let jwks = Jwks::from_json(jwks_body.as_bytes()).unwrap();
    let public = key.public();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let signature = support::b64_decode(signature);

    let mut group = c.benchmark_group("verify");
    for backend in support::compiled_backends() {
        assert!(
            public
                .verify_es256_with(backend, input.as_bytes(), &signature)
                .unwrap()
        );
        group.bench_function(format!("raw_signature/{backend}"), |b| {
            b.iter(|| {
                public.verify_es256_with(
                    backend,
                    black_box(input.as_bytes()),
                    black_box(&signature),
                )
            });
        });
        let validation = Validation::default().with_backend(backend).unwrap();
        verify_token(&token, &jwks, &validation, NOW).unwrap();
        group.bench_function(format!("fresh_token/{backend}"), |b| {
            b.iter(|| verify_token(black_box(&token), &jwks, &validation, NOW).unwrap());
        });
    }

    // Everything but the signature: form, header, claims (not a target, a diagnostic).
    group.bench_function("parse_only", |b| {
        b.iter(|| inai_auth_verify::decode_claims_unverified(black_box(&token)).unwrap());
    });

    let verifier = CachedVerifier::new(
        "https://auth.example/.well-known/jwks.json"
            .parse()
            .unwrap(),
        Validation::default(),
        CacheOptions::default(),
    );
    let Verdict::NeedJwks(fetch) = verifier.verify(&token, NOW) else {
        panic!("a cold verifier asks for keys")
    };
    verifier
        .handle_jwks_response(fetch.id(), http::Response::new(jwks_body.into_bytes()), NOW)
        .unwrap();
    assert!(matches!(verifier.verify(&token, NOW), Verdict::Valid(_)));
    group.bench_function("repeat_token", |b| {
        b.iter(|| match verifier.verify(black_box(&token), NOW) {
            Verdict::Valid(auth) => auth,
            other => panic!("{other:?}"),
        });
    });
    group.finish();
    threads(c, &token, &jwks_json(&[&other, &key]));
}

/// A warm cached verifier with the given token cache capacity.
fn warm(token: &str, jwks_body: &str, capacity: usize) -> CachedVerifier {
    let verifier = CachedVerifier::new(
        "https://auth.example/.well-known/jwks.json"
            .parse()
            .unwrap(),
        Validation::default(),
        CacheOptions::default().with_token_cache_capacity(capacity),
    );
    let Verdict::NeedJwks(fetch) = verifier.verify(token, NOW) else {
        panic!("a cold verifier asks for keys")
    };
    verifier
        .handle_jwks_response(
            fetch.id(),
            http::Response::new(jwks_body.as_bytes().to_vec()),
            NOW,
        )
        .unwrap();
    verifier
}

/// `n` threads sharing one verifier, each running `iters` verifications:
/// the time of the slowest, so that elements/s is the combined throughput.
// A benchmark measures wall time; the rule against clock reads is for the library.
#[allow(clippy::disallowed_methods)]
fn run_threads(verifier: &CachedVerifier, token: &str, n: u64, iters: u64) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..n {
            scope.spawn(|| {
                for _ in 0..iters {
                    match verifier.verify(black_box(token), NOW) {
                        Verdict::Valid(auth) => drop(black_box(auth)),
                        other => panic!("{other:?}"),
                    }
                }
            });
        }
    });
    start.elapsed()
}

fn threads(c: &mut Criterion, token: &str, jwks_body: &str) {
    let mut group = c.benchmark_group("verify_threads");
    for (name, capacity) in [("repeat", 4096), ("fresh", 0)] {
        let verifier = warm(token, jwks_body, capacity);
        for n in [1u64, 2] {
            group.throughput(Throughput::Elements(n));
            group.bench_function(format!("{name}/{n}"), |b| {
                b.iter_custom(|iters| run_threads(&verifier, token, n, iters));
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // Reports go to the workspace's target directory, not verify/target.
    config = Criterion::default().output_directory(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/criterion")),
    );
    targets = bench
}
criterion_main!(benches);
