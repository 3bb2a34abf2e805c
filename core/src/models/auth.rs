//! Token pairs and the answers of login, registration and MFA challenge.

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::{PlatformUser, TenantSummary, User};
use crate::secret::{AccessToken, MfaToken, RefreshToken};

/// An access token with the refresh token that renews it (`TokenPair`): the
/// answer of refresh and set-active-organization, and the core of every
/// completed login.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TokenPair {
    /// The access token, sent as `Authorization: Bearer` on later requests.
    pub access_token: AccessToken,
    /// The single-use token that obtains the next pair.
    pub refresh_token: RefreshToken,
    /// How the access token is to be sent (`Bearer`).
    pub token_type: String,
    /// How many seconds the access token stays valid from when it was issued.
    pub expires_in: u64,
    /// The names of the roles the access token carries; empty when the answer leaves them out.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The permissions the access token carries; empty when the answer leaves them out.
    #[serde(default)]
    pub permissions: Vec<String>,
}

impl TokenPair {
    /// A `Bearer` token pair with no roles or permissions listed, for example
    /// to resume a session from stored tokens.
    pub fn new(access_token: AccessToken, refresh_token: RefreshToken, expires_in: u64) -> Self {
        Self {
            access_token,
            refresh_token,
            token_type: "Bearer".to_owned(),
            expires_in,
            roles: Vec::new(),
            permissions: Vec::new(),
        }
    }
}

/// A token pair with the signed-in user, when the answer includes it
/// (`TokenPair & { user?: U }`): the answer of the MFA challenge operations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TokenGrant<U = User> {
    /// The tokens.
    #[serde(flatten)]
    pub tokens: TokenPair,
    /// The signed-in user, if the answer includes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<U>,
}

/// The answer of a login or registration: either the user is signed in, or
/// a second factor is needed first.
///
/// `U` is the user type: [`User`] for application users, [`PlatformUser`] for
/// the platform. On the wire this is one flat object (`LoginResult`); a body
/// that has neither the complete tokens (`access_token`, `refresh_token`,
/// `token_type`, `expires_in`) nor `mfa_required: true` with an `mfa_token`
/// does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a login may need a second factor: check which case it is"]
pub enum LoginResult<U = User> {
    /// The user is signed in.
    Complete {
        /// The tokens of the new session.
        tokens: TokenPair,
        /// The signed-in user, if the answer includes it.
        user: Option<U>,
    },
    /// The user has MFA on: send a TOTP or backup code together with this
    /// token to the MFA challenge operation to finish signing in.
    MfaRequired {
        /// The token that identifies this pending login to the challenge.
        mfa_token: MfaToken,
    },
}

impl<U> LoginResult<U> {
    /// Whether a second factor is needed before the user is signed in.
    #[must_use]
    pub fn is_mfa_required(&self) -> bool {
        matches!(self, Self::MfaRequired { .. })
    }

    /// Whether the user is signed in.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Complete { .. })
    }

    /// The tokens, if the user is signed in.
    #[must_use]
    pub fn tokens(&self) -> Option<&TokenPair> {
        match self {
            Self::Complete { tokens, .. } => Some(tokens),
            Self::MfaRequired { .. } => None,
        }
    }

    /// The signed-in user, if the user is signed in and the answer includes them.
    #[must_use]
    pub fn user(&self) -> Option<&U> {
        match self {
            Self::Complete { user, .. } => user.as_ref(),
            Self::MfaRequired { .. } => None,
        }
    }

    /// The token to send with the MFA code, if a second factor is needed.
    #[must_use]
    pub fn mfa_token(&self) -> Option<&MfaToken> {
        match self {
            Self::Complete { .. } => None,
            Self::MfaRequired { mfa_token } => Some(mfa_token),
        }
    }

    /// Takes the tokens, if the user is signed in.
    #[must_use]
    pub fn into_tokens(self) -> Option<TokenPair> {
        match self {
            Self::Complete { tokens, .. } => Some(tokens),
            Self::MfaRequired { .. } => None,
        }
    }
}

impl<U> From<TokenGrant<U>> for LoginResult<U> {
    /// A completed MFA challenge is a completed login.
    fn from(grant: TokenGrant<U>) -> Self {
        Self::Complete {
            tokens: grant.tokens,
            user: grant.user,
        }
    }
}

