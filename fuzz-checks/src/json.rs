//! A plain JSON tree that keeps every object member, duplicates included, in
//! document order: enough to apply the rules by hand.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool,
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Members),
}

/// An object's members, in order, duplicates kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Members(pub(crate) Vec<(String, Json)>);

impl Members {
    /// Parses `bytes` as exactly one JSON object.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Self> {
        match serde_json::from_slice::<Json>(bytes).ok()? {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Whether a name occurs twice.
    pub(crate) fn has_duplicates(&self) -> bool {
        let mut names: Vec<&str> = self.0.iter().map(|(name, _)| name.as_str()).collect();
        names.sort_unstable();
        names
            .windows(2)
            .any(|pair| matches!(pair, [a, b] if a == b))
    }

    /// The first member called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Json> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The member `name` when it is a string.
    pub(crate) fn str(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("json")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Json, E> {
        Ok(Json::Bool)
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(Json::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some((name, value)) = map.next_entry::<String, Json>()? {
            members.push((name, value));
        }
        Ok(Json::Object(Members(members)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicates_and_refuses_non_objects() {
        let m = Members::parse(br#"{"a":1,"b":[true,null,"x"],"\u0061":2}"#);
        assert!(m.as_ref().is_some_and(Members::has_duplicates));
        assert_eq!(
            m.as_ref().and_then(|m| m.get("a")),
            Some(&Json::Number(1.0))
        );
        assert_eq!(Members::parse(b"[1]"), None);
        assert_eq!(Members::parse(b"{} {}"), None);
        assert_eq!(Members::parse(br#"{"a":1e999}"#), None);
    }
}
