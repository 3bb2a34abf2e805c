//! [`Client`]: sends operations over reqwest, with the retry policy.

mod builder;
mod methods;

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use inai_auth_core::clock::Clock;
use inai_auth_core::{Config, InAIAuthError, Operation, RetryPolicy};
use tracing::Instrument;

pub use builder::ClientBuilder;

use crate::transport::{Limits, SharedTransport};
use crate::verifier::{Verifier, VerifierBuilder};
use inai_auth_core::retry::{jitter, retry_reason};

/// An asynchronous InAI Auth API client: one method per API operation, plus
/// [`send`](Self::send) for any [`Operation`], user-defined ones included.
///
/// Cheap to clone (an `Arc` inside; clones share the connection pool),
/// `Send + Sync`, and its futures are `Send`, so it can be shared across
/// tasks. Every call builds the request with the core, sends it (retrying
/// as the [`RetryPolicy`] says), and hands the whole answer, every header
/// included, to the operation's parser.
///
/// ```no_run
/// use inai_auth_async::Client;
/// use inai_auth_core::ops::GetMe;
///
/// # async fn run() -> Result<(), inai_auth_core::InAIAuthError> {
/// let client = Client::from_env()?;
/// let me = client.get_me(GetMe::new("access-token")).await?;
/// # let _ = me;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: SharedTransport,
    pub(crate) config: Config,
    pub(crate) api_limits: Limits,
    pub(crate) jwks_limits: Limits,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `config` with the default transport settings (see
    /// [`ClientBuilder`]).
    ///
    /// # Errors
    /// As [`ClientBuilder::build`].
    pub fn new(config: Config) -> Result<Self, InAIAuthError> {
        Self::builder().config(config).build()
    }

    /// A client configured from `INAI_API_URL` and `INAI_PUBLISHABLE_KEY`
    /// (see [`Config::from_env`]), with the default transport settings.
    ///
    /// # Errors
    /// [`InAIAuthError::Config`] for an invalid variable; otherwise as
    /// [`ClientBuilder::build`].
    pub fn from_env() -> Result<Self, InAIAuthError> {
        Self::new(Config::from_env()?)
    }

    /// Starts a [`ClientBuilder`], to set the configuration, timeouts, body
    /// caps, the `User-Agent`, the retry policy or the reqwest client.
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The configuration requests are built from.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The retry policy.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Starts a [`VerifierBuilder`] for this API's JWKS
    /// (`<base url>/.well-known/jwks.json`) that fetches through this
    /// client's connection pool, with its JWKS timeout and body cap.
    #[must_use]
    pub fn verifier(&self) -> VerifierBuilder {
        Verifier::from_config(&self.inner.config)
            .with_transport(Arc::clone(&self.inner.http), self.inner.jwks_limits)
    }

    /// Sends `operation`: builds its request, sends it (again, when the retry
    /// policy says so, after a jittered backoff or the answer's
    /// `Retry-After`), and parses the last answer.
    ///
    /// Works for any [`Operation`], including ones defined outside this SDK.
    /// The future is `Send` when the operation is `Sync` and its output `Send`.
    ///
    /// Traced as a span `inai_auth.request` with the fields `operation`,
    /// `method`, `attempt`, `status` and `duration_ms` (no URL, header or
    /// body: they may hold secrets).
    ///
    /// # Errors
    /// [`InAIAuthError::InvalidRequest`] or [`InAIAuthError::Config`] when the
    /// request cannot be built (nothing is sent); [`InAIAuthError::Transport`]
    /// when the last attempt got no complete answer (connection failure,
    /// timeout, body over the size cap); [`InAIAuthError::Api`] for a non-2xx
    /// answer; [`InAIAuthError::Decode`] for a 2xx answer of the wrong shape.
    pub async fn send<O>(&self, operation: &O) -> Result<O::Output, InAIAuthError>
    where
        O: Operation + ?Sized,
    {
        let span = tracing::debug_span!(
            "inai_auth.request",
            operation = O::NAME,
            method = tracing::field::Empty,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        self.send_traced(operation, &span)
            .instrument(span.clone())
            .await
    }

    async fn send_traced<O>(
        &self,
        operation: &O,
        span: &tracing::Span,
    ) -> Result<O::Output, InAIAuthError>
    where
        O: Operation + ?Sized,
    {
        let started = Instant::now();
        let inner = &*self.inner;
        let mut attempt: u32 = 1;
        let result = loop {
            let request = operation.to_request(&inner.config)?;
            let method = request.method().clone();
            if attempt == 1 {
                span.record("method", method.as_str());
            }
            span.record("attempt", attempt);
            let (delay, status, error) = match inner.http.call(request, inner.api_limits).await {
                Ok(response) => {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    let delay = inner.retry.after_status(
                        &method,
                        status,
                        response.headers(),
                        attempt,
                        SystemTime::from(inner.clock.now()),
                        jitter(),
                    );
                    match delay {
                        Some(delay) => (delay, Some(status), None),
                        None => break operation.parse(response),
                    }
                }
                Err(error) => {
                    let delay =
                        inner
                            .retry
                            .after_transport_error(&method, error.kind(), attempt, jitter());
                    match delay {
                        Some(delay) => (delay, None, Some(error)),
                        None => {
                            tracing::debug!(error = %error, "request failed");
                            break Err(InAIAuthError::Transport(error));
                        }
                    }
                }
            };
            // The same event, with the same fields, as the blocking driver's.
            let reason = match (status, &error) {
                (Some(status), _) => retry_reason(Ok(status)),
                (None, Some(error)) => retry_reason(Err(error.kind())),
                (None, None) => String::new(),
            };
            tracing::debug!(
                attempt,
                delay_ms = millis(delay),
                reason = %reason,
                status = status.map(|status| status.as_u16()),
                error = error.as_ref().map(tracing::field::display),
                "retrying",
            );
            tokio::time::sleep(delay).await;
            attempt = attempt.saturating_add(1);
        };
        span.record("duration_ms", millis(started.elapsed()));
        result
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
