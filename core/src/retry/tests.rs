#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, Method, StatusCode};

use super::*;

/// 2026-11-30T06:00:00Z, computed by hand: 20,787 days after the epoch.
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(20_787 * 86_400 + 6 * 3_600)
}

fn with_retry_after(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        http::header::RETRY_AFTER,
        HeaderValue::from_str(value).unwrap(),
    );
    headers
}

fn status(
    policy: &RetryPolicy,
    method: Method,
    code: u16,
    headers: &HeaderMap,
    attempt: u32,
) -> Option<Duration> {
    policy.after_status(
        &method,
        StatusCode::from_u16(code).unwrap(),
        headers,
        attempt,
        now(),
        0.0,
    )
}

#[test]
fn defaults_are_documented_values() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries(), 2);
    assert_eq!(policy.base_delay(), Duration::from_millis(200));
    assert_eq!(policy.max_delay(), Duration::from_secs(5));
    assert_eq!(policy.retry_after_cap(), Duration::from_secs(30));
    assert_eq!(RetryPolicy::never().max_retries(), 0);
}

#[test]
fn gateway_errors_are_retried_for_idempotent_methods_only() {
    let policy = RetryPolicy::default();
    let none = HeaderMap::new();
    for code in [502, 503, 504] {
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            assert!(
                status(&policy, method.clone(), code, &none, 1).is_some(),
                "{method} {code}"
            );
        }
        for method in [Method::POST, Method::PATCH] {
            assert_eq!(
                status(&policy, method.clone(), code, &none, 1),
                None,
                "{method} {code}"
            );
        }
    }
}

#[test]
fn other_statuses_are_never_retried() {
    let policy = RetryPolicy::default();
    let none = HeaderMap::new();
    for code in [
        200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 500, 501, 505,
    ] {
        assert_eq!(status(&policy, Method::GET, code, &none, 1), None, "{code}");
    }
}

#[test]
fn too_many_requests_is_retried_for_any_method() {
    let policy = RetryPolicy::default();
    let none = HeaderMap::new();
    for method in [Method::POST, Method::PATCH, Method::GET] {
        assert!(status(&policy, method, 429, &none, 1).is_some());
    }
}

#[test]
fn retries_stop_after_max_retries() {
    let policy = RetryPolicy::default().with_max_retries(2);
    let none = HeaderMap::new();
    assert!(status(&policy, Method::GET, 503, &none, 1).is_some());
    assert!(status(&policy, Method::GET, 503, &none, 2).is_some());
    assert_eq!(status(&policy, Method::GET, 503, &none, 3), None);
    let never = RetryPolicy::never();
    assert_eq!(status(&never, Method::GET, 503, &none, 1), None);
    assert_eq!(
        status(&never, Method::POST, 429, &with_retry_after("1"), 1),
        None
    );
}

#[test]
fn retry_after_seconds_is_the_delay() {
    let policy = RetryPolicy::default();
    assert_eq!(
        status(&policy, Method::POST, 429, &with_retry_after("7"), 1),
        Some(Duration::from_secs(7))
    );
    assert_eq!(
        status(&policy, Method::GET, 503, &with_retry_after("0"), 1),
        Some(Duration::ZERO)
    );
    assert_eq!(
        status(&policy, Method::GET, 503, &with_retry_after(" 2 "), 2),
        Some(Duration::from_secs(2))
    );
}

#[test]
fn retry_after_date_is_measured_from_now() {
    let policy = RetryPolicy::default();
    let in_twelve_seconds = with_retry_after("Mon, 30 Nov 2026 06:00:12 GMT");
    assert_eq!(
        status(&policy, Method::POST, 429, &in_twelve_seconds, 1),
        Some(Duration::from_secs(12))
    );
    let past = with_retry_after("Mon, 30 Nov 2026 05:59:00 GMT");
    assert_eq!(
        status(&policy, Method::POST, 429, &past, 1),
        Some(Duration::ZERO)
    );
}

#[test]
fn retry_after_beyond_the_cap_is_not_waited_for() {
    let policy = RetryPolicy::default().with_retry_after_cap(Duration::from_secs(10));
    assert_eq!(
        status(&policy, Method::POST, 429, &with_retry_after("10"), 1),
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        status(&policy, Method::POST, 429, &with_retry_after("11"), 1),
        None
    );
    let far = with_retry_after("Tue, 01 Dec 2026 06:00:00 GMT");
    assert_eq!(status(&policy, Method::POST, 429, &far, 1), None);
    let huge = with_retry_after("99999999999999999999999999");
    assert_eq!(status(&policy, Method::POST, 429, &huge, 1), None);
}

#[test]
fn unreadable_retry_after_falls_back_to_backoff() {
    let policy = RetryPolicy::default();
    for value in ["soon", "-5", "1.5", "", "Mon, 31 Feb 2026 06:00:00 GMT"] {
        let delay = status(&policy, Method::POST, 429, &with_retry_after(value), 1);
        assert_eq!(delay, Some(Duration::from_millis(100)), "{value:?}");
    }
}

