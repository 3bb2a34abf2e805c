//! `inai verify` and `inai decode`.

use std::time::Duration;

use inai_auth_blocking::Verifier;
use inai_auth_verify::{MAX_LEEWAY, Validation, VerifyError};
use serde_json::json;
use time::OffsetDateTime;

use crate::args::{DecodeArgs, VerifyArgs};
use crate::context::Context;
use crate::error::CliError;
use crate::progress;
use crate::prompt;
use crate::render;
use crate::store::SessionKind;

/// The token to work on: the argument, stdin for `-`, else the stored
/// session's access token. Also says which stored session was used.
fn token_argument(
    ctx: &Context,
    token: Option<&str>,
    platform: bool,
) -> Result<(String, Option<String>), CliError> {
    match token {
        Some("-") => Ok((prompt::read_stdin_line()?.trim().to_owned(), None)),
        Some(token) => Ok((token.trim().to_owned(), None)),
        None => {
            let kind = SessionKind::from_platform_flag(platform);
            let active = ctx.stored_session(kind)?;
            Ok((
                active.session.access_token.expose_secret().to_owned(),
                Some(active.session.api_url.clone()),
            ))
        }
    }
}

/// `inai verify`: exit 0 when the token is valid, 1 with the reason when not,
/// 3 when the signing keys cannot be fetched.
///
/// # Errors
/// [`CliError::InvalidToken`] with the reason, usage, store and network errors.
pub(crate) fn verify(ctx: &Context, args: &VerifyArgs) -> Result<(), CliError> {
    let leeway = Duration::from_secs(args.leeway);
    if leeway > MAX_LEEWAY {
        return Err(CliError::Usage(format!(
            "--leeway may be at most {} seconds",
            MAX_LEEWAY.as_secs()
        )));
    }
    let (token, session_url) = token_argument(ctx, args.token.as_deref(), args.platform)?;
    let jwks_url = match &args.jwks_url {
        Some(url) => url.clone(),
        None => {
            let base = ctx
                .asked_api_url()
                .map(str::to_owned)
                .or(session_url)
                .unwrap_or_else(|| inai_auth_core::DEFAULT_BASE_URL.to_owned());
            ctx.config(&base, None)?.jwks_url()
        }
    };
    let verifier = Verifier::builder(jwks_url.as_str())
        .validation(Validation::default().with_leeway(leeway))
        .build()?;
    let auth = match progress::wait(&ctx.out, "fetching signing keys", || {
        verifier.verify(&token)
    }) {
        Ok(auth) => auth,
        Err(VerifyError::KeysUnavailable) => {
            return Err(CliError::KeysUnavailable { jwks_url });
        }
        Err(error) => return Err(error.into()),
    };
    let claims = render::claims_json(auth.claims());
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "valid": true,
            "jwks_url": jwks_url,
            "auth": render::auth_json(&auth),
            "claims": claims,
        }))?;
    } else {
        ctx.out.line(format_args!(
            "valid token: signature checked against {jwks_url}"
        ))?;
        ctx.out
            .fields(&render::auth_rows(&auth, OffsetDateTime::now_utc()))?;
        ctx.out.line("claims:")?;
        ctx.out.json(&claims)?;
    }
    Ok(())
}

/// `inai decode`: the header and payload, unverified, and said so.
///
/// # Errors
/// [`CliError::MalformedToken`] when the token cannot be decoded; usage and
/// store errors.
pub(crate) fn decode(ctx: &Context, args: &DecodeArgs) -> Result<(), CliError> {
    let (token, _) = token_argument(ctx, args.token.as_deref(), args.platform)?;
    let claims = inai_auth_verify::decode_claims_unverified(&token)
        .map_err(|e| CliError::MalformedToken(e.to_string()))?;
    let kid = inai_auth_verify::key_id_unverified(&token)
        .map_err(|e| CliError::MalformedToken(e.to_string()))?;
    // The verifier's form rules admit ES256 headers only.
    let header = json!({ "alg": "ES256", "kid": kid });
    let payload = render::claims_json(&claims);
    let now = OffsetDateTime::now_utc();
    let exp = claims.exp;
    if ctx.out.is_json() {
        ctx.out.json(&json!({
            "verified": false,
            "header": header,
            "payload": payload,
            "expired": now >= exp,
        }))?;
    } else {
        ctx.out.line(
            "NOT VERIFIED: decoded without checking the signature or the expiry \
             (use `inai verify` to check it)",
        )?;
        ctx.out.line("header:")?;
        ctx.out.json(&header)?;
        ctx.out.line("payload:")?;
        ctx.out.json(&payload)?;
        let state = if now >= exp { "expired" } else { "expires" };
        let expiry = format!(
            "{state} {} ({})",
            render::time(exp),
            render::relative(exp, now)
        );
        ctx.out.line(expiry)?;
    }
    Ok(())
}
