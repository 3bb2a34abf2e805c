//! Ready-made auth routes that sign users in and out and keep their session
//! in cookies: [`auth_routes`] and [`platform_auth_routes`].

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::header::{CONTENT_TYPE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode};
use inai_auth_core::models::{LoginResult, TokenPair, User};
use inai_auth_core::ops::{
    ForgotPassword, GetMe, Login, Logout, MfaChallenge, PlatformGetMe, PlatformLogin,
    PlatformLogout, PlatformMfaChallenge, PlatformRegister, Register, ResetPassword, VerifyEmail,
};
use inai_auth_core::{Config, InAIAuthError, Operation};
use inai_auth_verify::AuthObject;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::cookie;
use crate::refusal::problem_response;
use crate::session::{CookieSession, Refreshed, SESSION_COOKIE};
use crate::token::{self, Found, REFRESH_COOKIE, TokenSource};

/// The routes for app users, answering as the official `createAuthRoutes`:
///
/// | route | body | answer |
/// |---|---|---|
/// | `POST login` | `{email, password}` | `{user}` and the cookies, or `{mfa_required: true, mfa_token}` |
/// | `POST register` | `{email, password, firstName?, lastName?}` | `{user}` and the cookies, or `{needs_email_verification: true, user}` |
/// | `POST mfa-challenge` | `{mfa_token, code}` | `{user}` and the cookies |
/// | `POST refresh` | (the `refresh_token` cookie) | `{success: true}` and new cookies |
/// | `POST logout` | (the `refresh_token` cookie) | `{success: true}`, cookies cleared |
/// | `POST forgot-password` | `{email}` | the API's `{message}` |
/// | `POST reset-password` | `{token, password}` | the API's `{message}` |
/// | `POST verify-email` | `{token}` | the API's `{message}` |
/// | `GET me` | (the access token) | `{user}` |
///
/// POST routes accept only `Content-Type: application/json` (415
/// otherwise): a cross-site HTML form cannot send that without a CORS
/// preflight. Errors are problem+json: the API's own for refused calls
/// (with its status), 400 for a body that does not decode, 503 when the API
/// cannot be reached.
///
/// Nest it where no required [`InAIAuthLayer`](crate::InAIAuthLayer) covers
/// it (an anonymous user must reach `login`), or behind an
/// [`optional`](crate::InAIAuthLayer::optional) one. Pass the same
/// [`CookieSession`] as to the layer (or a [`Client`](inai_auth_async::Client),
/// which makes one with the defaults), so both share the refresh
/// bookkeeping.
pub fn auth_routes<S>(session: impl Into<CookieSession>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let state = Arc::new(RouteState {
        session: session.into(),
    });
    Router::new()
        .route("/login", post(login))
        .route("/register", post(register))
        .route("/mfa-challenge", post(mfa_challenge))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/forgot-password", post(forgot_password))
        .route("/reset-password", post(reset_password))
        .route("/verify-email", post(verify_email))
        .route("/me", get(me))
        .with_state(state)
}

/// The routes for platform users: `POST login`, `register` (`{email,
/// password, tenantName, tenantSlug, firstName?, lastName?}`, answering
/// `{user, tenant}`), `mfa-challenge`, `refresh`, `logout` and `GET me`,
/// answering as [`auth_routes`]. A [`Client`](inai_auth_async::Client) or a
/// [`CookieSession`] may be passed; either way the session refreshes as a
/// platform one, so give the layer [`CookieSession::platform`].
pub fn platform_auth_routes<S>(session: impl Into<CookieSession>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let state = Arc::new(RouteState {
        session: session.into().into_platform(),
    });
    Router::new()
        .route("/login", post(platform_login))
        .route("/register", post(platform_register))
        .route("/mfa-challenge", post(platform_mfa_challenge))
        .route("/refresh", post(refresh))
        .route("/logout", post(platform_logout))
        .route("/me", get(platform_me))
        .with_state(state)
}

struct RouteState {
    session: CookieSession,
}

type Shared = State<Arc<RouteState>>;

/// What the handlers need from the request besides its body.
struct Ctx {
    headers: HeaderMap,
    secure: bool,
    auth: Option<AuthObject>,
}

