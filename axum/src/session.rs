//! [`CookieSession`]: browser sessions kept in cookies, refreshed once per
//! refresh token however many requests need it.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::ConnectInfo;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use http::header::HOST;
use http::{Extensions, HeaderMap, HeaderValue, Uri};
use inai_auth_async::Client;
use inai_auth_core::InAIAuthError;
use inai_auth_core::models::TokenPair;
use inai_auth_core::ops::{PlatformRefresh, Refresh};
use inai_auth_verify::{Clock, SystemClock};
use sha2::Sha256;
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::cookie::{self, SameSite};
use crate::token::{ACCESS_COOKIE, REFRESH_COOKIE};

/// The name of the cookie that carries the signed session start, when an
/// absolute limit is set with [`CookieSession::max_session_age`].
pub const SESSION_COOKIE: &str = "inai_session";

/// How long a finished refresh's outcome is kept for requests that still
/// carry the refresh token it spent (10 seconds).
pub const DEFAULT_REFRESH_GRACE: Duration = Duration::from_secs(10);
/// How many refreshes (running or within their grace period) are tracked at
/// most (10 000).
pub const DEFAULT_MAX_TRACKED_REFRESHES: usize = 10_000;
/// The lifetime of the `refresh_token` cookie when no absolute limit is set
/// (7 days, as the official packages).
pub const DEFAULT_REFRESH_COOKIE_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Whether the cookies we set carry `Secure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SecureCookies {
    /// `Secure` unless the request came over plain HTTP to a loopback host
    /// (`localhost`, `127.0.0.0/8`, `::1` in `Host`, no
    /// `X-Forwarded-Proto: https`, and a loopback peer when the server
    /// records [`ConnectInfo`]). The default.
    #[default]
    Auto,
    /// Always `Secure`.
    Always,
    /// Never `Secure`: the browser then sends the session over plain HTTP.
    /// Only for development behind something that cannot be changed.
    InsecureNever,
}

/// The key that signs the session start cookie: at least 32 bytes, from the
/// service's own secret store. `Debug` never shows it.
#[derive(Clone)]
pub struct SessionKey(Arc<[u8]>);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey([redacted])")
    }
}

/// A [`SessionKey`] shorter than 32 bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a session key needs at least 32 bytes, got {len}")]
pub struct SessionKeyTooShort {
    /// How many bytes were given.
    pub len: usize,
}

impl SessionKey {
    /// Wraps `bytes` (at least 32).
    ///
    /// # Errors
    /// [`SessionKeyTooShort`] for fewer than 32 bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, SessionKeyTooShort> {
        let bytes = bytes.into();
        if bytes.len() < 32 {
            return Err(SessionKeyTooShort { len: bytes.len() });
        }
        Ok(Self(bytes.into()))
    }

    /// The MAC state over a stamp's fields (HMAC takes keys of any length,
    /// so this is `None` only in theory).
    fn mac(&self, start: i64, user_id: &str) -> Option<Hmac<Sha256>> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).ok()?;
        mac.update(b"inai-session-v1\n");
        mac.update(start.to_string().as_bytes());
        mac.update(b"\n");
        mac.update(user_id.as_bytes());
        Some(mac)
    }
}

/// Who the session belongs to: an app user or a platform user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    App,
    Platform,
}

/// The outcome of one refresh, shared by every request that waited for it.
#[derive(Debug)]
pub(crate) enum Refreshed {
    /// The new pair.
    Tokens(TokenPair),
    /// The API refused the refresh token: the session is over.
    Rejected(String),
    /// The API could not be asked: the session may still be fine.
    Unavailable(String),
}

/// A verified session stamp: when the session started and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) start: i64,
    pub(crate) user_id: String,
}

/// Cookie sessions for web apps: the `auth_token` / `refresh_token` cookie
/// pair that [`auth_routes`](crate::auth_routes) sets, refreshed by
/// [`InAIAuthLayer`](crate::InAIAuthLayer) when the access cookie is missing
/// or expired.
///
/// # Refresh
/// Refresh tokens are single-use and rotate. A browser fires requests in
/// parallel, so many may arrive with the same expired cookie: exactly one
/// refresh runs per refresh token (as its own task, so a cancelled request
/// does not lose the new pair), and every request that waits for it gets its
/// outcome and its `Set-Cookie` headers. Requests that arrive *after* it
/// finished, still carrying the spent refresh token, get the same outcome
/// for a grace period ([`refresh_grace`](Self::refresh_grace), 10 s by
/// default) instead of a second refresh, which the API would treat as reuse
/// and answer by revoking the session. At most
/// [`max_tracked_refreshes`](Self::max_tracked_refreshes) refreshes are
/// remembered (the oldest finished ones are forgotten first), so memory is
/// bounded.
///
/// On a refused refresh the cookies are cleared and the request is refused
/// (401, or let through without a user in optional mode). When the API
/// cannot be reached the request gets 503 and the cookies stay.
///
/// # Absolute limit
/// By default the session lasts as long as the API's server-side session
/// (the refresh token family's own expiry): the API refuses a refresh past
/// it, which ends the cookie session. With
/// [`max_session_age`](Self::max_session_age) the service enforces its own
/// limit with an `inai_session` cookie holding the start time and user id,
/// signed with HMAC-SHA256 under a key only the server has: a browser can
/// delete or replay it but not forge or extend it. A missing or bad stamp
/// ends the session at the next refresh.
///
/// # Cookies
/// `auth_token`: `HttpOnly; SameSite=Lax; Path=/`, lifetime the access
/// token's. `refresh_token` and `inai_session`: `HttpOnly; SameSite=Strict;
/// Path=/`. All `Secure` per [`SecureCookies`].
///
/// Cheap to clone; clones share the refresh bookkeeping. Give the same
/// value (or clones) to the layer and to the auth routes. For platform users
/// use [`CookieSession::platform`].
#[derive(Clone)]
pub struct CookieSession {
    settings: Arc<Settings>,
    flights: Arc<Mutex<HashMap<String, Flight>>>,
}

