//! What the two drivers' client benches share: one loopback server answering
//! `refresh` with a fixed token pair on its own thread, and the accounting
//! of the client's CPU time (the process's minus that thread's).

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
