//! The README's testing guide ("Testing your own service against the emulator"), run as a
//! test. The code between the README markers below is the README's code block, word for
//! word; the last test here fails if the two drift apart.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

// README:start
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::routing::get;
use axum::{Json, Router};
use inai_auth_emulator::{Emulator, EmulatorConfig, SeedData, TokenFlaw};
use inai_auth_verify::{Clock as _, Jwks, SystemClock, TokenType, Validation, verify_token};
use serde_json::{Value, json};
use tower::ServiceExt as _;

// Your service: a plain axum handler that verifies the bearer token itself.
#[derive(Clone)]
struct Auth {
    jwks: Arc<Jwks>,
    validation: Validation,
}

async fn list_orders(
    State(auth): State<Auth>,
    headers: HeaderMap,
) -> Result<Json<Value>, StatusCode> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let claims = verify_token(token, &auth.jwks, &auth.validation, SystemClock.now())
        .map_err(|_| StatusCode::UNAUTHORIZED)?;
    if !claims.permissions.iter().any(|p| p == "orders:read") {
        return Err(StatusCode::FORBIDDEN);
    }
    Ok(Json(json!({ "user": claims.sub, "orders": [] })))
}

fn app(auth: Auth) -> Router {
    Router::new()
        .route("/orders", get(list_orders))
        .with_state(auth)
}

// Its test: one seeded user with a role, tokens minted for exactly the cases to check.
#[tokio::test]
async fn only_clerks_see_orders() -> Result<(), Box<dyn std::error::Error>> {
    let seed = SeedData::from_value(json!({
        "tenants": [{ "id": "ten_1", "name": "Acme", "slug": "acme" }],
        "platformUsers": [{ "id": "pusr_1", "tenantId": "ten_1",
                            "email": "ops@acme.test", "password": "ops-password" }],
        "applications": [{ "id": "app_shop", "tenantId": "ten_1", "name": "Shop", "slug": "shop",
            "environments": [{ "id": "env_dev", "name": "development",
                               "publishableKey": "pk_test_shop" }] }],
        "permissions": [{ "id": "perm_1", "applicationId": "app_shop", "name": "orders:read" }],
        "roles": [{ "id": "role_clerk", "applicationId": "app_shop", "name": "clerk",
                    "permissions": ["orders:read"] }],
        "users": [{ "id": "usr_alice", "environmentId": "env_dev", "email": "alice@acme.test",
                    "password": "alice-password", "roles": ["clerk"] }],
    }))?;
    let emu = Emulator::start(EmulatorConfig::default().with_seed(seed))?;

    // In production the service fetches the JWKS from InAI Auth (or uses the drivers'
    // `Verifier`); here it gets the emulator's.
    let jwks = ureq::get(&emu.jwks_url())
        .call()?
        .body_mut()
        .read_to_string()?;
    let auth = Auth {
        jwks: Arc::new(Jwks::from_json(jwks.as_bytes())?),
        validation: Validation::default()
            .with_token_type(TokenType::AppUser)
            .with_app_id("app_shop")
            .with_env_id("env_dev"),
    };
    let get_orders = |token: String| {
        let request = Request::get("/orders")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty());
        let app = app(auth.clone());
        async move { app.oneshot(request.unwrap()).await.unwrap().status() }
    };

    // Alice's login claims (her role and its permissions), signed by the emulator.
    let alice = emu.user_claims("usr_alice").unwrap();
    assert_eq!(
        get_orders(emu.mint_access_token(alice.clone())?).await,
        StatusCode::OK
    );

    // The same user without the permission.
    let mut no_perm = alice.clone();
    no_perm["permissions"] = json!([]);
    assert_eq!(
        get_orders(emu.mint_access_token(no_perm)?).await,
        StatusCode::FORBIDDEN
    );

    // Tokens the service must refuse.
    for flaw in [
        TokenFlaw::Expired,
        TokenFlaw::UnknownKey,
        TokenFlaw::OtherApplication,
    ] {
        let token = emu.mint_flawed_token(alice.clone(), flaw)?;
        assert_eq!(
            get_orders(token).await,
            StatusCode::UNAUTHORIZED,
            "{flaw:?}"
        );
    }
    Ok(())
}
// README:end

#[test]
fn the_readme_shows_this_code() {
    let this = include_str!("guide.rs");
    let code = this
        .split_once("// README:start\n")
        .and_then(|(_, rest)| rest.split_once("// README:end"))
        .map(|(code, _)| code)
        .unwrap();
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains(code),
        "README.md's testing guide differs from emulator/tests/guide.rs"
    );
}
