//! Strict base64url, as RFC 7515 requires: the URL-safe alphabet, no padding,
//! no whitespace, and canonical trailing bits (so every byte string has
//! exactly one encoding).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Decodes strict base64url into a new vector.
pub(crate) fn decode(text: &[u8]) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// Encodes as base64url without padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn accepts_only_the_canonical_form() {
        assert_eq!(decode(b"AQ").unwrap(), [1]);
        assert_eq!(decode(b"-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode(b"").unwrap(), Vec::<u8>::new());
        for bad in [
            &b"AQ=="[..],
            b"AQ=",
            b"+/8",
            b"A Q",
            b"AQ\n",
            b"AR", // non-zero trailing bits: "AQ" is the canonical form of [1]
            b"A",  // impossible length
            b"A.Q",
        ] {
            assert_eq!(decode(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