/// The flat wire shape of `LoginResult`, every field optional.
#[derive(Deserialize)]
struct WireLoginResult<U> {
    #[serde(default)]
    mfa_required: Option<bool>,
    #[serde(default)]
    mfa_token: Option<MfaToken>,
    #[serde(default)]
    access_token: Option<AccessToken>,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    permissions: Vec<String>,
    // An absent `Option` decodes as `None` without `default` (which would
    // demand `U: Default`).
    user: Option<U>,
}

impl<U> WireLoginResult<U> {
    /// Sorts the flat answer into its two cases; the error names what is
    /// missing (field names only: nothing from the body reaches it).
    fn into_result(self) -> Result<LoginResult<U>, String> {
        if self.mfa_required == Some(true) {
            return match self.mfa_token {
                Some(mfa_token) => Ok(LoginResult::MfaRequired { mfa_token }),
                None => Err("login answer has `mfa_required: true` but no `mfa_token`".to_owned()),
            };
        }
        let missing =
            |field: &str| format!("login answer has neither `mfa_required: true` nor `{field}`");
        let access_token = self.access_token.ok_or_else(|| missing("access_token"))?;
        let refresh_token = self.refresh_token.ok_or_else(|| missing("refresh_token"))?;
        let token_type = self.token_type.ok_or_else(|| missing("token_type"))?;
        let expires_in = self.expires_in.ok_or_else(|| missing("expires_in"))?;
        Ok(LoginResult::Complete {
            tokens: TokenPair {
                access_token,
                refresh_token,
                token_type,
                expires_in,
                roles: self.roles,
                permissions: self.permissions,
            },
            user: self.user,
        })
    }
}

impl<'de, U: Deserialize<'de>> Deserialize<'de> for LoginResult<U> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WireLoginResult::deserialize(deserializer)?
            .into_result()
            .map_err(de::Error::custom)
    }
}

/// The flat wire shape of `LoginResult` for encoding, borrowing the value.
#[derive(Serialize)]
struct WireLoginResultRef<'a, U> {
    #[serde(skip_serializing_if = "Option::is_none")]
    mfa_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mfa_token: Option<&'a MfaToken>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    tokens: Option<&'a TokenPair>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a U>,
}

impl<U: Serialize> Serialize for LoginResult<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wire = match self {
            Self::Complete { tokens, user } => WireLoginResultRef {
                mfa_required: None,
                mfa_token: None,
                tokens: Some(tokens),
                user: user.as_ref(),
            },
            Self::MfaRequired { mfa_token } => WireLoginResultRef {
                mfa_required: Some(true),
                mfa_token: Some(mfa_token),
                tokens: None,
                user: None,
            },
        };
        wire.serialize(serializer)
    }
}

