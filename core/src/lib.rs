//! Sans-IO protocol core of the InAI Auth API.
//!
//! Every operation of the API is a value here: it knows how to become an
//! [`http::Request`] and how to read the [`http::Response`] that answers it,
//! and does nothing else. No sockets, no threads, no clock. The drivers
//! (`inai-auth-blocking` on ureq, `inai-auth-async` on reqwest) move the bytes;
//! this crate owns paths, headers, JSON shapes and error rules, once, for both.
//!
//! ```text
//!   ops::GetMe::new(token) ──to_request(&config)──▶ http::Request<Vec<u8>>
//!                                                         │
//!                                             any HTTP client (the driver)
//!                                                         │
//!   Result<User, InAIAuthError> ◀──────parse()────── http::Response<Vec<u8>>
//! ```
//!
//! # Driving an operation by hand
//!
//! 1. Build a [`Config`] once ([`Config::from_env`] or [`Config::builder`]):
//!    the base URL and the publishable key that `/api/v1/` paths carry.
//! 2. Build an operation from [`ops`] with `new(..)` and `with_*` setters.
//! 3. [`Operation::to_request`] gives the request: method, URL with encoded
//!    path parameters and query, `Content-Type`/`Accept: application/json`,
//!    `X-Publishable-Key` and `Authorization: Bearer` where the API wants them,
//!    and the JSON body.
//! 4. Send it with any HTTP client and read the whole answer, headers included.
//! 5. [`Operation::parse`] turns the answer into the operation's `Output`, or
//!    an [`InAIAuthError`]: [`Api`](InAIAuthError::Api) for a non-2xx (RFC 7807
//!    problem details), [`Decode`](InAIAuthError::Decode) for a 2xx of the
//!    wrong shape.
//!
//! [`send`] and [`send_async`] do steps 3 to 5 over a [`SyncHttpClient`] or an
//! [`AsyncHttpClient`]; closures implement both, so a closure can be the
//! server in tests. Lists that come in pages are walked with a [`Pager`].
//!
//! # Example: a closure as the server
//!
//! ```
//! use inai_auth_core::ops::GetMe;
//! use inai_auth_core::{Config, InAIAuthError, Operation};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // 1. The configuration.
//! let config = Config::builder()
//!     .base_url("http://127.0.0.1:8080/")
//!     .publishable_key("pk_test_123")
//!     .build()?;
//!
//! // 2. The operation.
//! let get_me = GetMe::new("eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
//!
//! // 3. The request.
//! let request = get_me.to_request(&config)?;
//! assert_eq!(request.method(), http::Method::GET);
//! assert_eq!(request.uri(), "http://127.0.0.1:8080/api/v1/auth/me");
//! assert_eq!(request.headers()["x-publishable-key"], "pk_test_123");
//! assert_eq!(request.headers()["authorization"], "Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
//!
//! // 4. Any HTTP client; here a closure plays the server.
//! let server = |request: http::Request<Vec<u8>>| -> http::Response<Vec<u8>> {
//!     let body = if request.headers().contains_key("authorization") {
//!         r#"{"data":{"id":"usr_1","email":"ada@example.com","firstName":"Ada",
//!             "lastName":null,"avatarUrl":null,"isActive":true,"emailVerified":true,
//!             "mfaEnabled":false,"createdAt":"2025-01-01T00:00:00Z",
//!             "updatedAt":"2025-01-01T00:00:00Z","lastLoginAt":null}}"#
//!     } else {
//!         r#"{"type":"UNAUTHORIZED","title":"Unauthorized","status":401,"detail":"No token"}"#
//!     };
//!     let status = if body.contains("usr_1") { 200 } else { 401 };
//!     let mut response = http::Response::new(body.as_bytes().to_vec());
//!     *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
//!     response
//! };
//! let response = server(request);
//!
//! // 5. The answer.
//! let me = get_me.parse(response)?;
//! assert_eq!(me.email, "ada@example.com");
//!
//! // A non-2xx answer is a typed error with the API's problem details.
//! let anonymous = http::Request::new(Vec::new());
//! match get_me.parse(server(anonymous)) {
//!     Err(InAIAuthError::Api(e)) => {
//!         assert_eq!(e.status(), 401);
//!         assert_eq!(e.code(), "UNAUTHORIZED");
//!         assert_eq!(e.message(), "No token");
//!     }
//!     other => panic!("expected an api error, got {other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What is where
//!
//! - [`ops`]: one type per API operation; [`OPERATIONS`] describes them all
//!   and `for_each_operation!` hands them to code generators (the drivers).
//! - [`models`]: the typed answers. [`secret`]: redacting newtypes for
//!   passwords, tokens and keys (`Debug` prints `[redacted]`).
//! - [`error`]: [`InAIAuthError`] and the focused errors it wraps.
//! - [`Pager`], [`Paginated`]: page-by-page lists without IO.
//! - [`oauth_init_url`]: the OAuth start URL (a URL for a browser, not a
//!   request).
//! - [`clock`]: where `now` comes from ([`clock::Clock`], [`clock::SystemClock`],
//!   [`clock::ManualClock`]), and why the core's own `now` arguments are
//!   `SystemTime` while a clock answers `OffsetDateTime`.
//! - [`proxy`]: which proxy a request goes through (the environment's
//!   rules, `NO_PROXY`, never for loopback), for the drivers.

mod answer;
mod body;
pub mod clock;
mod config;
pub mod defaults;
mod encode;
pub mod error;
#[cfg(feature = "test-support")]
pub mod examples;
pub mod models;
mod oauth;
mod operation;
pub mod ops;
mod pager;
pub mod proxy;
mod request;
pub mod retry;
pub mod secret;
pub mod session;
#[cfg(doctest)]
mod surface;
pub mod tls;
pub mod totp;
mod transport;
pub mod wire;

pub use config::{
    Config, ConfigBuilder, DEFAULT_BASE_URL, ENV_API_URL, ENV_PUBLISHABLE_KEY,
    check_transport_security,
};
pub use encode::{encode_component, encode_path_segment};
pub use error::{
    ApiError, ConfigError, DecodeError, InAIAuthError, InvalidRequestError, ProblemDetails,
    TransportError, TransportErrorKind,
};
pub use oauth::oauth_init_url;
pub use operation::{Auth, Operation, OperationInfo};
pub use ops::OPERATIONS;
pub use pager::{DEFAULT_MAX_PAGES, Pager, PagerEnd, Paginated};
pub use request::PUBLISHABLE_KEY_HEADER;
pub use retry::RetryPolicy;
pub use session::{
    LogoutOperation, RefreshOperation, SessionFlavour, SessionState, SessionStep, SessionUser,
};
pub use transport::{AsyncHttpClient, SyncHttpClient, send, send_async};
