//! A bounded soak of the async driver under injected faults.
//!
//! ```text
//! cargo run --release -p inai-auth-testkit --bin soak -- --seconds 60 --concurrency 64 --fault-rate 0.02
//! ```
//!
//! Workers (app users with their own sessions) loop over login, refresh,
//! get_me, verify, a paged listing, create and delete, against an emulator
//! that answers about `fault-rate` of the requests with a 503, a 429 with
//! `Retry-After` (GET and DELETE only), a dropped connection or a delay, and
//! that rotates its signing keys now and then.
//!
//! The emulator runs in a child process (this binary with
//! `--serve-emulator`), so the memory measured is the SDK's, not the
//! emulator's store, which grows with every login.
//!
//! It prints operations, faults, retries, errors by class, latency and
//! resident memory, and exits non-zero on a panic, a POST that reached the
//! emulator more often than it was sent (a non-idempotent request sent
//! twice), a verifier false reject, an error of a class the faults do not
//! explain, or resident memory growing more than 10 % between the end of
//! the warm-up and the end of the run.

#![allow(clippy::print_stdout, clippy::print_stderr)]
// Only `serde_json::Value` is indexed (by key), which yields `Null` for a
// missing member and never panics.
#![allow(clippy::indexing_slicing)]

mod control;
mod stats;
mod worker;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use inai_auth_async::Client;
use inai_auth_core::{Config, RetryPolicy};

use crate::control::ChildEmulator;
use crate::stats::{Expected, Stats, rss_bytes};
use crate::worker::{Keys, Shared};

/// Allowed growth of resident memory after the warm-up.
const MAX_GROWTH: f64 = 0.10;

