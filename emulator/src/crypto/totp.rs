//! RFC 6238 time-based one-time passwords: HMAC-SHA-1, 6 digits, 30 s steps,
//! accepting the previous, current and next step.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Seconds per time step.
pub(crate) const STEP: i64 = 30;

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub(crate) fn base32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &byte in data {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(symbol((buffer >> bits) & 31));
        }
    }
    if bits > 0 {
        out.push(symbol((buffer << (5 - bits)) & 31));
    }
    out
}

fn symbol(v: u32) -> char {
    ALPHABET.get(v as usize).map_or('A', |&b| char::from(b))
}

/// The HOTP value (RFC 4226) of `secret` at `counter`, six digits.
pub(crate) fn hotp(secret: &[u8], counter: u64) -> String {
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest.get(19).copied().unwrap_or(0) & 0x0f);
    let mut word = [0u8; 4];
    for (i, slot) in word.iter_mut().enumerate() {
        *slot = digest.get(offset + i).copied().unwrap_or(0);
    }
    let value = u32::from_be_bytes(word) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

/// The TOTP code of `secret` at `unix_seconds`.
#[cfg(test)]
pub(crate) fn code_at(secret: &[u8], unix_seconds: i64) -> String {
    hotp(secret, step_of(unix_seconds))
}

fn step_of(unix_seconds: i64) -> u64 {
    u64::try_from(unix_seconds.div_euclid(STEP)).unwrap_or(0)
}

/// Whether `code` is valid for `secret` at `unix_seconds`, one step either side.
pub(crate) fn verify(secret: &[u8], code: &str, unix_seconds: i64) -> bool {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let step = step_of(unix_seconds);
    [step.checked_sub(1), Some(step), step.checked_add(1)]
        .into_iter()
        .flatten()
        .any(|s| super::password::constant_time_eq(hotp(secret, s).as_bytes(), code.as_bytes()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", 8 digits truncated to 6.
    #[test]
    fn rfc6238_vectors_last_six_digits() {
        let seed = b"12345678901234567890";
        assert_eq!(code_at(seed, 59), "287082");
        assert_eq!(code_at(seed, 1_111_111_109), "081804");
        assert_eq!(code_at(seed, 1_234_567_890), "005924");
        assert_eq!(code_at(seed, 2_000_000_000), "279037");
    }

    #[test]
    fn window_is_one_step_each_side() {
        let seed = b"12345678901234567890";
        let code = code_at(seed, 1_000_000_000);
        assert!(verify(seed, &code, 1_000_000_000 + 30));
        assert!(verify(seed, &code, 1_000_000_000 - 30));
        assert!(!verify(seed, &code, 1_000_000_000 + 60));
        assert!(!verify(seed, "12345", 1_000_000_000));
    }

    #[test]
    fn base32_known_values() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
    }
}
