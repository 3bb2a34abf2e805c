//! One soak worker: an app user with its own session, looping over a mix of
//! operations through the async driver, some preceded by an injected fault.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use inai_auth_async::{Client, Session, Verifier};
use inai_auth_core::InAIAuthError;
use inai_auth_core::ops::{
    CreateOrganization, DeleteOrganization, GetMe, ListAppUsers, Login, PlatformLogin, Register,
};
use inai_auth_core::secret::AccessToken;
use inai_auth_emulator::Fault;
use inai_auth_verify::VerifyError;

use crate::control::ChildEmulator;
use crate::stats::{Expected, Stats, classify, classify_verify};

const PASSWORD: &str = "soak-password-1234";
const REFRESH: &str = "/api/v1/auth/refresh";
const PLATFORM_REFRESH: &str = "/api/platform/auth/refresh";
/// How long after a key appears the verifier may still refuse its tokens:
/// the refetch interval (10 s) plus a margin.
const NEW_KEY_GRACE: Duration = Duration::from_secs(12);

/// Signing keys seen so far, and when each appeared.
#[derive(Default)]
pub(crate) struct Keys {
    since: Mutex<HashMap<String, Instant>>,
}

impl Keys {
    pub(crate) fn added(&self, kid: String) {
        lock(&self.since).insert(kid, Instant::now());
    }

    /// Keys present from the start (not new: no grace for them).
    pub(crate) fn initial(&self, kids: Vec<String>) {
        let long_ago = Instant::now()
            .checked_sub(NEW_KEY_GRACE)
            .unwrap_or_else(Instant::now);
        let mut since = lock(&self.since);
        for kid in kids {
            since.insert(kid, long_ago);
        }
    }

