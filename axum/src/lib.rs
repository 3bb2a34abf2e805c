//! InAI Auth for axum and tower services: a layer that verifies the access
//! token of every request, extractors, guards, cookie sessions for web apps
//! and ready-made auth routes.
//!
//! ```text
//!  request ─► InAIAuthLayer ─► token from Authorization: Bearer │ x-inai-auth │ auth_token cookie
//!                 │                  │
//!                 │        Verifier::verify (keys cached, single flight)
//!                 │                  ├─ valid ─► AuthObject in extensions ─► guards ─► handler (Auth, MaybeAuth)
//!                 │                  ├─ expired cookie + refresh_token cookie ─► CookieSession refresh
//!                 │                  │        (once per refresh token, shared) ─► Set-Cookie on the answer
//!                 │                  ├─ none / bad ─► 401 WWW-Authenticate: Bearer [error="invalid_token"]
//!                 │                  └─ keys unavailable ─► 503 Retry-After
//!  auth_routes(session): login, register, mfa-challenge, refresh, logout, ... set and clear the cookies
//! ```
//!
//! # How a request runs
//!
//! 1. [`InAIAuthLayer`] looks for a token in its [`TokenSource`]s, in order.
//! 2. It verifies it with the shared [`Verifier`](inai_auth_async::Verifier);
//!    with a [`CookieSession`], a missing or expired access cookie is
//!    renewed from the `refresh_token` cookie first.
//! 3. It puts the [`AuthObject`] in the request
//!    extensions, or answers with a [`Refusal`]: 401 (no token, bad token),
//!    503 (keys unavailable), each with `WWW-Authenticate` per RFC 6750 and an
//!    `application/problem+json` body in the API's error shape.
//! 4. Guards ([`require_role`], [`require_permission`],
//!    [`require_org_permission`], [`require`]) refuse users who lack
//!    something with 403 `error="insufficient_scope"`.
//! 5. Handlers take [`Auth`] (the user, or 401) or [`MaybeAuth`] (an
//!    `Option`).
//!
//! # Example
//!
//! A JSON API with a public route, user routes and an admin route, plus the
//! cookie-setting auth routes outside the required layer (an anonymous user
//! must be able to sign in):
//!
//! ```
//! use axum::{Router, routing::get};
//! use inai_auth_async::{Client, Verifier};
//! use inai_auth_axum::{Auth, CookieSession, InAIAuthLayer, MaybeAuth, auth_routes, require_role};
//!
//! async fn me(Auth(auth): Auth) -> String {
//!     auth.user_id().to_owned()
//! }
//!
//! async fn home(MaybeAuth(auth): MaybeAuth) -> String {
//!     auth.map_or("hello stranger".to_owned(), |a| format!("hello {}", a.user_id()))
//! }
//!
//! fn app(client: Client, verifier: Verifier) -> Router {
//!     let session = CookieSession::new(client);
//!     let required = InAIAuthLayer::new(verifier.clone()).cookie_session(session.clone());
//!     let optional = InAIAuthLayer::new(verifier).cookie_session(session.clone()).optional();
//!
//!     let users = Router::new()
//!         .route("/admin", get(|| async { "admin area" }).route_layer(require_role("admin")))
//!         .route("/me", get(me))
//!         .layer(required);
//!     let public = Router::new().route("/", get(home)).layer(optional);
//!
//!     Router::new()
//!         .merge(users)
//!         .merge(public)
//!         .nest("/api/auth", auth_routes(session))
//! }
//! # let _ = app;
//! ```

mod cookie;
mod extract;
mod guard;
mod layer;
mod refusal;
mod routes;
mod session;
mod token;

pub use extract::{Auth, MaybeAuth};
pub use guard::{
    Require, RequireLayer, require, require_org_permission, require_permission, require_role,
};
pub use layer::{InAIAuth, InAIAuthLayer};
pub use refusal::{PROBLEM_JSON, Refusal, RefusalHook, RefusalKind};
pub use routes::{auth_routes, platform_auth_routes};
pub use session::{
    CookieSession, DEFAULT_MAX_TRACKED_REFRESHES, DEFAULT_REFRESH_COOKIE_MAX_AGE,
    DEFAULT_REFRESH_GRACE, SESSION_COOKIE, SecureCookies, SessionKey, SessionKeyTooShort,
};
pub use token::{ACCESS_COOKIE, DEFAULT_TOKEN_HEADER, REFRESH_COOKIE, TokenSource};

/// The verification crate's user object, re-exported.
pub use inai_auth_verify::AuthObject;
