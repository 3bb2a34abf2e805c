//! Helpers shared by the model tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `json` as `T`, failing the test with serde's message if it does not decode.
pub(crate) fn decode<T: DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(value) => value,
        Err(err) => panic!("sample does not decode: {err}\n{json}"),
    }
}

/// Decodes `json`, encodes the result again and checks that the encoding is the
/// sample minus its `unknown` fields (so every wire name survived), and that
/// decoding the encoding gives the same value. An unknown field is named by its
/// path of object keys joined with `.` (`user.locale`).
pub(crate) fn assert_wire_roundtrip<T>(json: &str, unknown: &[&str])
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let decoded: T = decode(json);
    let mut expected: Value = serde_json::from_str(json).unwrap();
    for path in unknown {
        assert!(
            remove_path(&mut expected, path),
            "sample has no field {path}"
        );
    }
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded, expected, "encoding differs from the sample");
    let again: T = serde_json::from_value(encoded).unwrap();
    assert_eq!(again, decoded);
}

/// Removes the top-level `field` from the sample and checks that decoding then
/// fails with serde's "missing field" error naming it.
pub(crate) fn assert_required<T: DeserializeOwned + Debug>(json: &str, field: &str) {
    let mut value: Value = serde_json::from_str(json).unwrap();
    let removed = value.as_object_mut().and_then(|map| map.remove(field));
    assert!(removed.is_some(), "sample has no field {field}");
    let text = value.to_string();
    match serde_json::from_str::<T>(&text) {
        Ok(decoded) => panic!("decoded without {field}: {decoded:?}"),
        Err(err) => assert!(
            err.to_string()
                .contains(&format!("missing field `{field}`")),
            "unexpected error for missing {field}: {err}"
        ),
    }
}

/// Replaces the top-level `field` of the sample with `null` and returns the text.
pub(crate) fn with_null(json: &str, field: &str) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    let map = value.as_object_mut().unwrap();
    assert!(map.contains_key(field), "sample has no field {field}");
    map.insert(field.to_owned(), Value::Null);
    value.to_string()
}

/// Removes the top-level `field` from the sample and returns the text.
pub(crate) fn without(json: &str, field: &str) -> String {
    let mut value: Value = serde_json::from_str(json).unwrap();
    let map = value.as_object_mut().unwrap();
    assert!(map.remove(field).is_some(), "sample has no field {field}");
    value.to_string()
}

/// Removes the field at the `.`-separated `path` of object keys; false if absent.
fn remove_path(value: &mut Value, path: &str) -> bool {
    let (parents, last) = match path.rsplit_once('.') {
        Some((parents, last)) => (parents.split('.').collect::<Vec<_>>(), last),
        None => (Vec::new(), path),
    };
    let mut current = value;
    for key in parents {
        match current.get_mut(key) {
            Some(next) => current = next,
            None => return false,
        }
    }
    current
        .as_object_mut()
        .and_then(|map| map.remove(last))
        .is_some()
}