#[derive(Clone)]
struct Settings {
    client: Client,
    flavour: Flavour,
    secure: SecureCookies,
    grace: Duration,
    max_tracked: usize,
    refresh_max_age: Duration,
    limit: Option<(Duration, SessionKey)>,
    clock: Arc<dyn Clock>,
}

struct Flight {
    outcome: watch::Receiver<Option<Arc<Refreshed>>>,
    started: Instant,
    finished: Option<Instant>,
}

impl std::fmt::Debug for CookieSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.settings;
        f.debug_struct("CookieSession")
            .field("flavour", &s.flavour)
            .field("secure", &s.secure)
            .field("refresh_grace", &s.grace)
            .field("max_tracked_refreshes", &s.max_tracked)
            .field("max_session_age", &s.limit.as_ref().map(|(age, _)| age))
            .finish_non_exhaustive()
    }
}

impl From<Client> for CookieSession {
    /// An app user session ([`CookieSession::new`]).
    fn from(client: Client) -> Self {
        Self::new(client)
    }
}

impl CookieSession {
    /// Cookie sessions for app users, refreshed through `client`.
    #[must_use]
    pub fn new(client: Client) -> Self {
        Self::with_flavour(client, Flavour::App)
    }

    /// Cookie sessions for platform users (the platform refresh operation).
    #[must_use]
    pub fn platform(client: Client) -> Self {
        Self::with_flavour(client, Flavour::Platform)
    }

