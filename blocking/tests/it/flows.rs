//! The flows of the issue, through the driver only (the testkit supplies
//! the emulator, the outbox and TOTP codes).

use inai_auth_blocking::{Client, Session};
use inai_auth_core::models::LoginResult;
use inai_auth_core::ops::{
    CreateAppApiKey, CreateAppUser, CreateApplication, CreatePlatformApiKey, EnableMfa, GetMe,
    ListAppApiKeys, ListPlatformApiKeys, Login, Logout, MfaChallenge, PlatformLogin, Refresh,
    Register, RevokeAppApiKey, RevokePlatformApiKey, RotateAppKeys, VerifyEmail, VerifyMfaSetup,
};
use inai_auth_core::{Config, InAIAuthError};

use crate::support::{client, context};

const EMAIL: &str = "flow@example.com";
const PASSWORD: &str = "flow-password-1";

#[test]
fn app_user_register_verify_login_mfa_refresh_logout() {
    let ctx = context();
    let api = client(&ctx);

    // Register, then verify the email with the token from the outbox.
    let registered = api
        .register(Register::new(EMAIL, PASSWORD).with_first_name("Flo"))
        .unwrap();
    let user = registered.user().cloned().expect("the user");
    assert!(!user.email_verified);
    let token = ctx.outbox_token(EMAIL, "verify_email").unwrap();
    api.verify_email(VerifyEmail::new(token)).unwrap();

    // Log in; the user is verified now.
    let login = api.login(Login::new(EMAIL, PASSWORD)).unwrap();
    let tokens = login.tokens().cloned().expect("no mfa yet");
    let me = api.get_me(GetMe::new(tokens.access_token.clone())).unwrap();
    assert!(me.email_verified);
    assert!(!me.mfa_enabled);

    // Enable MFA with a TOTP code.
    let setup = api
        .enable_mfa(EnableMfa::new(tokens.access_token.clone()))
        .unwrap();
    let secret = setup.secret.expose_secret().to_owned();
    let codes = api
        .verify_mfa_setup(VerifyMfaSetup::new(
            tokens.access_token.clone(),
            ctx.totp(&secret, 0).unwrap(),
        ))
        .unwrap();
    assert!(!codes.backup_codes.is_empty());

    // Logging in now asks for the second factor; a TOTP code completes it.
    let login = api.login(Login::new(EMAIL, PASSWORD)).unwrap();
    let LoginResult::MfaRequired { mfa_token } = login else {
        panic!("expected an mfa challenge")
    };
    let wrong = api.mfa_challenge(MfaChallenge::new(mfa_token.clone(), "000000"));
    assert_eq!(wrong.unwrap_err().status().map(|s| s.as_u16()), Some(401));
    let grant = api
        .mfa_challenge(MfaChallenge::new(mfa_token, ctx.totp(&secret, 1).unwrap()))
        .unwrap();
    assert_eq!(
        grant.user.as_ref().map(|u| u.id.as_str()),
        Some(user.id.as_str())
    );
    let session = Session::from_grant(api.clone(), grant);
    assert!(
        api.get_me(GetMe::new(session.access_token().unwrap()))
            .unwrap()
            .mfa_enabled
    );

    // Refresh rotation: a new pair, and the old refresh token is spent.
    let old = session.tokens();
    session.refresh().unwrap();
    let new = session.tokens();
    assert_ne!(new.refresh_token, old.refresh_token);
    let reuse = api.refresh(Refresh::new(old.refresh_token)).unwrap_err();
    assert_eq!(reuse.status().map(|s| s.as_u16()), Some(401), "{reuse:?}");

    // Logout ends a session: its refresh token no longer refreshes.
    let other = api.login(Login::new(EMAIL, PASSWORD)).unwrap();
    let other_tokens = match other {
        LoginResult::MfaRequired { mfa_token } => {
            api.mfa_challenge(MfaChallenge::new(mfa_token, ctx.totp(&secret, -1).unwrap()))
                .unwrap()
                .tokens
        }
        LoginResult::Complete { tokens, .. } => tokens,
    };
    api.logout(Logout::new(other_tokens.refresh_token.clone()))
        .unwrap();
    let after = api
        .refresh(Refresh::new(other_tokens.refresh_token))
        .unwrap_err();
    assert_eq!(after.status().map(|s| s.as_u16()), Some(401));
}

