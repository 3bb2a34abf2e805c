//! Bearer tokens are found among the tokens the emulator issued; tokens it does not know
//! still get the answer their signature and `exp` call for.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use crate::client::Api;

fn me_problem(api: &Api, token: &str) -> serde_json::Value {
    api.get("/api/v1/auth/me")
        .user_auth(token)
        .send()
        .problem(401)
}

#[test]
fn tokens_from_before_a_reset_are_unknown_then_expired() {
    let api = Api::start();
    let token = api.user_token("before-reset@example.com");
    api.emu.reset();
    let p = me_problem(&api, &token);
    assert_eq!(p["type"], "INVALID_TOKEN");
    assert_eq!(p["detail"], "the access token is not known");
    assert_eq!(p["instance"], "/api/v1/auth/me");
    // Its signature is still good, so once past `exp` it is reported as expired.
    api.clock.advance(Duration::from_secs(900));
    let p = me_problem(&api, &token);
    assert_eq!(p["type"], "TOKEN_EXPIRED");
}

#[test]
fn altered_tokens_are_invalid_even_once_expired() {
    let api = Api::start();
    let token = api.user_token("altered@example.com");
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    // Another signature of the right length, and a payload that claims more.
    let mut sig = URL_SAFE_NO_PAD.decode(&parts[2]).unwrap();
    sig[10] ^= 1;
    let bad_sig = format!("{}.{}.{}", parts[0], parts[1], URL_SAFE_NO_PAD.encode(&sig));
    let mut claims = crate::jwt::claims(&token);
    claims["roles"] = json!(["admin"]);
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    let forged = parts.join(".");
    for bad in [&bad_sig, &forged, &format!("{token}x")] {
        let p = me_problem(&api, bad);
        assert_eq!(p["type"], "INVALID_TOKEN", "{bad}");
        assert_eq!(p["detail"], "the access token is not valid");
    }
    api.get("/api/v1/auth/me").user_auth(&token).send().ok();
    api.clock.advance(Duration::from_secs(900));
    for bad in [&bad_sig, &forged] {
        assert_eq!(me_problem(&api, bad)["type"], "INVALID_TOKEN");
    }
    assert_eq!(me_problem(&api, &token)["type"], "TOKEN_EXPIRED");
}

#[test]
fn retiring_the_signing_key_invalidates_issued_tokens() {
    let api = Api::start();
    let user = api.user_token("retired@example.com");
    let admin = api.admin_token();
    api.emu.rotate_keys(false);
    api.get("/api/v1/auth/me").user_auth(&user).send().ok();
    api.get("/api/platform/auth/me").bearer(&admin).send().ok();
    assert_eq!(api.emu.retire_old_keys(), 1);
    let p = me_problem(&api, &user);
    assert_eq!(p["type"], "INVALID_TOKEN");
    let p = api
        .get("/api/platform/auth/me")
        .bearer(&admin)
        .send()
        .problem(401);
    assert_eq!(p["type"], "INVALID_TOKEN");
}

#[test]
fn parallel_requests_all_succeed() {
    let api = Api::start();
    let token = api.user_token("parallel@example.com");
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    for _ in 0..25 {
                        let me = api.get("/api/v1/auth/me").user_auth(&token).send().ok();
                        assert_eq!(me["data"]["email"], "parallel@example.com");
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
    });
    assert_eq!(api.emu.request_count("GET", "/api/v1/auth/me"), 200);
}
