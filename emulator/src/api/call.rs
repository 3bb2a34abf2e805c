//! What a handler starts from: the shared state, the request's headers, and the time.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use time::OffsetDateTime;

use crate::state::shared::AppState;

/// The state, a copy of the request's headers, and the emulator's clock when the request is
/// served: the start of nearly every handler, taken apart in its parameter list.
pub(crate) struct Call {
    pub(crate) st: AppState,
    pub(crate) headers: HeaderMap,
    pub(crate) now: OffsetDateTime,
}

impl FromRequestParts<AppState> for Call {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Infallible> {
        Ok(Self {
            st: Arc::clone(st),
            headers: parts.headers.clone(),
            now: st.now(),
        })
    }
}
