//! Shared helpers: the test configuration, fixtures, canned answers.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use inai_auth_core::Config;
use serde_json::{Map, Value};

/// The base URL every test request goes to (never contacted).
pub(crate) const BASE: &str = "http://127.0.0.1:4010";
/// The publishable key of the test configuration.
pub(crate) const KEY: &str = "pk_test_vec";
/// The access token bearer vectors use: the examples' token.
pub(crate) use inai_auth_core::examples::TOKEN;

pub(crate) fn config() -> Config {
    Config::builder()
        .base_url(BASE)
        .publishable_key(KEY)
        .build()
        .unwrap()
}

pub(crate) fn response(status: u16, body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .body(body.to_vec())
        .unwrap()
}

fn resources() -> &'static Map<String, Value> {
    static RESOURCES: OnceLock<Map<String, Value>> = OnceLock::new();
    RESOURCES.get_or_init(|| {
        let text = include_str!("../data/resources.json");
        serde_json::from_str(text).unwrap()
    })
}

/// Replaces `"$name"` strings with the fixture of that name and
/// `{"$merge": [a, b, ..]}` with the union of the (expanded) objects.
pub(crate) fn expand(value: &Value) -> Value {
    match value {
        Value::String(s) if s.starts_with('$') => {
            let name = &s[1..];
            expand(
                resources()
                    .get(name)
                    .unwrap_or_else(|| panic!("no fixture {name}")),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(expand).collect()),
        Value::Object(members) => {
            if let Some(Value::Array(parts)) = members.get("$merge") {
                let mut merged = Map::new();
                for part in parts {
                    match expand(part) {
                        Value::Object(m) => merged.extend(m),
                        other => panic!("$merge part is not an object: {other}"),
                    }
                }
                Value::Object(merged)
            } else {
                Value::Object(
                    members
                        .iter()
                        .map(|(k, v)| (k.clone(), expand(v)))
                        .collect(),
                )
            }
        }
        other => other.clone(),
    }
}

/// One vector of `tests/data/vectors.json`.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct Vector {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub key: bool,
    pub bearer: Option<String>,
    pub body: Option<Value>,
    pub status: u16,
    pub answer: Option<Value>,
    pub output: Value,
}

pub(crate) fn vectors() -> &'static BTreeMap<String, Vector> {
    static VECTORS: OnceLock<BTreeMap<String, Vector>> = OnceLock::new();
    VECTORS.get_or_init(|| serde_json::from_str(include_str!("../data/vectors.json")).unwrap())
}