impl FromRequestParts<Arc<RouteState>> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<RouteState>,
    ) -> Result<Self, Self::Rejection> {
        let secure = state
            .session
            .secure_for(&parts.uri, &parts.headers, &parts.extensions);
        Ok(Self {
            headers: parts.headers.clone(),
            secure,
            auth: parts.extensions.get::<AuthObject>().cloned(),
        })
    }
}

impl Ctx {
    /// The access token: the layer's user's, else the request's own.
    fn access_token(&self) -> Option<String> {
        if let Some(auth) = &self.auth {
            return Some(auth.token().to_owned());
        }
        let sources = [
            TokenSource::Bearer,
            TokenSource::Cookie(token::ACCESS_COOKIE),
        ];
        match token::find(&self.headers, &sources) {
            Found::Token(token, _) => Some(token.to_owned()),
            _ => None,
        }
    }

    fn refresh_token(&self) -> Option<&str> {
        cookie::find(&self.headers, REFRESH_COOKIE)
            .ok()
            .flatten()
            .filter(|t| !t.is_empty())
    }
}

/// A JSON body, only with `Content-Type: application/json`.
struct JsonBody<T>(T);

/// A POST whose body is ignored (it may be empty), still only with
/// `Content-Type: application/json`.
struct JsonOnly;

impl<S: Send + Sync> FromRequestParts<S> for JsonOnly {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Response> {
        if is_json(&parts.headers) {
            Ok(Self)
        } else {
            Err(not_json())
        }
    }
}

fn not_json() -> Response {
    problem_response(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        "this route accepts only Content-Type: application/json",
    )
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        if !is_json(request.headers()) {
            return Err(not_json());
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut json = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut json)
            .map(JsonBody)
            .map_err(|error| {
                // The path and position only: serde's own message may quote
                // the value, which may be a password.
                let path = error.path().to_string();
                let inner = error.inner();
                let detail = format!(
                    "the body is not the expected JSON (at `{path}`, line {}, column {})",
                    inner.line(),
                    inner.column()
                );
                problem_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", &detail)
            })
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// An API failure as an answer.
fn failure(error: &InAIAuthError) -> Response {
    match error {
        InAIAuthError::Api(api) => {
            let mut response = problem_response(api.status(), api.code(), api.message());
            if let Some(retry) = api.retry_after() {
                response
                    .headers_mut()
                    .insert(http::header::RETRY_AFTER, retry.clone());
            }
            response
        }
        InAIAuthError::Transport(_) => problem_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            "the auth service could not be reached",
        ),
        InAIAuthError::Decode(_) => problem_response(
            StatusCode::BAD_GATEWAY,
            "BAD_GATEWAY",
            "the auth service answered in an unexpected shape",
        ),
        InAIAuthError::InvalidRequest(_) => problem_response(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the request cannot be sent to the auth service",
        ),
        _ => problem_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "SERVER_ERROR",
            "the auth client is misconfigured",
        ),
    }
}

