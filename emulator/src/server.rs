//! The HTTP/1.1 server: counts requests, applies faults, routes, and finishes problem bodies.

use std::convert::Infallible;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::api::auth::unknown_token_error;
use crate::api::problem::{PROBLEM_JSON, PendingProblem, code_for, problem_response};
use crate::faults::Fault;
use crate::state::shared::AppState;

/// Returned by the service to make hyper close the connection without answering.
#[derive(Debug)]
struct DroppedByFault;

impl std::fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedByFault {}

/// Accepts connections until `shutdown` fires (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    state: AppState,
    mut shutdown: oneshot::Receiver<()>,
) {
    let router = crate::routes::router(state.clone());
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                let router = router.clone();
                let state = state.clone();
                let rng = state.rng.clone();
                tokio::spawn(crate::crypto::random::scope(rng, async move {
                    let service = hyper::service::service_fn(move |req| {
                        handle(req, router.clone(), state.clone())
                    });
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service);
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "emulator connection ended");
                    }
                }));
            }
        }
    }
}

/// Largest request body accepted.
const MAX_BODY: usize = 1024 * 1024;

async fn handle(
    req: Request<Incoming>,
    router: Router,
    state: AppState,
) -> Result<Response<Body>, DroppedByFault> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    state.count(&method, &path);
    let fault = state.faults().take(&method, &path);
    if let Some(fault) = fault {
        if let Some(delay) = fault.delay_duration() {
            tokio::time::sleep(delay).await;
        }
        if fault.drops() {
            return Err(DroppedByFault);
        }
        if let Some(status) = fault.status_code() {
            return Ok(fault_response(&fault, status, &path));
        }
    }
    // Read the whole body first: a handler that ignores it must not leave bytes on a
    // keep-alive connection (hyper would then close it under the client's feet).
    let (parts, incoming) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(Body::new(incoming), MAX_BODY).await else {
        let status = StatusCode::PAYLOAD_TOO_LARGE;
        return Ok(problem_response(
            status,
            code_for(status),
            "the request body is too large or broken",
            &path,
        ));
    };
    // Kept for `finish_problem`, should the route not know the bearer token.
    let authorization = parts.headers.get(header::AUTHORIZATION).cloned();
    let req = Request::from_parts(parts, Body::from(bytes));
    let service = TowerToHyperService::new(router);
    let resp: Result<Response<Body>, Infallible> =
        hyper::service::Service::call(&service, req).await;
    let resp = match resp {
        Ok(r) => r,
        Err(never) => match never {},
    };
    Ok(finish_problem(resp, &path, &state, authorization.as_ref()))
}

/// Gives error answers their problem+json body with `instance` set to the request path.
///
/// A refusal of a bearer token the emulator did not issue gets its final code here, from
/// the token's signature, now that the route has released the state lock.
fn finish_problem(
    resp: Response<Body>,
    path: &str,
    state: &AppState,
    authorization: Option<&HeaderValue>,
) -> Response<Body> {
    if let Some(PendingProblem(err)) = resp.extensions().get::<PendingProblem>() {
        if err.unknown_token {
            let keys = state.world_read().keys.key_check();
            return unknown_token_error(&keys, authorization, state.now()).to_response(path);
        }
        return err.to_response(path);
    }
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let detail = status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase();
        let mut out = problem_response(status, code_for(status), &detail, path);
        if let Some(allow) = resp.headers().get(header::ALLOW) {
            out.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return out;
    }
    resp
}

fn fault_response(fault: &Fault, status: u16, path: &str) -> Response<Body> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let mut resp = match fault.body() {
        Some(serde_json::Value::String(text)) => {
            let mut r = Response::new(Body::from(text.clone()));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            r
        }
        Some(json) => {
            let mut r = Response::new(Body::from(json.to_string()));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        None => problem_response(status, code_for(status), "injected fault", path),
    };
    *resp.status_mut() = status;
    for (name, value) in fault.headers() {
        if let (Ok(n), Ok(v)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            resp.headers_mut().insert(n, v);
        }
    }
    resp
}