#[test]
fn backoff_doubles_and_is_capped() {
    let policy = RetryPolicy::default()
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_millis(350));
    // jitter 0.0 gives half the nominal delay, jitter near 1.0 almost all of it.
    assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(50));
    assert_eq!(policy.backoff(2, 0.0), Duration::from_millis(100));
    assert_eq!(policy.backoff(3, 0.0), Duration::from_millis(175));
    assert_eq!(policy.backoff(40, 0.0), Duration::from_millis(175));
    assert_eq!(policy.backoff(1, 0.5), Duration::from_millis(75));
    let top = policy.backoff(3, 0.999_999);
    assert!(
        top > Duration::from_millis(349) && top <= Duration::from_millis(350),
        "{top:?}"
    );
}

#[test]
fn backoff_tolerates_odd_jitter() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.backoff(1, f64::NAN), Duration::from_millis(100));
    assert_eq!(policy.backoff(1, -3.0), Duration::from_millis(100));
    assert_eq!(policy.backoff(1, 7.0), Duration::from_millis(200));
    assert_eq!(policy.backoff(0, 0.0), Duration::from_millis(100));
    let huge = RetryPolicy::default()
        .with_base_delay(Duration::from_secs(u64::MAX / 2))
        .with_max_delay(Duration::from_secs(60));
    assert_eq!(huge.backoff(30, 1.0), Duration::from_secs(60));
}

#[test]
fn connection_failures_are_retried_for_idempotent_methods() {
    let policy = RetryPolicy::default();
    for kind in [TransportErrorKind::Connect, TransportErrorKind::Io] {
        assert_eq!(
            policy.after_transport_error(&Method::GET, kind, 1, 0.0),
            Some(Duration::from_millis(100))
        );
        assert_eq!(
            policy.after_transport_error(&Method::DELETE, kind, 2, 0.0),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            policy.after_transport_error(&Method::GET, kind, 3, 0.0),
            None
        );
        assert_eq!(
            policy.after_transport_error(&Method::POST, kind, 1, 0.0),
            None
        );
        assert_eq!(
            policy.after_transport_error(&Method::PATCH, kind, 1, 0.0),
            None
        );
    }
}

#[test]
fn timeouts_and_other_faults_are_not_retried() {
    let policy = RetryPolicy::default();
    for kind in [
        TransportErrorKind::Timeout,
        TransportErrorKind::BodyTooLarge,
        TransportErrorKind::Other,
    ] {
        assert_eq!(
            policy.after_transport_error(&Method::GET, kind, 1, 0.0),
            None,
            "{kind:?}"
        );
    }
}

#[test]
fn idempotent_methods() {
    assert!(is_idempotent(&Method::GET));
    assert!(is_idempotent(&Method::PUT));
    assert!(is_idempotent(&Method::DELETE));
    assert!(!is_idempotent(&Method::POST));
    assert!(!is_idempotent(&Method::PATCH));
}

mod http_dates {
    use super::*;

    fn at(seconds: u64) -> Option<SystemTime> {
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
    }

