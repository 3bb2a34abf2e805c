//! The cost of the layer: a trivial handler behind `InAIAuthLayer` with a
//! repeated valid token, against the same handler without the layer, both
//! called in process with `oneshot` (no sockets), so the difference is the
//! layer's CPU time per request. Target: at most 2 µs.
//!
//! Measured in CPU time of the benchmarking thread (Unix:
//! `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`; elsewhere wall-clock time), so
//! that other processes on a shared machine do not inflate the figures. Each request
//! runs on that thread (`block_on`, nothing is spawned on the cached path).
//!
//! `cargo bench -p inai-auth-axum --bench layer -- --warm-up-time 1 --measurement-time 3`
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout
)]

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use std::time::Instant;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http::Request;
use inai_auth_async::{Client, Verifier};
use inai_auth_axum::{Auth, InAIAuthLayer};
use inai_auth_core::Config;
use inai_auth_core::ops::Register;
use inai_auth_emulator::{Emulator, EmulatorConfig};
use tower::ServiceExt;

async fn handler() -> &'static str {
    "ok"
}

async fn with_auth(Auth(auth): Auth) -> &'static str {
    std::hint::black_box(auth.user_id());
    "ok"
}

/// CPU time of the current thread in nanoseconds, `None` off Unix.
#[cfg(unix)]
fn thread_cpu_ns() -> Option<u64> {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let secs = u64::try_from(now.tv_sec).ok()?;
    let nanos = u64::try_from(now.tv_nsec).ok()?;
    Some(secs * 1_000_000_000 + nanos)
}

#[cfg(not(unix))]
fn thread_cpu_ns() -> Option<u64> {
    None
}

/// Criterion measurement: the benchmarking thread's CPU time, falling back
/// to wall-clock time where the kernel does not expose it.
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = (Option<u64>, Instant);
    type Value = u64;

    fn start(&self) -> Self::Intermediate {
        (thread_cpu_ns(), Instant::now())
    }

    fn end(&self, (cpu, wall): Self::Intermediate) -> u64 {
        match (cpu, thread_cpu_ns()) {
            (Some(start), Some(end)) => end.saturating_sub(start),
            _ => u64::try_from(wall.elapsed().as_nanos()).unwrap_or(u64::MAX),
        }
    }

    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }

    fn zero(&self) -> u64 {
        0
    }

    #[allow(clippy::cast_precision_loss)]
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        self
    }
}

impl ValueFormatter for CpuTime {
    fn scale_values(&self, ns: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if ns < 1e3 {
            (1.0, "ns (CPU)")
        } else if ns < 1e6 {
            (1e-3, "µs (CPU)")
        } else {
            (1e-6, "ms (CPU)")
        };
        for value in values {
            *value *= factor;
        }
        unit
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        _t: &Throughput,
        _values: &mut [f64],
    ) -> &'static str {
        "ns (CPU)"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn bench(c: &mut Criterion<CpuTime>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emulator = Emulator::start(EmulatorConfig::default()).unwrap();
    let config = Config::builder()
        .base_url(emulator.base_url())
        .publishable_key(emulator.seed().publishable_key.as_str())
        .build()
        .unwrap();
    let (verifier, header) = runtime.block_on(async {
        let client = Client::new(config).unwrap();
        let email = "bench@example.com";
        let password = "bench-password-1";
        let login = client
            .register(Register::new(email, password))
            .await
            .unwrap();
        let token = login.into_tokens().unwrap().access_token;
        let verifier: Verifier = client.verifier().build().unwrap();
        // Warm the key cache so the bench measures the steady state.
        verifier.verify(token.expose_secret()).await.unwrap();
        (verifier, format!("Bearer {}", token.expose_secret()))
    });

    let bare = Router::new().route("/", get(handler));
    let layered = Router::new()
        .route("/", get(with_auth))
        .layer(InAIAuthLayer::new(verifier.clone()));
    let layered_bare = Router::new()
        .route("/", get(handler))
        .layer(InAIAuthLayer::new(verifier.clone()));
    let token = header.trim_start_matches("Bearer ").to_owned();
    // Any layer on an axum Router boxes and clones the route per request:
    // this one does nothing, to show that share.
    let identity = Router::new()
        .route("/", get(handler))
        .layer(tower::util::MapRequestLayer::new(|r: Request<Body>| r));
    let request = |header: &str| {
        Request::builder()
            .uri("/")
            .header("authorization", header)
            .body(Body::empty())
            .unwrap()
    };

    let mut group = c.benchmark_group("layer");
    group.bench_function("without_layer", |b| {
        b.to_async(&runtime).iter(|| {
            let app = bare.clone();
            let request = request(&header);
            async move {
                let response = app.oneshot(request).await.unwrap();
                assert_eq!(response.status(), 200);
            }
        });
    });
    group.bench_function("with_layer_valid_token", |b| {
        b.to_async(&runtime).iter(|| {
            let app = layered.clone();
            let request = request(&header);
            async move {
                let response = app.oneshot(request).await.unwrap();
                assert_eq!(response.status(), 200);
            }
        });
    });
    group.bench_function("with_identity_layer", |b| {
        b.to_async(&runtime).iter(|| {
            let app = identity.clone();
            let request = request(&header);
            async move {
                let response = app.oneshot(request).await.unwrap();
                assert_eq!(response.status(), 200);
            }
        });
    });
    // The same layer, the handler not extracting the user: the extractor's
    // share (one clone of the `AuthObject`).
    group.bench_function("with_layer_no_extractor", |b| {
        b.to_async(&runtime).iter(|| {
            let app = layered_bare.clone();
            let request = request(&header);
            async move {
                let response = app.oneshot(request).await.unwrap();
                assert_eq!(response.status(), 200);
            }
        });
    });
    // The verifier's cached path alone (inai-auth-async), for comparison.
    group.bench_function("verifier_cached_verify", |b| {
        b.to_async(&runtime).iter(|| {
            let verifier = verifier.clone();
            let token = token.clone();
            async move {
                std::hint::black_box(verifier.verify(&token).await.unwrap());
            }
        });
    });
    group.finish();
}

fn config() -> Criterion<CpuTime> {
    Criterion::default().with_measurement(CpuTime)
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
