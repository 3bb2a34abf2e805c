use crate::client::{Api, s};
use crate::jwt;

fn jwks(api: &Api) -> serde_json::Value {
    api.get("/.well-known/jwks.json").send().ok()
}

#[test]
fn rotation_keeps_old_tokens_valid_until_retired() {
    let api = Api::start();
    let before = api.user_token("rot1@example.com");
    let old_kid = s(&jwt::header(&before)["kid"]);
    assert_eq!(jwks(&api)["keys"].as_array().unwrap().len(), 1);

    let r = api
        .post("/__emulator/rotate-keys", serde_json::json!({}))
        .send()
        .ok();
    let new_kid = s(&r["kid"]);
    assert_ne!(new_kid, old_kid);
    assert_eq!(r["kids"].as_array().unwrap().len(), 2);
    let set = jwks(&api);
    assert!(
        jwt::verifies(&before, &set),
        "old token verifies until the old key is retired"
    );
    api.get("/api/v1/auth/me").user_auth(&before).send().ok();

    let after = api.user_token("rot2@example.com");
    assert_eq!(jwt::header(&after)["kid"], new_kid.as_str());
    assert!(jwt::verifies(&after, &set));

    let r = api
        .post(
            "/__emulator/rotate-keys?retire_old=true",
            serde_json::json!({}),
        )
        .send()
        .ok();
    let newest = s(&r["kid"]);
    let set = jwks(&api);
    let kids: Vec<&str> = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, [newest.as_str()]);
    assert!(!jwt::verifies(&before, &set));
    assert!(!jwt::verifies(&after, &set));
    api.get("/api/v1/auth/me")
        .user_auth(&before)
        .send()
        .problem(401);
}

#[test]
fn rotation_from_rust() {
    let api = Api::start();
    let kid = api.emu.rotate_keys(false);
    let token = api.user_token("rust@example.com");
    assert_eq!(jwt::header(&token)["kid"], kid.as_str());
    assert_eq!(jwks(&api)["keys"].as_array().unwrap().len(), 2);
    api.emu.rotate_keys(true);
    assert_eq!(jwks(&api)["keys"].as_array().unwrap().len(), 1);
}

#[test]
fn jwks_publishes_only_public_p256_keys() {
    let api = Api::start();
    let set = jwks(&api);
    for key in set["keys"].as_array().unwrap() {
        assert_eq!(key["kty"], "EC");
        assert_eq!(key["crv"], "P-256");
        assert_eq!(key["alg"], "ES256");
        assert_eq!(key["use"], "sig");
        assert!(key.get("d").is_none());
    }
}

#[test]
fn retiring_keeps_the_current_key() {
    let api = Api::start();
    let old = api.user_token("old@example.com");
    api.post("/__emulator/rotate-keys", serde_json::json!({}))
        .send()
        .ok();
    let new = api.user_token("new@example.com");
    let r = api
        .post("/__emulator/retire-keys", serde_json::json!({}))
        .send()
        .ok();
    assert_eq!(r["retired"], 1);
    let set = jwks(&api);
    assert!(!jwt::verifies(&old, &set));
    assert!(jwt::verifies(&new, &set));
    assert_eq!(api.emu.retire_old_keys(), 0);
}
