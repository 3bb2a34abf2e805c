//! The auth routes: JSON only, the official answers, MFA, registration and
//! the email flows, API errors passed through.

use axum::Router;
use inai_auth_axum::{CookieSession, auth_routes};
use inai_auth_testkit::PASSWORD;
use serde_json::{Value, json};

use crate::common::{Answer, Env, browser, http, serve};

async fn app(env: &Env) -> String {
    let session = CookieSession::new(env.client.clone());
    serve(Router::new().nest("/auth", auth_routes(session))).await
}

async fn post(client: &reqwest::Client, url: String, body: Value) -> Answer {
    Answer::from(client.post(url).json(&body).send().await.unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_routes_accept_only_json() {
    let env = Env::start();
    let base = app(&env).await;
    let user = env.ctx.user();
    for path in ["login", "register", "logout", "refresh", "forgot-password"] {
        let form = http()
            .post(format!("{base}/auth/{path}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("email={}&password={PASSWORD}", user.email))
            .send()
            .await
            .unwrap();
        Answer::from(form)
            .await
            .assert_problem(415, "UNSUPPORTED_MEDIA_TYPE");
        let bare = http()
            .post(format!("{base}/auth/{path}"))
            .send()
            .await
            .unwrap();
        Answer::from(bare)
            .await
            .assert_problem(415, "UNSUPPORTED_MEDIA_TYPE");
    }
    // `application/json; charset=utf-8` is JSON.
    let response = http()
        .post(format!("{base}/auth/login"))
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(json!({ "email": user.email, "password": PASSWORD }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(env.count("POST", "/api/v1/auth/login"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_body_is_400_without_echoing_it() {
    let env = Env::start();
    let base = app(&env).await;
    for body in [
        r#"{"email": "a@example.com", "password": 12345678901}"#,
        r#"{"email": "a@example.com"}"#,
        "{not json",
    ] {
        let response = http()
            .post(format!("{base}/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let answer = Answer::from(response).await;
        answer.assert_problem(400, "BAD_REQUEST");
        assert!(!answer.text.contains("12345678901"), "{}", answer.text);
    }
    assert_eq!(env.count("POST", "/api/v1/auth/login"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_refusals_pass_through_as_problems() {
    let env = Env::start();
    let base = app(&env).await;
    let answer = post(
        &http(),
        format!("{base}/auth/login"),
        json!({ "email": env.ctx.user().email, "password": "wrong-password-1" }),
    )
    .await;
    assert_eq!(answer.status, 401, "{}", answer.text);
    assert_eq!(
        answer.header("content-type"),
        Some("application/problem+json")
    );
    assert!(answer.body["type"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(answer.body["code"], answer.body["type"]);
    assert!(answer.set_cookies().is_empty());

    // `me` without a token.
    let me = Answer::from(http().get(format!("{base}/auth/me")).send().await.unwrap()).await;
    me.assert_problem(401, "UNAUTHORIZED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_then_use_the_session() {
    let env = Env::start();
    let base = app(&env).await;
    let browser = browser();
    let email = env.ctx.email("new");
    let answer = post(
        &browser,
        format!("{base}/auth/register"),
        json!({ "email": email, "password": PASSWORD, "firstName": "Ada" }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["user"]["email"], email.as_str());
    assert_eq!(answer.body["user"]["firstName"], "Ada");
    assert!(answer.cookie_value("auth_token").is_some());
    let me = Answer::from(browser.get(format!("{base}/auth/me")).send().await.unwrap()).await;
    assert_eq!(me.body["user"]["email"], email.as_str());

    // The verification email's token verifies the address.
    let token = env.ctx.outbox_token(&email, "verify_email").unwrap();
    let answer = post(
        &http(),
        format!("{base}/auth/verify-email"),
        json!({ "token": token }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(
        answer.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        answer.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_and_reset_password() {
    let env = Env::start();
    let base = app(&env).await;
    let email = env.ctx.user().email.clone();
    let answer = post(
        &http(),
        format!("{base}/auth/forgot-password"),
        json!({ "email": email }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer.body["message"].is_string(), "{}", answer.text);

    let token = env.ctx.outbox_token(&email, "reset_password").unwrap();
    let answer = post(
        &http(),
        format!("{base}/auth/reset-password"),
        json!({ "token": token, "password": "a-new-password-2" }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer.body["message"].is_string(), "{}", answer.text);

    let login = post(
        &http(),
        format!("{base}/auth/login"),
        json!({ "email": email, "password": "a-new-password-2" }),
    )
    .await;
    assert_eq!(login.status, 200, "{}", login.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_with_mfa_takes_two_steps() {
    let env = Env::start();
    let base = app(&env).await;
    let mfa = env.ctx.mfa_user().unwrap();
    let browser = browser();
    let first = post(
        &browser,
        format!("{base}/auth/login"),
        json!({ "email": mfa.user.email, "password": PASSWORD }),
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(first.body["mfa_required"], true);
    let mfa_token = first.body["mfa_token"].as_str().unwrap().to_owned();
    assert!(
        first.set_cookies().is_empty(),
        "no session before the second factor"
    );

    let code = env.ctx.totp(&mfa.secret, 0).unwrap();
    let second = post(
        &browser,
        format!("{base}/auth/mfa-challenge"),
        json!({ "mfa_token": mfa_token, "code": code.expose_secret() }),
    )
    .await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert!(second.cookie_value("auth_token").is_some());
    let me = Answer::from(browser.get(format!("{base}/auth/me")).send().await.unwrap()).await;
    assert_eq!(me.body["user"]["email"], mfa.user.email.as_str());
}