    fn with_flavour(client: Client, flavour: Flavour) -> Self {
        Self {
            settings: Arc::new(Settings {
                client,
                flavour,
                secure: SecureCookies::Auto,
                grace: DEFAULT_REFRESH_GRACE,
                max_tracked: DEFAULT_MAX_TRACKED_REFRESHES,
                refresh_max_age: DEFAULT_REFRESH_COOKIE_MAX_AGE,
                limit: None,
                clock: Arc::new(SystemClock),
            }),
            flights: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn settings_mut(&mut self) -> &mut Settings {
        Arc::make_mut(&mut self.settings)
    }

    /// When cookies carry `Secure`. Defaults to [`SecureCookies::Auto`].
    #[must_use]
    pub fn secure_cookies(mut self, secure: SecureCookies) -> Self {
        self.settings_mut().secure = secure;
        self
    }

    /// How long a finished refresh answers requests still carrying the
    /// refresh token it spent. Defaults to [`DEFAULT_REFRESH_GRACE`].
    #[must_use]
    pub fn refresh_grace(mut self, grace: Duration) -> Self {
        self.settings_mut().grace = grace;
        self
    }

    /// How many refreshes are tracked at most. Defaults to
    /// [`DEFAULT_MAX_TRACKED_REFRESHES`]; at least 1.
    #[must_use]
    pub fn max_tracked_refreshes(mut self, max: usize) -> Self {
        self.settings_mut().max_tracked = max.max(1);
        self
    }

    /// The lifetime of the `refresh_token` cookie. Defaults to
    /// [`DEFAULT_REFRESH_COOKIE_MAX_AGE`]; shortened to what is left of the
    /// absolute limit when one is set.
    #[must_use]
    pub fn refresh_cookie_max_age(mut self, max_age: Duration) -> Self {
        self.settings_mut().refresh_max_age = max_age;
        self
    }

    /// Ends every session `max_age` after its sign-in, whatever the browser
    /// sends: the start is kept in the `inai_session` cookie, signed with
    /// `key`. No limit by default (the API's session expiry applies).
    #[must_use]
    pub fn max_session_age(mut self, max_age: Duration, key: SessionKey) -> Self {
        self.settings_mut().limit = Some((max_age, key));
        self
    }

    /// Where the time comes from (for the absolute limit). Defaults to
    /// [`SystemClock`].
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.settings_mut().clock = clock;
        self
    }

    /// The client that refreshes and signs in.
    #[must_use]
    pub fn client(&self) -> &Client {
        &self.settings.client
    }

    /// Whether this is a platform users' session.
    #[must_use]
    pub fn is_platform(&self) -> bool {
        self.settings.flavour == Flavour::Platform
    }

    pub(crate) fn into_platform(mut self) -> Self {
        if self.settings.flavour != Flavour::Platform {
            self.settings_mut().flavour = Flavour::Platform;
            self.flights = Arc::new(Mutex::new(HashMap::new()));
        }
        self
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        self.settings.clock.now()
    }

    /// Refreshes with `refresh_token`, or joins the refresh already running
    /// (or finished within the grace period) for it.
    pub(crate) async fn refresh(&self, refresh_token: &str) -> Arc<Refreshed> {
        let mut outcome = self.join_or_start(refresh_token);
        let result = outcome
            .wait_for(Option::is_some)
            .await
            .ok()
            .and_then(|done| done.clone());
        result.unwrap_or_else(|| {
            Arc::new(Refreshed::Unavailable(
                "the refresh was interrupted".to_owned(),
            ))
        })
    }

    fn join_or_start(&self, refresh_token: &str) -> watch::Receiver<Option<Arc<Refreshed>>> {
        let mut flights = self.flights.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let grace = self.settings.grace;
        flights.retain(|_, f| {
            f.finished
                .is_none_or(|done| now.duration_since(done) < grace)
        });
        if let Some(flight) = flights.get(refresh_token) {
            return flight.outcome.clone();
        }
        while flights.len() >= self.settings.max_tracked {
            // Forget the oldest finished refresh first, then the oldest running one.
            let oldest = flights
                .iter()
                .min_by_key(|(_, f)| (f.finished.is_none(), f.started))
                .map(|(key, _)| key.clone());
            match oldest {
                Some(key) => flights.remove(&key),
                None => break,
            };
        }
        let (sender, receiver) = watch::channel(None);
        flights.insert(
            refresh_token.to_owned(),
            Flight {
                outcome: receiver.clone(),
                started: now,
                finished: None,
            },
        );
        drop(flights);
        let run = run_refresh(self.clone(), refresh_token.to_owned(), sender);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(run);
            }
            Err(_) => {
                // No runtime to spawn on: dropping the refresh drops its
                // sender, so the waiter reports it as unavailable.
                drop(run);
                self.mark_finished(refresh_token);
            }
        }
        receiver
    }

    fn mark_finished(&self, refresh_token: &str) {
        let mut flights = self.flights.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(flight) = flights.get_mut(refresh_token) {
            flight.finished.get_or_insert_with(Instant::now);
        }
    }

    /// Whether cookies set on the answer to this request carry `Secure`.
    pub(crate) fn secure_for(
        &self,
        uri: &Uri,
        headers: &HeaderMap,
        extensions: &Extensions,
    ) -> bool {
        match self.settings.secure {
            SecureCookies::Always => true,
            SecureCookies::InsecureNever => false,
            SecureCookies::Auto => !is_loopback_plain_http(uri, headers, extensions),
        }
    }

    /// Whether an absolute limit is configured.
    pub(crate) fn has_limit(&self) -> bool {
        self.settings.limit.is_some()
    }

    /// Checks the session stamp cookie value against the limit. `Ok(None)`
    /// when no limit is configured.
    pub(crate) fn check_stamp(&self, value: Option<&str>) -> Result<Option<Stamp>, &'static str> {
        let Some((max_age, key)) = &self.settings.limit else {
            return Ok(None);
        };
        let value = value.ok_or("the session has no start stamp; sign in again")?;
        let stamp = parse_stamp(key, value).ok_or("the session start stamp is not valid")?;
        let age = self.now().unix_timestamp().saturating_sub(stamp.start);
        let max = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
        if age >= max {
            return Err("the session has reached its maximum age; sign in again");
        }
        Ok(Some(stamp))
    }

    /// The cookies that install `tokens`: access, refresh, and (with a limit)
    /// the stamp, new for `user_id` when `stamp` is `None`. `None` when a
    /// token cannot be a cookie value.
    pub(crate) fn issue_cookies(
        &self,
        tokens: &TokenPair,
        stamp: Option<&Stamp>,
        user_id: &str,
        secure: bool,
    ) -> Option<Vec<HeaderValue>> {
        let now = self.now().unix_timestamp();
        let mut refresh_age = self.settings.refresh_max_age.as_secs();
        let mut stamp_cookie = None;
        if let Some((max_age, key)) = &self.settings.limit {
            let start = stamp.map_or(now, |s| s.start);
            let left = i64::try_from(max_age.as_secs())
                .unwrap_or(i64::MAX)
                .saturating_sub(now.saturating_sub(start));
            refresh_age = refresh_age.min(u64::try_from(left).unwrap_or(0));
            let value = make_stamp(key, start, user_id);
            stamp_cookie = Some(cookie::set(
                SESSION_COOKIE,
                &value,
                SameSite::Strict,
                secure,
                refresh_age,
            )?);
        }
        let mut cookies = vec![
            cookie::set(
                ACCESS_COOKIE,
                tokens.access_token.expose_secret(),
                SameSite::Lax,
                secure,
                tokens.expires_in.min(refresh_age),
            )?,
            cookie::set(
                REFRESH_COOKIE,
                tokens.refresh_token.expose_secret(),
                SameSite::Strict,
                secure,
                refresh_age,
            )?,
        ];
        cookies.extend(stamp_cookie);
        Some(cookies)
    }

    /// The cookies that end the session.
    pub(crate) fn clear_cookies(&self, secure: bool) -> Vec<HeaderValue> {
        let mut cookies: Vec<HeaderValue> = [
            cookie::clear(ACCESS_COOKIE, SameSite::Lax, secure),
            cookie::clear(REFRESH_COOKIE, SameSite::Strict, secure),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.has_limit() {
            cookies.extend(cookie::clear(SESSION_COOKIE, SameSite::Strict, secure));
        }
        cookies
    }
}

