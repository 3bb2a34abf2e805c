//! AuthObject: the reference's accessors and OR semantics, and no token in Debug.

use inai_auth_verify::{AuthObject, Check, Jwks, TokenType, Validation, verify_token};

use crate::support::*;

fn auth() -> (AuthObject, String) {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let jwks = Jwks::from_json(jwks_json(&[&key]).as_bytes()).unwrap();
    let claims = verify_token(&token, &jwks, &Validation::default(), NOW).unwrap();
    (AuthObject::from_claims(claims, token.clone()), token)
}

#[test]
fn accessors_follow_the_claims() {
    let (auth, token) = auth();
    assert_eq!(auth.user_id(), "user_1");
    assert_eq!(auth.tenant_id(), "tenant_1");
    assert_eq!(auth.app_id(), Some("app_1"));
    assert_eq!(auth.env_id(), Some("env_1"));
    assert_eq!(auth.org_id(), Some("org_1"));
    assert_eq!(auth.org_role(), Some("owner"));
    assert_eq!(auth.session_id(), None);
    assert_eq!(auth.token_type(), TokenType::AppUser);
    assert_eq!(auth.roles(), ["admin", "member"]);
    assert_eq!(auth.permissions(), ["users:read"]);
    assert_eq!(auth.org_permissions(), ["billing:manage"]);
    assert_eq!(auth.token(), token);
    assert_eq!(auth.claims().email, "ada@example.com");
}

#[test]
fn has_is_role_or_permission() {
    let (auth, _) = auth();
    assert!(auth.has(Check::role("admin")));
    assert!(!auth.has(Check::role("users:read")));
    assert!(auth.has(Check::permission("users:read")));
    assert!(!auth.has(Check::permission("admin")));
    assert!(auth.has(Check::role("nobody").or_permission("users:read")));
    assert!(auth.has(Check::role("admin").or_permission("nothing")));
    assert!(!auth.has(Check::role("nobody").or_permission("nothing")));
    assert!(!auth.has(Check::default()));
    assert!(auth.has_role("member") && !auth.has_role("owner"));
    assert!(auth.has_org_permission("billing:manage"));
    assert!(!auth.has_permission("billing:manage"));
}

#[test]
fn debug_never_shows_the_token() {
    let (auth, token) = auth();
    let debug = format!("{auth:?}");
    assert!(debug.contains("[redacted]"));
    for segment in token.split('.') {
        assert!(!debug.contains(segment));
    }
}

#[test]
fn tests_can_build_an_identity_by_hand() {
    let mut claims = inai_auth_verify::Claims::new("u9", TokenType::Platform, "t9", "e@x.y", NOW);
    claims.roles.push("support".to_owned());
    let auth = AuthObject::from_claims(claims, "not-a-real-token");
    assert_eq!((auth.user_id(), auth.tenant_id()), ("u9", "t9"));
    assert!(auth.has(Check::role("support")));
    assert_eq!(auth.app_id(), None);
}
