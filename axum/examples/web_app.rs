//! A web app with cookie sessions: a small HTML page to sign in (with an MFA
//! step when the user has MFA on), register and sign out, and a JSON route
//! that needs the session.
//!
//! Against a local emulator:
//!
//! ```text
//! cargo run -p inai-auth-cli -- emulator          # prints its URL and publishable key
//! export INAI_API_URL=http://127.0.0.1:<port> INAI_PUBLISHABLE_KEY=<key>
//! cargo run -p inai-auth-axum --example web_app   # open http://localhost:3000
//! ```
//!
//! Register an account on the page, sign out, sign in again. The session
//! lives in `HttpOnly` cookies; an expired access cookie is renewed from the
//! refresh cookie by the layer, once however many requests the page fires.
#![allow(clippy::print_stdout)]

use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use inai_auth_async::Client;
use inai_auth_axum::{Auth, CookieSession, InAIAuthLayer, MaybeAuth, auth_routes};
use serde_json::{Value, json};

const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>InAI Auth web app</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto}input,button{display:block;margin:.4rem 0;width:100%}
.hidden{display:none}#error{color:#b00}</style></head>
<body>
<h1>InAI Auth web app</h1>
<p id="who">__WHO__</p>
<div id="signed-out" class="__OUT__">
  <form id="login"><input name="email" type="email" placeholder="email" required>
  <input name="password" type="password" placeholder="password" required>
  <button>Sign in</button><button type="button" id="register">Register</button></form>
  <form id="mfa" class="hidden"><input name="code" placeholder="authenticator code" autocomplete="one-time-code" required>
  <button>Verify</button></form>
</div>
<div id="signed-in" class="__IN__"><button id="logout">Sign out</button>
<button id="me">Call /api/me</button><pre id="out"></pre></div>
<p id="error"></p>
<script>
const post = (path, body) => fetch('/api/auth/' + path, {method: 'POST',
  headers: {'content-type': 'application/json'}, body: JSON.stringify(body || {})})
  .then(async r => { const j = await r.json(); if (!r.ok) throw new Error(j.detail || r.status); return j; });
const fail = e => document.getElementById('error').textContent = e.message;
let mfaToken = null;
const form = document.getElementById('login');
const creds = () => ({email: form.email.value, password: form.password.value});
const done = r => {
  if (r.mfa_required) { mfaToken = r.mfa_token; form.classList.add('hidden');
    document.getElementById('mfa').classList.remove('hidden'); return; }
  location.reload();
};
form.onsubmit = e => { e.preventDefault(); post('login', creds()).then(done, fail); };
document.getElementById('register').onclick = () => post('register', creds()).then(r => {
  if (r.needs_email_verification) { fail(new Error('check your email, then sign in')); return; }
  done(r); }, fail);
document.getElementById('mfa').onsubmit = e => { e.preventDefault();
  post('mfa-challenge', {mfa_token: mfaToken, code: e.target.code.value}).then(done, fail); };
document.getElementById('logout').onclick = () => post('logout').then(() => location.reload(), fail);
document.getElementById('me').onclick = () => fetch('/api/me').then(r => r.text())
  .then(t => document.getElementById('out').textContent = t, fail);
</script></body></html>"#;

/// The page, showing who is signed in (the optional layer renews the
/// session if needed).
async fn page(MaybeAuth(auth): MaybeAuth) -> Html<String> {
    let (who, signed_in) = match &auth {
        Some(auth) => (format!("Signed in as {}", escape(auth.user_id())), true),
        None => ("Not signed in".to_owned(), false),
    };
    let (show_out, show_in) = if signed_in {
        ("hidden", "")
    } else {
        ("", "hidden")
    };
    Html(
        PAGE.replace("__WHO__", &who)
            .replace("__OUT__", show_out)
            .replace("__IN__", show_in),
    )
}

async fn me(Auth(auth): Auth) -> Json<Value> {
    Json(json!({ "user_id": auth.user_id(), "roles": auth.roles() }))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let verifier = client.verifier().build()?;
    // One session value for the layers and the routes: they share the
    // once-per-refresh-token bookkeeping.
    let session = CookieSession::new(client);

    let api = Router::new()
        .route("/api/me", get(me))
        .layer(InAIAuthLayer::new(verifier.clone()).cookie_session(session.clone()));
    let pages = Router::new().route("/", get(page)).layer(
        InAIAuthLayer::new(verifier)
            .cookie_session(session.clone())
            .optional(),
    );
    let app = Router::new()
        .merge(api)
        .merge(pages)
        // Outside both layers: an anonymous visitor must be able to sign in.
        .nest("/api/auth", auth_routes(session));

    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!(
        "web app on http://localhost:{}",
        listener.local_addr()?.port()
    );
    axum::serve(listener, app).await?;
    Ok(())
}
