//! One request/answer vector per operation, checked against the table.

use std::collections::BTreeSet;
use std::fmt::Debug;

use inai_auth_core::{Auth, InAIAuthError, OPERATIONS, Operation};
use serde::Serialize;
use serde_json::Value;

use crate::cases::{CASES, run, run_variant};

/// The operation a vector is of: its name up to a `#` (vectors named
/// `<operation>#<form>` check a second form of one operation).
fn operation_of(vector: &str) -> &str {
    vector
        .split_once('#')
        .map_or(vector, |(operation, _)| operation)
}
use crate::support::{BASE, KEY, config, expand, response, vectors};

/// Secret values used by the vectors: none may show in `Debug` output.
const SECRETS: &[&str] = &[
    "tok_abc",
    "correct horse",
    "owner pass",
    "bob pass",
    "new pass",
    "new horse",
    "pw1",
    "rt_1",
    "rt_2",
    "prt_1",
    "mfa_tok_1",
    "mfa_tok_2",
    "reset_tok_1",
    "verify_tok_1",
    "123456",
    "654321",
    "aaaa-bbbb",
    "eyJhbGci",
    "sk_live_abcdef123456",
    "whsec_1",
    "JBSWY3DPEHPK3PXP",
    "pk_live_1",
    "pk_live_2",
];

fn assert_no_secret(name: &str, what: &str, shown: &str) {
    for secret in SECRETS {
        assert!(
            !shown.contains(secret),
            "{name}: {what} shows the secret {secret:?}: {shown}"
        );
    }
}

/// Checks `op` against the vector called `name`.
pub(crate) fn check<O>(name: &str, op: &O)
where
    O: Operation + Debug,
    O::Output: Serialize + Debug,
{
    let vector = &vectors()[name];
    let info = OPERATIONS
        .iter()
        .find(|i| i.name == operation_of(name))
        .expect("operation in OPERATIONS");
    assert_eq!(O::NAME, operation_of(name));
    assert_no_secret(name, "the operation's Debug", &format!("{op:?}"));

    // The request.
    let request = op
        .to_request(&config())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(request.method().as_str(), vector.method, "{name}: method");
    assert_eq!(
        info.method.as_str(),
        vector.method,
        "{name}: OPERATIONS method"
    );
    let uri = request.uri();
    assert_eq!(
        format!(
            "{}://{}",
            uri.scheme_str().unwrap(),
            uri.authority().unwrap()
        ),
        BASE
    );
    assert_eq!(uri.path(), vector.path, "{name}: path");
    assert_eq!(uri.query(), vector.query.as_deref(), "{name}: query");
    let headers = request.headers();
    assert_eq!(headers["content-type"], "application/json", "{name}");
    assert_eq!(headers["accept"], "application/json", "{name}");
    if vector.key {
        assert_eq!(headers["x-publishable-key"], KEY, "{name}");
    } else {
        assert!(
            !headers.contains_key("x-publishable-key"),
            "{name}: sends the publishable key"
        );
    }
    assert_eq!(info.sends_publishable_key(), vector.key, "{name}");
    match &vector.bearer {
        Some(token) => {
            assert_eq!(
                headers["authorization"],
                format!("Bearer {token}").as_str(),
                "{name}"
            );
            assert_eq!(info.auth, Auth::Bearer, "{name}");
        }
        None => {
            assert!(
                !headers.contains_key("authorization"),
                "{name}: sends authorization"
            );
            assert_eq!(info.auth, Auth::None, "{name}");
        }
    }
    match &vector.body {
        None => assert!(
            request.body().is_empty(),
            "{name}: bodyless request has a body"
        ),
        Some(expected) => {
            let sent: Value = serde_json::from_slice(request.body()).unwrap();
            assert_eq!(sent, expand(expected), "{name}: body");
        }
    }

    // The answer, with an unknown member added to show it is tolerated.
    let body = match &vector.answer {
        None => Vec::new(),
        Some(answer) => {
            let mut answer = expand(answer);
            if let Value::Object(members) = &mut answer {
                members.insert(
                    "addedByTheApiLater".to_owned(),
                    serde_json::json!({ "x": 1 }),
                );
            }
            serde_json::to_vec(&answer).unwrap()
        }
    };
    let output = op
        .parse(response(vector.status, &body))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        serde_json::to_value(&output).unwrap(),
        expand(&vector.output),
        "{name}: output"
    );
    assert_no_secret(name, "the output's Debug", &format!("{output:?}"));

    // A decoding failure quotes the answer only if it carries no secret.
    if !body.is_empty() {
        let mut broken = body.clone();
        broken.extend_from_slice(b" trailing garbage");
        let error = match op.parse(response(vector.status, &broken)) {
            Err(InAIAuthError::Decode(e)) => e,
            other => panic!("{name}: trailing garbage gave {other:?}"),
        };
        let text = String::from_utf8_lossy(&body);
        if SECRETS.iter().any(|secret| text.contains(secret)) {
            assert_eq!(
                error.body_excerpt(),
                None,
                "{name}: quotes a secret-bearing answer"
            );
            assert_no_secret(name, "the decode error", &format!("{error} {error:?}"));
        } else {
            assert!(
                error.body_excerpt().is_some(),
                "{name}: plain answer without excerpt"
            );
        }
    }

    // Empty answers: fine for acknowledgements, a decode error otherwise.
    for (status, body) in [(204, &b""[..]), (200, &b""[..]), (200, &b"  \n"[..])] {
        let parsed = op.parse(response(status, body));
        if info.acknowledgement {
            let ack = parsed.unwrap_or_else(|e| panic!("{name}: {status} {e}"));
            assert_eq!(
                serde_json::to_value(&ack).unwrap(),
                serde_json::json!({}),
                "{name}"
            );
        } else {
            match parsed {
                Err(InAIAuthError::Decode(e)) => {
                    assert_eq!(e.operation(), operation_of(name));
                    assert_eq!(e.status().as_u16(), status);
                }
                other => panic!("{name}: {status} with an empty body gave {other:?}"),
            }
        }
    }

    // A problem answer.
    let problem =
        br#"{"type":"NOT_FOUND","title":"Not Found","status":404,"detail":"No such thing"}"#;
    match op.parse(response(404, problem)) {
        Err(InAIAuthError::Api(e)) => {
            assert_eq!(e.status(), 404);
            assert_eq!(e.code(), "NOT_FOUND");
            assert_eq!(e.message(), "No such thing");
        }
        other => panic!("{name}: 404 gave {other:?}"),
    }
}

