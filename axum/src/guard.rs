//! Guards: layers that let a request through only when its user meets a
//! condition (`requireAuth({ role, permission })` of the official packages).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::Request;
use inai_auth_verify::AuthObject;
use tower_layer::Layer;
use tower_service::Service;

use crate::layer::LayerMark;
use crate::refusal::{Refusal, RefusalHook, RefusalKind};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Check = Arc<dyn Fn(&AuthObject) -> bool + Send + Sync>;

/// Requires the user to have role `role` (the token's `roles` claim).
///
/// Put it on routes that [`InAIAuthLayer`](crate::InAIAuthLayer) covers, for
/// example with `MethodRouter::route_layer`. A user without the role gets
/// 403 with `WWW-Authenticate: Bearer error="insufficient_scope"`; a request
/// without a user (optional mode) 401; a route without the layer 500.
#[must_use]
pub fn require_role(role: impl Into<String>) -> RequireLayer {
    let role = role.into();
    let detail = format!("this route requires the role `{role}`");
    RequireLayer::new(move |auth| auth.has_role(&role), detail)
}

/// Requires the user to have permission `permission` (the token's
/// `permissions` claim). Answers as [`require_role`].
#[must_use]
pub fn require_permission(permission: impl Into<String>) -> RequireLayer {
    let permission = permission.into();
    let detail = format!("this route requires the permission `{permission}`");
    RequireLayer::new(move |auth| auth.has_permission(&permission), detail)
}

/// Requires the user to have permission `permission` in their active
/// organization (the token's `org_permissions` claim). Answers as
/// [`require_role`].
#[must_use]
pub fn require_org_permission(permission: impl Into<String>) -> RequireLayer {
    let permission = permission.into();
    let detail = format!("this route requires the organization permission `{permission}`");
    RequireLayer::new(move |auth| auth.has_org_permission(&permission), detail)
}

/// Requires `check(user)` to hold. Answers as [`require_role`].
///
/// ```
/// use inai_auth_axum::require;
///
/// let guard = require(|auth| auth.has_role("admin") || auth.has_permission("reports:read"));
/// # let _ = guard;
/// ```
#[must_use]
pub fn require(check: impl Fn(&AuthObject) -> bool + Send + Sync + 'static) -> RequireLayer {
    RequireLayer::new(check, "this route's access requirement is not met")
}

/// A guard layer, made by [`require_role`], [`require_permission`],
/// [`require_org_permission`] or [`require`].
#[derive(Clone)]
pub struct RequireLayer {
    check: Check,
    detail: Cow<'static, str>,
    hook: Option<RefusalHook>,
}

impl std::fmt::Debug for RequireLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequireLayer")
            .field("detail", &self.detail)
            .finish_non_exhaustive()
    }
}

impl RequireLayer {
    fn new(
        check: impl Fn(&AuthObject) -> bool + Send + Sync + 'static,
        detail: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            check: Arc::new(check),
            detail: detail.into(),
            hook: None,
        }
    }

    /// The reason a refused request is shown. Defaults to naming the
    /// requirement (e.g. "this route requires the role `admin`").
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<Cow<'static, str>>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Answers this guard's refusals with `hook` (by default the layer's
    /// hook, else the problem+json answer).
    #[must_use]
    pub fn on_refusal(
        mut self,
        hook: impl Fn(&Refusal) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// Whether `auth` passes this guard.
    #[must_use]
    pub fn allows(&self, auth: &AuthObject) -> bool {
        (self.check)(auth)
    }

    /// `None` when the request may pass, else its refusal.
    fn judge<B>(&self, request: &Request<B>) -> Option<Refusal> {
        let extensions = request.extensions();
        let Some(mark) = extensions.get::<LayerMark>() else {
            return Some(Refusal::layer_missing("a guard").with_hook(self.hook.clone()));
        };
        let hook = self.hook.clone().or_else(|| mark.hook.clone());
        match extensions.get::<AuthObject>() {
            None => Some(Refusal::missing().with_hook(hook)),
            Some(auth) if self.allows(auth) => None,
            Some(_) => Some(
                Refusal::new(RefusalKind::InsufficientScope, self.detail.clone()).with_hook(hook),
            ),
        }
    }
}

impl<S> Layer<S> for RequireLayer {
    type Service = Require<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Require {
            inner,
            guard: self.clone(),
        }
    }
}

/// The service a [`RequireLayer`] wraps around an inner service.
#[derive(Clone)]
pub struct Require<S> {
    inner: S,
    guard: RequireLayer,
}

impl<S> std::fmt::Debug for Require<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Require")
            .field("guard", &self.guard)
            .finish_non_exhaustive()
    }
}

impl<S, B, ResBody> Service<Request<B>> for Require<S>
where
    S: Service<Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
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
        match self.guard.judge(&request) {
            Some(refusal) => {
                let response = refusal.into_response();
                Box::pin(async move { Ok(response) })
            }
            None => {
                let future = self.inner.call(request);
                Box::pin(async move { Ok(future.await?.map(Body::new)) })
            }
        }
    }
}
