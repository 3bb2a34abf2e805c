//! TOTP enrolment and code checks shared by app and platform users.

use serde_json::{Value, json};

use crate::crypto::password::constant_time_eq;
use inai_auth_core::totp;

use crate::crypto::random;
use crate::state::model::Mfa;

/// Number of backup codes handed out at a time.
pub(crate) const BACKUP_CODES: usize = 10;

/// Whether `code` is the TOTP code of `secret` at `now_unix`, one 30 s step either side.
pub(crate) fn code_matches(secret: &[u8], code: &str, now_unix: i64) -> bool {
    totp::verify_key(secret, code, u64::try_from(now_unix).unwrap_or(0), 1)
}

/// Accepts a TOTP code of the active secret, or spends a backup code.
pub(crate) fn accept_code(mfa: &mut Mfa, code: &str, now_unix: i64) -> bool {
    if let Some(secret) = &mfa.secret {
        if code_matches(secret, code, now_unix) {
            return true;
        }
    }
    spend_backup_code(mfa, code)
}

/// Spends a backup code; each works once.
pub(crate) fn spend_backup_code(mfa: &mut Mfa, code: &str) -> bool {
    let code = code.trim().to_ascii_lowercase();
    match mfa
        .backup_codes
        .iter()
        .position(|c| constant_time_eq(c.as_bytes(), code.as_bytes()))
    {
        Some(i) => {
            mfa.backup_codes.remove(i);
            true
        }
        None => false,
    }
}

/// Ten fresh backup codes like `3f9a-0c1d`.
pub(crate) fn new_backup_codes() -> Vec<String> {
    (0..BACKUP_CODES)
        .map(|_| {
            let h = random::hex(&random::bytes(4));
            format!(
                "{}-{}",
                h.get(..4).unwrap_or_default(),
                h.get(4..).unwrap_or_default()
            )
        })
        .collect()
}

/// BackupCodesResponse.
pub(crate) fn backup_codes_json(codes: &[String]) -> Value {
    json!({ "backup_codes": codes, "count": codes.len() })
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// MfaSetupResponse for a new `secret`; `qr_data` repeats the otpauth URI (the text a QR code would hold).
pub(crate) fn setup_json(secret: &[u8], issuer: &str, account: &str) -> Value {
    let b32 = totp::base32_encode(secret);
    let uri = format!(
        "otpauth://totp/{}:{}?secret={b32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        percent_encode(issuer),
        percent_encode(account),
        percent_encode(issuer)
    );
    json!({ "secret": b32, "otpauth_uri": uri, "qr_data": uri })
}
