//! How models, claims and times look: label/value rows for people, JSON
//! values for `--json`.

use inai_auth_core::models::{Application, PlatformUser, User};
use inai_auth_verify::{AuthObject, Claims};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An RFC 3339 time, or the Unix seconds when it cannot be formatted.
#[must_use]
pub(crate) fn time(at: OffsetDateTime) -> String {
    at.format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// `in 14 min 58 s` or `3 min 2 s ago`, from `now`.
#[must_use]
pub(crate) fn relative(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let seconds = (at - now).whole_seconds();
    let span = span(seconds.unsigned_abs());
    if seconds >= 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

fn span(seconds: u64) -> String {
    let (days, hours, minutes, secs) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs} s"),
        (0, 0, _) => format!("{minutes} min {secs} s"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// `yes` or `no`.
#[must_use]
pub(crate) fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// The text of an optional value, `-` when absent.
#[must_use]
pub(crate) fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_owned()
}

/// A list as `a, b`, `-` when empty.
#[must_use]
pub(crate) fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(", ")
    }
}

/// A person's name from optional parts, `-` when neither is set.
fn name(first: Option<&str>, last: Option<&str>) -> String {
    let joined = [first, last]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        "-".to_owned()
    } else {
        joined
    }
}

/// The rows of an app user.
#[must_use]
pub(crate) fn user_rows(user: &User) -> Vec<(&'static str, String)> {
    vec![
        ("id", user.id.clone()),
        ("email", user.email.clone()),
        (
            "name",
            name(user.first_name.as_deref(), user.last_name.as_deref()),
        ),
        ("email verified", yes_no(user.email_verified)),
        ("mfa", yes_no(user.mfa_enabled)),
        ("active", yes_no(user.is_active)),
        ("roles", list(&user.roles)),
        ("created", user.created_at.as_str().to_owned()),
        (
            "last login",
            or_dash(user.last_login_at.as_ref().map(|t| t.as_str())),
        ),
    ]
}

/// The rows of a platform user.
#[must_use]
pub(crate) fn platform_user_rows(user: &PlatformUser) -> Vec<(&'static str, String)> {
    vec![
        ("id", user.id.clone()),
        ("email", user.email.clone()),
        (
            "name",
            name(user.first_name.as_deref(), user.last_name.as_deref()),
        ),
        (
            "tenant",
            user.tenant.as_ref().map_or_else(
                || or_dash(user.tenant_id.as_deref()),
                |t| format!("{} ({}, plan {})", t.name, t.id, t.plan),
            ),
        ),
        ("roles", list(&user.roles)),
        ("created", user.created_at.as_str().to_owned()),
    ]
}

/// The rows of an application (its environments go in a table).
#[must_use]
pub(crate) fn application_rows(app: &Application) -> Vec<(&'static str, String)> {
    vec![
        ("id", app.id.clone()),
        ("name", app.name.clone()),
        ("slug", app.slug.clone()),
        ("domain", or_dash(app.domain.as_deref())),
        ("active", yes_no(app.is_active)),
        ("created", app.created_at.as_str().to_owned()),
    ]
}

/// The environments of an application as table rows: id, name,
/// publishable key, active.
#[must_use]
pub(crate) fn environment_table(app: &Application) -> Vec<Vec<String>> {
    app.environments
        .iter()
        .map(|env| {
            vec![
                env.id.clone(),
                env.name.clone(),
                env.publishable_key.expose_secret().to_owned(),
                yes_no(env.is_active),
            ]
        })
        .collect()
}

/// Claims in their wire shape (`JWTClaims`), times as Unix seconds.
#[must_use]
pub(crate) fn claims_json(claims: &Claims) -> Value {
    let seconds = |t: Option<OffsetDateTime>| t.map(|t| t.unix_timestamp());
    json!({
        "sub": claims.sub,
        "type": claims.token_type.as_str(),
        "tenant_id": claims.tenant_id,
        "app_id": claims.app_id,
        "env_id": claims.env_id,
        "email": claims.email,
        "roles": claims.roles,
        "permissions": claims.permissions,
        "org_id": claims.org_id,
        "org_slug": claims.org_slug,
        "org_role": claims.org_role,
        "org_permissions": claims.org_permissions,
        "external_id": claims.external_id,
        "iat": seconds(claims.iat),
        "nbf": seconds(claims.nbf),
        "exp": claims.exp.unix_timestamp(),
    })
}

/// An identity in the reference SDK's `AuthObject` shape (without the
/// token).
#[must_use]
pub(crate) fn auth_json(auth: &AuthObject) -> Value {
    json!({
        "userId": auth.user_id(),
        "tenantId": auth.tenant_id(),
        "appId": auth.app_id(),
        "envId": auth.env_id(),
        "orgId": auth.org_id(),
        "orgRole": auth.org_role(),
        "sessionId": auth.session_id(),
        "roles": auth.roles(),
        "permissions": auth.permissions(),
    })
}

/// The rows of an identity, with its expiry relative to `now`.
#[must_use]
pub(crate) fn auth_rows(auth: &AuthObject, now: OffsetDateTime) -> Vec<(&'static str, String)> {
    let claims = auth.claims();
    vec![
        ("user", format!("{} <{}>", auth.user_id(), claims.email)),
        ("type", claims.token_type.as_str().to_owned()),
        ("tenant", auth.tenant_id().to_owned()),
        ("application", or_dash(auth.app_id())),
        ("environment", or_dash(auth.env_id())),
        ("organization", or_dash(auth.org_id())),
        ("roles", list(auth.roles())),
        ("permissions", list(auth.permissions())),
        (
            "expires",
            format!("{} ({})", time(claims.exp), relative(claims.exp, now)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn relative_times_read_naturally() {
        let now = datetime!(2026-01-01 12:00 UTC);
        assert_eq!(
            relative(datetime!(2026-01-01 12:14:58 UTC), now),
            "in 14 min 58 s"
        );
        assert_eq!(relative(datetime!(2026-01-01 11:59:57 UTC), now), "3 s ago");
        assert_eq!(
            relative(datetime!(2026-01-01 14:30 UTC), now),
            "in 2 h 30 min"
        );
        assert_eq!(relative(datetime!(2026-01-03 13:00 UTC), now), "in 2 d 1 h");
    }

    #[test]
    fn times_are_rfc_3339() {
        assert_eq!(
            time(datetime!(2026-01-01 12:00 UTC)),
            "2026-01-01T12:00:00Z"
        );
    }
}
