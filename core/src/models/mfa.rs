//! Multi-factor authentication setup and backup codes.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::secret::{MfaCode, TotpSecret};

/// What enabling MFA answers with: the TOTP secret to load into an
/// authenticator app (`MfaSetupResponse`).
///
/// All three fields carry the secret, so `Debug` shows none of them.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MfaSetup {
    /// The TOTP shared secret (base32), for manual entry.
    pub secret: TotpSecret,
    /// The `otpauth://` URI holding the secret, for authenticator apps. Do not log it.
    pub otpauth_uri: String,
    /// The data to render as a QR code; it holds the secret. Do not log it.
    pub qr_data: String,
}

impl fmt::Debug for MfaSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MfaSetup")
            .field("secret", &self.secret)
            .field("otpauth_uri", &format_args!("[redacted]"))
            .field("qr_data", &format_args!("[redacted]"))
            .finish()
    }
}

/// Freshly generated single-use backup codes (`BackupCodesResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct BackupCodes {
    /// The codes; each signs in once when the authenticator is not at hand.
    pub backup_codes: Vec<MfaCode>,
    /// How many codes were generated.
    pub count: u64,
}

/// How many unused backup codes a user has left.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RemainingBackupCodes {
    /// The number of backup codes not used yet.
    pub remaining: u64,
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;
    use crate::models::test_support::{assert_required, assert_wire_roundtrip, decode};

    const SETUP: &str = r#"{
        "secret": "JBSWY3DPEHPK3PXP",
        "otpauth_uri": "otpauth://totp/InAI:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=InAI",
        "qr_data": "otpauth://totp/InAI:ada@example.com?secret=JBSWY3DPEHPK3PXP",
        "algorithm": "SHA1"
    }"#;

    const CODES: &str = r#"{
        "backup_codes": ["AAAA-1111", "BBBB-2222", "CCCC-3333"],
        "count": 3,
        "generatedAt": "2026-01-01T00:00:00Z"
    }"#;

    #[test]
    fn decodes_a_setup() {
        let setup: MfaSetup = decode(SETUP);
        assert_eq!(setup.secret.expose_secret(), "JBSWY3DPEHPK3PXP");
        assert!(setup.otpauth_uri.starts_with("otpauth://totp/"));
        assert!(setup.qr_data.contains("secret="));
        for field in ["secret", "otpauth_uri", "qr_data"] {
            assert_required::<MfaSetup>(SETUP, field);
        }
        // The wire names are snake_case: the camelCase spelling is not accepted.
        assert!(
            serde_json::from_str::<MfaSetup>(&SETUP.replace("otpauth_uri", "otpauthUri")).is_err()
        );
    }

    #[test]
    fn decodes_backup_codes() {
        let codes: BackupCodes = decode(CODES);
        assert_eq!(codes.count, 3);
        let codes: Vec<&str> = codes
            .backup_codes
            .iter()
            .map(MfaCode::expose_secret)
            .collect();
        assert_eq!(codes, ["AAAA-1111", "BBBB-2222", "CCCC-3333"]);
        assert_required::<BackupCodes>(CODES, "backup_codes");
        assert_required::<BackupCodes>(CODES, "count");

        let remaining: RemainingBackupCodes = decode(r#"{"remaining":7,"total":10}"#);
        assert_eq!(remaining.remaining, 7);
        assert_required::<RemainingBackupCodes>(r#"{"remaining":7}"#, "remaining");
    }

    #[test]
    fn debug_hides_every_secret() {
        let setup: MfaSetup = decode(SETUP);
        let codes: BackupCodes = decode(CODES);
        let shown = format!("{setup:?} {setup:#?} {codes:?} {codes:#?}");
        for secret in [
            "JBSWY3DPEHPK3PXP",
            "otpauth://",
            "AAAA-1111",
            "BBBB",
            "CCCC",
        ] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
        assert!(shown.contains("count: 3"), "{shown}");
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<MfaSetup>(SETUP, &["algorithm"]);
        assert_wire_roundtrip::<BackupCodes>(CODES, &["generatedAt"]);
        assert_wire_roundtrip::<RemainingBackupCodes>(r#"{"remaining":0,"x":null}"#, &["x"]);
    }
}
