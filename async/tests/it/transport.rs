//! The transport rules of DESIGN.md §4, against injected faults and raw servers.

use std::time::{Duration, Instant};

use inai_auth_async::Client;
use inai_auth_core::ops::{PlatformGetMe, PlatformLogin};
use inai_auth_core::{InAIAuthError, Operation, RetryPolicy, TransportError, TransportErrorKind};
use inai_auth_emulator::Fault;

use crate::common::{self, raw_config, raw_server};

const ME: &str = "/api/platform/auth/me";
const LOGIN: &str = "/api/platform/auth/login";

#[tokio::test]
async fn get_is_retried_after_503_and_then_answered() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = common::admin_token(&client, &emu).await;
    emu.inject_fault(Fault::status(ME, 503).with_method("GET"));

    let me = client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("answered on retry");

    assert_eq!(me.email, emu.seed().admin_email);
    assert_eq!(emu.request_count("GET", ME), 2);
}

#[tokio::test]
async fn get_is_retried_at_most_twice() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = common::admin_token(&client, &emu).await;
    emu.inject_fault(Fault::status(ME, 502).with_count(5));

    let error = client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect_err("502 thrice");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(emu.request_count("GET", ME), 3);
}

#[tokio::test]
async fn get_is_retried_after_a_dropped_connection() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = common::admin_token(&client, &emu).await;
    emu.inject_fault(Fault::drop_connection(ME));

    client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("answered on retry");

    assert_eq!(emu.request_count("GET", ME), 2);
}

