//! RFC 6238 codes computed independently of the emulator.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

pub fn base32_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.trim_end_matches('=').chars() {
        let v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
            .find(c.to_ascii_uppercase())
            .unwrap() as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

pub fn code(secret_b32: &str, unix: i64) -> String {
    let key = base32_decode(secret_b32);
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&key).unwrap();
    mac.update(&((unix / 30) as u64).to_be_bytes());
    let d = mac.finalize().into_bytes();
    let off = (d[19] & 0xf) as usize;
    let n = u32::from_be_bytes([d[off], d[off + 1], d[off + 2], d[off + 3]]) & 0x7fff_ffff;
    format!("{:06}", n % 1_000_000)
}

#[test]
fn decodes_rfc4648_vector() {
    assert_eq!(base32_decode("MZXW6YTBOI"), b"foobar");
}
