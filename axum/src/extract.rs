//! The extractors [`Auth`] and [`MaybeAuth`].

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use http::request::Parts;
use inai_auth_verify::AuthObject;

use crate::layer::LayerMark;
use crate::refusal::Refusal;

/// The signed-in user of a request that [`InAIAuthLayer`](crate::InAIAuthLayer)
/// authenticated.
///
/// Rejections: 401 ([`RefusalKind::MissingToken`](crate::RefusalKind::MissingToken))
/// when the layer runs in optional mode and the request has no user; 500
/// ([`RefusalKind::LayerMissing`](crate::RefusalKind::LayerMissing)) when no
/// layer covers the route, a mistake in the router. `Option<Auth>` gives
/// `None` instead of the 401.
///
/// ```
/// use inai_auth_axum::Auth;
///
/// async fn me(Auth(auth): Auth) -> String {
///     format!("{} of {}", auth.user_id(), auth.tenant_id())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Auth(pub AuthObject);

/// The signed-in user, if any: for routes behind
/// [`InAIAuthLayer::optional`](crate::InAIAuthLayer::optional).
///
/// Rejects only when no layer covers the route (500, a mistake in the
/// router).
///
/// ```
/// use inai_auth_axum::MaybeAuth;
///
/// async fn page(MaybeAuth(auth): MaybeAuth) -> String {
///     match auth {
///         Some(auth) => format!("hello {}", auth.user_id()),
///         None => "hello stranger".to_owned(),
///     }
/// }
/// ```
#[derive(Debug, Clone)]
pub struct MaybeAuth(pub Option<AuthObject>);

/// The user in `parts`, `Ok(None)` when the layer ran without one, or the
/// 500 refusal when no layer ran.
fn lookup(parts: &Parts, what: &'static str) -> Result<(Option<AuthObject>, LayerMark), Refusal> {
    let Some(mark) = parts.extensions.get::<LayerMark>() else {
        return Err(Refusal::layer_missing(what));
    };
    Ok((parts.extensions.get::<AuthObject>().cloned(), mark.clone()))
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Refusal> {
        match lookup(parts, "the Auth extractor")? {
            (Some(auth), _) => Ok(Self(auth)),
            (None, mark) => Err(Refusal::missing().with_hook(mark.hook)),
        }
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for Auth {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Refusal> {
        Ok(lookup(parts, "the Option<Auth> extractor")?.0.map(Self))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeAuth {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Refusal> {
        Ok(Self(lookup(parts, "the MaybeAuth extractor")?.0))
    }
}

impl std::ops::Deref for Auth {
    type Target = AuthObject;

    fn deref(&self) -> &AuthObject {
        &self.0
    }
}
