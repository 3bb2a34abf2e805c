//! [`InAIAuthLayer`]: the tower layer that finds, verifies and records the
//! access token of every request.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::SET_COOKIE;
use http::request::Parts;
use http::{HeaderValue, Request};
use inai_auth_async::Verifier;
use inai_auth_verify::{AuthObject, VerifyError};
use tower_layer::Layer;
use tower_service::Service;

use crate::cookie;
use crate::refusal::{Refusal, RefusalHook, RefusalKind};
use crate::session::{CookieSession, Refreshed, SESSION_COOKIE};
use crate::token::{self, Found, REFRESH_COOKIE, TokenSource};

/// The error type a response body may have to be boxed into [`Body`].
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Put in the request extensions by the layer, so that extractors and guards
/// can tell "no user" (optional mode) from "no layer" (a programming error),
/// and use the layer's refusal hook.
#[derive(Clone)]
pub(crate) struct LayerMark {
    pub(crate) hook: Option<RefusalHook>,
}

/// A tower [`Layer`] that authenticates every request with an InAI access
/// token.
///
/// For each request it:
/// 1. looks for the token in the [`TokenSource`]s, in order (default:
///    `Authorization: Bearer`, `x-inai-auth`, the `auth_token` cookie);
/// 2. verifies it with the shared [`Verifier`] (keys cached, one JWKS fetch
///    at a time);
/// 3. with a [`CookieSession`], refreshes a missing or expired access cookie
///    from the `refresh_token` cookie (once per refresh token, shared) and
///    sets the new cookies on the answer;
/// 4. puts the [`AuthObject`] in the request extensions (read it with
///    [`Auth`](crate::Auth), [`MaybeAuth`](crate::MaybeAuth) or
///    `Extension<AuthObject>`) and calls the inner service, or answers with a
///    [`Refusal`]:
///
/// | case | answer |
/// |---|---|
/// | no token | 401, `WWW-Authenticate: Bearer` |
/// | bad token or bad credentials | 401, `WWW-Authenticate: Bearer error="invalid_token", error_description="<reason>"` |
/// | keys unavailable | 503, `Retry-After` |
///
/// each with an `application/problem+json` body (replace it with
/// [`on_refusal`](Self::on_refusal)).
///
/// By default a token is required. In [`optional`](Self::optional) mode a
/// request without one passes without an [`AuthObject`]; a bad token in a
/// header is still refused (a client must learn its token is bad) while a
/// bad cookie counts as absent (a browser sends cookies on its own).
///
/// The layer works around any `Service<http::Request<B>>` answering
/// `http::Response<_>` (axum, tonic, hyper); its answers have axum's
/// [`Body`]. Cheap to clone.
///
/// ```
/// use axum::{Router, routing::get};
/// use inai_auth_async::Verifier;
/// use inai_auth_axum::{Auth, InAIAuthLayer, require_role};
///
/// # fn app(verifier: Verifier) -> Router {
/// async fn me(Auth(auth): Auth) -> String {
///     auth.user_id().to_owned()
/// }
///
/// Router::new()
///     .route("/admin", get(|| async { "hello, admin" }).route_layer(require_role("admin")))
///     .route("/me", get(me))
///     .layer(InAIAuthLayer::new(verifier))
/// # }
/// ```
#[derive(Clone)]
pub struct InAIAuthLayer {
    settings: Arc<Settings>,
}

#[derive(Clone)]
struct Settings {
    verifier: Verifier,
    sources: Vec<TokenSource>,
    optional: bool,
    session: Option<CookieSession>,
    hook: Option<RefusalHook>,
}

impl std::fmt::Debug for InAIAuthLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.settings;
        f.debug_struct("InAIAuthLayer")
            .field("verifier", &s.verifier)
            .field("sources", &s.sources)
            .field("optional", &s.optional)
            .field("cookie_session", &s.session)
            .field("on_refusal", &s.hook.is_some())
            .finish()
    }
}

impl InAIAuthLayer {
    /// A layer requiring a valid token, verified by `verifier`, from the
    /// default sources ([`TokenSource::defaults`]).
    #[must_use]
    pub fn new(verifier: Verifier) -> Self {
        Self {
            settings: Arc::new(Settings {
                verifier,
                sources: TokenSource::defaults().to_vec(),
                optional: false,
                session: None,
                hook: None,
            }),
        }
    }

