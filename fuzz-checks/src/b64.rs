//! Strict base64url (RFC 4648 §5), written out by hand so that the strict
//! check shares no decoder with the code it checks.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn value(c: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// Decodes unpadded base64url, refusing any other character, an impossible
/// length and non-zero unused trailing bits.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut bits: u32 = 0;
    let mut count = 0u32;
    for c in text.bytes() {
        bits = (bits << 6) | value(c)?;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(((bits >> count) & 0xff) as u8);
        }
    }
    // 0, 2 or 4 bits are left over; they must be zero.
    (bits & ((1 << count) - 1) == 0).then_some(out)
}

/// Encodes as unpadded base64url.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut bits: u32 = 0;
    let mut count = 0u32;
    let mut push = |index: u32| {
        if let Some(&c) = ALPHABET.get(index as usize) {
            out.push(char::from(c));
        }
    };
    for &b in bytes {
        bits = (bits << 8) | u32::from(b);
        count += 8;
        while count >= 6 {
            count -= 6;
            push((bits >> count) & 0x3f);
        }
    }
    if count > 0 {
        push((bits << (6 - count)) & 0x3f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_the_non_canonical() {
        for bytes in [&b""[..], b"\x01", b"\xfb\xff", b"abc", b"\x00\x00\x00\x00"] {
            assert_eq!(decode(&encode(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(encode(b"\xfb\xff"), "-_8");
        for bad in [
            "AQ==", "AQ=", "+/8", "A Q", "AQ\n", "AR", "A", "A.Q", "AQ\u{e9}",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