/// Performs one refresh and publishes its outcome.
async fn run_refresh(
    session: CookieSession,
    refresh_token: String,
    sender: watch::Sender<Option<Arc<Refreshed>>>,
) {
    struct Finish<'a>(&'a CookieSession, &'a str);
    impl Drop for Finish<'_> {
        fn drop(&mut self) {
            self.0.mark_finished(self.1);
        }
    }
    let _finish = Finish(&session, &refresh_token);
    let client = &session.settings.client;
    let result = match session.settings.flavour {
        Flavour::App => client.refresh(Refresh::new(refresh_token.as_str())).await,
        Flavour::Platform => {
            client
                .platform_refresh(PlatformRefresh::new(refresh_token.as_str()))
                .await
        }
    };
    let outcome = match result {
        Ok(tokens) => Refreshed::Tokens(tokens),
        Err(error) => classify(&error),
    };
    tracing::debug!(
        outcome = match &outcome {
            Refreshed::Tokens(_) => "refreshed",
            Refreshed::Rejected(_) => "rejected",
            Refreshed::Unavailable(_) => "unavailable",
        },
        "inai_auth.cookie_refresh"
    );
    sender.send_replace(Some(Arc::new(outcome)));
}

/// A refused refresh token ends the session; anything else is the API's
/// trouble.
fn classify(error: &InAIAuthError) -> Refreshed {
    match error {
        InAIAuthError::Api(api)
            if api.status().is_client_error() && api.status().as_u16() != 429 =>
        {
            Refreshed::Rejected(format!("the session has ended: {}", api.message()))
        }
        _ => Refreshed::Unavailable("the auth service could not refresh the session".to_owned()),
    }
}