    /// Why the verifier may refuse a valid token with key `kid`, if it may:
    /// a key younger than the refetch interval may be unknown to it still.
    fn excuse(&self, kid: &str) -> Option<&'static str> {
        let since = lock(&self.since);
        match since.get(kid) {
            Some(at) if at.elapsed() < NEW_KEY_GRACE => {
                Some("verify UnknownKeyId (key newer than the refetch interval)")
            }
            _ => None,
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What every worker shares.
pub(crate) struct Shared {
    pub(crate) client: Client,
    pub(crate) verifier: Verifier,
    pub(crate) emulator: Arc<ChildEmulator>,
    pub(crate) stats: Stats,
    pub(crate) keys: Keys,
    pub(crate) rotations: std::sync::atomic::AtomicU64,
    pub(crate) fault_rate: f64,
    pub(crate) deadline: Instant,
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

struct Worker {
    shared: Arc<Shared>,
    rng: Rng,
    email: String,
    session: Session,
    admin: Session,
    app_id: String,
    iteration: u64,
}

/// Signs a new user up and loops until the deadline.
///
/// # Errors
/// A message when the set-up fails (no faults are injected during it).
pub(crate) async fn run(shared: Arc<Shared>, index: u64, app_id: String) -> Result<(), String> {
    let admin_email = shared.emulator.seed.admin_email.clone();
    let admin_password = shared.emulator.seed.admin_password.clone();
    let email = format!("soak-{index}-{}@example.com", std::process::id());
    let client = shared.client.clone();
    shared.stats.sent("POST", "/api/v1/auth/register");
    let registered = client
        .register(Register::new(email.as_str(), PASSWORD))
        .await
        .map_err(|e| format!("register: {e}"))?;
    let session = Session::from_login(client.clone(), registered).ok_or("register needs mfa")?;
    shared.stats.sent("POST", "/api/platform/auth/login");
    let login = client
        .platform_login(PlatformLogin::new(admin_email, admin_password))
        .await
        .map_err(|e| format!("platform login: {e}"))?;
    let admin = Session::from_login(client, login).ok_or("platform login needs mfa")?;
    let mut worker = Worker {
        shared,
        rng: Rng(0x5EED ^ index.wrapping_mul(0x1000_0001)),
        email,
        session,
        admin,
        app_id,
        iteration: 0,
    };
    while Instant::now() < worker.shared.deadline {
        worker.step().await;
    }
    Ok(())
}

impl Worker {
    async fn step(&mut self) {
        self.iteration += 1;
        let started = Instant::now();
        match self.rng.below(100) {
            0..30 => self.get_me().await,
            30..50 => self.verify().await,
            50..60 => self.list_users().await,
            60..80 => self.create_and_delete().await,
            80..90 => self.login().await,
            _ => self.refresh().await,
        }
        let stats = &self.shared.stats;
        stats.latency.record(started.elapsed());
        stats.ops.fetch_add(1, Ordering::Relaxed);
    }

    /// With the fault rate's probability, queues a fault for `method path`:
    /// 503, 429 with `Retry-After` (never for POST, which is then retried
    /// by design and would count as sent twice), a dropped connection, or a
    /// delay.
    async fn maybe_fault(&mut self, method: &str, path: &str) {
        if !self.rng.chance(self.shared.fault_rate) {
            return;
        }
        let kinds = if method == "POST" { 3 } else { 4 };
        let fault = match self.rng.below(kinds) {
            0 => Fault::status(path, 503),
            1 => Fault::drop_connection(path),
            2 => Fault::delay(path, Duration::from_millis(20 + self.rng.below(180))),
            _ => Fault::status(path, 429).with_header("Retry-After", "1"),
        }
        .with_method(method);
        if self.shared.emulator.inject(&fault).await.is_ok() {
            self.shared.stats.faults.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn failed(&self, what: &str, error: &InAIAuthError) {
        let (class, expected) = classify(error);
        self.shared
            .stats
            .error(format!("{what}: {class}"), expected, error.to_string());
    }

    /// The session's access token; counts the refresh it may have sent.
    async fn token(&self, admin: bool) -> Option<AccessToken> {
        let (session, path) = if admin {
            (&self.admin, PLATFORM_REFRESH)
        } else {
            (&self.session, REFRESH)
        };
        let before = session.tokens().refresh_token;
        let result = session.access_token().await;
        let refreshed = session.tokens().refresh_token != before;
        if result.is_err() || refreshed {
            self.shared.stats.sent("POST", path);
        }
        match result {
            Ok(token) => Some(token),
            Err(error) => {
                self.failed("access token", &error);
                None
            }
        }
    }

    async fn get_me(&mut self) {
        let Some(token) = self.token(false).await else {
            return;
        };
        self.maybe_fault("GET", "/api/v1/auth/me").await;
        self.shared.stats.sent("GET", "/api/v1/auth/me");
        if let Err(error) = self.shared.client.get_me(GetMe::new(token)).await {
            self.failed("get_me", &error);
        }
    }

    async fn verify(&mut self) {
        let Some(token) = self.token(false).await else {
            return;
        };
        self.check_token(&token).await;
    }

    /// Verifies a token the API just issued: any refusal the faults and
    /// rotations do not explain is a false reject.
    async fn check_token(&self, token: &AccessToken) {
        let secret = token.expose_secret();
        let Err(error) = self.shared.verifier.verify(secret).await else {
            return;
        };
        let kid = kid_of(secret).unwrap_or_default();
        let stats = &self.shared.stats;
        match (&error, self.shared.keys.excuse(&kid)) {
            (VerifyError::UnknownKeyId, Some(excuse)) => {
                stats.error(excuse.to_owned(), Expected::Yes, error.to_string());
            }
            _ => {
                stats.false_rejects.fetch_add(1, Ordering::Relaxed);
                stats.error(
                    format!("FALSE REJECT {}", classify_verify(&error)),
                    Expected::No,
                    format!("{error} (kid {kid})"),
                );
            }
        }
    }

    async fn list_users(&mut self) {
        let Some(token) = self.token(true).await else {
            return;
        };
        let path = format!("/api/platform/applications/{}/users", self.app_id);
        self.maybe_fault("GET", &path).await;
        let first = ListAppUsers::new(token, self.app_id.as_str()).with_limit(25);
        let mut pages = self.shared.client.pages(first);
        loop {
            self.shared.stats.sent("GET", &path);
            match pages.try_next().await {
                Ok(Some(_page)) => {}
                Err(error) => {
                    self.failed("list_app_users", &error);
                    break;
                }
                Ok(None) => {
                    // The stream ended without sending: undo the count.
                    self.shared
                        .stats
                        .total_sends
                        .fetch_sub(1, Ordering::Relaxed);
                    break;
                }
            }
        }
    }

    async fn create_and_delete(&mut self) {
        let Some(token) = self.token(false).await else {
            return;
        };
        let slug = format!("soak-{}-{}", self.rng.next(), self.iteration);
        self.maybe_fault("POST", "/api/v1/organizations").await;
        self.shared.stats.sent("POST", "/api/v1/organizations");
        let created = self
            .shared
            .client
            .create_organization(CreateOrganization::new(
                token.clone(),
                slug.as_str(),
                slug.as_str(),
            ))
            .await;
        let org = match created {
            Ok(org) => org,
            Err(error) => return self.failed("create_organization", &error),
        };
        let path = format!("/api/v1/organizations/{}", org.id);
        self.maybe_fault("DELETE", &path).await;
        self.shared.stats.sent("DELETE", &path);
        if let Err(error) = self
            .shared
            .client
            .delete_organization(DeleteOrganization::new(token, org.id))
            .await
        {
            self.failed("delete_organization", &error);
        }
    }

    async fn login(&mut self) {
        self.maybe_fault("POST", "/api/v1/auth/login").await;
        self.shared.stats.sent("POST", "/api/v1/auth/login");
        match self
            .shared
            .client
            .login(Login::new(self.email.as_str(), PASSWORD))
            .await
        {
            Ok(login) => {
                if let Some(tokens) = login.into_tokens() {
                    self.check_token(&tokens.access_token).await;
                }
            }
            Err(error) => self.failed("login", &error),
        }
    }

    async fn refresh(&mut self) {
        self.maybe_fault("POST", REFRESH).await;
        self.shared.stats.sent("POST", REFRESH);
        match self.session.refresh().await {
            Ok(token) => self.check_token(&token).await,
            Err(error) => self.failed("refresh", &error),
        }
    }
}

/// The `kid` of a token's header, read without verifying.
fn kid_of(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    let bytes = base64url(header)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value["kid"].as_str().map(str::to_owned)
}

fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    Some(out)
}
