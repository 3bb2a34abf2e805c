//! Hostile ids stay one path segment; problem bodies map to error fields.

use inai_auth_core::ops::{GetAppUser, GetUser, ListUsers};
use inai_auth_core::{InAIAuthError, InvalidRequestError, Operation};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

use crate::support::{TOKEN, config, response};

/// The segments of the request path of `GetUser(id)` after `/api/v1/users/`.
fn user_path_segments(id: &str) -> Result<Vec<String>, InAIAuthError> {
    let request = GetUser::new(TOKEN, id).to_request(&config())?;
    let path = request.uri().path().to_owned();
    assert!(
        request.uri().query().is_none(),
        "{id:?} made a query: {:?}",
        request.uri()
    );
    let rest = path.strip_prefix("/api/v1/users/").expect("prefix kept");
    Ok(rest.split('/').map(str::to_owned).collect())
}

#[test]
fn hostile_ids_stay_one_segment() {
    let cases = [
        ("a/../b", "a%2F..%2Fb"),
        ("x?y#z", "x%3Fy%23z"),
        ("with space", "with%20space"),
        ("%2F", "%252F"),
        ("caf\u{e9}/\u{1F600}", "caf%C3%A9%2F%F0%9F%98%80"),
        ("../admin", "..%2Fadmin"),
        ("a\\b", "a%5Cb"),
        ("a;b=c&d", "a%3Bb%3Dc%26d"),
        ("\r\nX-Injected: 1", "%0D%0AX-Injected%3A%201"),
    ];
    for (id, encoded) in cases {
        let segments = user_path_segments(id).unwrap();
        assert_eq!(segments, [encoded], "{id:?}");
        assert_eq!(percent_decode_str(&segments[0]).decode_utf8().unwrap(), id);
    }
}

#[test]
fn two_hostile_ids_make_exactly_the_template_segments() {
    let request = GetAppUser::new(TOKEN, "../..", "?admin=1")
        .to_request(&config())
        .unwrap();
    assert_eq!(
        request.uri().path(),
        "/api/platform/applications/..%2F../users/%3Fadmin%3D1"
    );
    assert_eq!(request.uri().query(), None);
}

#[test]
fn query_values_cannot_add_parameters() {
    let request = ListUsers::new(TOKEN)
        .with_search("a&limit=1000#x")
        .to_request(&config())
        .unwrap();
    assert_eq!(request.uri().query(), Some("search=a%26limit%3D1000%23x"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_id_round_trips_as_exactly_one_segment(id in any::<String>()) {
        match user_path_segments(&id) {
            Ok(segments) => {
                prop_assert_eq!(segments.len(), 1);
                let segment = &segments[0];
                prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
                prop_assert_ne!(segment.as_str(), ".");
                prop_assert_ne!(segment.as_str(), "..");
                let decoded = percent_decode_str(segment).decode_utf8().unwrap().into_owned();
                prop_assert_eq!(decoded, id);
            }
            Err(InAIAuthError::InvalidRequest(InvalidRequestError::InvalidPathParameter { .. })) => {
                prop_assert!(matches!(id.as_str(), "" | "." | ".."));
            }
            Err(other) => prop_assert!(false, "{:?} gave {:?}", id, other),
        }
    }

    #[test]
    fn any_search_round_trips_as_one_query_value(search in any::<String>()) {
        let request = ListUsers::new(TOKEN).with_search(search.clone()).to_request(&config()).unwrap();
        let query = request.uri().query().unwrap().to_owned();
        let value = query.strip_prefix("search=").unwrap();
        prop_assert!(!value.contains(['&', '=', '#', '+']));
        let decoded = percent_decode_str(value).decode_utf8().unwrap().into_owned();
        prop_assert_eq!(decoded, search);
    }

    #[test]
    fn any_problem_body_yields_the_matching_fields(
        type_ in proptest::option::of("[A-Z_]{0,12}"),
        title in proptest::option::of(any::<String>()),
        detail in proptest::option::of(any::<String>()),
        instance in proptest::option::of("/[a-z/]{0,10}"),
        stated in proptest::option::of(100u16..600),
        status in 400u16..600,
    ) {
        let mut body = serde_json::Map::new();
        if let Some(v) = &type_ { body.insert("type".into(), v.clone().into()); }
        if let Some(v) = &title { body.insert("title".into(), v.clone().into()); }
        if let Some(v) = &detail { body.insert("detail".into(), v.clone().into()); }
        if let Some(v) = &instance { body.insert("instance".into(), v.clone().into()); }
        if let Some(v) = stated { body.insert("status".into(), v.into()); }
        let bytes = serde_json::to_vec(&body).unwrap();
        let Err(InAIAuthError::Api(e)) = GetUser::new(TOKEN, "u").parse(response(status, &bytes)) else {
            return Err(TestCaseError::fail("not an api error"));
        };
        let present = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        let message = present(&detail).unwrap_or_else(|| format!("Request failed: {status}"));
        prop_assert_eq!(e.status().as_u16(), status);
        prop_assert_eq!(e.code(), present(&type_).unwrap_or_else(|| "UNKNOWN_ERROR".to_owned()));
        prop_assert_eq!(e.message(), message.as_str());
        prop_assert_eq!(&e.problem().title, &present(&title).unwrap_or_else(|| message.clone()));
        prop_assert_eq!(e.problem().status, stated.unwrap_or(status));
        prop_assert_eq!(&e.problem().instance, &present(&instance));
    }
}
