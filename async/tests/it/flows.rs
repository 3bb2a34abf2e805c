//! The user journeys of the issue, end to end against the emulator.

use inai_auth_async::{Client, Session};
use inai_auth_core::models::LoginResult;
use inai_auth_core::ops::*;
use inai_auth_core::{Config, InAIAuthError, SessionFlavour};

use crate::common;

#[tokio::test]
async fn app_user_register_verify_login_mfa_refresh_logout() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let email = "ada@example.com";
    let password = "correct horse battery staple";

    // Register, then verify the email with the token from the outbox.
    let registered = client
        .register(Register::new(email, password).with_first_name("Ada"))
        .await
        .expect("registered");
    assert!(!registered.is_mfa_required());
    let mail = emu
        .outbox()
        .into_iter()
        .find(|m| m.to == email && m.kind == "verify_email")
        .expect("a verification email");
    client
        .verify_email(VerifyEmail::new(mail.token))
        .await
        .expect("verified");

    // Log in: a complete login opens an app-user session.
    let login = client
        .login(Login::new(email, password))
        .await
        .expect("login");
    let session = Session::from_login(client.clone(), login).expect("no MFA yet");
    assert_eq!(session.flavour(), SessionFlavour::AppUser);
    let me = client
        .get_me(GetMe::new(session.access_token().await.expect("token")))
        .await
        .expect("me");
    assert_eq!(me.email, email);
    assert!(me.email_verified);
    assert!(!me.mfa_enabled);

    // Enable MFA with a TOTP code.
    let token = session.access_token().await.expect("token");
    let setup = client
        .enable_mfa(EnableMfa::new(token.clone()))
        .await
        .expect("mfa setup");
    let code = common::totp(setup.secret.expose_secret());
    client
        .verify_mfa_setup(VerifyMfaSetup::new(token, code))
        .await
        .expect("mfa on");

    // Logging in now needs the second factor.
    let login = client
        .login(Login::new(email, password))
        .await
        .expect("login");
    let LoginResult::MfaRequired { mfa_token } = login else {
        panic!("MFA was not asked for")
    };
    let code = common::totp(setup.secret.expose_secret());
    let grant = client
        .mfa_challenge(MfaChallenge::new(mfa_token, code))
        .await
        .expect("challenge");
    let session = Session::from_grant(client.clone(), grant);
    let me = client
        .get_me(GetMe::new(session.access_token().await.expect("token")))
        .await
        .expect("me");
    assert!(me.mfa_enabled);

    // Refresh rotates the refresh token; the spent one is refused.
    let spent = session.tokens().refresh_token;
    session.refresh().await.expect("refreshed");
    assert_ne!(session.tokens().refresh_token, spent);
    let reuse = client.refresh(Refresh::new(spent)).await;
    assert!(matches!(reuse, Err(InAIAuthError::Api(_))), "{reuse:?}");

    // Logout ends the session: its refresh token no longer works.
    let after_reuse = session.tokens().refresh_token;
    session.logout().await.expect("logged out");
    let refused = client.refresh(Refresh::new(after_reuse)).await;
    assert!(matches!(refused, Err(InAIAuthError::Api(_))), "{refused:?}");
}

#[tokio::test]
async fn platform_applications_users_api_keys_and_publishable_keys() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let seed = emu.seed();
    let login = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect("platform login");
    let session = Session::from_login(client.clone(), login).expect("no MFA");
    assert_eq!(session.flavour(), SessionFlavour::Platform);
    let token = session.access_token().await.expect("token");

    // An application, with an environment.
    let app = client
        .create_application(CreateApplication::new(token.clone(), "Shop", "shop"))
        .await
        .expect("created");
    assert_eq!(app.name, "Shop");
    let environment = app.environments.first().expect("an environment").clone();
    let fetched = client
        .get_application(GetApplication::new(token.clone(), app.id.as_str()))
        .await
        .expect("get");
    assert_eq!(fetched.id, app.id);

    // An app user in it.
    let user = client
        .create_app_user(CreateAppUser::new(
            token.clone(),
            app.id.as_str(),
            "grace@example.com",
            "a long enough password",
            environment.id.as_str(),
        ))
        .await
        .expect("user created");
    assert_eq!(user.email, "grace@example.com");

    // API keys: create two, revoke one.
    let kept = client
        .create_app_api_key(CreateAppApiKey::new(
            token.clone(),
            app.id.as_str(),
            "ci",
            environment.id.as_str(),
        ))
        .await
        .expect("key");
    let revoked = client
        .create_app_api_key(CreateAppApiKey::new(
            token.clone(),
            app.id.as_str(),
            "old",
            environment.id.as_str(),
        ))
        .await
        .expect("key");
    assert!(!kept.key.expose_secret().is_empty());
    client
        .revoke_app_api_key(RevokeAppApiKey::new(
            token.clone(),
            app.id.as_str(),
            revoked.api_key.id.as_str(),
        ))
        .await
        .expect("revoked");
    let keys = client
        .list_app_api_keys(
            ListAppApiKeys::new(token.clone(), app.id.as_str())
                .with_environment_id(environment.id.as_str()),
        )
        .await
        .expect("listed");
    let ids: Vec<&str> = keys.iter().map(|k| k.id.as_str()).collect();
    assert!(ids.contains(&kept.api_key.id.as_str()), "{ids:?}");
    assert!(!ids.contains(&revoked.api_key.id.as_str()), "{ids:?}");

    // Rotating the publishable key: the old one stops working, the new one works.
    let rotated = client
        .rotate_app_keys(RotateAppKeys::new(
            token.clone(),
            app.id.as_str(),
            environment.id.as_str(),
        ))
        .await
        .expect("rotated");
    assert_ne!(rotated.publishable_key, environment.publishable_key);
    let with_key = |key: &str| {
        let config = Config::builder()
            .base_url(emu.base_url())
            .publishable_key(key)
            .build()
            .expect("config");
        Client::builder()
            .config(config)
            .retry_policy(common::fast_retries())
            .build()
            .expect("client")
    };
    let old = with_key(environment.publishable_key.expose_secret())
        .login(Login::new("grace@example.com", "a long enough password"))
        .await;
    assert_eq!(
        old.err().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(401)
    );
    let new = with_key(rotated.publishable_key.expose_secret())
        .login(Login::new("grace@example.com", "a long enough password"))
        .await
        .expect("the new key works");
    assert!(new.tokens().is_some());
}

/// Issue 11, item 10: `set_active_organization` can clear the active
/// organization (`organizationId: null`). Mirrors the blocking driver.
#[tokio::test]
async fn set_active_organization_can_clear_it() {
    let ctx = inai_auth_testkit::Context::start().expect("context");
    let (clear, switched) =
        inai_auth_testkit::catalogue::clear_active_organization(&ctx).expect("setup");
    let before = inai_auth_verify::decode_claims_unverified(switched.access_token.expose_secret())
        .expect("claims");
    assert!(before.org_id.is_some(), "the switch set an organization");
    let client = Client::builder()
        .config(ctx.config().clone())
        .retry_policy(common::fast_retries())
        .build()
        .expect("client");
    let cleared = client
        .set_active_organization(clear)
        .await
        .expect("cleared");
    let after = inai_auth_verify::decode_claims_unverified(cleared.access_token.expose_secret())
        .expect("claims");
    assert_eq!(after.org_id, None);
    assert_eq!(after.sub, before.sub);
}
