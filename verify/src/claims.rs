//! The claims of an InAI token, typed.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, Serializer};
use time::OffsetDateTime;

use crate::error::{ClaimProblem, VerifyError};
use crate::json::{Object, Value};

/// Whose token it is: an application's end user or a platform (dashboard) user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType {
    /// `"app_user"`: a user of one application.
    AppUser,
    /// `"platform"`: a user of the InAI platform itself.
    Platform,
}

impl TokenType {
    /// The claim's wire value: `app_user` or `platform`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AppUser => "app_user",
            Self::Platform => "platform",
        }
    }

    fn from_wire(s: &str) -> Option<Self> {
        match s {
            "app_user" => Some(Self::AppUser),
            "platform" => Some(Self::Platform),
            _ => None,
        }
    }
}

/// The claims of an InAI access token (the `JWTClaims` shape).
///
/// Required: `sub`, `type`, `tenant_id`, `email`, `exp`. Lists are empty when
/// absent; optional strings are `None` when absent or `null`. Claims of other
/// names (such as `jti`) are kept, unchanged, in [`extra`](Self::extra).
/// Obtained from [`crate::verify_token`] (verified) or
/// [`crate::decode_claims_unverified`] (not verified).
///
/// Serializes back to the JWT payload shape: the wire names, times as Unix
/// seconds, `None` members left out, then the extra claims.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Claims {
    /// `sub`: the user id.
    pub sub: String,
    /// `type`: app user or platform user.
    pub token_type: TokenType,
    /// `tenant_id`.
    pub tenant_id: String,
    /// `env_id`, the application environment.
    pub env_id: Option<String>,
    /// `app_id`, the application.
    pub app_id: Option<String>,
    /// `email`.
    pub email: String,
    /// `roles`, empty when absent.
    pub roles: Vec<String>,
    /// `permissions`, empty when absent.
    pub permissions: Vec<String>,
    /// `org_id`, the active organization.
    pub org_id: Option<String>,
    /// `org_slug`.
    pub org_slug: Option<String>,
    /// `org_role`, the user's role in the active organization.
    pub org_role: Option<String>,
    /// `org_permissions`, empty when absent.
    pub org_permissions: Vec<String>,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `iat`, when the token was issued.
    pub iat: Option<OffsetDateTime>,
    /// `nbf`, when the token becomes valid.
    pub nbf: Option<OffsetDateTime>,
    /// `exp`, when the token expires.
    pub exp: OffsetDateTime,
    /// Every other claim of the payload, as it was sent.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The claims [`Claims`] has a field for, by wire name.
const KNOWN_CLAIMS: [&str; 16] = [
    "sub",
    "type",
    "tenant_id",
    "env_id",
    "app_id",
    "email",
    "roles",
    "permissions",
    "org_id",
    "org_slug",
    "org_role",
    "org_permissions",
    "external_id",
    "iat",
    "nbf",
    "exp",
];

/// Earliest and latest accepted time claims: years 0 to 9999.
const MIN_TIME: f64 = -62_167_219_200.0;
const MAX_TIME: f64 = 253_402_300_799.0;

impl Claims {
    /// Claims with the required members and nothing else (lists empty,
    /// options `None`), for building an [`crate::AuthObject`] in tests; set
    /// the public fields for the rest.
    #[must_use]
    pub fn new(
        sub: impl Into<String>,
        token_type: TokenType,
        tenant_id: impl Into<String>,
        email: impl Into<String>,
        exp: OffsetDateTime,
    ) -> Self {
        Self {
            sub: sub.into(),
            token_type,
            tenant_id: tenant_id.into(),
            env_id: None,
            app_id: None,
            email: email.into(),
            roles: Vec::new(),
            permissions: Vec::new(),
            org_id: None,
            org_slug: None,
            org_role: None,
            org_permissions: Vec::new(),
            external_id: None,
            iat: None,
            nbf: None,
            exp,
            extra: serde_json::Map::new(),
        }
    }

