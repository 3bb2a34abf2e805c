//! Starting, driving and stopping an emulator.

use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::config::EmulatorConfig;
use crate::error::EmulatorError;
use crate::faults::Fault;
use crate::mint::{self, MintError, TokenFlaw};
use crate::outbox::OutboxEntry;
use crate::seed::Seed;
use crate::seed_data::SeedData;
use crate::state::shared::Shared;

/// Starts emulators. See [`Emulator::start`].
#[derive(Debug, Clone, Copy)]
pub struct Emulator;

/// A running emulator. Dropping it (or [`EmulatorHandle::shutdown`]) stops the server and
/// waits for its thread.
pub struct EmulatorHandle {
    base_url: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for EmulatorHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorHandle")
            .field("base_url", &self.base_url)
            .field("seed", &self.shared.seed)
            .finish_non_exhaustive()
    }
}

fn bind(port: u16) -> Result<(StdListener, SocketAddr), EmulatorError> {
    let listener = StdListener::bind((Ipv4Addr::LOCALHOST, port))
        .map_err(|source| EmulatorError::Bind { port, source })?;
    listener
        .set_nonblocking(true)
        .map_err(|source| EmulatorError::Bind { port, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| EmulatorError::Bind { port, source })?;
    Ok((listener, addr))
}

/// Worker threads of the server's runtime: a handler holds the state lock for
/// microseconds, so two workers keep a loopback client busy without crowding the machine.
const WORKERS: usize = 2;

fn runtime() -> Result<tokio::runtime::Runtime, EmulatorError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .thread_name("inai-auth-emulator")
        .enable_all()
        .build()
        .map_err(EmulatorError::Runtime)
}

impl Emulator {
    /// Binds 127.0.0.1 on the configured port, seeds the state, and serves on a thread of
    /// its own with its own runtime (two worker threads). Returns once the socket is bound, so the base URL
    /// answers immediately. Works from plain and from async code alike.
    ///
    /// # Errors
    /// [`EmulatorError::Bind`] if the port cannot be bound; [`EmulatorError::Runtime`] if the
    /// runtime or thread cannot be created; [`EmulatorError::Random`] if the operating
    /// system's random generator fails.
    pub fn start(config: EmulatorConfig) -> Result<EmulatorHandle, EmulatorError> {
        let (std_listener, addr) = bind(config.port())?;
        let shared = Arc::new(Shared::new(config)?);
        let (stop, stopped) = oneshot::channel();
        let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel::<Result<(), EmulatorError>>(1);
        let state = shared.clone();
        // The runtime is built, used and dropped on the server thread only, so that this
        // function also works from inside another runtime.
        let thread = std::thread::Builder::new()
            .name("inai-auth-emulator".to_owned())
            .spawn(move || {
                let rt = match runtime() {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                rt.block_on(async move {
                    match TcpListener::from_std(std_listener) {
                        Ok(listener) => {
                            let _ = ready_tx.send(Ok(()));
                            crate::server::serve(listener, state, stopped).await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(EmulatorError::Runtime(e)));
                        }
                    }
                });
            })
            .map_err(EmulatorError::Runtime)?;
        let ready = ready_rx.recv().unwrap_or_else(|_| {
            Err(EmulatorError::Runtime(std::io::Error::other(
                "the emulator thread ended early",
            )))
        });
        let mut handle = EmulatorHandle {
            base_url: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        };
        match ready {
            Ok(()) => Ok(handle),
            Err(e) => {
                handle.stop_and_join();
                Err(e)
            }
        }
    }
}

impl EmulatorHandle {
    /// `http://127.0.0.1:<port>`, without a trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `<base>/.well-known/jwks.json`.
    #[must_use]
    pub fn jwks_url(&self) -> String {
        format!("{}/.well-known/jwks.json", self.base_url)
    }

    /// The seeded records.
    #[must_use]
    pub fn seed(&self) -> &Seed {
        &self.shared.seed
    }

    /// How many requests the server received for `method` (any case) and `path` (no query),
    /// counted as they arrive, faulted ones included.
    #[must_use]
    pub fn request_count(&self, method: &str, path: &str) -> u64 {
        self.shared.request_count(method, path)
    }

    /// Queues a fault. Same as `POST /__emulator/faults`.
    pub fn inject_fault(&self, fault: Fault) {
        self.shared.faults().add(fault);
    }

    /// Removes all pending faults. Same as `DELETE /__emulator/faults`.
    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    /// The emails sent so far, oldest first. Same as `GET /__emulator/outbox`.
    #[must_use]
    pub fn outbox(&self) -> Vec<OutboxEntry> {
        self.shared.world_read().store.outbox.clone()
    }

