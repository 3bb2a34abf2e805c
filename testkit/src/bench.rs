//! What the two drivers' benches share: for the client benches, one
//! loopback server answering `refresh` with a fixed token pair on its own
//! thread, and the accounting of the client's CPU time (the process's minus
//! that thread's); for the stale-while-revalidate benches, the scenario
//! ([`Swr`]) and the latency report ([`Latencies`]).

use std::time::Duration;

/// The path the server answers.
pub const REFRESH_PATH: &str = "/api/v1/auth/refresh";
/// The publishable key the benches send.
pub const PUBLISHABLE_KEY: &str = "pk_test_bench";
/// The refresh token the benches send.
pub const REFRESH_TOKEN: &str = "rt_0123456789abcdef0123456789abcdef";
/// The server's answer: a `TokenPair` as the API writes it.
pub const REFRESH_ANSWER: &str = r#"{"access_token":"eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c3JfMSIsImV4cCI6MTc2NzIyNTYwMH0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl","refresh_token":"rt_fedcba9876543210fedcba9876543210","token_type":"Bearer","expires_in":900,"roles":["member"],"permissions":["read:things","write:things"]}"#;

/// The loopback server on its own thread: its base URL and Linux thread id
/// (`None` without `/proc`), to take its CPU out of the client's.
#[derive(Debug)]
pub struct RefreshServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    tid: Option<String>,
}

/// Starts the server on a thread of its own (a current-thread runtime).
///
/// # Panics
/// When the thread, the runtime or the listener cannot be made: a bench
/// cannot run without them.
#[allow(clippy::expect_used)]
#[must_use]
pub fn start_refresh_server() -> RefreshServer {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("bench-server".to_owned())
        .spawn(move || {
            let tid = std::fs::read_link("/proc/thread-self")
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let base = format!("http://{}", listener.local_addr().expect("addr"));
                tx.send(RefreshServer { base, tid }).expect("send");
                let app = axum::Router::new().route(
                    REFRESH_PATH,
                    // The body is read: hyper closes a connection whose
                    // request body was left unread.
                    axum::routing::post(|_body: axum::body::Bytes| async {
                        (
                            [(::http::header::CONTENT_TYPE, "application/json")],
                            REFRESH_ANSWER,
                        )
                    }),
                );
                axum::serve(listener, app).await.expect("serve");
            });
        })
        .expect("server thread");
    rx.recv().expect("server started")
}

impl RefreshServer {
    /// CPU time (user + system, clock ticks) of this process minus the
    /// server thread's, from `/proc`; `None` where it cannot be read.
    #[must_use]
    pub fn client_cpu_ticks(&self) -> Option<u64> {
        let ticks = |path: &str| -> Option<u64> {
            let stat = std::fs::read_to_string(path).ok()?;
            // The fields after the command name, which ends with the last ')'.
            let rest = stat.get(stat.rfind(')')? + 2..)?;
            let fields: Vec<&str> = rest.split(' ').collect();
            // utime and stime: fields 14 and 15 of the line, 12 and 13 here.
            let utime: u64 = fields.get(11)?.parse().ok()?;
            let stime: u64 = fields.get(12)?.parse().ok()?;
            Some(utime + stime)
        };
        let process = ticks("/proc/self/stat")?;
        let server = ticks(&format!("/proc/self/task/{}/stat", self.tid.as_ref()?))?;
        process.checked_sub(server)
    }
}

/// Requests done, wall time and client CPU ticks of measured rounds.
#[derive(Debug, Clone, Copy)]
pub struct Tally {
    /// Requests completed.
    pub requests: u64,
    /// Wall time taken.
    pub wall: Duration,
    /// Client CPU ticks, when `/proc` could be read.
    pub ticks: Option<u64>,
}

impl Tally {
    /// Nothing yet.
    #[must_use]
    pub fn zero() -> Self {
        Self {
            requests: 0,
            wall: Duration::ZERO,
            ticks: Some(0),
        }
    }

    /// Adds another round.
    pub fn add(&mut self, other: Self) {
        self.requests += other.requests;
        self.wall += other.wall;
        self.ticks = self.ticks.zip(other.ticks).map(|(a, b)| a + b);
    }

    /// Requests per second.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64()
    }

    /// Client CPU per request in µs (a clock tick is 10 ms on Linux).
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn cpu_us(&self) -> Option<f64> {
        self.ticks
            .map(|t| t as f64 * 10_000.0 / self.requests as f64)
    }
}

