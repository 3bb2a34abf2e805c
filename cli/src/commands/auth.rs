//! `inai login`, `me`, `refresh` and `logout`.

use inai_auth_core::models::{LoginResult, TokenPair};
use inai_auth_core::ops::{
    GetMe, Login, Logout, MfaChallenge, PlatformGetMe, PlatformLogin, PlatformLogout,
    PlatformMfaChallenge,
};
use inai_auth_core::secret::PublishableKey;
use inai_auth_core::{DEFAULT_BASE_URL, InAIAuthError};
use serde_json::{Value, json};

use crate::args::{LoginArgs, RefreshArgs, SessionArgs, StatusArgs};
use crate::context::Context;
use crate::error::CliError;
use crate::progress;
use crate::prompt::{self, SecretSource};
use crate::render;
use crate::store::{SessionKind, StoredSession};

/// `inai login`.
///
/// # Errors
/// Missing input, the API's refusal, network and store errors.
pub(crate) fn login(ctx: &Context, args: &LoginArgs) -> Result<(), CliError> {
    let kind = SessionKind::from_platform_flag(args.platform);
    let store = ctx.store()?;
    let credentials = store.load()?;
    let profile = ctx.profile(&credentials, true)?;
    let existing = credentials.profile(&profile);
    let api_url = match (ctx.asked_api_url(), existing) {
        (Some(asked), _) => ctx.config(asked, None)?.base_url().to_owned(),
        (None, Some(existing)) => existing.api_url.clone(),
        (None, None) => DEFAULT_BASE_URL.to_owned(),
    };
    if let Some(existing) = existing.filter(|p| p.api_url != api_url) {
        return Err(CliError::OtherServer {
            stored: existing.api_url.clone(),
            asked: api_url,
        });
    }
    let previous = credentials.get(&profile, kind);
    let key = match kind {
        SessionKind::Platform => None,
        SessionKind::App => ctx.asked_publishable_key().map(str::to_owned).or_else(|| {
            previous
                .and_then(|s| s.publishable_key.as_ref())
                .map(|k| k.expose_secret().to_owned())
        }),
    };
    let config = ctx.config(&api_url, key.as_deref())?;
    let client = ctx.client(config.clone())?;

    let email = match &args.email {
        Some(email) => email.clone(),
        None => prompt::visible("email", "pass --email or set INAI_EMAIL")?,
    };
    let password = prompt::secret(SecretSource {
        stdin: args.password_stdin,
        env: "INAI_PASSWORD",
        prompt: "password",
        how: "set INAI_PASSWORD or pass --password-stdin",
    })?;

    let (tokens, user_id) = match kind {
        SessionKind::App => {
            let result = progress::wait(&ctx.out, "login", || {
                client.login(Login::new(email.as_str(), password))
            })?;
            match result {
                LoginResult::Complete { tokens, user } => (tokens, user.map(|u| u.id)),
                LoginResult::MfaRequired { mfa_token } => {
                    let code = mfa_code(ctx, args)?;
                    let grant = progress::wait(&ctx.out, "mfa challenge", || {
                        client.mfa_challenge(MfaChallenge::new(mfa_token, code))
                    })?;
                    (grant.tokens, grant.user.map(|u| u.id))
                }
            }
        }
        SessionKind::Platform => {
            let result = progress::wait(&ctx.out, "login", || {
                client.platform_login(PlatformLogin::new(email.as_str(), password))
            })?;
            match result {
                LoginResult::Complete { tokens, user } => (tokens, user.map(|u| u.id)),
                LoginResult::MfaRequired { mfa_token } => {
                    let code = mfa_code(ctx, args)?;
                    let grant = progress::wait(&ctx.out, "mfa challenge", || {
                        client.platform_mfa_challenge(PlatformMfaChallenge::new(mfa_token, code))
                    })?;
                    (grant.tokens, grant.user.map(|u| u.id))
                }
            }
        }
    };

    let session = StoredSession {
        api_url: config.base_url().to_owned(),
        publishable_key: key.map(PublishableKey::new),
        email: email.trim().to_owned(),
        user_id,
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token.clone(),
    };
    store.update(|credentials| {
        credentials.set(&profile, kind, Some(session.clone()));
        credentials.current = Some(profile.clone());
        Ok::<_, CliError>(())
    })?;

    if ctx.out.is_json() {
        let mut value = json!({
            "logged_in": true,
            "kind": kind.name(),
            "email": session.email,
            "user_id": session.user_id,
            "api_url": session.api_url,
            "profile": profile,
            "expires_in": tokens.expires_in,
        });
        add_tokens(&mut value, &tokens, args.show_tokens);
        ctx.out.json(&value)?;
    } else {
        ctx.out.line(format_args!(
            "logged in as {} ({} user) at {}",
            session.email,
            kind.name(),
            session.api_url
        ))?;
        ctx.out.line(format_args!(
            "access token valid for {} s; session saved in {} (profile {profile})",
            tokens.expires_in,
            store.path().display()
        ))?;
        print_tokens(ctx, &tokens, args.show_tokens)?;
    }
    Ok(())
}