    /// Adds a signing key and returns its `kid`; with `retire_old`, removes all the others
    /// from the JWKS. Same as `POST /__emulator/rotate-keys[?retire_old=true]`.
    pub fn rotate_keys(&self, retire_old: bool) -> String {
        self.shared
            .with_rng(|| self.shared.world().keys.rotate(retire_old))
    }

    /// Removes every key but the current signing key from the JWKS; returns how many
    /// were removed. Same as `POST /__emulator/retire-keys`.
    pub fn retire_old_keys(&self) -> usize {
        self.shared.world().keys.retire_old()
    }

    /// Forgets all request counts. Same as `DELETE /__emulator/requests`.
    pub fn clear_request_counts(&self) {
        self.shared.clear_request_counts();
    }

    /// Returns to the seed. Same as `POST /__emulator/reset`.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// The current state in the seed format: what `GET /__emulator/export` answers, what
    /// [`EmulatorConfig::with_seed`] starts from. Sessions, tokens, the outbox, the audit
    /// log, invitations, webhooks and email templates are not part of it.
    #[must_use]
    pub fn export(&self) -> SeedData {
        self.shared.export()
    }

    /// Signs an access token for `claims` with the emulator's current key, so it verifies
    /// against the emulator's JWKS. `iat` (now, by the emulator's clock), `exp` (now plus
    /// the access-token lifetime) and `jti` are filled in unless given; everything else is
    /// as given, so a test can mint exactly the roles, permissions, organization or past
    /// `exp` it needs. Same as `POST /__emulator/tokens`.
    ///
    /// The token is for the test's own service: the emulator's API routes accept only
    /// tokens of a login (they belong to a session) and refuse minted ones.
    ///
    /// ```
    /// use inai_auth_emulator::{Emulator, EmulatorConfig};
    /// use serde_json::json;
    ///
    /// let emu = Emulator::start(EmulatorConfig::default())?;
    /// let token = emu.mint_access_token(json!({
    ///     "sub": "usr_1", "type": "app_user", "tenant_id": emu.seed().tenant_id,
    ///     "app_id": emu.seed().application_id, "env_id": emu.seed().environment_id,
    ///     "email": "a@example.com", "roles": ["editor"], "permissions": ["posts:write"],
    /// }))?;
    /// assert_eq!(token.split('.').count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`MintError::NotAnObject`] when `claims` is not a JSON object.
    pub fn mint_access_token(&self, claims: serde_json::Value) -> Result<String, MintError> {
        mint::mint(&self.shared, None, claims, None).map(|m| m.token)
    }

    /// Like [`EmulatorHandle::mint_access_token`], with a `flaw` a service must refuse:
    /// expired, signed by a key not in the JWKS, or for another application or
    /// environment.
    ///
    /// # Errors
    /// [`MintError::NotAnObject`] when `claims` is not a JSON object.
    pub fn mint_flawed_token(
        &self,
        claims: serde_json::Value,
        flaw: TokenFlaw,
    ) -> Result<String, MintError> {
        mint::mint(&self.shared, None, claims, Some(flaw)).map(|m| m.token)
    }

    /// The claims a login of app user `user_id` would carry now (`sub`, `type`,
    /// `tenant_id`, `app_id`, `env_id`, `email`, `roles`, `permissions`, ...), without
    /// `iat`, `exp` and `jti`: a starting point for [`EmulatorHandle::mint_access_token`].
    /// `None` for an unknown user.
    #[must_use]
    pub fn user_claims(&self, user_id: &str) -> Option<serde_json::Value> {
        crate::api::tokens::user_claims(&self.shared.world_read(), user_id, self.shared.now())
    }

    /// The current TOTP code, by the emulator's clock, of `user`: the id or email of an
    /// app or platform user with MFA on, or else a base32 secret itself. `None` when
    /// `user` is neither. Computed by [`inai_auth_core::totp`], the implementation the
    /// emulator checks codes with.
    #[must_use]
    pub fn totp_code(&self, user: &str) -> Option<String> {
        self.shared.totp_code(user)
    }

