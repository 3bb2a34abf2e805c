//! Cookie sessions: login, refresh once (also for 20 concurrent requests),
//! the grace period, refused refreshes, logout, the signed absolute limit.

use std::sync::Arc;
use std::time::Duration;

use axum::routing::get;
use axum::{Json, Router};
use inai_auth_axum::{
    Auth, CookieSession, InAIAuthLayer, MaybeAuth, SessionKey, auth_routes, platform_auth_routes,
};
use inai_auth_emulator::Fault;
use inai_auth_testkit::PASSWORD;
use serde_json::{Value, json};

use crate::common::{Answer, Env, browser, http, serve};

const REFRESH_PATH: &str = "/api/v1/auth/refresh";

async fn me(Auth(auth): Auth) -> Json<Value> {
    Json(json!({ "user": auth.user_id() }))
}

async fn maybe(MaybeAuth(auth): MaybeAuth) -> Json<Value> {
    Json(json!({ "user": auth.map(|a| a.user_id().to_owned()) }))
}

fn session(env: &Env) -> CookieSession {
    CookieSession::new(env.client.clone()).clock(Arc::new(env.clock.clone()))
}

/// A web app: `/me` behind the required layer with cookie sessions,
/// `/page` behind an optional one, the auth routes outside both.
fn web(env: &Env, session: CookieSession) -> Router {
    let required = InAIAuthLayer::new(env.verifier.clone()).cookie_session(session.clone());
    let optional = InAIAuthLayer::new(env.verifier.clone())
        .cookie_session(session.clone())
        .optional();
    let users = Router::new().route("/me", get(me)).layer(required);
    let pages = Router::new().route("/page", get(maybe)).layer(optional);
    Router::new()
        .merge(users)
        .merge(pages)
        .nest("/api/auth", auth_routes(session))
}

async fn post_json(client: &reqwest::Client, url: String, body: Value) -> Answer {
    Answer::from(client.post(url).json(&body).send().await.unwrap()).await
}