fn unauthorized(detail: &str) -> Response {
    problem_response(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", detail)
}

/// `body` as JSON with `cookies` set.
fn with_cookies(body: Value, cookies: Vec<HeaderValue>) -> Response {
    let mut response = axum::Json(body).into_response();
    for cookie in cookies {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

/// Signs the session in: the cookies for `tokens` with a new stamp, and
/// `body`.
fn signed_in(state: &RouteState, ctx: &Ctx, tokens: &TokenPair, body: Value) -> Response {
    let user_id = inai_auth_verify::decode_claims_unverified(tokens.access_token.expose_secret())
        .map(|claims| claims.sub)
        .unwrap_or_default();
    match state
        .session
        .issue_cookies(tokens, None, &user_id, ctx.secure)
    {
        Some(cookies) => with_cookies(body, cookies),
        None => problem_response(
            StatusCode::BAD_GATEWAY,
            "BAD_GATEWAY",
            "the auth service issued tokens that cannot be stored in cookies",
        ),
    }
}

/// The answer to a login: signed in, or the MFA step.
fn login_answer<U: serde::Serialize>(
    state: &RouteState,
    ctx: &Ctx,
    result: LoginResult<U>,
    extra: Option<(&str, Value)>,
) -> Response {
    match result {
        LoginResult::Complete { tokens, user } => {
            let mut body = json!({ "user": user });
            if let (Some((key, value)), Some(map)) = (extra, body.as_object_mut()) {
                map.insert(key.to_owned(), value);
            }
            signed_in(state, ctx, &tokens, body)
        }
        LoginResult::MfaRequired { mfa_token } => axum::Json(json!({
            "mfa_required": true,
            "mfa_token": mfa_token.expose_secret(),
        }))
        .into_response(),
    }
}

#[derive(Deserialize)]
struct LoginBody {
    email: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterBody {
    email: String,
    password: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlatformRegisterBody {
    email: String,
    password: String,
    tenant_name: String,
    tenant_slug: String,
    first_name: Option<String>,
    last_name: Option<String>,
}

#[derive(Deserialize)]
struct MfaBody {
    mfa_token: String,
    code: String,
}

#[derive(Deserialize)]
struct EmailBody {
    email: String,
}

#[derive(Deserialize)]
struct ResetBody {
    token: String,
    password: String,
}

#[derive(Deserialize)]
struct TokenBody {
    token: String,
}

async fn login(State(state): Shared, ctx: Ctx, JsonBody(body): JsonBody<LoginBody>) -> Response {
    let client = state.session.client();
    match client.login(Login::new(body.email, body.password)).await {
        Ok(result) => login_answer(&state, &ctx, result, None),
        Err(error) => failure(&error),
    }
}

async fn platform_login(
    State(state): Shared,
    ctx: Ctx,
    JsonBody(body): JsonBody<LoginBody>,
) -> Response {
    let client = state.session.client();
    match client
        .platform_login(PlatformLogin::new(body.email, body.password))
        .await
    {
        Ok(result) => login_answer(&state, &ctx, result, None),
        Err(error) => failure(&error),
    }
}

async fn register(
    State(state): Shared,
    ctx: Ctx,
    JsonBody(body): JsonBody<RegisterBody>,
) -> Response {
    let mut op = Register::new(body.email, body.password);
    if let Some(first) = body.first_name {
        op = op.with_first_name(first);
    }
    if let Some(last) = body.last_name {
        op = op.with_last_name(last);
    }
    match state.session.client().send(&Registration(op)).await {
        Ok(Registered::Login(result)) => login_answer(&state, &ctx, result, None),
        Ok(Registered::NeedsEmailVerification(user)) => axum::Json(json!({
            "needs_email_verification": true,
            "user": user,
        }))
        .into_response(),
        Err(error) => failure(&error),
    }
}

async fn platform_register(
    State(state): Shared,
    ctx: Ctx,
    JsonBody(body): JsonBody<PlatformRegisterBody>,
) -> Response {
    let mut op = PlatformRegister::new(
        body.email,
        body.password,
        body.tenant_name,
        body.tenant_slug,
    );
    if let Some(first) = body.first_name {
        op = op.with_first_name(first);
    }
    if let Some(last) = body.last_name {
        op = op.with_last_name(last);
    }
    match state.session.client().platform_register(op).await {
        Ok(registration) => {
            let tenant = registration.tenant.map(|t| json!(t));
            login_answer(
                &state,
                &ctx,
                registration.login,
                tenant.map(|t| ("tenant", t)),
            )
        }
        Err(error) => failure(&error),
    }
}

async fn mfa_challenge(
    State(state): Shared,
    ctx: Ctx,
    JsonBody(body): JsonBody<MfaBody>,
) -> Response {
    let client = state.session.client();
    match client
        .mfa_challenge(MfaChallenge::new(body.mfa_token, body.code))
        .await
    {
        Ok(grant) => signed_in(&state, &ctx, &grant.tokens, json!({ "user": grant.user })),
        Err(error) => failure(&error),
    }
}

async fn platform_mfa_challenge(
    State(state): Shared,
    ctx: Ctx,
    JsonBody(body): JsonBody<MfaBody>,
) -> Response {
    let client = state.session.client();
    match client
        .platform_mfa_challenge(PlatformMfaChallenge::new(body.mfa_token, body.code))
        .await
    {
        Ok(grant) => signed_in(&state, &ctx, &grant.tokens, json!({ "user": grant.user })),
        Err(error) => failure(&error),
    }
}

/// `POST refresh`: the same shared, once-per-token refresh as the layer's.
async fn refresh(State(state): Shared, ctx: Ctx, _: JsonOnly) -> Response {
    let session = &state.session;
    let Some(refresh_token) = ctx.refresh_token() else {
        return unauthorized("the request has no refresh_token cookie");
    };
    let ended = |detail: &str| {
        let mut response = unauthorized(detail);
        for cookie in session.clear_cookies(ctx.secure) {
            response.headers_mut().append(SET_COOKIE, cookie);
        }
        response
    };
    let stamp_cookie = cookie::find(&ctx.headers, SESSION_COOKIE).ok().flatten();
    let stamp = match session.check_stamp(stamp_cookie) {
        Ok(stamp) => stamp,
        Err(reason) => return ended(reason),
    };
    match &*session.refresh(refresh_token).await {
        Refreshed::Tokens(tokens) => {
            let user_id =
                inai_auth_verify::decode_claims_unverified(tokens.access_token.expose_secret())
                    .map(|claims| claims.sub)
                    .unwrap_or_default();
            if stamp.as_ref().is_some_and(|s| s.user_id != user_id) {
                return ended("the session stamp belongs to another user");
            }
            match session.issue_cookies(tokens, stamp.as_ref(), &user_id, ctx.secure) {
                Some(cookies) => with_cookies(json!({ "success": true }), cookies),
                None => ended("the refreshed tokens cannot be stored in cookies"),
            }
        }
        Refreshed::Rejected(reason) => ended(reason),
        Refreshed::Unavailable(reason) => problem_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            reason,
        ),
    }
}

/// `POST logout`: revokes the refresh token (best effort: the cookies are
/// cleared whatever the API says) and clears the cookies.
async fn logout(State(state): Shared, ctx: Ctx, _: JsonOnly) -> Response {
    if let Some(refresh_token) = ctx.refresh_token() {
        let result = state
            .session
            .client()
            .logout(Logout::new(refresh_token))
            .await;
        if let Err(error) = result {
            tracing::debug!(error = %error.message(), "inai_auth.logout refused; cookies cleared anyway");
        }
    }
    with_cookies(
        json!({ "success": true }),
        state.session.clear_cookies(ctx.secure),
    )
}

async fn platform_logout(State(state): Shared, ctx: Ctx, _: JsonOnly) -> Response {
    if let Some(token) = ctx.access_token() {
        let result = state
            .session
            .client()
            .platform_logout(PlatformLogout::new(token))
            .await;
        if let Err(error) = result {
            tracing::debug!(error = %error.message(), "inai_auth.platform_logout refused; cookies cleared anyway");
        }
    }
    with_cookies(
        json!({ "success": true }),
        state.session.clear_cookies(ctx.secure),
    )
}

async fn forgot_password(State(state): Shared, JsonBody(body): JsonBody<EmailBody>) -> Response {
    let result = state
        .session
        .client()
        .forgot_password(ForgotPassword::new(body.email))
        .await;
    match result {
        Ok(ack) => axum::Json(ack).into_response(),
        Err(error) => failure(&error),
    }
}

async fn reset_password(State(state): Shared, JsonBody(body): JsonBody<ResetBody>) -> Response {
    let result = state
        .session
        .client()
        .reset_password(ResetPassword::new(body.token, body.password))
        .await;
    match result {
        Ok(ack) => axum::Json(ack).into_response(),
        Err(error) => failure(&error),
    }
}

async fn verify_email(State(state): Shared, JsonBody(body): JsonBody<TokenBody>) -> Response {
    let result = state
        .session
        .client()
        .verify_email(VerifyEmail::new(body.token))
        .await;
    match result {
        Ok(ack) => axum::Json(ack).into_response(),
        Err(error) => failure(&error),
    }
}

async fn me(State(state): Shared, ctx: Ctx) -> Response {
    let Some(token) = ctx.access_token() else {
        return unauthorized("the request has no access token");
    };
    match state.session.client().get_me(GetMe::new(token)).await {
        Ok(user) => axum::Json(json!({ "user": user })).into_response(),
        Err(error) => failure(&error),
    }
}

async fn platform_me(State(state): Shared, ctx: Ctx) -> Response {
    let Some(token) = ctx.access_token() else {
        return unauthorized("the request has no access token");
    };
    match state
        .session
        .client()
        .platform_get_me(PlatformGetMe::new(token))
        .await
    {
        Ok(user) => axum::Json(json!({ "user": user })).into_response(),
        Err(error) => failure(&error),
    }
}

/// What a registration answers: a login, or (when the application requires
/// a verified email first) the new user without tokens.
#[derive(Debug)]
enum Registered {
    Login(LoginResult),
    NeedsEmailVerification(User),
}

/// [`Register`], also accepting the answer without tokens that the core's
/// `LoginResult` does not model (`{user}` only: email verification needed).
/// Belongs in the core's `Register` eventually.
struct Registration(Register);

impl Operation for Registration {
    type Output = Registered;
    const NAME: &'static str = Register::NAME;

    fn to_request(&self, config: &Config) -> Result<http::Request<Vec<u8>>, InAIAuthError> {
        self.0.to_request(config)
    }

    fn parse(&self, response: http::Response<Vec<u8>>) -> Result<Registered, InAIAuthError> {
        if response.status().is_success() {
            if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(response.body()) {
                let has_tokens =
                    map.contains_key("access_token") || map.contains_key("mfa_required");
                if !has_tokens {
                    if let Some(user) = map.get("user") {
                        if let Ok(user) = serde_json::from_value::<User>(user.clone()) {
                            return Ok(Registered::NeedsEmailVerification(user));
                        }
                    }
                }
            }
        }
        self.0.parse(response).map(Registered::Login)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    const USER: &str = r#"{"id": "usr_1", "email": "ada@example.com", "firstName": null,
        "lastName": null, "avatarUrl": null, "isActive": true, "emailVerified": false,
        "mfaEnabled": false, "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z", "lastLoginAt": null}"#;

    fn answer(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    fn registration() -> Registration {
        Registration(Register::new("ada@example.com", "pw"))
    }

    #[test]
    fn a_registration_without_tokens_needs_email_verification() {
        let parsed = registration()
            .parse(answer(
                201,
                &format!(r#"{{"user": {USER}, "message": "check your email"}}"#),
            ))
            .unwrap();
        let Registered::NeedsEmailVerification(user) = parsed else {
            panic!("expected the verification case");
        };
        assert_eq!(user.id, "usr_1");
    }

    #[test]
    fn a_registration_with_tokens_is_a_login_and_errors_stay_errors() {
        let body = format!(
            r#"{{"access_token": "a", "refresh_token": "r", "token_type": "Bearer", "expires_in": 900, "user": {USER}}}"#
        );
        assert!(matches!(
            registration().parse(answer(201, &body)).unwrap(),
            Registered::Login(LoginResult::Complete { .. })
        ));
        let mfa = r#"{"mfa_required": true, "mfa_token": "m"}"#;
        assert!(matches!(
            registration().parse(answer(200, mfa)).unwrap(),
            Registered::Login(LoginResult::MfaRequired { .. })
        ));
        assert!(matches!(
            registration().parse(answer(200, "{}")),
            Err(InAIAuthError::Decode(_))
        ));
        let conflict = r#"{"type": "CONFLICT", "title": "Conflict", "status": 409, "detail": "taken", "user": {}}"#;
        let error = registration().parse(answer(409, conflict)).unwrap_err();
        assert_eq!(error.code(), Some("CONFLICT"));
    }

    #[test]
    fn json_content_types() {
        let mut headers = HeaderMap::new();
        assert!(!is_json(&headers));
        for (value, json) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("APPLICATION/JSON", true),
            ("application/jsonp", false),
            ("text/plain", false),
            ("multipart/form-data; boundary=x", false),
        ] {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
            assert_eq!(is_json(&headers), json, "{value}");
        }
    }
}