/// The median of `values` (sorted in place); NaN for none.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The stale-while-revalidate benches' scenario (issue 13, item 2): an
/// emulator whose JWKS answers after [`Swr::JWKS_DELAY`] once
/// [`Swr::delay_jwks`] is called, [`Swr::PER_ROUND`] distinct valid tokens,
/// and a manual clock for the verifier. A round samples every token without
/// a driver ([`Bare`], the floor), then through the driver with fresh keys
/// (the control), moves the clock past the key TTL, samples every token
/// again (the first call finds the keys stale and starts the renewal), then
/// keeps verifying unsampled until the renewal has landed.
#[derive(Debug)]
pub struct Swr {
    /// The emulator serving the keys.
    pub emulator: inai_auth_emulator::EmulatorHandle,
    /// The verifier's clock.
    pub clock: inai_auth_verify::ManualClock,
    /// Distinct valid tokens signed by the emulator.
    pub tokens: Vec<String>,
    /// How many rounds to run: 20 under `cargo bench`, 1 under `cargo test`.
    pub rounds: usize,
    /// The emulator's JWKS, fetched once at the start (for [`Swr::bare`]).
    jwks: Vec<u8>,
}

impl Swr {
    /// Tokens sampled per round and state of the keys. The calls that find
    /// the keys stale are 1 in this many samples (0.5 %), more than the
    /// 0.1 % a p99.9 may ignore: had they waited for the fetch, the p99.9
    /// would be the JWKS delay.
    pub const PER_ROUND: usize = 200;
    /// How long the JWKS takes to answer once delayed.
    pub const JWKS_DELAY: Duration = Duration::from_millis(200);
    /// How far a round moves the clock: past the default key TTL (300 s).
    pub const PAST_TTL: Duration = Duration::from_secs(301);
    /// How long a round keeps verifying after the expiry: the renewal lands
    /// within it.
    pub const SETTLE: Duration = Duration::from_millis(300);

    /// Starts the emulator and mints the tokens.
    ///
    /// # Panics
    /// When the emulator cannot start or sign: a bench cannot run without it.
    #[must_use]
    #[allow(clippy::expect_used)]
    pub fn start() -> Self {
        let full = std::env::args().any(|a| a == "--bench");
        let emulator =
            inai_auth_emulator::Emulator::start(inai_auth_emulator::EmulatorConfig::default())
                .expect("the emulator starts");
        let now = time::OffsetDateTime::now_utc();
        let exp = (now + time::Duration::days(30)).unix_timestamp();
        let tokens = (0..Self::PER_ROUND)
            .map(|i| {
                emulator
                    .mint_access_token(serde_json::json!({
                        "sub": format!("user_{i}"),
                        "type": "app_user",
                        "tenant_id": "tenant_1",
                        "email": format!("user{i}@example.com"),
                        "exp": exp,
                    }))
                    .expect("minted")
            })
            .collect();
        let jwks = ureq::get(emulator.jwks_url())
            .call()
            .expect("the JWKS answers")
            .into_body()
            .read_to_vec()
            .expect("the JWKS body");
        Self {
            emulator,
            jwks,
            clock: inai_auth_verify::ManualClock::new(now),
            tokens,
            // `cargo test --benches` runs bench targets without `--bench`: one round.
            rounds: if full { 20 } else { 1 },
        }
    }

    /// From now on the JWKS answers after [`Swr::JWKS_DELAY`].
    pub fn delay_jwks(&self) {
        self.emulator.inject_fault(
            inai_auth_emulator::Fault::delay(JWKS_PATH, Self::JWKS_DELAY).with_count(u32::MAX),
        );
    }

    /// The same verifications without a driver (see [`Bare`]).
    ///
    /// # Panics
    /// When the emulator's keys do not install.
    #[must_use]
    #[allow(clippy::expect_used, clippy::panic)]
    pub fn bare(&self) -> Bare {
        let now = time::OffsetDateTime::now_utc();
        let uri: http::Uri = self.emulator.jwks_url().parse().expect("the JWKS URL");
        let verifier = inai_auth_verify::CachedVerifier::new(
            uri,
            inai_auth_verify::Validation::default(),
            inai_auth_verify::CacheOptions::default().with_token_cache_capacity(0),
        );
        let token = self.tokens.first().expect("tokens");
        let inai_auth_verify::Verdict::NeedJwks(fetch) = verifier.verify(token, now) else {
            panic!("a cold verifier asks for keys");
        };
        verifier
            .handle_jwks_response(fetch.id(), http::Response::new(self.jwks.clone()), now)
            .expect("the keys install");
        Bare {
            verifier: std::sync::Arc::new(verifier),
            tokens: self.tokens.clone().into(),
            now,
        }
    }