#[test]
fn every_operation_has_a_vector_and_a_case() {
    let operations: BTreeSet<&str> = OPERATIONS.iter().map(|i| i.name).collect();
    let with_vector: BTreeSet<&str> = vectors().keys().map(|k| operation_of(k)).collect();
    let with_case: BTreeSet<&str> = CASES.iter().copied().collect();
    assert_eq!(
        operations.len(),
        OPERATIONS.len(),
        "duplicate names in OPERATIONS"
    );
    assert_eq!(
        OPERATIONS.len(),
        122,
        "ENDPOINTS.md has 123 rows, one of which is oauth_init_url"
    );
    assert_eq!(operations, with_vector, "operations vs vectors.json");
    assert_eq!(operations, with_case, "operations vs cases");
}

#[test]
fn every_vector_passes() {
    let mut failed = Vec::new();
    for name in vectors().keys() {
        match std::panic::catch_unwind(|| run(name) || run_variant(name)) {
            Ok(true) => {}
            Ok(false) => failed.push(format!("{name} (no case)")),
            Err(_) => failed.push(name.clone()),
        }
    }
    assert!(failed.is_empty(), "failing vectors: {failed:?}");
}

#[test]
fn the_driver_macro_lists_every_operation_once_in_table_order() {
    macro_rules! names {
        ($( $name:ident => $Op:ident, $doc:literal; )*) => {{
            $( assert_eq!(stringify!($name), <inai_auth_core::ops::$Op as Operation>::NAME); )*
            $( assert!(!$doc.is_empty() && $doc.ends_with('.'), "{}", $doc); )*
            vec![$( stringify!($name) ),*]
        }};
    }
    let listed: Vec<&str> = inai_auth_core::for_each_operation!(names);
    let table: Vec<&str> = OPERATIONS.iter().map(|i| i.name).collect();
    assert_eq!(listed, table);
}

#[test]
fn operation_info_is_consistent() {
    for info in OPERATIONS {
        assert!(
            info.path.starts_with("/api/v1/") || info.path.starts_with("/api/platform/"),
            "{}",
            info.path
        );
        let paginated = [
            "list_app_users",
            "list_app_sessions",
            "list_app_audit_logs",
            "list_app_organizations",
            "list_platform_audit_logs",
            "list_users",
        ];
        assert_eq!(
            info.paginated,
            paginated.contains(&info.name),
            "{}",
            info.name
        );
    }
}