    #[test]
    fn the_three_forms_of_rfc_9110() {
        // The example of RFC 9110 §5.6.7: 1994-11-06T08:49:37Z = 784111777.
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            at(784_111_777)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            at(784_111_777)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), at(784_111_777));
    }

    #[test]
    fn known_instants() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), at(0));
        // 2000-02-29 (a leap day of a year divisible by 400) = 951782400.
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT"),
            at(951_782_400)
        );
        // 2038-01-19T03:14:08Z = 2^31.
        assert_eq!(
            parse_http_date("Tue, 19 Jan 2038 03:14:08 GMT"),
            at(2_147_483_648)
        );
        assert_eq!(
            parse_http_date("Mon, 30 Nov 2026 06:00:00 GMT"),
            Some(now())
        );
        assert_eq!(
            parse_http_date("Tuesday, 31-Dec-69 23:59:59 GMT"),
            at(3_155_759_999)
        );
        assert_eq!(
            parse_http_date("Thu Dec 31 23:59:59 2026"),
            at(1_798_761_599)
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for text in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun,  06 Nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 31 Nov 1994 08:00:00 GMT",
            "Thu, 29 Feb 1900 00:00:00 GMT",
            "Wed, 31 Dec 1969 23:59:59 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov 6 08:49:37 1994",
            "Sun Nov  6 08:49:37 94",
            "2026-11-30T06:00:00Z",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(text), None, "{text:?}");
        }
    }

    /// `httpdate` refuses a leap second; a `Retry-After` carrying one falls
    /// back to the jittered backoff, as any unreadable value does.
    #[test]
    fn a_leap_second_date_falls_back_to_backoff() {
        assert_eq!(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT"), None);
        let headers = with_retry_after("Sat, 31 Dec 2016 23:59:60 GMT");
        let policy = RetryPolicy::default();
        let delay = policy.after_status(
            &Method::GET,
            StatusCode::SERVICE_UNAVAILABLE,
            &headers,
            1,
            now(),
            0.0,
        );
        assert_eq!(delay, Some(policy.backoff(1, 0.0)));
    }

    #[test]
    fn retry_after_values() {
        let header = |v: &str| HeaderValue::from_str(v).unwrap();
        assert_eq!(
            parse_retry_after(&header("120"), now()),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after(&header("Mon, 30 Nov 2026 06:02:00 GMT"), now()),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(&header("+1"), now()), None);
        assert_eq!(
            parse_retry_after(&HeaderValue::from_bytes(b"\xff1").unwrap(), now()),
            None
        );
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn any_method() -> impl Strategy<Value = Method> {
        prop::sample::select(vec![
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
    }

    proptest! {
        #[test]
        fn backoff_stays_between_half_and_all_of_the_capped_nominal_delay(
            base_ms in 0u64..10_000,
            max_ms in 0u64..60_000,
            attempt in 0u32..100,
            jitter in any::<f64>(),
        ) {
            let policy = RetryPolicy::default()
                .with_base_delay(Duration::from_millis(base_ms))
                .with_max_delay(Duration::from_millis(max_ms));
            let delay = policy.backoff(attempt, jitter);
            prop_assert!(delay <= Duration::from_millis(max_ms));
            let doublings = attempt.saturating_sub(1).min(31);
            let nominal = Duration::from_millis(base_ms)
                .checked_mul(1 << doublings)
                .map_or(Duration::from_millis(max_ms), |d| d.min(Duration::from_millis(max_ms)));
            prop_assert!(delay >= nominal / 2 - Duration::from_nanos(1).min(nominal / 2));
        }

        #[test]
        fn never_more_retries_than_allowed_and_never_posts_after_gateway_errors(
            method in any_method(),
            status in 100u16..600,
            max_retries in 0u32..5,
            attempt in 1u32..10,
            retry_after in prop::option::of(0u64..100),
            jitter in 0.0f64..1.0,
        ) {
            let policy = RetryPolicy::default().with_max_retries(max_retries);
            let mut headers = HeaderMap::new();
            if let Some(seconds) = retry_after {
                headers.insert(http::header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            let code = StatusCode::from_u16(status).unwrap();
            let decision = policy.after_status(&method, code, &headers, attempt, now(), jitter);
            if attempt > max_retries {
                prop_assert_eq!(decision, None);
            }
            if !is_idempotent(&method) && status != 429 {
                prop_assert_eq!(decision, None);
            }
            if let Some(delay) = decision {
                prop_assert!(delay <= policy.retry_after_cap().max(policy.max_delay()));
            }
        }

        #[test]
        fn http_date_parsing_never_panics(text in "\\PC{0,40}") {
            let _ = parse_http_date(&text);
        }
    }
}

/// `InAIAuthError::is_retryable` and the policy are one rule: for an
/// idempotent request, the policy retries exactly what the error calls
/// retryable, and for a POST exactly the retryable 429.
#[test]
fn is_retryable_and_the_policy_agree() {
    use crate::InAIAuthError;
    use crate::error::{ApiError, TransportError};

    let policy = RetryPolicy::default();
    for kind in [
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::BodyTooLarge,
        TransportErrorKind::Io,
        TransportErrorKind::Other,
    ] {
        let error = InAIAuthError::from(TransportError::new(kind, "test"));
        let retried = policy.after_transport_error(&Method::GET, kind, 1, 0.0);
        assert_eq!(error.is_retryable(), retried.is_some(), "{kind:?}");
        let posted = policy.after_transport_error(&Method::POST, kind, 1, 0.0);
        assert_eq!(posted, None, "{kind:?}");
    }
    for code in 400..=599 {
        let status = StatusCode::from_u16(code).unwrap();
        let mut answer = http::Response::new(b"{}".to_vec());
        *answer.status_mut() = status;
        let error = InAIAuthError::Api(ApiError::from_response(answer));
        let retried = policy.after_status(&Method::GET, status, &HeaderMap::new(), 1, now(), 0.0);
        assert_eq!(error.is_retryable(), retried.is_some(), "{code}");
        let posted = policy.after_status(&Method::POST, status, &HeaderMap::new(), 1, now(), 0.0);
        assert_eq!(posted.is_some(), code == 429, "{code}");
    }
}

#[test]
fn the_retry_reason_is_the_status_code_or_the_transport_kind() {
    assert_eq!(retry_reason(Ok(StatusCode::TOO_MANY_REQUESTS)), "429");
    assert_eq!(retry_reason(Ok(StatusCode::BAD_GATEWAY)), "502");
    assert_eq!(
        retry_reason(Err(TransportErrorKind::Timeout)),
        "request timed out"
    );
    assert_eq!(retry_reason(Err(TransportErrorKind::Io)), "i/o error");
}