    /// Stops the server and waits for its thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

/// Runs an emulator on the current thread until Ctrl-C (or, on Unix, SIGTERM).
/// `on_ready` gets the seed and the base URL once the socket is bound (the CLI prints
/// them). Call it from a plain thread such as `main`, not from inside an async runtime;
/// in tests use [`Emulator::start`].
///
/// # Errors
/// [`EmulatorError::Bind`] if the port cannot be bound, [`EmulatorError::Runtime`] if the
/// runtime cannot be created, [`EmulatorError::Random`] if the operating system's random
/// generator fails, [`EmulatorError::Signal`] if the signals cannot be awaited.
pub fn run(
    config: EmulatorConfig,
    on_ready: impl FnOnce(&Seed, &str),
) -> Result<(), EmulatorError> {
    run_and_export(config, on_ready).map(drop)
}

/// [`run`], then the state at the moment it stopped, in the seed format: what
/// `inai emulator --data-dir` saves on the way out.
///
/// # Errors
/// As [`run`].
pub fn run_and_export(
    config: EmulatorConfig,
    on_ready: impl FnOnce(&Seed, &str),
) -> Result<SeedData, EmulatorError> {
    run_until(config, on_ready, stop_signal())
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

/// [`run_and_export`] until `stop` completes instead of a signal.
fn run_until(
    config: EmulatorConfig,
    on_ready: impl FnOnce(&Seed, &str),
    stop: impl std::future::Future<Output = std::io::Result<()>>,
) -> Result<SeedData, EmulatorError> {
    let (std_listener, addr) = bind(config.port())?;
    let rt = runtime()?;
    let shared = Arc::new(Shared::new(config)?);
    let base_url = format!("http://{addr}");
    rt.block_on(async move {
        let listener = TcpListener::from_std(std_listener).map_err(EmulatorError::Runtime)?;
        on_ready(&shared.seed, &base_url);
        let (stop_server, stopped) = oneshot::channel();
        let server = tokio::spawn(crate::server::serve(listener, shared.clone(), stopped));
        let signal = stop.await.map_err(EmulatorError::Signal);
        let _ = stop_server.send(());
        let _ = server.await;
        signal.map(|()| shared.export())
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    fn failing_source() -> crate::crypto::random::Source {
        Arc::new(|_: &mut [u8]| Err(std::io::Error::other("entropy source down")))
    }

    #[test]
    fn a_failing_random_source_stops_start_up() {
        let config = EmulatorConfig::default().with_random_source(failing_source());
        let err = Emulator::start(config).unwrap_err();
        assert!(matches!(err, EmulatorError::Random(_)), "{err:?}");
        let config = EmulatorConfig::default().with_random_source(failing_source());
        let err = run_until(config, |_, _| panic!("must not start"), async { Ok(()) });
        assert!(matches!(err, Err(EmulatorError::Random(_))), "{err:?}");
    }

    #[test]
    fn the_random_source_is_read_only_at_start_up() {
        // A source that works once (the seed) and then fails: requests that mint ids and
        // tokens still succeed, because they draw from the seeded generator.
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = calls.clone();
        let source: crate::crypto::random::Source = Arc::new(move |buf: &mut [u8]| {
            if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) > 0 {
                return Err(std::io::Error::other("entropy source down"));
            }
            buf.fill(1);
            Ok(())
        });
        let emu = Emulator::start(EmulatorConfig::default().with_random_source(source)).unwrap();
        let url = format!("{}/api/v1/auth/register", emu.base_url());
        let body = r#"{"email":"r@example.com","password":"password-123"}"#;
        let answer = ureq::post(&url)
            .header("X-Publishable-Key", &emu.seed().publishable_key)
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap();
        assert_eq!(answer.status(), 201);
        let kid = emu.rotate_keys(false);
        assert!(kid.starts_with("emu-"));
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn run_serves_until_stopped() {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<String>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let server = std::thread::spawn(move || {
            run_until(
                EmulatorConfig::default(),
                |seed, url| {
                    assert!(seed.publishable_key.starts_with("pk_test_"));
                    ready_tx.send(url.to_owned()).unwrap();
                },
                async move {
                    let _ = stop_rx.await;
                    Ok(())
                },
            )
        });
        let url = ready_rx.recv().unwrap();
        let jwks = format!("{url}/.well-known/jwks.json");
        assert_eq!(ureq::get(&jwks).call().unwrap().status(), 200);
        let seed = ureq::get(&format!("{url}/__emulator/seed"))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        let seed: serde_json::Value = serde_json::from_str(&seed).unwrap();
        let pk = seed["publishableKey"].as_str().unwrap().to_owned();
        let answer = ureq::post(&format!("{url}/api/v1/auth/register"))
            .header("X-Publishable-Key", &pk)
            .header("Content-Type", "application/json")
            .send(r#"{"email":"kept@example.com","password":"password-123"}"#)
            .unwrap();
        assert_eq!(answer.status(), 201);
        stop_tx.send(()).unwrap();
        // What it returns on the way out holds the user registered while it ran.
        let state = server.join().unwrap().unwrap();
        assert_eq!(state.user_count(), 1);
        assert!(state.to_json_pretty().contains("kept@example.com"));
        assert!(ureq::get(&jwks).call().is_err());
    }
}