    fn settings_mut(&mut self) -> &mut Settings {
        Arc::make_mut(&mut self.settings)
    }

    /// Where to look for the token, in order. Defaults to
    /// [`TokenSource::defaults`]. An empty list finds no token in any
    /// request.
    #[must_use]
    pub fn token_sources(mut self, sources: impl IntoIterator<Item = TokenSource>) -> Self {
        self.settings_mut().sources = sources.into_iter().collect();
        self
    }

    /// Lets requests without a token through, without an [`AuthObject`].
    /// Off by default (a token is required).
    #[must_use]
    pub fn optional(mut self) -> Self {
        self.settings_mut().optional = true;
        self
    }

    /// Refreshes browser sessions kept in cookies (see [`CookieSession`]).
    /// Off by default.
    #[must_use]
    pub fn cookie_session(mut self, session: CookieSession) -> Self {
        self.settings_mut().session = Some(session);
        self
    }

    /// Answers refusals with `hook` instead of the default problem+json
    /// answer; also used by [`Auth`](crate::Auth) and the guards on the
    /// routes this layer covers, unless they have their own.
    #[must_use]
    pub fn on_refusal(
        mut self,
        hook: impl Fn(&Refusal) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.settings_mut().hook = Some(Arc::new(hook));
        self
    }

    /// The verifier.
    #[must_use]
    pub fn verifier(&self) -> &Verifier {
        &self.settings.verifier
    }
}

impl<S> Layer<S> for InAIAuthLayer {
    type Service = InAIAuth<S>;

    fn layer(&self, inner: S) -> Self::Service {
        InAIAuth {
            inner,
            settings: Arc::clone(&self.settings),
        }
    }
}

/// The service [`InAIAuthLayer`] wraps around an inner service.
#[derive(Clone)]
pub struct InAIAuth<S> {
    inner: S,
    settings: Arc<Settings>,
}

impl<S> std::fmt::Debug for InAIAuth<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAIAuth").finish_non_exhaustive()
    }
}

impl<S, B, ResBody> Service<Request<B>> for InAIAuth<S>
where
    S: Service<Request<B>, Response = http::Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
    ResBody: http_body::Body<Data = Bytes> + Send + 'static,
    ResBody::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The clone that was made ready is the one to call.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let settings = Arc::clone(&self.settings);
        Box::pin(async move {
            // Only the parts are borrowed across the verification: the body
            // need not be `Sync`.
            let (mut parts, body) = request.into_parts();
            parts.extensions.remove::<AuthObject>();
            match decide(&settings, &parts).await {
                Decision::Refuse(refusal) => {
                    Ok(refusal.with_hook(settings.hook.clone()).into_response())
                }
                Decision::Pass(auth, cookies) => {
                    parts.extensions.insert(LayerMark {
                        hook: settings.hook.clone(),
                    });
                    if let Some(auth) = auth {
                        parts.extensions.insert(auth);
                    }
                    let request = Request::from_parts(parts, body);
                    let mut response = inner.call(request).await?.map(Body::new);
                    for cookie in cookies {
                        response.headers_mut().append(SET_COOKIE, cookie);
                    }
                    Ok(response)
                }
            }
        })
    }
}

/// What to do with a request. Short-lived, so the size difference of the
/// variants does not matter.
#[allow(clippy::large_enum_variant)]
enum Decision {
    /// Let it through, with the user if any, setting these cookies.
    Pass(Option<AuthObject>, Vec<HeaderValue>),
    /// Answer with this refusal.
    Refuse(Refusal),
}