#[test]
fn platform_login_application_user_keys_rotation() {
    let ctx = context();
    let api = client(&ctx);
    let seed = ctx.seed();

    let login = api
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .unwrap();
    let session = Session::from_login(api.clone(), login).expect("no mfa");
    let admin = || session.access_token().unwrap();

    // A new application, with its development environment.
    let app = api
        .create_application(CreateApplication::new(admin(), "Flow App", "flow-app"))
        .unwrap();
    assert_eq!(app.slug, "flow-app");
    let env = app.environments.first().cloned().expect("an environment");

    // A user of it, created by the admin; the user can sign in with the
    // environment's publishable key.
    let user = api
        .create_app_user(CreateAppUser::new(
            admin(),
            app.id.as_str(),
            EMAIL,
            PASSWORD,
            env.id.as_str(),
        ))
        .unwrap();
    let app_client = |key: &str| {
        Client::builder()
            .config(
                Config::builder()
                    .base_url(ctx.emulator().base_url())
                    .publishable_key(key)
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    };
    let old_key = env.publishable_key.expose_secret().to_owned();
    let signed_in = app_client(&old_key)
        .login(Login::new(EMAIL, PASSWORD))
        .unwrap();
    assert_eq!(
        signed_in.user().map(|u| u.id.as_str()),
        Some(user.id.as_str())
    );

    // API keys: create, list, revoke.
    let app_key = api
        .create_app_api_key(CreateAppApiKey::new(
            admin(),
            app.id.as_str(),
            "backend",
            env.id.as_str(),
        ))
        .unwrap();
    assert!(!app_key.key.expose_secret().is_empty());
    let listed = api
        .list_app_api_keys(
            ListAppApiKeys::new(admin(), app.id.as_str()).with_environment_id(env.id.as_str()),
        )
        .unwrap();
    assert!(listed.iter().any(|k| k.id == app_key.api_key.id));
    api.revoke_app_api_key(RevokeAppApiKey::new(
        admin(),
        app.id.as_str(),
        app_key.api_key.id.as_str(),
    ))
    .unwrap();
    let listed = api
        .list_app_api_keys(
            ListAppApiKeys::new(admin(), app.id.as_str()).with_environment_id(env.id.as_str()),
        )
        .unwrap();
    assert!(!listed.iter().any(|k| k.id == app_key.api_key.id));

    let platform_key = api
        .create_platform_api_key(CreatePlatformApiKey::new(admin(), "ci"))
        .unwrap();
    assert!(
        api.list_platform_api_keys(ListPlatformApiKeys::new(admin()))
            .unwrap()
            .iter()
            .any(|k| k.id == platform_key.api_key.id)
    );
    api.revoke_platform_api_key(RevokePlatformApiKey::new(
        admin(),
        platform_key.api_key.id.as_str(),
    ))
    .unwrap();
    assert!(
        !api.list_platform_api_keys(ListPlatformApiKeys::new(admin()))
            .unwrap()
            .iter()
            .any(|k| k.id == platform_key.api_key.id)
    );

    // Rotate the publishable key: the old one stops working, the new one works.
    let rotated = api
        .rotate_app_keys(RotateAppKeys::new(
            admin(),
            app.id.as_str(),
            env.id.as_str(),
        ))
        .unwrap();
    let new_key = rotated.publishable_key.expose_secret().to_owned();
    assert_ne!(new_key, old_key);
    let refused = app_client(&old_key)
        .login(Login::new(EMAIL, PASSWORD))
        .unwrap_err();
    assert!(
        matches!(refused, InAIAuthError::Api(ref e) if e.status() == 401),
        "{refused:?}"
    );
    assert!(
        app_client(&new_key)
            .login(Login::new(EMAIL, PASSWORD))
            .unwrap()
            .is_complete()
    );
}

/// Issue 11, item 10: `set_active_organization` can clear the active
/// organization (`organizationId: null`). Mirrored in the async driver.
#[test]
fn set_active_organization_can_clear_it() {
    let ctx = crate::support::context();
    let (clear, switched) = inai_auth_testkit::catalogue::clear_active_organization(&ctx).unwrap();
    let before =
        inai_auth_verify::decode_claims_unverified(switched.access_token.expose_secret()).unwrap();
    assert!(before.org_id.is_some(), "the switch set an organization");
    let cleared = crate::support::client(&ctx)
        .set_active_organization(clear)
        .unwrap();
    let after =
        inai_auth_verify::decode_claims_unverified(cleared.access_token.expose_secret()).unwrap();
    assert_eq!(after.org_id, None);
    assert_eq!(after.sub, before.sub);
}