    /// Reads the claims from a parsed payload object, checking types only.
    pub(crate) fn from_object(mut o: Object<'_>) -> Result<Self, VerifyError> {
        let kind = required_string(&mut o, "type")?;
        let token_type = TokenType::from_wire(&kind).ok_or(VerifyError::InvalidClaim {
            claim: "type",
            problem: ClaimProblem::UnknownValue,
        })?;
        Ok(Self {
            exp: time_claim(&o, "exp")?.ok_or(invalid("exp", ClaimProblem::Missing))?,
            nbf: time_claim(&o, "nbf")?,
            iat: time_claim(&o, "iat")?,
            sub: required_string(&mut o, "sub")?,
            token_type,
            tenant_id: required_string(&mut o, "tenant_id")?,
            env_id: optional_string(&mut o, "env_id")?,
            app_id: optional_string(&mut o, "app_id")?,
            email: required_string(&mut o, "email")?,
            roles: list(&mut o, "roles")?,
            permissions: list(&mut o, "permissions")?,
            org_id: optional_string(&mut o, "org_id")?,
            org_slug: optional_string(&mut o, "org_slug")?,
            org_role: optional_string(&mut o, "org_role")?,
            org_permissions: list(&mut o, "org_permissions")?,
            external_id: optional_string(&mut o, "external_id")?,
            extra: o.into_json_map(&KNOWN_CLAIMS),
        })
    }
}

impl Serialize for Claims {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("sub", &self.sub)?;
        map.serialize_entry("type", self.token_type.as_str())?;
        map.serialize_entry("tenant_id", &self.tenant_id)?;
        let optional = [
            ("env_id", &self.env_id),
            ("app_id", &self.app_id),
            ("org_id", &self.org_id),
            ("org_slug", &self.org_slug),
            ("org_role", &self.org_role),
            ("external_id", &self.external_id),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                map.serialize_entry(name, value)?;
            }
        }
        map.serialize_entry("email", &self.email)?;
        map.serialize_entry("roles", &self.roles)?;
        map.serialize_entry("permissions", &self.permissions)?;
        map.serialize_entry("org_permissions", &self.org_permissions)?;
        for (name, time) in [
            ("iat", self.iat),
            ("nbf", self.nbf),
            ("exp", Some(self.exp)),
        ] {
            if let Some(time) = time {
                map.serialize_entry(name, &time_to_seconds(time))?;
            }
        }
        for (name, value) in &self.extra {
            // A known name in `extra` (possible only when set by hand) would
            // make a duplicate member, which a strict reader refuses.
            if !KNOWN_CLAIMS.contains(&name.as_str()) {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// A NumericDate: whole seconds as an integer, otherwise a fraction.
fn time_to_seconds(time: OffsetDateTime) -> serde_json::Number {
    let nanos = time.unix_timestamp_nanos();
    if nanos % 1_000_000_000 == 0 {
        serde_json::Number::from(time.unix_timestamp())
    } else {
        #[allow(clippy::cast_precision_loss)]
        let seconds = nanos as f64 / 1e9;
        serde_json::Number::from_f64(seconds).unwrap_or_else(|| time.unix_timestamp().into())
    }
}

fn invalid(claim: &'static str, problem: ClaimProblem) -> VerifyError {
    VerifyError::InvalidClaim { claim, problem }
}

fn required_string(o: &mut Object<'_>, claim: &'static str) -> Result<String, VerifyError> {
    optional_string(o, claim)?.ok_or(invalid(claim, ClaimProblem::Missing))
}

fn optional_string(o: &mut Object<'_>, claim: &'static str) -> Result<Option<String>, VerifyError> {
    match o.take(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.into_owned())),
        Some(_) => Err(invalid(claim, ClaimProblem::WrongType)),
    }
}

fn list(o: &mut Object<'_>, claim: &'static str) -> Result<Vec<String>, VerifyError> {
    match o.take(claim) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(value) => value
            .into_strings()
            .map(|items| items.into_iter().map(Cow::into_owned).collect())
            .ok_or(invalid(claim, ClaimProblem::WrongType)),
    }
}

/// A NumericDate claim: a finite JSON number of seconds, fractions allowed.
fn time_claim(o: &Object<'_>, claim: &'static str) -> Result<Option<OffsetDateTime>, VerifyError> {
    match o.get(claim) {
        None => Ok(None),
        Some(Value::Number(seconds)) => seconds
            .as_f64()
            .and_then(seconds_to_time)
            .map(Some)
            .ok_or(invalid(claim, ClaimProblem::OutOfRange)),
        Some(_) => Err(invalid(claim, ClaimProblem::WrongType)),
    }
}

