//! Who a verified token speaks for, in the reference SDK's shape.

use crate::claims::{Claims, TokenType};

/// The identity behind a verified token.
///
/// Built by the verifier from verified claims and the token itself. The token
/// is a secret: it never appears in `Debug` and is given out only by
/// [`AuthObject::token`].
#[derive(Clone, PartialEq)]
pub struct AuthObject {
    claims: Claims,
    token: String,
}

/// A role or permission to look for with [`AuthObject::has`].
///
/// With both set, either is enough (the reference SDK's OR); with neither,
/// nothing matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Check<'a> {
    /// A role the user must hold.
    pub role: Option<&'a str>,
    /// A permission the user must hold.
    pub permission: Option<&'a str>,
}

impl<'a> Check<'a> {
    /// A check for one role.
    #[must_use]
    pub fn role(role: &'a str) -> Self {
        Self {
            role: Some(role),
            permission: None,
        }
    }

    /// A check for one permission.
    #[must_use]
    pub fn permission(permission: &'a str) -> Self {
        Self {
            role: None,
            permission: Some(permission),
        }
    }

    /// Also accept this permission (role OR permission).
    #[must_use]
    pub fn or_permission(mut self, permission: &'a str) -> Self {
        self.permission = Some(permission);
        self
    }
}

impl AuthObject {
    /// Builds the identity from claims that were verified, and the token they came from.
    #[must_use]
    pub fn from_claims(claims: Claims, token: impl Into<String>) -> Self {
        Self {
            claims,
            token: token.into(),
        }
    }

    /// The user id (`sub`).
    #[must_use]
    pub fn user_id(&self) -> &str {
        &self.claims.sub
    }

    /// The tenant id.
    #[must_use]
    pub fn tenant_id(&self) -> &str {
        &self.claims.tenant_id
    }

    /// The application id, if the token carries one.
    #[must_use]
    pub fn app_id(&self) -> Option<&str> {
        self.claims.app_id.as_deref()
    }

    /// The environment id, if the token carries one.
    #[must_use]
    pub fn env_id(&self) -> Option<&str> {
        self.claims.env_id.as_deref()
    }

    /// The active organization, if any.
    #[must_use]
    pub fn org_id(&self) -> Option<&str> {
        self.claims.org_id.as_deref()
    }

    /// The user's role in the active organization, if any.
    #[must_use]
    pub fn org_role(&self) -> Option<&str> {
        self.claims.org_role.as_deref()
    }

    /// The session id: always `None` for an identity taken from a JWT (InAI
    /// tokens carry none), kept for parity with the reference SDK.
    #[must_use]
    pub fn session_id(&self) -> Option<&str> {
        None
    }

    /// The token's type.
    #[must_use]
    pub fn token_type(&self) -> TokenType {
        self.claims.token_type
    }

    /// The user's roles.
    #[must_use]
    pub fn roles(&self) -> &[String] {
        &self.claims.roles
    }

    /// The user's permissions.
    #[must_use]
    pub fn permissions(&self) -> &[String] {
        &self.claims.permissions
    }

    /// The user's permissions in the active organization.
    #[must_use]
    pub fn org_permissions(&self) -> &[String] {
        &self.claims.org_permissions
    }

    /// Whether the user holds the role or the permission of `check` (either is enough).
    #[must_use]
    pub fn has(&self, check: Check<'_>) -> bool {
        check.role.is_some_and(|r| self.has_role(r))
            || check.permission.is_some_and(|p| self.has_permission(p))
    }

    /// Whether the user holds `role`.
    #[must_use]
    pub fn has_role(&self, role: &str) -> bool {
        self.claims.roles.iter().any(|r| r == role)
    }

    /// Whether the user holds `permission`.
    #[must_use]
    pub fn has_permission(&self, permission: &str) -> bool {
        self.claims.permissions.iter().any(|p| p == permission)
    }

    /// Whether the user holds `permission` in the active organization.
    #[must_use]
    pub fn has_org_permission(&self, permission: &str) -> bool {
        self.claims.org_permissions.iter().any(|p| p == permission)
    }

    /// All verified claims.
    #[must_use]
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// The verified token itself, to pass on to another service. A secret.
    #[must_use]
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The claims, dropping the token.
    #[must_use]
    pub fn into_claims(self) -> Claims {
        self.claims
    }
}

impl std::fmt::Debug for AuthObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthObject")
            .field("claims", &self.claims)
            .field("token", &"[redacted]")
            .finish()
    }
}
