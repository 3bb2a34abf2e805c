//! [`Client`]: sends operations, with the transport rules of the SDK.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::HeaderValue;
use http::header::USER_AGENT;
use inai_auth_core::clock::Clock;
use inai_auth_core::retry::retry_reason;
use inai_auth_core::{Config, InAIAuthError, Operation, RetryPolicy, TransportError};
use tracing::field::Empty;

use crate::transport::{Limits, SharedTransport};
use crate::verifier::VerifierBuilder;
use inai_auth_core::retry::jitter;

/// A blocking client of the InAI Auth API.
///
/// One method per API operation (`client.login(Login::new(..))`, generated
/// from the core's table), [`send`](Self::send) for any [`Operation`]
/// including your own, [`pages`](Self::pages) / [`items`](Self::items) for
/// paginated lists, and [`verifier`](Self::verifier) for checking access
/// tokens. Cheap to clone (the connection pool is shared) and `Send + Sync`.
///
/// Every request gets the transport rules of the builder: a connect and a
/// whole-request timeout, no redirects, a body cap, `User-Agent`, and the
/// [`RetryPolicy`] (connection failures and 502/503/504 retried for GET, PUT
/// and DELETE; 429 for any method, after `Retry-After`).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Settings>,
}

/// Everything a client is made of.
pub(crate) struct Settings {
    pub(crate) config: Config,
    pub(crate) transport: SharedTransport,
    pub(crate) timeout: Duration,
    pub(crate) jwks_timeout: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_jwks_bytes: u64,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) user_agent: HeaderValue,
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.inner;
        f.debug_struct("Client")
            .field("config", &s.config)
            .field("timeout", &s.timeout)
            .field("jwks_timeout", &s.jwks_timeout)
            .field("max_response_bytes", &s.max_response_bytes)
            .field("max_jwks_bytes", &s.max_jwks_bytes)
            .field("retry_policy", &s.retry_policy)
            .field("user_agent", &s.user_agent)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `config` with the default transport settings (see
    /// [`ClientBuilder`](crate::ClientBuilder)).
    ///
    /// # Errors
    /// As [`ClientBuilder::build`](crate::ClientBuilder::build): none today in this driver; the `Result`
    /// is the async driver's signature (building reqwest's client can fail
    /// there), so code reads the same with either driver.
    pub fn new(config: Config) -> Result<Self, InAIAuthError> {
        Self::builder().config(config).build()
    }

    /// A client configured from `INAI_API_URL` and `INAI_PUBLISHABLE_KEY`
    /// (see [`Config::from_env`]), with the default transport settings.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] when a variable is set to an invalid value.
    pub fn from_env() -> Result<Self, InAIAuthError> {
        Self::new(Config::from_env()?)
    }

    pub(crate) fn from_settings(settings: Settings) -> Self {
        Self {
            inner: Arc::new(settings),
        }
    }

    /// The API configuration: base URL and publishable key.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The retry policy.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry_policy
    }

    /// Sends `operation` and parses its answer: build the request, send it
    /// (retrying as the [`RetryPolicy`] allows), hand the whole answer,
    /// every header included, to [`Operation::parse`].
    ///
    /// Works for any [`Operation`], including ones defined outside the SDK.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] or [`InAIAuthError::InvalidRequest`] when
    /// the request cannot be built (nothing is sent);
    /// [`InAIAuthError::Transport`] when no answer arrived (connection,
    /// timeout, body over the cap); [`InAIAuthError::Api`] for a non-2xx
    /// answer (after retries); [`InAIAuthError::Decode`] for a 2xx answer
    /// of the wrong shape.
    pub fn send<O>(&self, operation: &O) -> Result<O::Output, InAIAuthError>
    where
        O: Operation + ?Sized,
    {
        let config = &self.inner.config;
        let request = operation.to_request(config)?;
        let limits = Limits {
            timeout: self.inner.timeout,
            max_body: self.inner.max_response_bytes,
        };
        let response = self.execute(O::NAME, request, || operation.to_request(config), limits)?;
        operation.parse(response)
    }

    /// A [`Verifier`](crate::Verifier) builder fetching the JWKS of this
    /// client's API (`<base>/.well-known/jwks.json`) over this client's
    /// transport, with its JWKS timeout and body cap.
    pub fn verifier(&self) -> VerifierBuilder {
        let settings = &*self.inner;
        VerifierBuilder::for_client(
            &settings.config,
            settings.transport.clone(),
            Limits {
                timeout: settings.jwks_timeout,
                max_body: settings.max_jwks_bytes,
            },
            settings.user_agent.clone(),
        )
    }

    /// Sends `first` until an answer ends it or the retry policy gives up;
    /// a retry sends a fresh request from `rebuild` (the operation's
    /// `to_request` again, as the async driver does), so the first attempt
    /// needs no copy.
    fn execute(
        &self,
        operation: &'static str,
        first: http::Request<Vec<u8>>,
        rebuild: impl Fn() -> Result<http::Request<Vec<u8>>, InAIAuthError>,
        limits: Limits,
    ) -> Result<http::Response<Vec<u8>>, InAIAuthError> {
        let settings = &self.inner;
        let method = first.method().clone();
        let mut next = Some(first);
        let span = tracing::debug_span!(
            "inai_auth.request",
            operation,
            method = %method,
            status = Empty,
            attempt = Empty,
            duration_ms = Empty,
        );
        let _entered = span.enter();
        let started = Instant::now();
        let mut attempt: u32 = 1;
        loop {
            span.record("attempt", attempt);
            let mut request = match next.take() {
                Some(request) => request,
                None => rebuild()?,
            };
            request
                .headers_mut()
                .entry(USER_AGENT)
                .or_insert_with(|| settings.user_agent.clone());
            let outcome = settings.transport.call(request, limits);
            let delay = match &outcome {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    settings.retry_policy.after_status(
                        &method,
                        response.status(),
                        response.headers(),
                        attempt,
                        SystemTime::from(settings.clock.now()),
                        jitter(),
                    )
                }
                Err(error) => settings.retry_policy.after_transport_error(
                    &method,
                    error.kind(),
                    attempt,
                    jitter(),
                ),
            };
            let Some(delay) = delay else {
                span.record("duration_ms", elapsed_ms(started));
                if let Err(error) = &outcome {
                    tracing::debug!(error = %error, "request failed");
                }
                return outcome.map_err(InAIAuthError::from);
            };
            // The same event, with the same fields, as the async driver's.
            let (status, error) = match &outcome {
                Ok(response) => (Some(response.status().as_u16()), None),
                Err(error) => (None, Some(error)),
            };
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason = %retry_reason(
                    outcome
                        .as_ref()
                        .map(http::Response::status)
                        .map_err(TransportError::kind)
                ),
                status,
                error = error.map(tracing::field::display),
                "retrying",
            );
            std::thread::sleep(delay);
            attempt = attempt.saturating_add(1);
        }
    }
}

/// What made a retry necessary, for the log (a status or a transport kind).
fn elapsed_ms(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