/// Converts Unix seconds to a time, `None` when not finite or outside years 0 to 9999.
pub(crate) fn seconds_to_time(seconds: f64) -> Option<OffsetDateTime> {
    if !seconds.is_finite() || !(MIN_TIME..=MAX_TIME).contains(&seconds) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let nanos = (seconds * 1e9).round() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn parse(json: &str) -> Result<Claims, VerifyError> {
        Claims::from_object(Object::parse(json.as_bytes()).unwrap())
    }

    const BASE: &str =
        r#""sub":"u1","type":"app_user","tenant_id":"t1","email":"a@b.c","exp":1700000000"#;

    #[test]
    fn reads_the_documented_shape() {
        let c = parse(&format!(
            r#"{{{BASE},"roles":["admin"],"env_id":null,"app_id":"a1","iat":1699999999.5,"org_permissions":["x"]}}"#
        ))
        .unwrap();
        assert_eq!(c.sub, "u1");
        assert_eq!(c.token_type, TokenType::AppUser);
        assert_eq!(c.roles, ["admin"]);
        assert!(c.permissions.is_empty());
        assert_eq!(c.env_id, None);
        assert_eq!(c.app_id.as_deref(), Some("a1"));
        assert_eq!(c.org_permissions, ["x"]);
        assert_eq!(c.exp.unix_timestamp(), 1_700_000_000);
        assert_eq!(
            c.iat.unwrap().unix_timestamp_nanos(),
            1_699_999_999_500_000_000
        );
    }

    #[test]
    fn unknown_claims_are_kept_exactly_and_serialize_back() {
        let payload = format!(
            r#"{{{BASE},"jti":"j-1","big":18446744073709551615,"flag":false,"nested":{{"a":[1,2.5,null]}},"iat":1699999999.5,"org_id":"o1"}}"#
        );
        let claims = parse(&payload).unwrap();
        assert_eq!(claims.extra.len(), 4, "{:?}", claims.extra);
        assert_eq!(claims.extra["jti"], "j-1");
        assert_eq!(claims.extra["big"].as_u64(), Some(u64::MAX));
        assert_eq!(claims.extra["flag"], false);
        assert_eq!(
            claims.extra["nested"],
            serde_json::json!({"a": [1, 2.5, null]})
        );

        let written = serde_json::to_string(&claims).unwrap();
        let again = parse(&written).unwrap();
        assert_eq!(again, claims, "{written}");
        let as_value: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(as_value["exp"], 1_700_000_000);
        assert_eq!(as_value["iat"], 1_699_999_999.5);
        assert_eq!(as_value["type"], "app_user");
        assert!(as_value.get("env_id").is_none());
    }

    #[test]
    fn type_errors_name_the_claim() {
        let cases = [
            (
                r#"{"sub":"u","type":"app_user","tenant_id":"t","email":"e"}"#,
                "exp",
                ClaimProblem::Missing,
            ),
            (
                &format!(r#"{{{BASE},"roles":"admin"}}"#),
                "roles",
                ClaimProblem::WrongType,
            ),
            (
                &format!(r#"{{{BASE},"roles":["a",1]}}"#),
                "roles",
                ClaimProblem::WrongType,
            ),
            (
                &format!(r#"{{{BASE},"nbf":"1"}}"#),
                "nbf",
                ClaimProblem::WrongType,
            ),
            (
                &format!(r#"{{{BASE},"iat":1e300}}"#),
                "iat",
                ClaimProblem::OutOfRange,
            ),
            (
                r#"{"sub":"u","type":"admin","tenant_id":"t","email":"e","exp":1}"#,
                "type",
                ClaimProblem::UnknownValue,
            ),
            (
                r#"{"sub":7,"type":"platform","tenant_id":"t","email":"e","exp":1}"#,
                "sub",
                ClaimProblem::WrongType,
            ),
        ];
        for (json, claim, problem) in cases {
            assert_eq!(
                parse(json).unwrap_err(),
                VerifyError::InvalidClaim { claim, problem },
                "{json}"
            );
        }
    }
}
