//! The emulator as a test fixture: seed data, export, minted tokens, TOTP codes.

use std::sync::Arc;

use inai_auth_emulator::{
    Clock as _, Emulator, EmulatorConfig, ManualClock, MintError, SeedData, SeedError, TokenFlaw,
};
use inai_auth_verify::{Jwks, TokenType, Validation, VerifyError, verify_token};
use serde_json::{Value, json};

use crate::client::{Api, s, start_time};

fn seed_json() -> Value {
    json!({
        "tenants": [{ "id": "ten_acme", "name": "Acme", "slug": "acme" }],
        "platformUsers": [{ "id": "pusr_ops", "tenantId": "ten_acme", "email": "Ops@Acme.test",
                            "password": "ops-password", "roles": ["owner"] }],
        "applications": [{ "id": "app_shop", "tenantId": "ten_acme", "name": "Shop", "slug": "shop",
            "environments": [
                { "id": "env_dev", "name": "development", "publishableKey": "pk_test_shop" },
                { "id": "env_prod", "name": "production", "publishableKey": "pk_live_shop" }
            ] }],
        "permissions": [
            { "id": "perm_orders_read", "applicationId": "app_shop", "name": "orders:read" },
            { "id": "perm_orders_write", "applicationId": "app_shop", "name": "orders:write" }
        ],
        "roles": [{ "id": "role_clerk", "applicationId": "app_shop", "name": "clerk",
                    "permissions": ["orders:read", "perm_orders_write"] }],
        "users": [
            { "id": "usr_alice", "environmentId": "env_dev", "email": "alice@acme.test",
              "password": "alice-password", "emailVerified": true, "roles": ["clerk"],
              "externalId": "crm-17" },
            { "id": "usr_bob", "environmentId": "env_dev", "email": "bob@acme.test",
              "password": "bob-password", "mfaSecret": "JBSWY3DPEHPK3PXP" }
        ],
        "organizations": [{ "id": "org_north", "environmentId": "env_dev", "name": "North",
                            "slug": "north", "members": [{ "userId": "usr_alice", "role": "owner" }] }],
        "apiKeys": [{ "id": "key_ci", "tenantId": "ten_acme", "applicationId": "app_shop",
                      "environmentId": "env_dev", "name": "ci", "keyPrefix": "sk_test_ab12" }]
    })
}

fn seeded() -> Api {
    let seed = SeedData::from_value(seed_json()).unwrap();
    Api::start_with(EmulatorConfig::default().with_seed(seed))
}

fn login(api: &Api, email: &str, password: &str) -> Value {
    api.post(
        "/api/v1/auth/login",
        json!({ "email": email, "password": password }),
    )
    .pk()
    .send()
    .ok()
}

fn jwks(api: &Api) -> Jwks {
    Jwks::from_json(api.get("/.well-known/jwks.json").send().text.as_bytes()).unwrap()
}

#[test]
fn a_seeded_emulator_has_exactly_the_seeded_records() {
    let api = seeded();
    let seed = api.emu.seed();
    assert_eq!(seed.tenant_id, "ten_acme");
    assert_eq!(seed.admin_id, "pusr_ops");
    assert_eq!(seed.admin_email, "ops@acme.test");
    assert_eq!(seed.admin_password, "ops-password");
    assert_eq!(seed.application_id, "app_shop");
    assert_eq!(seed.environment_id, "env_dev");
    assert_eq!(seed.publishable_key, "pk_test_shop");

    let alice = login(&api, "alice@acme.test", "alice-password");
    assert_eq!(alice["user"]["id"], "usr_alice");
    assert_eq!(alice["user"]["emailVerified"], true);
    assert_eq!(alice["roles"], json!(["clerk"]));
    assert_eq!(alice["permissions"], json!(["orders:read", "orders:write"]));
    let token = s(&alice["access_token"]);
    let orgs = api
        .get("/api/v1/organizations")
        .user_auth(&token)
        .send()
        .ok();
    assert_eq!(orgs["data"][0]["id"], "org_north");

    // Bob has MFA on: the login asks for a code, which the handle computes.
    let bob = login(&api, "bob@acme.test", "bob-password");
    let mfa_token = s(&bob["mfa_token"]);
    let code = api.emu.totp_code("usr_bob").unwrap();
    let done = api
        .post(
            "/api/v1/auth/mfa/challenge",
            json!({ "mfa_token": mfa_token, "code": code }),
        )
        .pk()
        .send()
        .ok();
    assert_eq!(done["user"]["id"], "usr_bob");

    let admin = api
        .post(
            "/api/platform/auth/login",
            json!({ "email": "ops@acme.test", "password": "ops-password" }),
        )
        .send()
        .ok();
    let admin = s(&admin["access_token"]);
    let keys = api
        .get("/api/platform/applications/app_shop/api-keys")
        .bearer(&admin)
        .send()
        .ok();
    assert_eq!(keys["data"][0]["id"], "key_ci", "{keys}");
    assert_eq!(keys["data"][0]["keyPrefix"], "sk_test_ab12");
    // The production environment's key works too; no other user exists.
    let other = api
        .post(
            "/api/v1/auth/login",
            json!({ "email": "alice@acme.test", "password": "alice-password" }),
        )
        .header("X-Publishable-Key", "pk_live_shop")
        .send()
        .problem(401);
    assert_eq!(other["type"], "INVALID_CREDENTIALS");
}

