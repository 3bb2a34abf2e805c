//! The JWKS target: `Jwks::from_json` against a by-hand reading of the rules.

use inai_auth_verify::{Jwks, MAX_JWKS_BYTES, MAX_JWKS_KEYS};

use crate::b64;
use crate::json::{Json, Members};

/// What a document holds under each `kid`, by the rules of DESIGN.md §3.
#[derive(Debug, PartialEq)]
enum Slot {
    Usable(Vec<u8>, Vec<u8>),
    Unusable,
    Ambiguous,
}

/// The expected key set: the slots by `kid`, and how many entries are skipped.
#[derive(Debug)]
struct Expected {
    slots: Vec<(String, Slot)>,
    skipped: usize,
}

fn expected(body: &[u8]) -> Option<Expected> {
    if body.len() > MAX_JWKS_BYTES {
        return None;
    }
    let document = Members::parse(body)?;
    if document.has_duplicates() {
        return None;
    }
    let Some(Json::Array(keys)) = document.get("keys") else {
        return None;
    };
    if keys.len() > MAX_JWKS_KEYS {
        return None;
    }
    let mut out = Expected {
        slots: Vec::new(),
        skipped: 0,
    };
    for key in keys {
        // An entry that is not an object refuses the whole document.
        let Json::Object(key) = key else {
            return None;
        };
        let kid = key
            .str("kid")
            .filter(|kid| (1..=256).contains(&kid.len()))
            .map(str::to_owned);
        let slot = match usable(key) {
            Some((x, y)) => Slot::Usable(x, y),
            None => {
                out.skipped += 1;
                Slot::Unusable
            }
        };
        let Some(kid) = kid else { continue };
        match out.slots.iter_mut().find(|(k, _)| *k == kid) {
            Some((_, existing)) => *existing = Slot::Ambiguous,
            None => out.slots.push((kid, slot)),
        }
    }
    Some(out)
}

/// The coordinates of a key that satisfies every rule.
fn usable(key: &Members) -> Option<(Vec<u8>, Vec<u8>)> {
    let absent_or = |name: &str, want: &str| key.get(name).is_none() || key.str(name) == Some(want);
    let key_ops_ok = match key.get("key_ops") {
        None => true,
        Some(Json::Array(ops)) => {
            ops.iter().all(|op| matches!(op, Json::String(_)))
                && ops
                    .iter()
                    .any(|op| *op == Json::String("verify".to_owned()))
        }
        Some(_) => false,
    };
    let kid_ok = key
        .str("kid")
        .is_some_and(|kid| (1..=256).contains(&kid.len()));
    let rules_ok = !key.has_duplicates()
        && key.str("kty") == Some("EC")
        && key.str("crv") == Some("P-256")
        && absent_or("alg", "ES256")
        && absent_or("use", "sig")
        && key_ops_ok
        && key.get("d").is_none()
        && kid_ok;
    if !rules_ok {
        return None;
    }
    let x = b64::decode(key.str("x")?)?;
    let y = b64::decode(key.str("y")?)?;
    if x.len() != 32 || y.len() != 32 {
        return None;
    }
    let sec1: Vec<u8> = [&[4u8][..], &x, &y].concat();
    p256::PublicKey::from_sec1_bytes(&sec1).ok()?;
    Some((x, y))
}

/// `Jwks::from_json` on arbitrary bytes.
///
/// # Panics
/// When it accepts a document the rules refuse or the reverse, or when the
/// usable keys, their coordinates, or the skipped count differ from the
/// by-hand reading.
pub fn jwks(data: &[u8]) {
    let parsed = Jwks::from_json(data);
    let expected = expected(data);
    let (jwks, expected) = match (parsed, expected) {
        (Ok(jwks), Some(expected)) => (jwks, expected),
        (Err(_), None) => return,
        (Ok(jwks), None) => panic!("accepted a document the rules refuse: {jwks:?}"),
        (Err(error), Some(expected)) => {
            panic!("refused a document the rules accept ({error}): {expected:?}")
        }
    };
    let usable = expected
        .slots
        .iter()
        .filter(|(_, slot)| matches!(slot, Slot::Usable(..)))
        .count();
    assert_eq!(jwks.len(), usable, "usable keys");
    assert_eq!(jwks.is_empty(), usable == 0);
    assert_eq!(jwks.skipped(), expected.skipped, "skipped entries");
    for (kid, slot) in &expected.slots {
        match (jwks.get(kid), slot) {
            (Some(key), Slot::Usable(x, y)) => {
                assert_eq!(
                    (&key.x()[..], &key.y()[..]),
                    (&x[..], &y[..]),
                    "coordinates of {kid:?}"
                );
            }
            (None, Slot::Unusable | Slot::Ambiguous) => {}
            (got, slot) => panic!("kid {kid:?}: got {got:?}, expected {slot:?}"),
        }
    }
}
