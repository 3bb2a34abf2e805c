//! The client over closure transports: no server needed.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use http::{Method, Request, Response, StatusCode};
use inai_auth_blocking::Client;
use inai_auth_core::ops::{ListAppUsers, ListApplications};
use inai_auth_core::{Config, InAIAuthError, Operation, TransportError, TransportErrorKind};

use crate::support::fast_retries;

type Server =
    Box<dyn Fn(Request<Vec<u8>>) -> Result<Response<Vec<u8>>, TransportError> + Send + Sync>;

/// A client whose transport is `server`, counting calls.
fn client_with(server: Server) -> (Client, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = Client::builder()
        .config(
            Config::builder()
                .base_url("http://api.test")
                .insecure_allow_http(true)
                .build()
                .unwrap(),
        )
        .retry_policy(fast_retries())
        .http_client(move |request: Request<Vec<u8>>| {
            counter.fetch_add(1, Ordering::SeqCst);
            server(request)
        })
        .build()
        .unwrap();
    (client, calls)
}

fn answer(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn http_date(time: SystemTime) -> String {
    // Format as IMF-fixdate by hand (the test must not trust the parser it tests).
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let days = secs / 86_400;
    let (h, m, s) = ((secs % 86_400) / 3600, (secs % 3600) / 60, secs % 60);
    // Civil date from days (H. Hinnant).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let month_name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!("{weekday}, {d:02} {month_name} {year} {h:02}:{m:02}:{s:02} GMT")
}

#[test]
fn a_user_defined_operation_is_sent_and_sees_every_header() {
    /// An endpoint the SDK does not model.
    struct Health;
    impl Operation for Health {
        type Output = (String, String);
        const NAME: &'static str = "health";
        fn to_request(&self, config: &Config) -> Result<Request<Vec<u8>>, InAIAuthError> {
            Ok(Request::get(format!("{}/health", config.base_url()))
                .body(Vec::new())
                .unwrap())
        }
        fn parse(&self, response: Response<Vec<u8>>) -> Result<Self::Output, InAIAuthError> {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned()
            };
            Ok((header("x-region"), header("user-agent-echo")))
        }
    }
    let (client, calls) = client_with(Box::new(|request| {
        assert_eq!(request.uri(), "http://api.test/health");
        let agent = request.headers()["user-agent"].clone();
        Ok(Response::builder()
            .header("x-region", "eu-west")
            .header("user-agent-echo", agent)
            .body(Vec::new())
            .unwrap())
    }));
    let (region, agent) = client.send(&Health).unwrap();
    assert_eq!(region, "eu-west");
    assert_eq!(
        agent,
        format!("inai-auth-rust/{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn get_retries_503_then_succeeds() {
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    let (client, calls) = client_with(Box::new(move |request| {
        assert_eq!(request.method(), Method::GET);
        if count.fetch_add(1, Ordering::SeqCst) < 2 {
            Ok(answer(503, ""))
        } else {
            Ok(answer(200, r#"{"data":[]}"#))
        }
    }));
    let apps = client
        .list_applications(ListApplications::new("t"))
        .unwrap();
    assert!(apps.is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[test]
fn connection_failures_are_retried_for_get_but_timeouts_are_not() {
    let (client, calls) = client_with(Box::new(|_| {
        Err(TransportError::new(TransportErrorKind::Connect, "refused"))
    }));
    let error = client
        .list_applications(ListApplications::new("t"))
        .unwrap_err();
    assert!(
        matches!(&error, InAIAuthError::Transport(t) if t.is_connect()),
        "{error:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    let (client, calls) = client_with(Box::new(|_| {
        Err(TransportError::new(TransportErrorKind::Timeout, "slow"))
    }));
    let error = client
        .list_applications(ListApplications::new("t"))
        .unwrap_err();
    assert!(
        matches!(&error, InAIAuthError::Transport(t) if t.is_timeout()),
        "{error:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn foreign_client_errors_become_other_transport_errors() {
    let client = Client::builder()
        .config(Config::default())
        .http_client(
            |_: Request<Vec<u8>>| -> Result<Response<Vec<u8>>, std::io::Error> {
                Err(std::io::Error::other("proxy said no"))
            },
        )
        .build()
        .unwrap();
    let error = client
        .list_applications(ListApplications::new("t"))
        .unwrap_err();
    let InAIAuthError::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Other);
    let source = std::error::Error::source(transport).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("proxy said no"));
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let target = SystemTime::now() + Duration::from_secs(2);
    let date = http_date(target);
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    let (client, calls) = client_with(Box::new(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) == 0 {
            Ok(Response::builder()
                .status(StatusCode::TOO_MANY_REQUESTS)
                .header("retry-after", date.as_str())
                .body(Vec::new())
                .unwrap())
        } else {
            Ok(answer(200, r#"{"data":[]}"#))
        }
    }));
    let started = Instant::now();
    client
        .list_applications(ListApplications::new("t"))
        .unwrap();
    let waited = started.elapsed();
    // The date has whole seconds: the wait is between 1 and 2 s.
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited <= Duration::from_millis(2500), "{waited:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn a_custom_client_body_over_the_cap_is_refused() {
    let client = Client::builder()
        .config(Config::default())
        .max_response_bytes(10)
        .http_client(
            |_: Request<Vec<u8>>| -> Result<Response<Vec<u8>>, Infallible> {
                Ok(answer(200, r#"{"data":[],"padding":"xxxxxxxx"}"#))
            },
        )
        .build()
        .unwrap();
    let error = client
        .list_applications(ListApplications::new("t"))
        .unwrap_err();
    assert!(
        matches!(&error, InAIAuthError::Transport(t) if t.is_body_too_large()),
        "{error:?}"
    );
}

#[test]
fn pages_and_items_walk_the_whole_list() {
    let (client, calls) = client_with(Box::new(|request| {
        let query = request.uri().query().unwrap_or("").to_owned();
        let page: u64 = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("page="))
            .map_or(1, |p| p.parse().unwrap());
        let users: Vec<String> = (0..2u64)
            .map(|i| page * 2 - 2 + i)
            .filter(|n| *n < 5)
            .map(|n| {
                format!(
                    r#"{{"id":"u{n}","email":"u{n}@x.io","firstName":null,"lastName":null,"avatarUrl":null,"isActive":true,"emailVerified":true,"mfaEnabled":false,"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z","lastLoginAt":null}}"#
                )
            })
            .collect();
        let body = format!(
            r#"{{"data":[{}],"total":5,"page":{page},"limit":2}}"#,
            users.join(",")
        );
        Ok(answer(200, &body))
    }));
    let list = ListAppUsers::new("t", "app_1").with_limit(2);
    let ids: Vec<String> = client
        .items(list.clone())
        .map(|u| u.map(|u| u.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, ["u0", "u1", "u2", "u3", "u4"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let pages: Vec<_> = client.pages(list).collect();
    assert_eq!(pages.len(), 3);
}

#[test]
fn pages_stop_after_the_first_error() {
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    let (client, _) = client_with(Box::new(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) == 0 {
            Ok(answer(200, r#"{"data":[],"total":0,"page":1,"limit":2}"#))
        } else {
            Ok(answer(500, "oops"))
        }
    }));
    let mut pages = client.pages(ListAppUsers::new("t", "app_1"));
    assert!(pages.next().unwrap().is_ok());
    assert!(pages.next().is_none(), "an empty page ends the list");

    let (client, calls) = client_with(Box::new(|_| Ok(answer(500, "<html>down</html>"))));
    let mut items = client.items(ListAppUsers::new("t", "app_1"));
    let error = items.next().unwrap().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(items.next().is_none());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn debug_output_shows_no_secret() {
    let client = Client::new(
        Config::builder()
            .base_url("http://api.test")
            .insecure_allow_http(true)
            .publishable_key("pk_test_very_secret_value")
            .build()
            .unwrap(),
    )
    .unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("very_secret"), "{shown}");
    assert!(shown.contains("http://api.test"), "{shown}");
}

#[test]
fn handles_are_send_sync_and_cheap_to_share() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Client>();
    shareable::<inai_auth_blocking::Verifier>();
    shareable::<inai_auth_blocking::Session>();
}

/// A `Retry-After` date is read against the injected clock, not the wall
/// clock: here the clock says 2001 and the date is one second later, so the
/// wait is about a second (against the wall clock it would be 0 s, the date
/// being long past).
#[test]
fn retry_after_dates_are_read_through_the_injected_clock() {
    let clock_time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let date = http_date(clock_time + Duration::from_secs(1));
    let clock = Arc::new(inai_auth_core::clock::ManualClock::new(
        time::OffsetDateTime::from(clock_time),
    ));
    let calls = Arc::new(AtomicUsize::new(0));
    let count = calls.clone();
    let client = Client::builder()
        .config(Config::default())
        .retry_policy(fast_retries())
        .clock(clock)
        .http_client(
            move |_: Request<Vec<u8>>| -> Result<Response<Vec<u8>>, Infallible> {
                if count.fetch_add(1, Ordering::SeqCst) == 0 {
                    Ok(Response::builder()
                        .status(StatusCode::TOO_MANY_REQUESTS)
                        .header("retry-after", date.as_str())
                        .body(Vec::new())
                        .unwrap())
                } else {
                    Ok(answer(200, r#"{"data":[]}"#))
                }
            },
        )
        .build()
        .unwrap();
    let started = Instant::now();
    client
        .list_applications(ListApplications::new("t"))
        .unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(500), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