struct Args {
    seconds: u64,
    concurrency: u64,
    fault_rate: f64,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        seconds: 60,
        concurrency: 64,
        fault_rate: 0.02,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--serve-emulator" {
            return Ok(None);
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--seconds" => args.seconds = value.parse().map_err(|e| bad(&e))?,
            "--concurrency" => args.concurrency = value.parse().map_err(|e| bad(&e))?,
            "--fault-rate" => args.fault_rate = value.parse().map_err(|e| bad(&e))?,
            _ => {
                return Err(format!(
                    "unknown flag {flag} (--seconds, --concurrency, --fault-rate)"
                ));
            }
        }
    }
    if !(0.0..=1.0).contains(&args.fault_rate) {
        return Err("--fault-rate must be between 0 and 1".to_owned());
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            return match control::serve() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("emulator: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Err(e) => {
            eprintln!("soak: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("soak: no runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(soak(&args)) {
        Ok(failures) if failures.is_empty() => {
            println!("soak: PASS");
            ExitCode::SUCCESS
        }
        Ok(failures) => {
            for failure in failures {
                println!("soak: FAIL: {failure}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("soak: {e}");
            ExitCode::FAILURE
        }
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

async fn soak(args: &Args) -> Result<Vec<String>, String> {
    let rss_start = rss_bytes();
    let emulator = Arc::new(ChildEmulator::start()?);
    let config = Config::builder()
        .base_url(emulator.base_url.as_str())
        .publishable_key(emulator.seed.publishable_key.as_str())
        .build()
        .map_err(|e| e.to_string())?;
    let client = Client::builder()
        .config(config)
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(10))
                .with_max_delay(Duration::from_millis(100)),
        )
        .build()
        .map_err(|e| e.to_string())?;
    // A small verified-token cache, so that it is full by the end of the
    // warm-up and its growth does not read as a leak.
    let verifier = client
        .verifier()
        .cache_options(inai_auth_verify::CacheOptions::default().with_token_cache_capacity(256))
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let run = Duration::from_secs(args.seconds);
    let shared = Arc::new(Shared {
        client,
        verifier,
        emulator: Arc::clone(&emulator),
        stats: Stats::new(),
        keys: Keys::default(),
        rotations: AtomicU64::new(0),
        fault_rate: args.fault_rate,
        deadline: started + run,
    });
    println!(
        "soak: {} s, {} workers, fault rate {}, emulator at {} (pid in another process)",
        args.seconds, args.concurrency, args.fault_rate, emulator.base_url
    );

    // Key rotation: a new signing key every `every`.
    let every = Duration::from_secs((args.seconds / 2).clamp(10, 60));
    shared.keys.initial(emulator.kids().await?);
    let rotations = tokio::spawn(rotate_keys(Arc::clone(&shared), every));

    let app_id = emulator.seed.application_id.clone();
    let workers: Vec<_> = (0..args.concurrency)
        .map(|i| tokio::spawn(worker::run(Arc::clone(&shared), i, app_id.clone())))
        .collect();

    // Long enough for the connection pool, the token cache and the
    // allocator to reach their working size.
    let warm_up = Duration::from_secs((args.seconds * 2 / 5).clamp(5, 120));
    tokio::time::sleep(warm_up).await;
    let rss_warm = rss_bytes();
    let ops_warm = shared.stats.ops.load(Ordering::Relaxed);

    let mut failures = Vec::new();
    for (i, task) in workers.into_iter().enumerate() {
        match task.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!("worker {i}: {e}")),
            Err(e) if e.is_panic() => failures.push(format!("worker {i} panicked")),
            Err(e) => failures.push(format!("worker {i}: {e}")),
        }
    }
    let rss_end = rss_bytes();
    let elapsed = started.elapsed();
    rotations.abort();
    let rotated = shared.rotations.load(Ordering::Relaxed);

    let unconsumed = emulator.clear_faults().await?;
    let counts = emulator.request_counts().await?;
    let stats = &shared.stats;
    let ops = stats.ops.load(Ordering::Relaxed);
    let faults = stats.faults.load(Ordering::Relaxed);
    let sends = stats.total_sends.load(Ordering::Relaxed);
    let received: u64 = counts
        .iter()
        .filter(|(k, _)| !k.contains(" /__emulator/") && !k.contains(" /.well-known/"))
        .map(|(_, n)| n)
        .sum();
    let jwks = counts
        .get("GET /.well-known/jwks.json")
        .copied()
        .unwrap_or(0);

    println!(
        "operations: {ops} in {:.1} s ({:.0}/s; {} after the warm-up)",
        elapsed.as_secs_f64(),
        ops as f64 / elapsed.as_secs_f64(),
        ops - ops_warm
    );
    println!("faults injected: {faults} ({unconsumed} never met a request)");
    println!(
        "requests sent: {sends}, received by the emulator: {received}, retries: {}",
        received.saturating_sub(sends)
    );
    println!("jwks fetches: {jwks}; key rotations: {rotated}");
    println!(
        "latency per operation: p50 {:.1} ms, p99 {:.1} ms",
        stats.latency.quantile_ms(0.50),
        stats.latency.quantile_ms(0.99)
    );
    println!(
        "resident memory: start {:.1} MiB, after {} s warm-up {:.1} MiB, end {:.1} MiB ({:+.1} %); emulator process {:.1} MiB",
        mib(rss_start),
        warm_up.as_secs(),
        mib(rss_warm),
        mib(rss_end),
        (rss_end as f64 / rss_warm.max(1) as f64 - 1.0) * 100.0,
        mib(emulator.rss_bytes())
    );
    println!("errors by class:");
    let errors = stats
        .errors
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if errors.is_empty() {
        println!("  (none)");
    }
    for (class, (count, expected, example)) in &errors {
        let tag = if *expected == Expected::Yes {
            "expected"
        } else {
            "UNEXPECTED"
        };
        println!("  {count:>7}  {class}  [{tag}] e.g. {example}");
        if *expected == Expected::No {
            failures.push(format!(
                "{count} errors of an unexpected class: {class}: {example}"
            ));
        }
    }

    let sent_posts = stats
        .sends
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    for (key, sent) in &sent_posts {
        let got = counts.get(key).copied().unwrap_or(0);
        if got > *sent {
            failures.push(format!(
                "non-idempotent request sent twice: {key} sent {sent} times, received {got}"
            ));
        } else if got < *sent {
            println!("note: {key} sent {sent} times, received {got}");
        }
    }
    for (key, got) in &counts {
        if key.starts_with("POST ")
            && !key.contains(" /__emulator/")
            && !sent_posts.contains_key(key)
        {
            failures.push(format!("{key} received {got} times, never sent"));
        }
    }
    let false_rejects = stats.false_rejects.load(Ordering::Relaxed);
    if false_rejects > 0 {
        failures.push(format!("{false_rejects} verifier false rejects"));
    }
    let growth = rss_end as f64 / rss_warm.max(1) as f64 - 1.0;
    if growth > MAX_GROWTH {
        failures.push(format!(
            "resident memory grew {:.1} % after the warm-up (limit {:.0} %)",
            growth * 100.0,
            MAX_GROWTH * 100.0
        ));
    }
    if ops == 0 {
        failures.push("no operation completed".to_owned());
    }
    Ok(failures)
}

/// Adds a signing key every `every` (the emulator signs with it at once,
/// so the verifier meets an unknown kid), until aborted. Old keys stay in
/// the JWKS: the emulator refuses tokens of a retired key, so retiring one
/// while sessions still hold its tokens would turn into 401s that no fault
/// explains (the retired-key path has its own tests in both drivers).
async fn rotate_keys(shared: Arc<Shared>, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        if Instant::now() >= shared.deadline {
            return;
        }
        if let Ok(kid) = shared.emulator.rotate().await {
            shared.keys.added(kid);
            shared.rotations.fetch_add(1, Ordering::Relaxed);
        }
    }
}
