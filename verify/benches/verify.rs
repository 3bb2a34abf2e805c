//! `cargo bench -p inai-auth-verify --bench verify --features aws-lc-rs`
//!
//! Ids: `verify/raw_signature/<backend>` (the ES256 check alone, SHA-256
//! included), `verify/fresh_token/<backend>` (`verify_token` on a token never
//! seen: parsing, key choice, signature, claims), `verify/repeat_token` (the
//! cached verifier answering a token it verified before),
//! `verify_threads/{repeat,distinct,fresh}/<n>` (the cached verifier shared
//! by `n` threads, each verifying in a loop: one remembered token for all,
//! 64 remembered tokens of its own, or, with the token cache off, a
//! signature check every time; compare the elements/s of 1 and 2 threads
//! for how the shared state scales), `hold/{hit,insert,fetch_cycle}` (the
//! work done under, or in place of, the verifier's locks; see `hold`).
//!
//! The figures in the crate's `Concurrency` section come from
//! `cargo bench -p inai-auth-verify --bench verify -- "verify_threads|repeat_token|hold" --warm-up-time 1 --measurement-time 3`.
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
use inai_auth_verify::{
    CacheOptions, CachedVerifier, Claims, Jwks, Validation, Verdict, verify_token,
};

use support::{NOW, TestKey, jwks_json, warm_verifier};

// The verified-token cache, compiled from its source into this bench so
// that the work done under its lock is timed alone (`hold/*`).
#[path = "../src/cache/token_cache.rs"]
mod token_cache;
/// What `token_cache` names as `crate::claims`.
mod claims {
    pub use inai_auth_verify::{Claims, TokenType};
}

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

    let verifier = warm_verifier(&token, &jwks_body, CacheOptions::default());
    assert!(matches!(verifier.verify(&token, NOW), Verdict::Valid(_)));
    group.bench_function("repeat_token", |b| {
        b.iter(|| match verifier.verify(black_box(&token), NOW) {
            Verdict::Valid(auth) => auth,
            other => panic!("{other:?}"),
        });
    });
    group.finish();
    threads(c, &key, &token, &jwks_json(&[&other, &key]));
    hold(c, &key, &token, &jwks_json(&[&other, &key]));
}

/// What the verifier does under its locks, or in place of them, timed on
/// one thread with nobody else (`hold/*`):
/// - `hit`: a remembered token's lookup in the token cache (takes no lock:
///   it reads the shard's published map; the copy of the claims included);
/// - `insert`: remembering a new token in a full cache (4096 entries in 64
///   shards: the shard's copy-on-write under its writer lock, evicting an
///   eighth of a shard when it is full; the mean includes the evictions);
/// - `fetch_cycle`: a token with an unknown `kid` handed a fetch, and that
///   fetch reported failed: two changes of the key state under its writer
///   lock, plus the parse and key lookup around them (an upper bound).
fn hold(c: &mut Criterion, key: &TestKey, token: &str, jwks_body: &str) {
    use token_cache::{Fingerprint, TokenCache};
    let claims = inai_auth_verify::decode_claims_unverified(token).unwrap();
    let mut group = c.benchmark_group("hold");
    let cache = TokenCache::new(4096);
    let fp = Fingerprint::of(token);
    cache.insert(fp, token, claims.clone(), 1, NOW);
    group.bench_function("hit", |b| {
        b.iter(|| {
            let hit = cache.with(fp, black_box(token), 1, Claims::clone);
            assert!(hit.is_some());
            hit
        });
    });
    let others: Vec<(Fingerprint, String)> = (0..8192)
        .map(|i| {
            let t = format!("{token}{i}");
            (Fingerprint::of(&t), t)
        })
        .collect();
    let mut next = others.iter().cycle();
    group.bench_function("insert", |b| {
        b.iter(|| {
            let (fp, t) = next.next().unwrap();
            cache.insert(*fp, t, claims.clone(), 1, NOW);
        });
    });
    let verifier = warm_verifier(
        token,
        jwks_body,
        CacheOptions::default().with_min_refetch_interval(Duration::ZERO),
    );
    let stranger = TestKey::with_kid(9, "key-unknown").token(3600);
    assert_ne!(key.kid, "key-unknown");
    group.bench_function("fetch_cycle", |b| {
        b.iter(|| match verifier.verify(black_box(&stranger), NOW) {
            Verdict::NeedJwks(fetch) => verifier.handle_jwks_failure(fetch.id(), NOW).unwrap(),
            other => panic!("{other:?}"),
        });
    });
    group.finish();
}

/// `n` threads sharing one verifier, each running `iters` verifications of
/// its own list of tokens (cycled): the time of the slowest, so that
/// elements/s is the combined throughput.
// A benchmark measures wall time; the rule against clock reads is for the library.
#[allow(clippy::disallowed_methods)]
fn run_threads(verifier: &CachedVerifier, tokens: &[Vec<String>], iters: u64) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for mine in tokens {
            scope.spawn(move || {
                for token in mine.iter().cycle().take(usize::try_from(iters).unwrap()) {
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

/// `repeat`: every thread verifies the same remembered token; `distinct`:
/// each thread cycles through 64 remembered tokens of its own (the usual
/// service: many users, each token seen again and again); `fresh`: the
/// token cache is off, so every verification checks the signature.
fn threads(c: &mut Criterion, key: &TestKey, token: &str, jwks_body: &str) {
    let mut group = c.benchmark_group("verify_threads");
    let distinct: Vec<Vec<String>> = (0..2i64)
        .map(|t| (0..64).map(|i| key.token(3600 + t * 1000 + i)).collect())
        .collect();
    let same = vec![vec![token.to_owned()]; 2];
    for (name, capacity, tokens) in [
        ("repeat", 4096, &same),
        ("distinct", 4096, &distinct),
        ("fresh", 0, &same),
    ] {
        let verifier = warm_verifier(
            token,
            jwks_body,
            CacheOptions::default().with_token_cache_capacity(capacity),
        );
        for token in tokens.iter().flatten() {
            assert!(matches!(verifier.verify(token, NOW), Verdict::Valid(_)));
        }
        for n in [1u64, 2] {
            let tokens = &tokens[..usize::try_from(n).unwrap()];
            group.throughput(Throughput::Elements(n));
            group.bench_function(format!("{name}/{n}"), |b| {
                b.iter_custom(|iters| run_threads(&verifier, tokens, iters));
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
