//! Shared set-up: an emulator (through the testkit), a real axum server on
//! loopback, and reqwest clients.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use http::{HeaderMap, Request, StatusCode};
use inai_auth_async::{Client, Verifier};
use inai_auth_core::RetryPolicy;
use inai_auth_emulator::{EmulatorConfig, ManualClock};
use inai_auth_testkit::Context;
use serde_json::Value;
use tower::ServiceExt;

/// An emulator whose clock the test moves, with clients and a verifier on
/// the same clock.
pub struct Env {
    pub ctx: Context,
    pub clock: ManualClock,
    pub client: Client,
    pub verifier: Verifier,
}

impl Env {
    /// A fresh emulator (blocking set-up, so run on a multi-thread runtime).
    pub fn start() -> Self {
        let clock = ManualClock::new(time::OffsetDateTime::now_utc());
        let config = EmulatorConfig::default().with_clock(Arc::new(clock.clone()));
        let ctx = Context::start_with(config).expect("the emulator starts");
        let client = Client::builder()
            .config(ctx.config().clone())
            .retry_policy(
                RetryPolicy::default()
                    .with_base_delay(Duration::from_millis(5))
                    .with_max_delay(Duration::from_millis(20)),
            )
            .build()
            .expect("the client builds");
        let verifier = client
            .verifier()
            .clock(Arc::new(clock.clone()))
            .build()
            .expect("the verifier builds");
        Self {
            ctx,
            clock,
            client,
            verifier,
        }
    }

    /// The context user's access token.
    pub fn user_token(&self) -> String {
        self.ctx.user_token().expose_secret().to_owned()
    }

    /// The seeded platform admin's access token (role `owner`).
    pub fn admin_token(&self) -> String {
        self.ctx.admin_token().expose_secret().to_owned()
    }

    /// How many times the emulator saw `method path`.
    pub fn count(&self, method: &str, path: &str) -> u64 {
        self.ctx.emulator().request_count(method, path)
    }
}

/// Serves `app` on a free loopback port; gives its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("the server runs");
    });
    format!("http://{addr}")
}

/// A reqwest client without a cookie store.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest builds")
}

/// A reqwest client with a cookie store, as a browser.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .cookie_store(true)
        .build()
        .expect("reqwest builds")
}

/// An answer's status, headers and JSON body (`Null` when not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub async fn from(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn oneshot(app: Router, request: Request<Body>) -> Self {
        let response = app.oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            body,
            text,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("text"))
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().expect("text").to_owned())
            .collect()
    }

    /// The `Set-Cookie` line for cookie `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    /// The value `Set-Cookie` gives cookie `name`.
    pub fn cookie_value(&self, name: &str) -> Option<String> {
        let line = self.set_cookie(name)?;
        let pair = line.split(';').next()?;
        Some(pair.split_once('=')?.1.to_owned())
    }

    /// Asserts a problem+json refusal: status, `type` = `code` = `code`,
    /// `title`, and a non-empty `detail`.
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        assert_eq!(self.body["status"], status, "{}", self.text);
        assert_eq!(self.body["type"], code, "{}", self.text);
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert!(self.body["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(
            self.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{}",
            self.text
        );
    }

    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_default()
    }
}

/// A GET request to `uri` with `headers` (raw bytes allowed).
pub fn get(uri: &str, headers: &[(&str, &[u8])]) -> Request<Body> {
    let mut builder = Request::builder().uri(uri);
    for (name, value) in headers {
        builder = builder.header(
            *name,
            http::HeaderValue::from_bytes(value).expect("a header value"),
        );
    }
    builder.body(Body::empty()).expect("a request")
}