/// The MFA code: the flag, else a prompt.
fn mfa_code(ctx: &Context, args: &LoginArgs) -> Result<String, CliError> {
    if let Some(code) = &args.mfa_code {
        return Ok(code.trim().to_owned());
    }
    ctx.out.note("this account has MFA on");
    prompt::visible(
        "MFA code",
        "this account has MFA on: pass --mfa-code with the current code",
    )
}

/// Adds the tokens to a `--json` answer when asked to.
fn add_tokens(value: &mut Value, tokens: &TokenPair, show: bool) {
    if let (true, Some(map)) = (show, value.as_object_mut()) {
        map.insert(
            "access_token".to_owned(),
            json!(tokens.access_token.expose_secret()),
        );
        map.insert(
            "refresh_token".to_owned(),
            json!(tokens.refresh_token.expose_secret()),
        );
    }
}

/// Prints the tokens when asked to (human output).
fn print_tokens(ctx: &Context, tokens: &TokenPair, show: bool) -> Result<(), CliError> {
    if show {
        ctx.out.fields(&[
            (
                "access token",
                tokens.access_token.expose_secret().to_owned(),
            ),
            (
                "refresh token",
                tokens.refresh_token.expose_secret().to_owned(),
            ),
        ])?;
    }
    Ok(())
}

/// `inai me`.
///
/// # Errors
/// Not logged in, the API's refusal, network and store errors.
pub(crate) fn me(ctx: &Context, args: &SessionArgs) -> Result<(), CliError> {
    let kind = SessionKind::from_platform_flag(args.platform);
    let active = ctx.active_session(kind)?;
    let token = active.session.access_token.clone();
    match kind {
        SessionKind::App => {
            let user = progress::wait(&ctx.out, "me", || active.client.get_me(GetMe::new(token)))?;
            if ctx.out.is_json() {
                ctx.out
                    .json(&serde_json::to_value(&user).map_err(std::io::Error::other)?)?;
            } else {
                ctx.out.fields(&render::user_rows(&user))?;
            }
        }
        SessionKind::Platform => {
            let user = progress::wait(&ctx.out, "me", || {
                active.client.platform_get_me(PlatformGetMe::new(token))
            })?;
            if ctx.out.is_json() {
                ctx.out
                    .json(&serde_json::to_value(&user).map_err(std::io::Error::other)?)?;
            } else {
                ctx.out.fields(&render::platform_user_rows(&user))?;
            }
        }
    }
    Ok(())
}

/// `inai refresh`.
///
/// # Errors
/// Not logged in, the API's refusal, network and store errors.
pub(crate) fn refresh(ctx: &Context, args: &RefreshArgs) -> Result<(), CliError> {
    let kind = SessionKind::from_platform_flag(args.platform);
    let mut active = ctx.stored_session(kind)?;
    ctx.refresh_session(&mut active, false)?;
    let claims =
        inai_auth_verify::decode_claims_unverified(active.session.access_token.expose_secret())
            .ok();
    let expires = claims.as_ref().map(|c| c.exp);
    let pair = TokenPair::new(
        active.session.access_token.clone(),
        active.session.refresh_token.clone(),
        0,
    );
    if ctx.out.is_json() {
        let mut value = json!({
            "refreshed": true,
            "kind": kind.name(),
            "expires_at": expires.map(render::time),
        });
        add_tokens(&mut value, &pair, args.show_tokens);
        ctx.out.json(&value)?;
    } else {
        let when = expires.map_or_else(
            || "unknown".to_owned(),
            |at| {
                format!(
                    "{} ({})",
                    render::time(at),
                    render::relative(at, time::OffsetDateTime::now_utc())
                )
            },
        );
        ctx.out.line(format_args!(
            "refreshed the {} session; the new access token expires {when}",
            kind.name()
        ))?;
        print_tokens(ctx, &pair, args.show_tokens)?;
    }
    Ok(())
}

