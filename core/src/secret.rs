//! Secret values: passwords, tokens, codes and keys.
//!
//! Each secret is a newtype over `String` whose `Debug` prints `[redacted]`, so
//! a secret cannot reach a log line through `{:?}`. The value is read only
//! through the explicit [`expose_secret`](Password::expose_secret) accessor.
//! On the wire (serde) a secret is its plain string.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Declares one secret newtype with its redacting `Debug` and accessors.
macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// `Debug` prints `[redacted]`; use [`expose_secret`](Self::expose_secret)
        /// to read the value.
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The secret value itself. Do not log it.
            #[must_use]
            pub fn expose_secret(&self) -> &str {
                &self.0
            }

            /// Unwraps the secret value. Do not log it.
            #[must_use]
            pub fn into_secret(self) -> String {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<&String> for $name {
            fn from(value: &String) -> Self {
                Self(value.clone())
            }
        }
    };
}

secret_string!(
    /// A user's password.
    Password
);
secret_string!(
    /// A short-lived access token (an ES256 JWT), sent as `Authorization: Bearer`.
    AccessToken
);
secret_string!(
    /// A refresh token: opaque, single-use, exchanged for a new token pair.
    RefreshToken
);
secret_string!(
    /// The full secret of an API key, shown by the API only once, at creation.
    ApiKeySecret
);
secret_string!(
    /// A one-time MFA code: a TOTP code or a backup code.
    MfaCode
);
secret_string!(
    /// The token that a login answers with when MFA is required, to be sent
    /// back with the code to complete the login.
    MfaToken
);
secret_string!(
    /// A single-use token sent by email: email verification or password reset.
    EmailToken
);
secret_string!(
    /// The secret that signs webhook deliveries.
    WebhookSecret
);
secret_string!(
    /// A TOTP shared secret (base32), as returned when MFA is being enabled.
    TotpSecret
);
secret_string!(
    /// The publishable key of an application environment, sent as
    /// `X-Publishable-Key` on `/api/v1/` requests. Not a password, but it
    /// identifies the environment, so it is kept out of logs all the same.
    PublishableKey
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let password = Password::new("hunter2-very-secret");
        let token = AccessToken::from("eyJhbGciOiJFUzI1NiJ9.e30.sig");
        let shown = format!(
            "{password:?} {token:?} {:?}",
            Some(RefreshToken::from("rt-123"))
        );
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("eyJ"), "{shown}");
        assert!(!shown.contains("rt-123"), "{shown}");
        assert!(shown.contains("Password([redacted])"), "{shown}");
    }

    #[test]
    fn serde_is_the_plain_string() {
        let code = MfaCode::new("123456");
        assert_eq!(
            serde_json::to_string(&code).ok().as_deref(),
            Some("\"123456\"")
        );
        let back: Result<MfaCode, _> = serde_json::from_str("\"654321\"");
        assert_eq!(
            back.ok().map(MfaCode::into_secret).as_deref(),
            Some("654321")
        );
    }
}
