//! `inai demo`: the SDK as a user meets it, against an emulator started in
//! this process on a free loopback port. No network, no account.
//!
//! Each step prints what it did; the first failure stops the demo with the
//! step's number and name, and the exit code of its cause.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use inai_auth_blocking::{Client, Verifier};
use inai_auth_core::InAIAuthError;
use inai_auth_core::models::{LoginResult, TokenPair};
use inai_auth_core::ops::{
    CreateApplication, EnableMfa, Login, Logout, MfaChallenge, PlatformLogin, Refresh, Register,
    VerifyEmail, VerifyMfaSetup,
};
use inai_auth_core::secret::AccessToken;
use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use time::OffsetDateTime;

use crate::context::Context;
use crate::error::CliError;
use crate::render;

use steps::Steps;

mod steps;

/// The number of steps.
pub(crate) const STEPS: usize = 11;

const USER_EMAIL: &str = "ada@example.com";
/// A password for the emulator only.
const USER_PASSWORD: &str = "correct horse battery staple";

/// Runs the demo.
///
/// # Errors
/// [`CliError::DemoStep`] naming the step that failed.
pub(crate) fn run(ctx: &Context) -> Result<(), CliError> {
    let started = Instant::now();
    let mut steps = Steps::new(ctx.out);
    steps.intro()?;

    let emulator = steps.run("start the emulator", |lines| {
        let emulator = Emulator::start(EmulatorConfig::default())?;
        lines.push(format!(
            "listening on {} (in this process)",
            emulator.base_url()
        ));
        Ok(emulator)
    })?;
    let seed = emulator.seed().clone();
    let platform_client = client(ctx, emulator.base_url(), None)?;

    let admin = steps.run("platform login", |lines| {
        let login = platform_client.platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))?;
        let tokens = complete(login, "the platform login")?;
        lines.push(format!(
            "signed in as {} (platform admin of the seeded tenant); access token valid {} s",
            seed.admin_email, tokens.expires_in
        ));
        Ok(tokens.access_token)
    })?;

    let (app_client, app_id) = steps.run("create an application", |lines| {
        let app = platform_client.create_application(CreateApplication::new(
            admin.clone(),
            "Demo Shop",
            "demo-shop",
        ))?;
        let env = app
            .environments
            .first()
            .ok_or_else(|| CliError::Check("the new application has no environment".to_owned()))?;
        lines.push(format!("application {} \"{}\"", app.id, app.name));
        lines.push(format!(
            "environment {} ({}), publishable key {}",
            env.id,
            env.name,
            env.publishable_key.expose_secret()
        ));
        let app_client = client(
            ctx,
            emulator.base_url(),
            Some(env.publishable_key.expose_secret()),
        )?;
        Ok((app_client, app.id))
    })?;

    let user_id = steps.run("register an app user", |lines| {
        let registered =
            app_client.register(Register::new(USER_EMAIL, USER_PASSWORD).with_first_name("Ada"))?;
        let user = registered
            .user()
            .ok_or_else(|| CliError::Check("registration answered no user".to_owned()))?;
        lines.push(format!(
            "registered {} as {} in application {app_id}; email verified: {}",
            user.email,
            user.id,
            render::yes_no(user.email_verified)
        ));
        Ok(user.id.clone())
    })?;

    steps.run("verify the email from the outbox", |lines| {
        let token = verification_token(&emulator)?;
        lines.push(format!(
            "found the verification email to {USER_EMAIL} in the emulator's outbox"
        ));
        app_client.verify_email(VerifyEmail::new(token))?;
        lines.push("sent its token back: email verified".to_owned());
        Ok(())
    })?;

    let tokens = steps.run("log in", |lines| {
        let login = app_client.login(Login::new(USER_EMAIL, USER_PASSWORD))?;
        if login.user().is_some_and(|u| !u.email_verified) {
            return Err(CliError::Check("the email is still unverified".to_owned()));
        }
        let tokens = complete(login, "the login")?;
        lines.push(format!(
            "signed in with email and password (email verified); access token valid {} s",
            tokens.expires_in
        ));
        Ok(tokens)
    })?;

    let tokens = steps.run("enable MFA and log in with a TOTP code", |lines| {
        let setup = app_client.enable_mfa(EnableMfa::new(tokens.access_token.clone()))?;
        let secret = setup.secret.expose_secret();
        lines.push("MFA setup started: received the authenticator secret".to_owned());
        let backup = app_client.verify_mfa_setup(VerifyMfaSetup::new(
            tokens.access_token.clone(),
            current_code(secret)?,
        ))?;
        lines.push(format!(
            "confirmed with a TOTP code computed here (RFC 6238); {} backup codes issued",
            backup.count
        ));
        let LoginResult::MfaRequired { mfa_token } =
            app_client.login(Login::new(USER_EMAIL, USER_PASSWORD))?
        else {
            return Err(CliError::Check(
                "the login did not ask for a second factor".to_owned(),
            ));
        };
        lines.push("the password alone is no longer enough: the login asks for a code".to_owned());
        let grant =
            app_client.mfa_challenge(MfaChallenge::new(mfa_token, current_code(secret)?))?;
        lines.push("answered the challenge with the current TOTP code: signed in".to_owned());
        Ok(grant.tokens)
    })?;

    let verifier = steps.run("verify the access token (JWKS)", |lines| {
        let verifier = app_client
            .verifier()
            // The demo rotates keys seconds later; services keep the 10 s default.
            .min_refetch_interval(Duration::ZERO)
            .build()?;
        let auth = verifier.verify(tokens.access_token.expose_secret())?;
        if auth.user_id() != user_id {
            return Err(CliError::Check(format!(
                "the token speaks for {}, not {user_id}",
                auth.user_id()
            )));
        }
        lines.push(format!(
            "signature checked against {}; the AuthObject:",
            verifier.jwks_uri()
        ));
        push_auth(lines, &auth);
        Ok(verifier)
    })?;

    let tokens = steps.run("refresh", |lines| {
        let pair = app_client.refresh(Refresh::new(tokens.refresh_token.clone()))?;
        verifier.verify(pair.access_token.expose_secret())?;
        lines.push(format!(
            "new token pair (access token valid {} s), and it verifies; the old refresh token is spent",
            pair.expires_in
        ));
        Ok(pair)
    })?;

    let tokens = steps.run("rotate the signing keys and verify again", |lines| {
        rotate_and_verify(&emulator, &app_client, &verifier, tokens, lines)
    })?;

    steps.run("log out", |lines| {
        app_client.logout(Logout::new(tokens.refresh_token.clone()))?;
        lines.push("session revoked on the server".to_owned());
        match app_client.refresh(Refresh::new(tokens.refresh_token)) {
            Err(InAIAuthError::Api(e)) => lines.push(format!(
                "its refresh token is refused now: {} {}",
                e.status().as_u16(),
                e.code()
            )),
            Err(other) => return Err(other.into()),
            Ok(_) => {
                return Err(CliError::Check(
                    "the refresh token still works after logout".to_owned(),
                ));
            }
        }
        Ok(())
    })?;

    steps.finish(started.elapsed())
}