/// `inai logout`: revokes the session on the server, then forgets it here
/// whatever the server said.
///
/// # Errors
/// Not logged in and store errors; the server's error when it could not be
/// told (the session is forgotten here all the same).
pub(crate) fn logout(ctx: &Context, args: &SessionArgs) -> Result<(), CliError> {
    let kind = SessionKind::from_platform_flag(args.platform);
    let mut active = ctx.stored_session(kind)?;
    if kind == SessionKind::Platform && crate::context::is_due(&active.session) {
        // Platform logout is authorised by the access token: renew an
        // expired one first, if the refresh token still works.
        let _ = ctx.refresh_session(&mut active, true);
    }
    let session = active.session.clone();
    let outcome = progress::wait(&ctx.out, "logout", || match kind {
        SessionKind::App => active
            .client
            .logout(Logout::new(session.refresh_token.clone()))
            .map(drop),
        SessionKind::Platform => active
            .client
            .platform_logout(PlatformLogout::new(session.access_token.clone()))
            .map(drop),
    });
    active.forget()?;
    let server = match outcome {
        Ok(()) => "revoked",
        Err(InAIAuthError::Api(e)) if e.status().as_u16() == 401 => "already ended",
        Err(error) => {
            ctx.out.note(format_args!(
                "forgot the {} session here, but the server could not be told",
                kind.name()
            ));
            return Err(error.into());
        }
    };
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "logged_out": true,
            "kind": kind.name(),
            "email": session.email,
            "server_session": server,
        }))?;
    } else {
        ctx.out.line(format_args!(
            "logged out {} ({} user); server session {server}",
            session.email,
            kind.name()
        ))?;
    }
    Ok(())
}

/// `inai auth status`: the profile's sessions, read from the store (no
/// request is sent).
///
/// # Errors
/// An unknown profile, no session of the asked kinds, store errors.
pub(crate) fn status(ctx: &Context, args: &StatusArgs) -> Result<(), CliError> {
    let store = ctx.store()?;
    let credentials = store.load()?;
    let profile = ctx.profile(&credentials, false)?;
    let kinds = match (args.app, args.platform) {
        (true, _) => vec![SessionKind::App],
        (_, true) => vec![SessionKind::Platform],
        _ => vec![SessionKind::App, SessionKind::Platform],
    };
    let sessions: Vec<(SessionKind, &StoredSession)> = kinds
        .iter()
        .filter_map(|&kind| credentials.get(&profile, kind).map(|s| (kind, s)))
        .collect();
    let Some(&(_, first)) = sessions.first() else {
        return Err(CliError::NotLoggedIn {
            kind: kinds.last().copied().unwrap_or(SessionKind::App),
            profile,
        });
    };
    let now = time::OffsetDateTime::now_utc();
    let expiry = |session: &StoredSession| {
        inai_auth_verify::decode_claims_unverified(session.access_token.expose_secret())
            .ok()
            .map(|claims| claims.exp)
    };
    if ctx.out.is_json() {
        let rows: Vec<Value> = sessions
            .iter()
            .map(|(kind, session)| {
                let exp = expiry(session);
                json!({
                    "kind": kind.name(),
                    "email": session.email,
                    "user_id": session.user_id,
                    "api_url": session.api_url,
                    "expires_at": exp.map(render::time),
                    "expired": exp.is_none_or(|at| now >= at),
                })
            })
            .collect();
        ctx.out.json(&json!({
            "profile": profile,
            "api_url": first.api_url,
            "store": store.path(),
            "sessions": rows,
            "profiles": credentials.names(),
        }))?;
        return Ok(());
    }
    ctx.out.fields(&[
        ("profile", profile.clone()),
        ("server", first.api_url.clone()),
        ("store", store.path().display().to_string()),
    ])?;
    for (kind, session) in &sessions {
        let expires = expiry(session).map_or_else(
            || "unknown".to_owned(),
            |at| {
                let state = if now >= at { "expired" } else { "expires" };
                format!(
                    "{state} {} ({})",
                    render::time(at),
                    render::relative(at, now)
                )
            },
        );
        ctx.out.line(format_args!("{} session:", kind.name()))?;
        ctx.out.fields(&[
            (
                "  user",
                format!(
                    "{} ({})",
                    session.email,
                    render::or_dash(session.user_id.as_deref())
                ),
            ),
            ("  access token", expires),
        ])?;
    }
    let others: Vec<String> = credentials
        .names()
        .into_iter()
        .filter(|name| *name != profile)
        .collect();
    if !others.is_empty() {
        ctx.out
            .line(format_args!("other profiles: {}", others.join(", ")))?;
    }
    Ok(())
}

/// `inai auth token`: prints a valid access token of the stored session,
/// refreshing it first when it expires within 30 s.
///
/// # Errors
/// Not logged in, the refresh's errors, store errors.
pub(crate) fn token(ctx: &Context, args: &SessionArgs) -> Result<(), CliError> {
    let kind = SessionKind::from_platform_flag(args.platform);
    let active = ctx.active_session(kind)?;
    let token = active.session.access_token.expose_secret();
    if ctx.out.is_json() {
        ctx.out
            .json(&json!({ "access_token": token, "kind": kind.name() }))?;
    } else {
        ctx.out.line(token)?;
    }
    Ok(())
}