#[test]
fn reset_returns_to_the_seed_data() {
    let api = seeded();
    api.register("carol@acme.test");
    api.emu.reset();
    assert_eq!(
        api.emu.export(),
        SeedData::from_value(api.emu.export().to_json_value()).unwrap()
    );
    assert_eq!(api.emu.export().user_count(), 2);
    login(&api, "alice@acme.test", "alice-password");
}

fn refused(value: Value) -> (String, String) {
    match SeedData::from_value(value) {
        Err(SeedError::Invalid { field, reason, .. }) => (field, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn invalid_seed_data_is_refused_with_the_path_of_the_bad_field() {
    let mut v = seed_json();
    v["users"][0]["roles"] = json!(["clerk", "manager"]);
    let (field, reason) = refused(v);
    assert_eq!(field, "users[0].roles[1]");
    assert!(reason.contains("manager"), "{reason}");

    let mut v = seed_json();
    v["users"][1]["emailVerified"] = json!("yes");
    assert_eq!(refused(v).0, "users[1].emailVerified");

    let mut v = seed_json();
    v["users"][0]["nickname"] = json!("al");
    assert_eq!(refused(v).0, "users[0].nickname");

    let mut v = seed_json();
    v["organizations"][0]["members"][0]["userId"] = json!("usr_nobody");
    assert_eq!(refused(v).0, "organizations[0].members[0].userId");

    let mut v = seed_json();
    v["users"][1]["id"] = json!("usr_alice");
    assert_eq!(refused(v).0, "users[1].id");

    let mut v = seed_json();
    v["users"][1]["mfaSecret"] = json!("not base32!");
    assert_eq!(refused(v).0, "users[1].mfaSecret");

    let mut v = seed_json();
    v["users"][0]["password"] = json!("short");
    assert_eq!(refused(v).0, "users[0].password");

    let mut v = seed_json();
    v["platformUsers"][0]["roles"] = json!(["root"]);
    assert_eq!(refused(v).0, "platformUsers[0].roles[0]");

    let mut v = seed_json();
    v["roles"][0]["permissions"] = json!(["orders:delete"]);
    assert_eq!(refused(v).0, "roles[0].permissions[0]");

    let mut v = seed_json();
    v["applications"][0]["environments"][1]["publishableKey"] = json!("pk_test_shop");
    assert_eq!(
        refused(v).0,
        "applications[0].environments[1].publishableKey"
    );

    assert_eq!(refused(json!({})).0, "tenants");
    assert_eq!(refused(json!("seed")).0, ".");
}

#[test]
fn seed_files_name_the_file_and_the_field() {
    let dir = std::env::temp_dir().join(format!("inai-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seed.json");
    let mut v = seed_json();
    v["users"][0]["environmentId"] = json!("env_gone");
    std::fs::write(&path, v.to_string()).unwrap();
    let err = SeedData::from_file(&path).unwrap_err();
    assert_eq!(err.field(), Some("users[0].environmentId"));
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}: users[0].environmentId: ", path.display())),
        "{shown}"
    );
    std::fs::write(&path, "{ \"tenants\": [ ").unwrap();
    assert!(SeedData::from_file(&path).is_err());
    let err = SeedData::from_file(dir.join("missing.json")).unwrap_err();
    assert!(matches!(err, SeedError::Read { .. }), "{err:?}");
    // Passwords stay out of Debug.
    let data = SeedData::from_value(seed_json()).unwrap();
    assert!(!format!("{data:?}").contains("alice-password"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn seed_export_and_reseed_give_the_same_state() {
    let first = seeded();
    // Change the state through the API, so the export holds more than the seed did.
    let carol = first.register("carol@acme.test");
    let carol_token = s(&carol["access_token"]);
    first
        .post("/api/v1/auth/mfa/enable", json!({}))
        .user_auth(&carol_token)
        .send()
        .ok();
    let exported = first.get("/__emulator/export").send().ok();
    let from_handle = first.emu.export();
    assert_eq!(exported, from_handle.to_json_value());
    assert_eq!(exported["users"][0]["id"], "usr_alice");
    assert!(exported["users"][0].get("password").is_none());
    assert!(s(&exported["users"][0]["passwordHash"]).starts_with("sha256$"));

    let second = Api::start_with(
        EmulatorConfig::default().with_seed(SeedData::from_value(exported.clone()).unwrap()),
    );
    assert_eq!(second.emu.export().to_json_value(), exported);
    // The state works, not only looks the same: passwords and roles carried over.
    let alice = login(&second, "alice@acme.test", "alice-password");
    assert_eq!(alice["roles"], json!(["clerk"]));
    login(&second, "carol@acme.test", "password-123");
    let (a, b) = (first.emu.seed(), second.emu.seed());
    assert_eq!(
        (
            &a.tenant_id,
            &a.admin_id,
            &a.application_id,
            &a.publishable_key
        ),
        (
            &b.tenant_id,
            &b.admin_id,
            &b.application_id,
            &b.publishable_key
        )
    );
}

#[test]
fn export_files_are_written_atomically_and_read_back() {
    let api = seeded();
    let dir = std::env::temp_dir().join(format!("inai-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("emulator-state.json");
    std::fs::write(&path, "old").unwrap();
    api.emu.export().write_atomically(&path).unwrap();
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("emulator-state.json")]);
    assert_eq!(SeedData::from_file(&path).unwrap(), api.emu.export());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn app_validation(api: &Api) -> Validation {
    let seed = api.emu.seed();
    Validation::default()
        .with_token_type(TokenType::AppUser)
        .with_tenant_id(seed.tenant_id.clone())
        .with_app_id(seed.application_id.clone())
        .with_env_id(seed.environment_id.clone())
}

#[test]
fn minted_tokens_verify_against_the_jwks_and_flawed_ones_do_not() {
    let api = seeded();
    let mut claims = api.emu.user_claims("usr_alice").unwrap();
    assert_eq!(claims["roles"], json!(["clerk"]));
    claims["roles"] = json!(["clerk", "auditor"]);
    claims["org_id"] = json!("org_north");
    let token = api.emu.mint_access_token(claims.clone()).unwrap();
    let got = verify_token(&token, &jwks(&api), &app_validation(&api), api.clock.now()).unwrap();
    assert_eq!(got.sub, "usr_alice");
    assert_eq!(got.roles, ["clerk", "auditor"]);
    assert_eq!(got.permissions, ["orders:read", "orders:write"]);
    assert_eq!(got.org_id.as_deref(), Some("org_north"));
    assert_eq!(
        got.exp.unix_timestamp(),
        start_time().unix_timestamp() + 900
    );
    assert_ne!(token, api.emu.mint_access_token(claims.clone()).unwrap());

    let check = |flaw| {
        let t = api.emu.mint_flawed_token(claims.clone(), flaw).unwrap();
        verify_token(&t, &jwks(&api), &app_validation(&api), api.clock.now()).unwrap_err()
    };
    assert!(matches!(check(TokenFlaw::Expired), VerifyError::Expired));
    assert!(matches!(
        check(TokenFlaw::UnknownKey),
        VerifyError::UnknownKeyId
    ));
    assert!(!matches!(
        check(TokenFlaw::OtherApplication),
        VerifyError::Expired
    ));
    assert!(!matches!(
        check(TokenFlaw::OtherEnvironment),
        VerifyError::Expired
    ));
    // Without the app and environment checks, those two verify: only the ids differ.
    for flaw in [TokenFlaw::OtherApplication, TokenFlaw::OtherEnvironment] {
        let t = api.emu.mint_flawed_token(claims.clone(), flaw).unwrap();
        let got = verify_token(&t, &jwks(&api), &Validation::default(), api.clock.now()).unwrap();
        assert_ne!(got.env_id.as_deref(), Some("env_dev"));
    }

    // An exp in the past given by the caller is kept.
    let mut old = claims.clone();
    old["exp"] = json!(start_time().unix_timestamp() - 1);
    let t = api.emu.mint_access_token(old).unwrap();
    let err = verify_token(&t, &jwks(&api), &app_validation(&api), api.clock.now()).unwrap_err();
    assert!(matches!(err, VerifyError::Expired), "{err:?}");

    assert_eq!(
        api.emu.mint_access_token(json!([1])),
        Err(MintError::NotAnObject)
    );
    assert!(api.emu.user_claims("usr_nobody").is_none());
}

#[test]
fn minted_tokens_are_not_sessions_of_the_emulator() {
    let api = seeded();
    let claims = api.emu.user_claims("usr_alice").unwrap();
    let token = api.emu.mint_access_token(claims).unwrap();
    let p = api
        .get("/api/v1/auth/me")
        .user_auth(&token)
        .send()
        .problem(401);
    assert_eq!(p["type"], "INVALID_TOKEN");
}

#[test]
fn tokens_and_totp_codes_over_http() {
    let api = seeded();
    let minted = api
        .post(
            "/__emulator/tokens",
            json!({ "userId": "usr_alice", "claims": { "roles": ["boss"] } }),
        )
        .send()
        .status(201);
    let token = s(&minted["access_token"]);
    assert_eq!(minted["claims"]["roles"], json!(["boss"]));
    assert_eq!(minted["claims"]["email"], "alice@acme.test");
    let got = verify_token(&token, &jwks(&api), &app_validation(&api), api.clock.now()).unwrap();
    assert_eq!(got.roles, ["boss"]);

    let expired = api
        .post(
            "/__emulator/tokens",
            json!({ "userId": "usr_alice", "flaw": "expired" }),
        )
        .send()
        .status(201);
    let err = verify_token(
        &s(&expired["access_token"]),
        &jwks(&api),
        &app_validation(&api),
        api.clock.now(),
    )
    .unwrap_err();
    assert!(matches!(err, VerifyError::Expired), "{err:?}");

    api.post("/__emulator/tokens", json!({ "userId": "usr_nobody" }))
        .send()
        .problem(404);
    api.post("/__emulator/tokens", json!({ "claims": [1] }))
        .send()
        .problem(422);
    api.post("/__emulator/tokens", json!({ "flaw": "sneaky" }))
        .send()
        .problem(422);

    let code = api.get("/__emulator/totp?user=bob@acme.test").send().ok();
    let expected = inai_auth_core::totp::code(
        "JBSWY3DPEHPK3PXP",
        u64::try_from(start_time().unix_timestamp()).unwrap(),
    )
    .unwrap();
    assert_eq!(code["code"], expected.as_str());
    api.get("/__emulator/totp?user=usr_alice")
        .send()
        .problem(404);
}

#[test]
fn the_totp_helper_follows_the_emulator_clock() {
    let clock = ManualClock::new(start_time());
    let config = EmulatorConfig::default()
        .with_seed(SeedData::from_value(seed_json()).unwrap())
        .with_clock(Arc::new(clock.clone()));
    let emu = Emulator::start(config).unwrap();
    let now = emu.totp_code("bob@acme.test").unwrap();
    assert_eq!(
        emu.totp_code("JBSWY3DPEHPK3PXP").as_deref(),
        Some(now.as_str())
    );
    clock.advance(std::time::Duration::from_secs(30));
    let later = inai_auth_core::totp::code(
        "JBSWY3DPEHPK3PXP",
        u64::try_from(start_time().unix_timestamp() + 30).unwrap(),
    )
    .unwrap();
    assert_eq!(emu.totp_code("usr_bob"), Some(later));
    assert_eq!(emu.totp_code("usr_alice"), None);
}