/// A client for the emulator.
fn client(ctx: &Context, base_url: &str, key: Option<&str>) -> Result<Client, CliError> {
    ctx.client(ctx.config(base_url, key)?)
}

/// The tokens of a completed login.
fn complete<U>(login: LoginResult<U>, what: &str) -> Result<TokenPair, CliError> {
    login
        .into_tokens()
        .ok_or_else(|| CliError::Check(format!("{what} unexpectedly asked for MFA")))
}

/// The token of the verification email sent to the demo user.
fn verification_token(emulator: &EmulatorHandle) -> Result<String, CliError> {
    emulator
        .outbox()
        .into_iter()
        .rev()
        .find(|mail| mail.to == USER_EMAIL && mail.kind == "verify_email")
        .map(|mail| mail.token)
        .ok_or_else(|| CliError::Check("no verification email in the outbox".to_owned()))
}

/// The TOTP code of `secret` now.
fn current_code(secret: &str) -> Result<String, CliError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    inai_auth_core::totp::code(secret, now)
        .map_err(|_| CliError::Check("the MFA secret is not base32".to_owned()))
}

/// Adds the AuthObject's fields to the step's lines.
fn push_auth(lines: &mut Vec<String>, auth: &inai_auth_verify::AuthObject) {
    for (label, value) in render::auth_rows(auth, OffsetDateTime::now_utc()) {
        lines.push(format!("  {label:<13} {value}"));
    }
}

/// Rotates the emulator's signing key, gets a token signed with the new key
/// and verifies it with the same verifier (which fetches the new key set).
fn rotate_and_verify(
    emulator: &EmulatorHandle,
    client: &Client,
    verifier: &Verifier,
    tokens: TokenPair,
    lines: &mut Vec<String>,
) -> Result<TokenPair, CliError> {
    let old_kid = key_id(&tokens.access_token)?;
    let new_kid = emulator.rotate_keys(false);
    lines.push(format!("signing key rotated: {old_kid} -> {new_kid}"));
    let pair = client.refresh(Refresh::new(tokens.refresh_token))?;
    let signed_with = key_id(&pair.access_token)?;
    if signed_with != new_kid {
        return Err(CliError::Check(format!(
            "the new token is signed with {signed_with}, not the new key {new_kid}"
        )));
    }
    verifier.verify(pair.access_token.expose_secret())?;
    lines.push(format!(
        "a token signed with {new_kid} verifies: the verifier fetched the new key set"
    ));
    verifier.verify(tokens.access_token.expose_secret())?;
    lines.push(format!(
        "a token signed before the rotation still verifies ({old_kid} stays in the JWKS)"
    ));
    Ok(pair)
}

/// The key id a token's header names, read without verifying the token.
fn key_id(token: &AccessToken) -> Result<String, CliError> {
    inai_auth_verify::key_id_unverified(token.expose_secret())
        .map_err(|e| CliError::MalformedToken(e.to_string()))?
        .ok_or_else(|| CliError::Check("the token's header names no key".to_owned()))
}
