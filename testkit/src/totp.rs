//! TOTP codes as an authenticator app computes them from the secret that
//! `enable_mfa` answers, by the workspace's one implementation
//! (`inai_auth_core::totp`, the one the emulator checks codes with).

use std::time::{SystemTime, UNIX_EPOCH};

use inai_auth_core::totp;

/// The six-digit TOTP code (HMAC-SHA-1, 30 s steps) of the base32 `secret`
/// at `time`, shifted by `step_offset` steps (the emulator accepts -1, 0
/// and +1). `None` when the secret is not base32 or the time is out of range.
#[must_use]
pub fn totp_code(secret: &str, time: SystemTime, step_offset: i64) -> Option<String> {
    let seconds = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let step = i64::try_from(seconds / totp::STEP_SECONDS)
        .ok()?
        .checked_add(step_offset)?;
    let start_of_step = u64::try_from(step).ok()?.checked_mul(totp::STEP_SECONDS)?;
    totp::code(secret, start_of_step).ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the last 6 of 8 digits), through the offset.
    #[test]
    fn offsets_move_by_whole_steps() {
        // "12345678901234567890" in base32.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(totp_code(secret, at(59), 0).as_deref(), Some("287082"));
        assert_eq!(totp_code(secret, at(89), -1).as_deref(), Some("287082"));
        assert_eq!(totp_code(secret, at(29), 1).as_deref(), Some("287082"));
        assert_eq!(totp_code(secret, at(10), -1), None);
    }

    #[test]
    fn bad_secrets_give_none() {
        assert_eq!(totp_code("not base32!", UNIX_EPOCH, 0), None);
        assert_eq!(totp_code("", UNIX_EPOCH, 0), None);
    }
}
