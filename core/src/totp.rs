//! RFC 6238 time-based one-time codes, as an authenticator app computes them
//! from the base32 secret that enabling MFA answers with.
//!
//! This is the one implementation in the workspace: the emulator checks codes
//! with it, the `inai` tool and our tests compute them with it, and users'
//! own tests can compute the current code for a seeded MFA secret:
//!
//! ```
//! use inai_auth_core::totp;
//!
//! # fn main() -> Result<(), totp::TotpError> {
//! // RFC 6238 appendix B: the ASCII key "12345678901234567890" in base32.
//! let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
//! assert_eq!(totp::code(secret, 59)?, "287082");
//! assert!(totp::verify(secret, "287082", 59 + 30, 1)?);
//! # Ok(())
//! # }
//! ```
//!
//! Like the rest of this crate it reads no clock: the time is an argument
//! (seconds since the Unix epoch).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// The length of a time step, in seconds (RFC 6238's default).
pub const STEP_SECONDS: u64 = 30;

/// The number of digits of a code.
pub const DIGITS: usize = 6;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Why a secret cannot give a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TotpError {
    /// The secret holds a character that is not RFC 4648 base32.
    #[error("the TOTP secret is not base32 (RFC 4648)")]
    NotBase32,
    /// The secret decodes to no bytes.
    #[error("the TOTP secret is empty")]
    Empty,
}

/// The six-digit code of the base32 `secret` at `unix_seconds`
/// (HMAC-SHA-1, 30 s steps, the RFC 6238 defaults).
///
/// # Errors
/// [`TotpError`] when the secret is not base32 or is empty.
pub fn code(secret: &str, unix_seconds: u64) -> Result<String, TotpError> {
    Ok(code_at_step(
        &decode_secret(secret)?,
        unix_seconds / STEP_SECONDS,
    ))
}

/// The six-digit HOTP value (RFC 4226) of the raw `key` at time step `step`.
#[must_use]
pub fn code_at_step(key: &[u8], step: u64) -> String {
    // HMAC accepts keys of any length, so this cannot fail; an empty string
    // (never equal to a six-digit code) keeps the signature infallible.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // RFC 4226 §5.3 dynamic truncation; a SHA-1 digest is 20 bytes, so the
    // offset (at most 15) always leaves four bytes.
    let offset = usize::from(digest.last().copied().unwrap_or(0) & 0x0f);
    let mut word = [0u8; 4];
    for (slot, byte) in word.iter_mut().zip(digest.iter().skip(offset)) {
        *slot = *byte;
    }
    let value = u32::from_be_bytes(word) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

/// Whether `code` is the code of the base32 `secret` at `unix_seconds` or
/// at most `window` steps before or after it (servers usually take 1, to
/// forgive clock drift). Compares in constant time; leading and trailing
/// white space in `code` is ignored.
///
/// # Errors
/// [`TotpError`] when the secret is not base32 or is empty.
pub fn verify(secret: &str, code: &str, unix_seconds: u64, window: u64) -> Result<bool, TotpError> {
    Ok(verify_key(
        &decode_secret(secret)?,
        code,
        unix_seconds,
        window,
    ))
}

/// [`verify`] with the raw key bytes instead of their base32 text.
#[must_use]
pub fn verify_key(key: &[u8], code: &str, unix_seconds: u64, window: u64) -> bool {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let step = unix_seconds / STEP_SECONDS;
    let first = step.saturating_sub(window);
    let last = step.saturating_add(window);
    // Check every step of the window, so the time taken does not say which matched.
    (first..=last).fold(false, |matched, s| {
        constant_time_eq(code_at_step(key, s).as_bytes(), code.as_bytes()) | matched
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn decode_secret(secret: &str) -> Result<Vec<u8>, TotpError> {
    let key = base32_decode(secret)?;
    if key.is_empty() {
        return Err(TotpError::Empty);
    }
    Ok(key)
}

/// RFC 4648 base32 without padding, upper case, as authenticator apps expect.
#[must_use]
pub fn base32_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    let mut push = |index: u32| {
        let symbol = ALPHABET.get(index as usize & 31).copied().unwrap_or(b'A');
        out.push(char::from(symbol));
    };
    for &byte in data {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            push((buffer >> bits) & 31);
        }
        buffer &= 0xff;
    }
    if bits > 0 {
        push((buffer << (5 - bits)) & 31);
    }
    out
}

/// RFC 4648 base32, upper or lower case; `=` padding and white space (as in
/// secrets shown in groups of four) are ignored.
///
/// # Errors
/// [`TotpError::NotBase32`] for any other character.
pub fn base32_decode(text: &str) -> Result<Vec<u8>, TotpError> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for c in text.chars().filter(|c| *c != '=' && !c.is_whitespace()) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => u32::from(c) - u32::from('A'),
            c @ '2'..='7' => u32::from(c) - u32::from('2') + 26,
            _ => return Err(TotpError::NotBase32),
        };
        buffer = ((buffer << 5) | value) & 0xffff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.extend(u8::try_from((buffer >> bits) & 0xff).ok());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /// RFC 6238 appendix B, SHA-1 column (eight digits there, the last six here).
    #[test]
    fn rfc_6238_vectors() {
        let cases = [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ];
        for (time, expected) in cases {
            assert_eq!(code(RFC_SECRET, time).as_deref(), Ok(expected), "t={time}");
        }
    }

    #[test]
    fn base32_matches_rfc_4648_vectors() {
        let vectors: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "MY"),
            (b"fo", "MZXQ"),
            (b"foo", "MZXW6"),
            (b"foob", "MZXW6YQ"),
            (b"fooba", "MZXW6YTB"),
            (b"foobar", "MZXW6YTBOI"),
        ];
        for (raw, text) in vectors {
            assert_eq!(base32_encode(raw), text);
            assert_eq!(base32_decode(text).as_deref(), Ok(raw));
        }
        assert_eq!(
            base32_decode("mzxw 6ytb oi======").as_deref(),
            Ok(&b"foobar"[..])
        );
    }

    #[test]
    fn bad_secrets_give_typed_errors() {
        assert_eq!(code("not base32!", 59), Err(TotpError::NotBase32));
        assert_eq!(code("18", 59), Err(TotpError::NotBase32));
        assert_eq!(code("", 59), Err(TotpError::Empty));
        assert_eq!(verify("", "287082", 59, 1), Err(TotpError::Empty));
    }

    #[test]
    fn verify_takes_the_window_and_nothing_beyond() {
        let at = 1_111_111_109;
        let current = code(RFC_SECRET, at).unwrap_or_default();
        assert_eq!(verify(RFC_SECRET, &current, at, 0), Ok(true));
        assert_eq!(
            verify(RFC_SECRET, &format!(" {current}\n"), at, 0),
            Ok(true)
        );
        assert_eq!(verify(RFC_SECRET, &current, at + 30, 1), Ok(true));
        assert_eq!(verify(RFC_SECRET, &current, at - 30, 1), Ok(true));
        assert_eq!(verify(RFC_SECRET, &current, at + 60, 1), Ok(false));
        assert_eq!(verify(RFC_SECRET, &current, at + 30, 0), Ok(false));
        assert_eq!(verify(RFC_SECRET, "12345", at, 1), Ok(false));
        assert_eq!(verify(RFC_SECRET, "12345a", at, 1), Ok(false));
        // The first step of time: no underflow below step 0.
        assert_eq!(verify(RFC_SECRET, "287082", 0, 5), Ok(true));
    }
}
