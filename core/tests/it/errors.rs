//! Error answers and invalid input.

use inai_auth_core::ops::{
    GetApplication, GetMe, ListApplications, ListOrganizations, ListUsers, Login, PlatformGetMe,
    Refresh,
};
use inai_auth_core::{
    Config, ConfigError, InAIAuthError, InvalidRequestError, Operation, TransportError,
    TransportErrorKind,
};

use crate::support::{TOKEN, config, response};

fn api_error(result: Result<impl std::fmt::Debug, InAIAuthError>) -> inai_auth_core::ApiError {
    match result {
        Err(InAIAuthError::Api(e)) => e,
        other => panic!("expected an api error, got {other:?}"),
    }
}

fn decode_error(
    result: Result<impl std::fmt::Debug, InAIAuthError>,
) -> inai_auth_core::DecodeError {
    match result {
        Err(InAIAuthError::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn problem_json_keeps_every_member_and_the_headers() {
    let body = br#"{"type":"RATE_LIMITED","title":"Too Many Requests","status":429,
        "detail":"Slow down","instance":"/api/v1/auth/login","retryIn":30}"#;
    let answer = http::Response::builder()
        .status(429)
        .header("content-type", "application/problem+json")
        .header("retry-after", "30")
        .header("x-request-id", "req-77")
        .body(body.to_vec())
        .unwrap();
    let result = Login::new("a@example.com", "pw").parse(answer);
    let error = match result {
        Err(e) => e,
        Ok(_) => panic!("a 429 decoded"),
    };
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.code(), Some("RATE_LIMITED"));
    assert_eq!(error.message(), "Slow down");
    assert!(error.is_retryable());
    let InAIAuthError::Api(api) = error else {
        panic!()
    };
    let problem = api.problem();
    assert_eq!(problem.title, "Too Many Requests");
    assert_eq!(problem.status, 429);
    assert_eq!(problem.instance.as_deref(), Some("/api/v1/auth/login"));
    assert_eq!(problem.extensions["retryIn"], 30);
    assert_eq!(api.retry_after().unwrap(), "30");
    assert_eq!(api.request_id(), Some("req-77"));
    assert_eq!(
        api.to_string(),
        "api error 429 Too Many Requests: Slow down"
    );
}

#[test]
fn a_non_json_error_body_counts_as_an_empty_object() {
    let api = api_error(GetMe::new(TOKEN).parse(response(500, b"Internal failure, sorry")));
    assert_eq!(api.status(), 500);
    assert_eq!(api.code(), "UNKNOWN_ERROR");
    assert_eq!(api.message(), "Request failed: 500");
    assert_eq!(api.problem().title, "Request failed: 500");
    assert_eq!(api.problem().detail, "Request failed: 500");
    assert_eq!(api.problem().status, 500);
}

#[test]
fn an_html_502_page_is_a_retryable_api_error() {
    let page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
    let error = ListApplications::new(TOKEN)
        .parse(response(502, page))
        .unwrap_err();
    assert!(error.is_retryable());
    assert_eq!(error.code(), Some("UNKNOWN_ERROR"));
    assert_eq!(error.message(), "Request failed: 502");
}

#[test]
fn a_truncated_error_body_falls_back_to_the_defaults() {
    let api = api_error(
        GetMe::new(TOKEN).parse(response(401, br#"{"type":"UNAUTHORIZED","detail":"tok"#)),
    );
    assert_eq!(api.code(), "UNKNOWN_ERROR");
    assert_eq!(api.message(), "Request failed: 401");
    assert!(!InAIAuthError::Api(api).is_retryable());
}

#[test]
fn missing_members_take_the_reference_defaults() {
    let api = api_error(GetMe::new(TOKEN).parse(response(403, br#"{"detail":"Not yours"}"#)));
    assert_eq!(api.code(), "UNKNOWN_ERROR");
    assert_eq!(api.problem().title, "Not yours");
    assert_eq!(api.problem().status, 403);
    let api = api_error(GetMe::new(TOKEN).parse(response(
        400,
        br#"{"type":"BAD","title":"Bad","detail":""}"#,
    )));
    assert_eq!(api.message(), "Request failed: 400");
    assert_eq!(api.problem().title, "Bad");
    // A JSON array or string is not an object either.
    let api = api_error(GetMe::new(TOKEN).parse(response(409, br#"["type"]"#)));
    assert_eq!(api.code(), "UNKNOWN_ERROR");
}

#[test]
fn a_truncated_success_body_is_a_decode_error_with_an_excerpt() {
    let e = decode_error(
        ListOrganizations::new(TOKEN).parse(response(200, br#"{"data":[{"id":"org_1","na"#)),
    );
    assert_eq!(e.operation(), "list_organizations");
    assert_eq!(e.status(), 200);
    assert_eq!(e.body_excerpt(), Some(r#"{"data":[{"id":"org_1","na"#));
    assert!(e.reason().contains("EOF"), "{}", e.reason());
}

#[test]
fn a_2xx_of_the_wrong_shape_keeps_the_serde_path() {
    let body = br#"{"data":{"id":"usr_1","email":42,"firstName":null,"lastName":null,"avatarUrl":null,
        "isActive":true,"emailVerified":true,"mfaEnabled":false,"createdAt":"t","updatedAt":"t","lastLoginAt":null}}"#;
    let e = decode_error(GetMe::new(TOKEN).parse(response(200, body)));
    assert_eq!(e.path(), "data.email");
    assert!(e.reason().contains("invalid type"), "{}", e.reason());
    assert!(
        e.to_string()
            .starts_with("cannot decode the answer of `get_me`"),
        "{e}"
    );
    let missing = decode_error(GetMe::new(TOKEN).parse(response(200, br#"{"user":{}}"#)));
    assert!(
        missing.reason().contains("missing field `data`"),
        "{}",
        missing.reason()
    );
    let excerpt = missing.body_excerpt().unwrap();
    assert_eq!(excerpt, r#"{"user":{}}"#);
}

#[test]
fn the_excerpt_is_bounded() {
    let mut body = br#"{"data":"#.to_vec();
    body.extend(std::iter::repeat_n(b'x', 10_000));
    let e = decode_error(ListOrganizations::new(TOKEN).parse(response(200, &body)));
    let excerpt = e.body_excerpt().unwrap();
    assert!(
        // 200 bytes (DecodeError::new), then `…` (3 bytes).
        excerpt.len() <= 200 + '…'.len_utf8(),
        "{}",
        excerpt.len()
    );
}

#[test]
fn trailing_bytes_after_the_json_are_a_decode_error() {
    let e = decode_error(
        ListOrganizations::new(TOKEN).parse(response(200, br#"{"data":[]} {"data":[]}"#)),
    );
    assert!(e.reason().contains("trailing"), "{}", e.reason());
}

#[test]
fn decode_errors_of_secret_answers_quote_nothing() {
    let body = br#"{"access_token":"eyJTOPSECRET.x.y","refresh_token":"rt_TOPSECRET","token_type":"Bearer","expires_in":"soon"}"#;
    let e = decode_error(Refresh::new("rt_0").parse(response(200, body)));
    assert_eq!(e.body_excerpt(), None);
    assert_eq!(e.path(), "expires_in");
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(!shown.contains("soon"), "{shown}");
    }
    // An invalid type error quoting the secret value itself.
    let body = br#"{"access_token":"eyJTOPSECRET","refresh_token":"rt","token_type":"Bearer","expires_in":"eyJTOPSECRET"}"#;
    let e = decode_error(Refresh::new("rt_0").parse(response(200, body)));
    assert!(!format!("{e} {e:?}").contains("TOPSECRET"));
}

#[test]
fn v1_operations_need_a_publishable_key() {
    let no_key = Config::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    match GetMe::new(TOKEN).to_request(&no_key) {
        Err(InAIAuthError::Config(ConfigError::MissingPublishableKey { operation })) => {
            assert_eq!(operation, "get_me");
        }
        other => panic!("expected a missing key error, got {other:?}"),
    }
    let request = PlatformGetMe::new(TOKEN).to_request(&no_key).unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:9/api/platform/auth/me");
}

#[test]
fn bad_tokens_are_refused_without_being_echoed() {
    for token in [
        "",
        "line\nbreak-SECRETVALUE",
        " padded-SECRETVALUE",
        "caf\u{e9}-SECRETVALUE",
    ] {
        let error = GetMe::new(token).to_request(&config()).unwrap_err();
        assert!(
            matches!(
                error,
                InAIAuthError::InvalidRequest(InvalidRequestError::InvalidAccessToken {
                    operation: "get_me"
                })
            ),
            "{error:?}"
        );
        assert!(!format!("{error} {error:?}").contains("SECRETVALUE"));
    }
}

#[test]
fn empty_path_parameters_are_refused() {
    for id in ["", ".", ".."] {
        let error = GetApplication::new(TOKEN, id)
            .to_request(&config())
            .unwrap_err();
        assert!(
            matches!(
                error,
                InAIAuthError::InvalidRequest(InvalidRequestError::InvalidPathParameter {
                    operation: "get_application",
                    parameter: "appId"
                })
            ),
            "{id:?}: {error:?}"
        );
    }
}

#[test]
fn requests_are_marked_sensitive_where_they_carry_secrets() {
    let request = ListUsers::new(TOKEN).to_request(&config()).unwrap();
    assert!(request.headers()["authorization"].is_sensitive());
    assert!(request.headers()["x-publishable-key"].is_sensitive());
}

#[test]
fn error_messages_are_lowercase_without_trailing_punctuation() {
    let errors: Vec<InAIAuthError> = vec![
        GetMe::new("").to_request(&config()).unwrap_err(),
        GetApplication::new(TOKEN, "")
            .to_request(&config())
            .unwrap_err(),
        GetMe::new(TOKEN).parse(response(200, b"")).unwrap_err(),
        GetMe::new(TOKEN).parse(response(404, b"")).unwrap_err(),
        ConfigError::InvalidBaseUrl { reason: "x" }.into(),
        TransportError::new(TransportErrorKind::Timeout, "after 30 s").into(),
    ];
    for error in errors {
        let text = error.to_string();
        let first = text.chars().next().unwrap();
        assert!(!first.is_uppercase(), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }
}
