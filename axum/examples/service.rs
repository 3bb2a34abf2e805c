//! A JSON API that checks InAI bearer tokens, with a role guard.
//!
//! Against a local emulator:
//!
//! ```text
//! cargo run -p inai-auth-cli -- emulator          # prints its URL, key and admin login
//! export INAI_API_URL=http://127.0.0.1:<port> INAI_PUBLISHABLE_KEY=<key>
//! cargo run -p inai-auth-axum --example service   # listens on 127.0.0.1:3000 (PORT to change)
//!
//! TOKEN=$(curl -s $INAI_API_URL/api/platform/auth/login -H 'content-type: application/json' \
//!   -d '{"email":"<admin email>","password":"<admin password>"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
//! curl -i localhost:3000/health                                   # 200, no token needed
//! curl -i localhost:3000/me                                       # 401, WWW-Authenticate: Bearer
//! curl -i localhost:3000/me -H "authorization: Bearer $TOKEN"     # 200
//! curl -i localhost:3000/admin -H "authorization: Bearer $TOKEN"  # 200: the admin has role `owner`
//! ```
#![allow(clippy::print_stdout)]

use axum::routing::get;
use axum::{Json, Router};
use inai_auth_async::Client;
use inai_auth_axum::{Auth, InAIAuthLayer, require_role};
use serde_json::{Value, json};

async fn me(Auth(auth): Auth) -> Json<Value> {
    Json(json!({
        "user_id": auth.user_id(),
        "tenant_id": auth.tenant_id(),
        "roles": auth.roles(),
        "permissions": auth.permissions(),
    }))
}

async fn admin(Auth(auth): Auth) -> Json<Value> {
    Json(json!({ "message": format!("welcome to the admin area, {}", auth.user_id()) }))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // INAI_API_URL and INAI_PUBLISHABLE_KEY; the JWKS is at the API's URL.
    let client = Client::from_env()?;
    let verifier = client.verifier().build()?;

    let app = Router::new()
        .route("/me", get(me))
        .route("/admin", get(admin).route_layer(require_role("owner")))
        .layer(InAIAuthLayer::new(verifier))
        // Added after the layer, so outside it: no token needed.
        .route("/health", get(|| async { "ok" }));

    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("service listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