async fn decide(settings: &Settings, request: &Parts) -> Decision {
    match token::find(&request.headers, &settings.sources) {
        // Boxed: the driver's verify future is large (it can hold a whole JWKS
        // fetch); copying it through each level of nesting costs more than
        // the allocation.
        Found::Token(token, source) => match Box::pin(settings.verifier.verify(token)).await {
            Ok(auth) => Decision::Pass(Some(auth), Vec::new()),
            Err(VerifyError::KeysUnavailable) => refuse(keys_unavailable(settings)),
            Err(VerifyError::Expired) if source.is_cookie() && settings.session.is_some() => {
                // Boxed: the refresh path is rare and its future large; the
                // common path's future stays small.
                Box::pin(refresh(
                    settings,
                    request,
                    Refusal::new(RefusalKind::InvalidToken, VerifyError::Expired.to_string()),
                ))
                .await
            }
            Err(_) if source.is_cookie() && settings.optional => Decision::Pass(None, Vec::new()),
            Err(error) => refuse(Refusal::new(RefusalKind::InvalidToken, error.to_string())),
        },
        Found::Malformed(_, source) if source.is_cookie() && settings.optional => {
            Decision::Pass(None, Vec::new())
        }
        Found::Malformed(reason, _) => refuse(Refusal::new(RefusalKind::InvalidToken, reason)),
        Found::Nothing if settings.session.is_some() => {
            Box::pin(refresh(settings, request, Refusal::missing())).await
        }
        Found::Nothing => no_user(settings, Refusal::missing()),
    }
}

/// In optional mode, through without a user; else `refusal`.
fn no_user(settings: &Settings, refusal: Refusal) -> Decision {
    if settings.optional {
        Decision::Pass(None, Vec::new())
    } else {
        refuse(refusal)
    }
}

fn keys_unavailable(settings: &Settings) -> Refusal {
    let retry = settings
        .verifier
        .cache_options()
        .min_refetch_interval()
        .as_secs_f64()
        .ceil();
    // A float of at most a few hours' seconds: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let retry = retry as u64;
    Refusal::unavailable("the token signing keys are unavailable", retry)
}

/// The cookie session path: refresh from the `refresh_token` cookie, or
/// answer as `without` when there is none.
async fn refresh(settings: &Settings, request: &Parts, without: Refusal) -> Decision {
    let Some(session) = &settings.session else {
        return no_user(settings, without);
    };
    let headers = &request.headers;
    let refresh_token = match cookie::find(headers, REFRESH_COOKIE) {
        Ok(Some(token)) if !token.is_empty() => token,
        _ => return no_user(settings, without),
    };
    let secure = session.secure_for(&request.uri, headers, &request.extensions);
    let ended = |reason: String| {
        let cookies = session.clear_cookies(secure);
        if settings.optional {
            Decision::Pass(None, cookies)
        } else {
            refuse(Refusal::new(RefusalKind::SessionEnded, reason).with_cookies(cookies))
        }
    };
    let stamp_cookie = cookie::find(headers, SESSION_COOKIE).ok().flatten();
    let stamp = match session.check_stamp(stamp_cookie) {
        Ok(stamp) => stamp,
        Err(reason) => return ended(reason.to_owned()),
    };
    let outcome = session.refresh(refresh_token).await;
    let tokens = match &*outcome {
        Refreshed::Tokens(tokens) => tokens,
        Refreshed::Rejected(reason) => return ended(reason.clone()),
        Refreshed::Unavailable(reason) => {
            return refuse(Refusal::unavailable(reason.clone(), 1));
        }
    };
    match settings
        .verifier
        .verify(tokens.access_token.expose_secret())
        .await
    {
        Ok(auth) => {
            if stamp.as_ref().is_some_and(|s| s.user_id != auth.user_id()) {
                return ended("the session stamp belongs to another user".to_owned());
            }
            match session.issue_cookies(tokens, stamp.as_ref(), auth.user_id(), secure) {
                Some(cookies) => Decision::Pass(Some(auth), cookies),
                None => ended("the refreshed tokens cannot be stored in cookies".to_owned()),
            }
        }
        Err(VerifyError::KeysUnavailable) => {
            // The refresh token is spent: the new pair must reach the browser
            // even though this request cannot be served.
            let user =
                inai_auth_verify::decode_claims_unverified(tokens.access_token.expose_secret())
                    .map(|claims| claims.sub)
                    .unwrap_or_default();
            let cookies = session
                .issue_cookies(tokens, stamp.as_ref(), &user, secure)
                .unwrap_or_default();
            refuse(keys_unavailable(settings).with_cookies(cookies))
        }
        Err(error) => ended(format!("the refreshed token does not verify: {error}")),
    }
}

fn refuse(refusal: Refusal) -> Decision {
    Decision::Refuse(refusal)
}