fn make_stamp(key: &SessionKey, start: i64, user_id: &str) -> String {
    format!(
        "v1.{start}.{}.{}",
        URL_SAFE_NO_PAD.encode(user_id),
        key.mac(start, user_id)
            .map(|mac| URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
            .unwrap_or_default()
    )
}

fn parse_stamp(key: &SessionKey, value: &str) -> Option<Stamp> {
    let mut parts = value.split('.');
    let (version, start, user, mac) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if version != "v1" || parts.next().is_some() {
        return None;
    }
    let start: i64 = start.parse().ok()?;
    let user_id = String::from_utf8(URL_SAFE_NO_PAD.decode(user).ok()?).ok()?;
    let given = URL_SAFE_NO_PAD.decode(mac).ok()?;
    // Constant-time comparison.
    key.mac(start, &user_id)?.verify_slice(&given).ok()?;
    Some(Stamp { start, user_id })
}

/// Plain HTTP to a loopback host, as far as the request shows.
fn is_loopback_plain_http(uri: &Uri, headers: &HeaderMap, extensions: &Extensions) -> bool {
    if uri.scheme_str() == Some("https") {
        return false;
    }
    let forwarded_https = headers.get_all("x-forwarded-proto").iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.trim().eq_ignore_ascii_case("https"))
    });
    if forwarded_https {
        return false;
    }
    if let Some(ConnectInfo(peer)) = extensions.get::<ConnectInfo<SocketAddr>>() {
        if !peer.ip().is_loopback() {
            return false;
        }
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| uri.host());
    host.is_some_and(is_loopback_host)
}

fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        })
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "LOCALHOST:3000",
            "127.0.0.1:8080",
            "127.9.9.9",
            "[::1]:80",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "example.com",
            "10.0.0.1:80",
            "localhost.example.com",
            "[::2]",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn stamps_round_trip_and_resist_tampering() {
        let key = SessionKey::new([7u8; 32]).unwrap();
        let other = SessionKey::new([8u8; 32]).unwrap();
        let value = make_stamp(&key, 1_700_000_000, "usr_1");
        assert_eq!(
            parse_stamp(&key, &value),
            Some(Stamp {
                start: 1_700_000_000,
                user_id: "usr_1".to_owned()
            })
        );
        assert_eq!(parse_stamp(&other, &value), None);
        let later = value.replacen("1700000000", "1800000000", 1);
        assert_eq!(parse_stamp(&key, &later), None);
        let other_user = make_stamp(&key, 1_700_000_000, "usr_2");
        let (_, mac) = other_user.rsplit_once('.').unwrap();
        let (head, _) = value.rsplit_once('.').unwrap();
        assert_eq!(parse_stamp(&key, &format!("{head}.{mac}")), None);
        assert_eq!(parse_stamp(&key, "v1.x.y.z"), None);
        assert_eq!(parse_stamp(&key, &format!("{value}.extra")), None);
        assert!(SessionKey::new([1u8; 31]).is_err());
        assert_eq!(format!("{key:?}"), "SessionKey([redacted])");
    }
}