#[tokio::test]
async fn post_is_not_retried_after_503() {
    let emu = common::emulator();
    let client = common::client(&emu);
    emu.inject_fault(Fault::status(LOGIN, 503));
    let seed = emu.seed();

    let error = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect_err("503 is returned");

    assert!(matches!(error, InAIAuthError::Api(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(emu.request_count("POST", LOGIN), 1);
}

#[tokio::test]
async fn post_is_retried_after_429_with_retry_after_in_seconds() {
    let emu = common::emulator();
    let client = common::client(&emu);
    emu.inject_fault(Fault::status(LOGIN, 429).with_header("Retry-After", "1"));
    let seed = emu.seed();

    let started = Instant::now();
    let login = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect("answered after the delay");

    assert!(login.tokens().is_some());
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(emu.request_count("POST", LOGIN), 2);
}

#[tokio::test]
async fn get_is_retried_after_429_with_retry_after_as_an_http_date() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = common::admin_token(&client, &emu).await;
    // Two seconds ahead, truncated to the second: a wait of more than one second.
    let date = http_date(common::unix_now() + 2);
    emu.inject_fault(Fault::status(ME, 429).with_header("Retry-After", date));

    let started = Instant::now();
    client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("answered after the date");

    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(emu.request_count("GET", ME), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_returned_at_once() {
    let emu = common::emulator();
    let client = Client::builder()
        .config(common::config(&emu))
        .retry_policy(common::fast_retries().with_retry_after_cap(Duration::from_secs(1)))
        .build()
        .expect("client");
    emu.inject_fault(Fault::status(LOGIN, 429).with_header("Retry-After", "120"));
    let seed = emu.seed();

    let started = Instant::now();
    let error = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect_err("429 is returned");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(emu.request_count("POST", LOGIN), 1);
}

/// Sends `platform_get_me`, which must fail as a transport timeout within
/// `within` (a 10 s guard fails the test if no timeout applies at all).
async fn get_me_times_out(client: &Client, within: Duration) -> TransportError {
    let started = Instant::now();
    let error = tokio::time::timeout(
        Duration::from_secs(10),
        client.platform_get_me(PlatformGetMe::new("t")),
    )
    .await
    .expect("no timeout applied at all")
    .expect_err("times out");
    let took = started.elapsed();
    let InAIAuthError::Transport(transport) = error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(took < within, "took {took:?}");
    transport
}

/// The timeout's message (its source) names the SDK's limit.
fn assert_names_the_limit(transport: &TransportError, limit: &str) {
    let cause = std::error::Error::source(transport).map(ToString::to_string);
    assert!(
        cause.as_deref().is_some_and(|c| c.contains(limit)),
        "{cause:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_timeout() {
    let (base, seen) = raw_server(None).await;
    let client = Client::builder()
        .config(raw_config(&base))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");

    get_me_times_out(&client, Duration::from_secs(3)).await;
    // Timeouts are not retried: one connection only.
    assert_eq!(seen.lock().await.connections, 1);
}

#[tokio::test]
async fn an_oversized_body_with_content_length_is_refused() {
    let body = vec![b'x'; 4096];
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(&body);
    let (base, _) = raw_server(Some(answer)).await;
    let client = Client::builder()
        .config(raw_config(&base))
        .max_response_bytes(1024)
        .build()
        .expect("client");

    let error = client
        .platform_get_me(PlatformGetMe::new("t"))
        .await
        .expect_err("too large");

    let InAIAuthError::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert!(transport.is_body_too_large());
    assert_eq!(error.to_string(), "response body too large");
    let source = std::error::Error::source(transport)
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(source.contains("1024 bytes"), "{source}");
}

#[tokio::test]
async fn an_oversized_chunked_body_is_refused_while_streaming() {
    let mut answer =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..8 {
        answer.extend_from_slice(b"200\r\n");
        answer.extend_from_slice(&[b'y'; 512]);
        answer.extend_from_slice(b"\r\n");
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    let (base, _) = raw_server(Some(answer)).await;
    let client = Client::builder()
        .config(raw_config(&base))
        .max_response_bytes(1500)
        .build()
        .expect("client");

    let error = client
        .platform_get_me(PlatformGetMe::new("t"))
        .await
        .expect_err("too large");

    let InAIAuthError::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn redirects_are_not_followed_and_the_user_agent_is_sent() {
    let answer = b"HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:1/elsewhere\r\ncontent-length: 0\r\n\r\n".to_vec();
    let (base, seen) = raw_server(Some(answer)).await;
    let client = Client::new(raw_config(&base)).expect("client");

    let error = client
        .platform_get_me(PlatformGetMe::new("t"))
        .await
        .expect_err("302 is an error");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    let seen = seen.lock().await;
    assert_eq!(seen.heads.len(), 1);
    let head = seen.heads[0].to_ascii_lowercase();
    let expected = format!(
        "user-agent: inai-auth-rust/{}\r\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(head.contains(&expected), "{head}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_after_the_retries() {
    // Bind then drop: nothing listens on the port any more.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = Client::builder()
        .config(raw_config(&format!("http://127.0.0.1:{port}")))
        .retry_policy(common::fast_retries())
        .build()
        .expect("client");

    let error = client
        .platform_get_me(PlatformGetMe::new("t"))
        .await
        .expect_err("refused");

    let InAIAuthError::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert!(transport.is_connect(), "{transport:?}");
}

/// A user-defined operation: the emulator's health route, answering with
/// every response header it got, to show `send` takes any `Operation` and
/// that headers reach `parse`.
struct Health {
    base: String,
}

impl Operation for Health {
    type Output = http::HeaderMap;
    const NAME: &'static str = "emulator_health";

    fn to_request(
        &self,
        _config: &inai_auth_core::Config,
    ) -> Result<http::Request<Vec<u8>>, InAIAuthError> {
        let mut request = http::Request::new(Vec::new());
        *request.uri_mut() = format!("{}/__emulator/health", self.base)
            .parse()
            .expect("uri");
        Ok(request)
    }

    fn parse(&self, response: http::Response<Vec<u8>>) -> Result<Self::Output, InAIAuthError> {
        Ok(response.headers().clone())
    }
}

#[tokio::test]
async fn user_defined_operations_are_sent_and_every_header_reaches_parse() {
    let answer = b"HTTP/1.1 200 OK\r\nx-request-id: req-42\r\nx-other: a\r\nx-other: b\r\ncontent-length: 2\r\n\r\n{}".to_vec();
    let (base, _) = raw_server(Some(answer)).await;
    let client = Client::new(raw_config(&base)).expect("client");

    let headers = client.send(&Health { base }).await.expect("answered");

    assert_eq!(
        headers.get("x-request-id").and_then(|v| v.to_str().ok()),
        Some("req-42")
    );
    assert_eq!(headers.get_all("x-other").iter().count(), 2);
}

#[tokio::test]
async fn no_retries_when_the_policy_says_never() {
    let emu = common::emulator();
    let client = Client::builder()
        .config(common::config(&emu))
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client");
    let token = common::admin_token(&client, &emu).await;
    emu.inject_fault(Fault::status(ME, 503));

    let error = client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect_err("503");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(emu.request_count("GET", ME), 1);
}

/// IMF-fixdate of `unix` seconds, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(unix: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(i64::try_from(unix).expect("fits"))
        .expect("valid");
    let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        [usize::from(t.weekday().number_days_from_monday())];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][usize::from(u8::from(t.month()) - 1)];
    format!(
        "{weekday}, {:02} {month} {} {:02}:{:02}:{:02} GMT",
        t.day(),
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A `Retry-After` date is read against the injected clock, not the wall
/// clock: here the clock says 2001 and the date is one second later, so the
/// wait is about a second (against the wall clock it would be 0 s, the date
/// being long past).
#[tokio::test]
async fn retry_after_dates_are_read_through_the_injected_clock() {
    let emu = common::emulator();
    let token = common::admin_token(&common::client(&emu), &emu).await;
    let clock = std::sync::Arc::new(inai_auth_core::clock::ManualClock::new(
        time::OffsetDateTime::from_unix_timestamp(1_000_000_000).expect("valid"),
    ));
    let client = Client::builder()
        .config(common::config(&emu))
        .retry_policy(common::fast_retries())
        .clock(clock)
        .build()
        .expect("the client builds");
    emu.inject_fault(Fault::status(ME, 429).with_header("Retry-After", http_date(1_000_000_001)));

    let started = Instant::now();
    client
        .platform_get_me(PlatformGetMe::new(token))
        .await
        .expect("answered after the date");

    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(500), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(emu.request_count("GET", ME), 2);
}

/// The SDK's client bounds the whole attempt, body included: an answer whose
/// body drips in slower than the timeout allows is a timeout, worded with
/// the SDK's limit.
#[tokio::test]
async fn a_body_dripping_past_the_timeout_is_a_timeout() {
    let base = common::dripping_server(&[b' '; 200], Duration::from_millis(20)).await;
    let client = Client::builder()
        .config(raw_config(&base))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");

    let transport = get_me_times_out(&client, Duration::from_secs(3)).await;
    assert_names_the_limit(&transport, "300 ms");
}

fn callers_reqwest(timeout: Option<Duration>) -> inai_auth_async::reqwest::Client {
    let builder = inai_auth_async::reqwest::Client::builder()
        .redirect(inai_auth_async::reqwest::redirect::Policy::none())
        .no_proxy();
    match timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    }
    .build()
    .expect("a reqwest client")
}

/// A reqwest client the caller brings keeps its own timeout when it is the
/// shorter: the SDK's attempt deadline never replaces it.
#[tokio::test]
async fn a_callers_reqwest_client_keeps_its_own_shorter_timeout() {
    let (base, _) = raw_server(None).await;
    let client = Client::builder()
        .config(raw_config(&base))
        .timeout(Duration::from_secs(30))
        .http_client(callers_reqwest(Some(Duration::from_millis(200))))
        .build()
        .expect("client");

    get_me_times_out(&client, Duration::from_secs(5)).await;
}

/// ... and the SDK's timeout bounds a caller's reqwest client that has none.
#[tokio::test]
async fn the_sdk_timeout_bounds_a_callers_reqwest_client() {
    let (base, _) = raw_server(None).await;
    let client = Client::builder()
        .config(raw_config(&base))
        .timeout(Duration::from_millis(300))
        .http_client(callers_reqwest(None))
        .build()
        .expect("client");

    let transport = get_me_times_out(&client, Duration::from_secs(3)).await;
    assert_names_the_limit(&transport, "300 ms");
}