async fn login(client: &reqwest::Client, base: &str, env: &Env) -> Answer {
    let user = env.ctx.user();
    let answer = post_json(
        client,
        format!("{base}/api/auth/login"),
        json!({ "email": user.email, "password": PASSWORD }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer
}

async fn get_with(base: &str, path: &str, cookie: &str) -> Answer {
    let response = http()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    Answer::from(response).await
}

/// The `Cookie` header a browser would send after `answer`.
fn cookies_of(answer: &Answer) -> String {
    ["auth_token", "refresh_token", "inai_session"]
        .iter()
        .filter_map(|name| Some(format!("{name}={}", answer.cookie_value(name)?)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn assert_cleared(answer: &Answer) {
    for name in ["auth_token", "refresh_token"] {
        let line = answer
            .set_cookie(name)
            .unwrap_or_else(|| panic!("{name} not cleared: {:?}", answer.set_cookies()));
        assert!(line.starts_with(&format!("{name}=;")), "{line}");
        assert!(line.contains("Max-Age=0"), "{line}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_the_cookies_and_the_session_works() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let browser = browser();
    let answer = login(&browser, &base, &env).await;
    assert_eq!(answer.body["user"]["id"], env.ctx.user().id.as_str());
    assert!(
        answer.body.get("access_token").is_none(),
        "tokens leak into the body"
    );

    let access = answer.set_cookie("auth_token").unwrap();
    assert!(
        access.contains("HttpOnly") && access.contains("SameSite=Lax") && access.contains("Path=/"),
        "{access}"
    );
    let refresh = answer.set_cookie("refresh_token").unwrap();
    assert!(
        refresh.contains("HttpOnly")
            && refresh.contains("SameSite=Strict")
            && refresh.contains("Path=/"),
        "{refresh}"
    );
    // Plain HTTP to 127.0.0.1: no `Secure`, or the browser would drop them.
    assert!(!access.contains("Secure") && !refresh.contains("Secure"));

    let me = Answer::from(browser.get(format!("{base}/me")).send().await.unwrap()).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["user"], env.ctx.user().id.as_str());
    let api_me = Answer::from(
        browser
            .get(format!("{base}/api/auth/me"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(api_me.body["user"]["email"], env.ctx.user().email.as_str());

    // Over HTTPS (as a proxy reports it) the cookies are `Secure`.
    let user = env.ctx.user();
    let response = http()
        .post(format!("{base}/api/auth/login"))
        .header("x-forwarded-proto", "https")
        .json(&json!({ "email": user.email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let answer = Answer::from(response).await;
    assert!(
        answer
            .set_cookie("auth_token")
            .unwrap()
            .ends_with("; Secure")
    );
    assert!(
        answer
            .set_cookie("refresh_token")
            .unwrap()
            .ends_with("; Secure")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_requests_share_one_refresh() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let browser = browser();
    let first = login(&browser, &base, &env).await;
    env.clock.advance(Duration::from_secs(20 * 60));
    env.ctx.emulator().clear_request_counts();
    // Hold the refresh so that all twenty requests wait on it.
    env.ctx
        .emulator()
        .inject_fault(Fault::delay(REFRESH_PATH, Duration::from_millis(400)).with_method("POST"));

    let mut tasks = Vec::new();
    for _ in 0..20 {
        let browser = browser.clone();
        let url = format!("{base}/me");
        tasks.push(tokio::spawn(async move {
            Answer::from(browser.get(url).send().await.unwrap()).await
        }));
    }
    let mut new_access = None;
    for task in tasks {
        let answer = task.await.unwrap();
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert_eq!(answer.body["user"], env.ctx.user().id.as_str());
        let access = answer
            .cookie_value("auth_token")
            .expect("new cookies on every answer");
        assert_eq!(new_access.get_or_insert(access.clone()), &access);
    }
    assert_eq!(env.count("POST", REFRESH_PATH), 1);
    assert_ne!(new_access, first.cookie_value("auth_token"));

    // The browser now holds the new pair: no further refresh.
    let answer = Answer::from(browser.get(format!("{base}/me")).send().await.unwrap()).await;
    assert_eq!(answer.status, 200);
    assert!(answer.set_cookies().is_empty());
    assert_eq!(env.count("POST", REFRESH_PATH), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_request_with_the_spent_refresh_token_gets_the_same_outcome() {
    let env = Env::start();
    let base = serve(web(
        &env,
        session(&env).refresh_grace(Duration::from_millis(800)),
    ))
    .await;
    let old = cookies_of(&login(&http(), &base, &env).await);
    env.clock.advance(Duration::from_secs(20 * 60));
    env.ctx.emulator().clear_request_counts();

    let first = get_with(&base, "/me", &old).await;
    assert_eq!(first.status, 200, "{}", first.text);
    // Arrives after that refresh finished, with the same (spent) cookies.
    let late = get_with(&base, "/me", &old).await;
    assert_eq!(late.status, 200, "{}", late.text);
    assert_eq!(
        late.cookie_value("auth_token"),
        first.cookie_value("auth_token")
    );
    assert_eq!(
        late.cookie_value("refresh_token"),
        first.cookie_value("refresh_token")
    );
    assert_eq!(env.count("POST", REFRESH_PATH), 1);

    // After the grace period the spent token goes to the API again, which
    // sees a reuse and ends the session: that is what the grace prevents.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let too_late = get_with(&base, "/me", &old).await;
    too_late.assert_problem(401, "SESSION_ENDED");
    assert_cleared(&too_late);
    assert_eq!(env.count("POST", REFRESH_PATH), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_cookie_alone_is_enough() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let login = login(&http(), &base, &env).await;
    let refresh = format!(
        "refresh_token={}",
        login.cookie_value("refresh_token").unwrap()
    );
    let answer = get_with(&base, "/me", &refresh).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer.cookie_value("auth_token").is_some());
    assert_eq!(env.count("POST", REFRESH_PATH), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_refresh_clears_the_cookies() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let answer = get_with(&base, "/me", "refresh_token=rt_not_a_real_one").await;
    answer.assert_problem(401, "SESSION_ENDED");
    assert!(
        answer
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer error=\"invalid_token\"")
    );
    assert_cleared(&answer);

    // In optional mode the request goes on without a user, cookies cleared.
    let answer = get_with(&base, "/page", "refresh_token=rt_not_a_real_one").await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["user"], Value::Null);
    assert_cleared(&answer);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_api_during_refresh_is_503_and_keeps_the_cookies() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let login = login(&http(), &base, &env).await;
    env.clock.advance(Duration::from_secs(20 * 60));
    env.ctx
        .emulator()
        .inject_fault(Fault::status(REFRESH_PATH, 503).with_count(10));
    let answer = get_with(&base, "/me", &cookies_of(&login)).await;
    answer.assert_problem(503, "SERVICE_UNAVAILABLE");
    assert!(answer.header("retry-after").is_some());
    assert!(
        answer.set_cookies().is_empty(),
        "{:?}",
        answer.set_cookies()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_clears_the_cookies_and_revokes_the_session() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let browser = browser();
    let login = login(&browser, &base, &env).await;
    let answer = Answer::from(
        browser
            .post(format!("{base}/api/auth/logout"))
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body, json!({ "success": true }));
    assert_cleared(&answer);
    assert_eq!(env.count("POST", "/api/v1/auth/logout"), 1);

    let me = Answer::from(browser.get(format!("{base}/me")).send().await.unwrap()).await;
    me.assert_problem(401, "UNAUTHORIZED");
    // The refresh token is revoked at the API too.
    let refresh = format!(
        "refresh_token={}",
        login.cookie_value("refresh_token").unwrap()
    );
    get_with(&base, "/me", &refresh)
        .await
        .assert_problem(401, "SESSION_ENDED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_refresh_route_rotates_the_pair() {
    let env = Env::start();
    let base = serve(web(&env, session(&env))).await;
    let browser = browser();
    let login = login(&browser, &base, &env).await;
    let answer = Answer::from(
        browser
            .post(format!("{base}/api/auth/refresh"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body, json!({ "success": true }));
    assert_ne!(
        answer.cookie_value("refresh_token"),
        login.cookie_value("refresh_token")
    );
    assert_eq!(env.count("POST", REFRESH_PATH), 1);

    // Without a refresh cookie: 401.
    let answer = post_json(&http(), format!("{base}/api/auth/refresh"), json!({})).await;
    answer.assert_problem(401, "UNAUTHORIZED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_absolute_limit_is_signed_and_enforced() {
    let env = Env::start();
    let key = SessionKey::new(*b"0123456789abcdef0123456789abcdef").unwrap();
    let session = session(&env).max_session_age(Duration::from_secs(60 * 60), key);
    let base = serve(web(&env, session)).await;
    let login = login(&http(), &base, &env).await;
    let stamp = login.set_cookie("inai_session").expect("a stamp cookie");
    assert!(
        stamp.contains("HttpOnly") && stamp.contains("SameSite=Strict"),
        "{stamp}"
    );

    // Within the limit the session refreshes.
    env.clock.advance(Duration::from_secs(20 * 60));
    let refreshed = get_with(&base, "/me", &cookies_of(&login)).await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);

    // An edited stamp (a later start) is refused.
    let value = login.cookie_value("inai_session").unwrap();
    let mut parts: Vec<String> = value.split('.').map(str::to_owned).collect();
    parts[1] = (parts[1].parse::<i64>().unwrap() + 3600).to_string();
    let forged = format!(
        "auth_token={}; refresh_token={}; inai_session={}",
        refreshed.cookie_value("auth_token").unwrap(),
        refreshed.cookie_value("refresh_token").unwrap(),
        parts.join(".")
    );
    env.clock.advance(Duration::from_secs(20 * 60));
    let answer = get_with(&base, "/me", &forged).await;
    answer.assert_problem(401, "SESSION_ENDED");
    assert!(answer.detail().contains("stamp"), "{}", answer.text);
    assert_cleared(&answer);

    // A missing stamp is refused.
    let without = format!(
        "refresh_token={}",
        refreshed.cookie_value("refresh_token").unwrap()
    );
    get_with(&base, "/me", &without)
        .await
        .assert_problem(401, "SESSION_ENDED");

    // Past the limit the session ends, even with a genuine stamp.
    env.clock.advance(Duration::from_secs(30 * 60));
    let genuine = format!(
        "refresh_token={}; inai_session={value}",
        refreshed.cookie_value("refresh_token").unwrap()
    );
    let answer = get_with(&base, "/me", &genuine).await;
    answer.assert_problem(401, "SESSION_ENDED");
    assert!(answer.detail().contains("maximum age"), "{}", answer.text);
    assert!(
        answer
            .set_cookie("inai_session")
            .unwrap()
            .contains("Max-Age=0")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn platform_sessions() {
    let env = Env::start();
    let session = CookieSession::platform(env.client.clone()).clock(Arc::new(env.clock.clone()));
    let app = Router::new()
        .route("/me", get(me))
        .layer(InAIAuthLayer::new(env.verifier.clone()).cookie_session(session.clone()))
        .nest("/api/platform-auth", platform_auth_routes(session));
    let base = serve(app).await;
    let browser = browser();
    let seed = env.ctx.seed().clone();
    let answer = post_json(
        &browser,
        format!("{base}/api/platform-auth/login"),
        json!({ "email": seed.admin_email, "password": seed.admin_password }),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.body["user"]["email"], seed.admin_email.as_str());

    env.clock.advance(Duration::from_secs(20 * 60));
    let me = Answer::from(browser.get(format!("{base}/me")).send().await.unwrap()).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["user"], seed.admin_id.as_str());
    assert_eq!(env.count("POST", "/api/platform/auth/refresh"), 1);

    let api_me = Answer::from(
        browser
            .get(format!("{base}/api/platform-auth/me"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(api_me.body["user"]["email"], seed.admin_email.as_str());

    let out = post_json(
        &browser,
        format!("{base}/api/platform-auth/logout"),
        json!({}),
    )
    .await;
    assert_eq!(out.body, json!({ "success": true }));
    assert_cleared(&out);
    assert_eq!(env.count("POST", "/api/platform/auth/logout"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grace_memory_is_bounded() {
    let env = Env::start();
    let session = session(&env)
        .refresh_grace(Duration::from_secs(60))
        .max_tracked_refreshes(1);
    let base = serve(web(&env, session)).await;
    let first = cookies_of(&login(&http(), &base, &env).await);
    let second = cookies_of(&login(&http(), &base, &env).await);
    env.clock.advance(Duration::from_secs(20 * 60));

    assert_eq!(get_with(&base, "/me", &first).await.status, 200);
    // Within the grace period, the first outcome is still remembered.
    assert_eq!(get_with(&base, "/me", &first).await.status, 200);
    assert_eq!(env.count("POST", REFRESH_PATH), 1);
    // A second session's refresh takes the only slot, so the first is forgotten:
    // its spent token now reaches the API, which sees a reuse.
    assert_eq!(get_with(&base, "/me", &second).await.status, 200);
    let forgotten = get_with(&base, "/me", &first).await;
    forgotten.assert_problem(401, "SESSION_ENDED");
    assert_eq!(env.count("POST", REFRESH_PATH), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secure_flag_can_be_forced_either_way() {
    use inai_auth_axum::SecureCookies;

    let env = Env::start();
    for (mode, secure) in [
        (SecureCookies::Always, true),
        (SecureCookies::InsecureNever, false),
    ] {
        let base = serve(web(&env, session(&env).secure_cookies(mode))).await;
        let user = env.ctx.user();
        let response = http()
            .post(format!("{base}/api/auth/login"))
            .header("x-forwarded-proto", "https")
            .json(&json!({ "email": user.email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        let answer = Answer::from(response).await;
        for name in ["auth_token", "refresh_token"] {
            let line = answer.set_cookie(name).unwrap();
            assert_eq!(line.ends_with("; Secure"), secure, "{mode:?}: {line}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_output_shows_no_secrets() {
    let env = Env::start();
    let key = SessionKey::new(*b"0123456789abcdef0123456789abcdef").unwrap();
    let session = session(&env).max_session_age(Duration::from_secs(3600), key);
    let layer = InAIAuthLayer::new(env.verifier.clone()).cookie_session(session.clone());
    let base = serve(web(&env, session.clone())).await;
    let login = login(&http(), &base, &env).await;
    env.clock.advance(Duration::from_secs(20 * 60));
    let refreshed = get_with(&base, "/me", &cookies_of(&login)).await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);

    let shown = format!(
        "{session:?} {layer:?} {:?}",
        SessionKey::new([9u8; 40]).unwrap()
    );
    for answer in [&login, &refreshed] {
        for name in ["auth_token", "refresh_token", "inai_session"] {
            let secret = answer.cookie_value(name).unwrap();
            assert!(!shown.contains(&secret), "{name} shown in {shown}");
        }
    }
    assert!(shown.contains("CookieSession"), "{shown}");
}