/// The answer of a platform registration: the login of the new platform user
/// and, when the answer includes it, the tenant created for them
/// (`LoginResult & { user?: PlatformUserResource; tenant?: {...} }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PlatformRegistration {
    /// The login of the new platform user.
    #[serde(flatten)]
    pub login: LoginResult<PlatformUser>,
    /// The tenant created by the registration, if the answer includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<TenantSummary>,
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;
    use crate::models::platform::tests::PLATFORM_USER;
    use crate::models::test_support::{assert_required, assert_wire_roundtrip, decode};
    use crate::models::user::tests::USER;

    const ACCESS: &str = "eyJhbGciOiJFUzI1NiJ9.ACCESS-SECRET.sig";
    const REFRESH: &str = "rt_REFRESH-SECRET";
    const MFA: &str = "mfa_PENDING-SECRET";

    fn tokens_json() -> Value {
        json!({
            "access_token": ACCESS,
            "refresh_token": REFRESH,
            "token_type": "Bearer",
            "expires_in": 900,
            "roles": ["admin"],
            "permissions": ["users:read"]
        })
    }

    /// The tokens plus `extra` top-level fields.
    fn body(extra: &[(&str, Value)]) -> String {
        let mut value = tokens_json();
        let map = value.as_object_mut().unwrap();
        for (key, field) in extra {
            map.insert((*key).to_owned(), field.clone());
        }
        value.to_string()
    }

    fn mfa_body() -> String {
        json!({"mfa_required": true, "mfa_token": MFA, "message": "MFA required"}).to_string()
    }

    fn decode_err<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        match serde_json::from_str::<T>(json) {
            Ok(value) => panic!("decoded: {value:?}"),
            Err(err) => err.to_string(),
        }
    }

    fn assert_hidden(shown: &str) {
        for secret in ["ACCESS-SECRET", "REFRESH-SECRET", "PENDING-SECRET"] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
    }

    #[test]
    fn token_pair_decodes_a_refresh_answer() {
        let pair: TokenPair = decode(&body(&[("scope", json!("openid"))]));
        assert_eq!(pair.access_token.expose_secret(), ACCESS);
        assert_eq!(pair.refresh_token.expose_secret(), REFRESH);
        assert_eq!(pair.token_type, "Bearer");
        assert_eq!(pair.expires_in, 900);
        assert_eq!(pair.roles, ["admin"]);
        assert_eq!(pair.permissions, ["users:read"]);

        let bare: TokenPair = decode(
            &json!({"access_token": "a", "refresh_token": "r", "token_type": "Bearer", "expires_in": 60})
                .to_string(),
        );
        assert!(bare.roles.is_empty() && bare.permissions.is_empty());

        for field in ["access_token", "refresh_token", "token_type", "expires_in"] {
            assert_required::<TokenPair>(&body(&[]), field);
        }
        assert!(serde_json::from_str::<TokenPair>(&body(&[("expires_in", json!(-1))])).is_err());
        assert!(
            serde_json::from_str::<TokenPair>(&body(&[("access_token", Value::Null)])).is_err()
        );
    }

    #[test]
    fn token_pair_new_is_a_bare_bearer_pair() {
        let pair = TokenPair::new(AccessToken::from("a"), RefreshToken::from("r"), 300);
        let expected: TokenPair = decode(
            &json!({"access_token": "a", "refresh_token": "r", "token_type": "Bearer", "expires_in": 300})
                .to_string(),
        );
        assert_eq!(pair, expected);
    }

    #[test]
    fn token_grant_with_and_without_user() {
        let grant: TokenGrant = decode(&body(&[("user", serde_json::from_str(USER).unwrap())]));
        assert_eq!(grant.tokens.access_token.expose_secret(), ACCESS);
        assert_eq!(grant.user.as_ref().unwrap().email, "ada@example.com");

        let grant: TokenGrant = decode(&body(&[]));
        assert_eq!(grant.user, None);
        let grant: TokenGrant = decode(&body(&[("user", Value::Null)]));
        assert_eq!(grant.user, None);

        let platform: TokenGrant<PlatformUser> = decode(&body(&[(
            "user",
            serde_json::from_str(PLATFORM_USER).unwrap(),
        )]));
        assert_eq!(platform.user.unwrap().tenant.unwrap().slug, "acme");

        let err =
            decode_err::<TokenGrant>(&json!({"access_token": ACCESS, "user": null}).to_string());
        assert!(err.contains("missing field"), "{err}");
        assert_hidden(&err);
    }

    #[test]
    fn login_complete_for_an_app_user() {
        let user: Value = serde_json::from_str(USER).unwrap();
        let result: LoginResult = decode(&body(&[("user", user), ("mfa_required", json!(false))]));
        assert!(result.is_complete());
        assert!(!result.is_mfa_required());
        assert_eq!(result.mfa_token(), None);
        assert_eq!(result.user().unwrap().id, "usr_01");
        let tokens = result.tokens().unwrap();
        assert_eq!(tokens.refresh_token.expose_secret(), REFRESH);
        assert_eq!(tokens.expires_in, 900);
        assert_eq!(tokens.roles, ["admin"]);
        assert_eq!(
            result.into_tokens().unwrap().access_token.expose_secret(),
            ACCESS
        );

        let without_user: LoginResult = decode(&body(&[]));
        assert!(without_user.is_complete());
        assert_eq!(without_user.user(), None);
    }

    #[test]
    fn login_complete_for_a_platform_user() {
        let user: Value = serde_json::from_str(PLATFORM_USER).unwrap();
        let result: LoginResult<PlatformUser> = decode(&body(&[("user", user)]));
        let LoginResult::Complete { tokens, user } = result else {
            panic!("expected a complete login");
        };
        assert_eq!(tokens.token_type, "Bearer");
        assert_eq!(user.unwrap().tenant.unwrap().plan, "free");
    }

    #[test]
    fn login_mfa_required_for_both_user_types() {
        let result: LoginResult = decode(&mfa_body());
        assert!(result.is_mfa_required());
        assert!(!result.is_complete());
        assert_eq!(result.mfa_token().unwrap().expose_secret(), MFA);
        assert_eq!(result.tokens(), None);
        assert_eq!(result.user(), None);

        let platform: LoginResult<PlatformUser> = decode(&mfa_body());
        let LoginResult::MfaRequired { mfa_token } = platform else {
            panic!("expected MFA");
        };
        assert_eq!(mfa_token.expose_secret(), MFA);

        // `mfa_required: true` wins over tokens sent alongside.
        let both: LoginResult = decode(&body(&[
            ("mfa_required", json!(true)),
            ("mfa_token", json!(MFA)),
        ]));
        assert!(both.is_mfa_required());
    }

    #[test]
    fn login_malformed_answers_do_not_decode() {
        let cases = [
            ("{}".to_owned(), "access_token"),
            (json!({"mfa_required": true}).to_string(), "mfa_token"),
            (
                json!({"mfa_required": true, "mfa_token": null}).to_string(),
                "mfa_token",
            ),
            (
                json!({"mfa_required": false, "mfa_token": MFA}).to_string(),
                "access_token",
            ),
            (
                json!({"mfa_token": MFA, "user": null}).to_string(),
                "access_token",
            ),
            (json!({"access_token": ACCESS}).to_string(), "refresh_token"),
            (
                json!({"access_token": ACCESS, "refresh_token": REFRESH, "token_type": "Bearer"})
                    .to_string(),
                "expires_in",
            ),
            (
                json!({"access_token": ACCESS, "refresh_token": REFRESH, "expires_in": 1})
                    .to_string(),
                "token_type",
            ),
        ];
        for (json, named) in &cases {
            for err in [
                decode_err::<LoginResult>(json),
                decode_err::<LoginResult<PlatformUser>>(json),
            ] {
                assert!(err.contains(&format!("`{named}`")), "{json}: {err}");
                assert_hidden(&err);
            }
        }
        // Wrong types are still type errors.
        assert!(
            serde_json::from_str::<LoginResult>(&body(&[("mfa_required", json!("yes"))])).is_err()
        );
        assert!(serde_json::from_str::<LoginResult>(&body(&[("user", json!({"id": 1}))])).is_err());
        assert!(serde_json::from_str::<LoginResult>("[]").is_err());
    }

    #[test]
    fn debug_hides_every_token() {
        let user: Value = serde_json::from_str(USER).unwrap();
        let complete: LoginResult = decode(&body(&[("user", user.clone())]));
        let mfa: LoginResult = decode(&mfa_body());
        let grant: TokenGrant = decode(&body(&[("user", user)]));
        let registration: PlatformRegistration = decode(&body(&[]));
        let shown = format!(
            "{complete:?} {mfa:#?} {grant:?} {:?} {registration:?}",
            grant.tokens
        );
        assert_hidden(&shown);
        assert!(shown.contains("ada@example.com"), "{shown}");
    }

    #[test]
    fn login_encodes_to_the_flat_wire_shape() {
        let complete: LoginResult = decode(&body(&[]));
        assert_eq!(serde_json::to_value(&complete).unwrap(), tokens_json());
        let mfa: LoginResult = decode(&mfa_body());
        assert_eq!(
            serde_json::to_value(&mfa).unwrap(),
            json!({"mfa_required": true, "mfa_token": MFA})
        );
        assert_wire_roundtrip::<LoginResult>(
            &body(&[
                ("user", serde_json::from_str(USER).unwrap()),
                ("x", json!(1)),
            ]),
            &["x", "user.favouriteColour"],
        );
        assert_wire_roundtrip::<LoginResult<PlatformUser>>(&mfa_body(), &["message"]);
        assert_wire_roundtrip::<TokenGrant>(
            &body(&[("user", serde_json::from_str(USER).unwrap())]),
            &["user.favouriteColour"],
        );
        assert_wire_roundtrip::<TokenPair>(&body(&[("x", json!(null))]), &["x"]);
    }

    #[test]
    fn a_completed_challenge_is_a_completed_login() {
        let grant: TokenGrant = decode(&body(&[("user", serde_json::from_str(USER).unwrap())]));
        let login = LoginResult::from(grant.clone());
        assert_eq!(login.tokens(), Some(&grant.tokens));
        assert_eq!(login.user(), grant.user.as_ref());
    }

    #[test]
    fn platform_registration_with_tenant() {
        let tenant = json!({"id": "ten_09", "name": "Newco", "slug": "newco"});
        let user: Value = serde_json::from_str(PLATFORM_USER).unwrap();
        let json = body(&[("user", user), ("tenant", tenant), ("welcome", json!(true))]);
        let registration: PlatformRegistration = decode(&json);
        assert_eq!(registration.tenant.as_ref().unwrap().slug, "newco");
        assert_eq!(
            registration.login.user().unwrap().email,
            "owner@example.com"
        );
        assert_eq!(registration.login.tokens().unwrap().expires_in, 900);
        assert_wire_roundtrip::<PlatformRegistration>(
            &json,
            &["welcome", "user.locale", "user.tenant.seats"],
        );
    }

    #[test]
    fn platform_registration_without_tenant_or_tokens() {
        let registration: PlatformRegistration = decode(&mfa_body());
        assert!(registration.login.is_mfa_required());
        assert_eq!(registration.tenant, None);

        let err = decode_err::<PlatformRegistration>(
            &json!({"tenant": {"id": "t", "name": "n", "slug": "s"}}).to_string(),
        );
        assert!(err.contains("`access_token`"), "{err}");
        let err = decode_err::<PlatformRegistration>(&body(&[("tenant", json!({"id": "t"}))]));
        assert!(err.contains("missing field `name`"), "{err}");
    }

    proptest::proptest! {
        /// Any combination of present, absent and null login fields decodes to
        /// exactly the case the rules name, or fails when neither applies.
        #[test]
        fn login_decoding_follows_the_rules(
            mfa_required in proptest::option::of(proptest::option::of(proptest::bool::ANY)),
            mfa_token in proptest::option::of(proptest::option::of("[a-z0-9]{1,8}")),
            access in proptest::option::of("[a-z0-9.]{1,12}"),
            refresh in proptest::option::of("[a-z0-9]{1,12}"),
            token_type in proptest::option::of("Bearer|bearer"),
            expires_in in proptest::option::of(0u64..=u64::MAX),
        ) {
            // `None` = absent, `Some(None)` = null.
            let mut map = serde_json::Map::new();
            if let Some(flag) = mfa_required {
                map.insert("mfa_required".into(), flag.map_or(Value::Null, Value::Bool));
            }
            if let Some(token) = &mfa_token {
                map.insert("mfa_token".into(), token.clone().map_or(Value::Null, Value::String));
            }
            for (key, field) in [("access_token", &access), ("refresh_token", &refresh), ("token_type", &token_type)] {
                if let Some(text) = field {
                    map.insert(key.into(), Value::String(text.clone()));
                }
            }
            if let Some(seconds) = expires_in {
                map.insert("expires_in".into(), Value::from(seconds));
            }
            let json = Value::Object(map).to_string();
            let decoded = serde_json::from_str::<LoginResult>(&json);

            let token = mfa_token.flatten();
            if mfa_required == Some(Some(true)) {
                match (&decoded, &token) {
                    (Ok(LoginResult::MfaRequired { mfa_token }), Some(sent)) => {
                        proptest::prop_assert_eq!(mfa_token.expose_secret(), sent.as_str());
                    }
                    (Err(_), None) => {}
                    other => proptest::prop_assert!(false, "{json}: {other:?}"),
                }
            } else if let (Some(a), Some(r), Some(t), Some(e)) = (&access, &refresh, &token_type, expires_in) {
                let tokens = decoded.as_ref().ok().and_then(LoginResult::tokens);
                proptest::prop_assert!(tokens.is_some(), "{json}: {decoded:?}");
                let tokens = tokens.unwrap();
                proptest::prop_assert_eq!(tokens.access_token.expose_secret(), a.as_str());
                proptest::prop_assert_eq!(tokens.refresh_token.expose_secret(), r.as_str());
                proptest::prop_assert_eq!(&tokens.token_type, t);
                proptest::prop_assert_eq!(tokens.expires_in, e);
            } else {
                proptest::prop_assert!(decoded.is_err(), "{json}: {decoded:?}");
            }
        }
    }
}
