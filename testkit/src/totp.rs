//! RFC 6238 codes, as an authenticator app would compute them from the
//! secret that `enable_mfa` answers.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// The six-digit TOTP code (HMAC-SHA-1, 30 s steps) of the base32 `secret`
/// at `time`, shifted by `step_offset` steps (the emulator accepts -1, 0
/// and +1). `None` when the secret is not base32.
#[must_use]
pub fn totp_code(secret: &str, time: SystemTime, step_offset: i64) -> Option<String> {
    let key = base32_decode(secret)?;
    let seconds = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let step = i64::try_from(seconds / 30).ok()?.checked_add(step_offset)?;
    let counter = u64::try_from(step).ok()?;
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&key).ok()?;
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest.get(19)? & 0x0f);
    let word: [u8; 4] = digest.get(offset..offset + 4)?.try_into().ok()?;
    let value = u32::from_be_bytes(word) & 0x7fff_ffff;
    Some(format!("{:06}", value % 1_000_000))
}

/// RFC 4648 base32, upper or lower case, padding and spaces ignored.
fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for c in text.chars().filter(|c| *c != '=' && !c.is_whitespace()) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => u32::from(c) - u32::from('A'),
            c @ '2'..='7' => u32::from(c) - u32::from('2') + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits there; the last 6 here).
    #[test]
    fn rfc_6238_vectors() {
        // "12345678901234567890" in base32.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(totp_code(secret, at(59), 0).as_deref(), Some("287082"));
        assert_eq!(
            totp_code(secret, at(1_111_111_109), 0).as_deref(),
            Some("081804")
        );
        assert_eq!(
            totp_code(secret, at(1_234_567_890), 0).as_deref(),
            Some("005924")
        );
        assert_eq!(
            totp_code(secret, at(2_000_000_000), 0).as_deref(),
            Some("279037")
        );
        assert_eq!(totp_code(secret, at(89), -1).as_deref(), Some("287082"));
    }

    #[test]
    fn bad_secrets_give_none() {
        assert_eq!(totp_code("not base32!", UNIX_EPOCH, 0), None);
    }
}