    /// Prints the report of a run: `bare`, `control` and `expiry` hold the
    /// samples of every round in order (`PER_ROUND` per round).
    ///
    /// # Panics
    /// When the driver did not fetch the JWKS once per round after its cold fetch:
    /// the renewals did not happen, so the figures would mean nothing.
    #[allow(clippy::print_stdout)]
    pub fn report(
        &self,
        driver: &str,
        bare: &[Duration],
        control: &[Duration],
        expiry: &[Duration],
    ) {
        let fetches = self.emulator.request_count("GET", JWKS_PATH);
        assert_eq!(
            usize::try_from(fetches).ok(),
            Some(self.rounds + 2),
            "the scenario's own fetch, the driver's cold fetch and one renewal per round"
        );
        let triggering = Latencies::new(expiry.iter().step_by(Self::PER_ROUND).copied());
        let (bare, control, expiry) = (
            Latencies::new(bare.iter().copied()),
            Latencies::new(control.iter().copied()),
            Latencies::new(expiry.iter().copied()),
        );
        println!(
            "swr/{driver}: {} rounds x {} tokens, JWKS answering in {} ms, {fetches} JWKS requests",
            self.rounds,
            Self::PER_ROUND,
            Self::JWKS_DELAY.as_millis()
        );
        println!("swr/{driver}: across a TTL expiry   {expiry}  (goal: p99.9/p50 <= 2)");
        println!("swr/{driver}: keys fresh (control)  {control}");
        println!("swr/{driver}: no driver (floor)     {bare}");
        println!(
            "swr/{driver}: the {} calls that found the keys stale: median {:?}, max {:?}",
            triggering.len(),
            triggering.percentile(0.5),
            triggering.max()
        );
    }
}

/// The scenario's verifications without a driver: the sans-IO
/// [`CachedVerifier`](inai_auth_verify::CachedVerifier) with the emulator's
/// keys installed and its token cache off, on a fixed time. Its series is
/// the floor the drivers' series are read against: the tail a bare
/// signature check has on this machine at that moment.
#[derive(Debug, Clone)]
pub struct Bare {
    verifier: std::sync::Arc<inai_auth_verify::CachedVerifier>,
    tokens: std::sync::Arc<[String]>,
    now: time::OffsetDateTime,
}

impl Bare {
    /// Verifies every token once, timing each call into `into`.
    ///
    /// # Panics
    /// When a token is not valid: the scenario's tokens all are.
    #[allow(clippy::panic)]
    pub fn sample(&self, into: &mut Vec<Duration>) {
        for token in self.tokens.iter() {
            let started = std::time::Instant::now();
            let verdict = self.verifier.verify(token, self.now);
            into.push(started.elapsed());
            if !matches!(verdict, inai_auth_verify::Verdict::Valid(_)) {
                panic!("a scenario token is refused: {verdict:?}");
            }
        }
    }
}

/// The JWKS path of the API.
const JWKS_PATH: &str = "/.well-known/jwks.json";

/// Latency samples, sorted.
#[derive(Debug, Clone)]
pub struct Latencies(Vec<Duration>);

impl Latencies {
    /// Sorts `samples`.
    pub fn new(samples: impl IntoIterator<Item = Duration>) -> Self {
        let mut sorted: Vec<Duration> = samples.into_iter().collect();
        sorted.sort_unstable();
        Self(sorted)
    }

    /// How many samples.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `p` quantile (0 to 1, nearest rank); zero for no samples.
    #[must_use]
    pub fn percentile(&self, p: f64) -> Duration {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let index = ((self.0.len().saturating_sub(1)) as f64 * p.clamp(0.0, 1.0)).round() as usize;
        self.0.get(index).copied().unwrap_or_default()
    }

    /// The largest sample; zero for none.
    #[must_use]
    pub fn max(&self) -> Duration {
        self.0.last().copied().unwrap_or_default()
    }
}

impl std::fmt::Display for Latencies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p50, p999) = (self.percentile(0.5), self.percentile(0.999));
        write!(
            f,
            "p50 {p50:.1?}  p99 {:.1?}  p99.9 {p999:.1?}  max {:.1?}  p99.9/p50 {:.2}",
            self.percentile(0.99),
            self.max(),
            p999.as_secs_f64() / p50.as_secs_f64().max(f64::MIN_POSITIVE)
        )
    }
}
