//! A strict JSON object reader.
//!
//! Header, payload and JWKS are read as lists of members with loosely typed
//! values, so that type errors become typed verification errors (not serde
//! messages) and duplicate members, which serde ignores for unknown fields,
//! are always found. Inputs are size-capped before they get here, and
//! serde_json limits nesting depth.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value, with strings borrowed when unescaped and numbers exactly as
/// written (integers stay integers).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Object<'a>),
}

impl<'a> Value<'a> {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of an array holding only strings.
    pub(crate) fn into_strings(self) -> Option<Vec<Cow<'a, str>>> {
        match self {
            Self::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Self::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// Whether this is an array holding `want` among only strings.
    pub(crate) fn is_strings_containing(&self, want: &str) -> bool {
        match self {
            Self::Array(items) => {
                items.iter().all(|i| i.as_str().is_some())
                    && items.iter().any(|i| i.as_str() == Some(want))
            }
            _ => false,
        }
    }
}

impl Value<'_> {
    /// The value as a `serde_json` value, nothing lost.
    pub(crate) fn into_json(self) -> serde_json::Value {
        match self {
            Self::Null => serde_json::Value::Null,
            Self::Bool(b) => serde_json::Value::Bool(b),
            Self::Number(n) => serde_json::Value::Number(n),
            Self::String(s) => serde_json::Value::String(s.into_owned()),
            Self::Array(items) => items.into_iter().map(Value::into_json).collect(),
            Self::Object(o) => serde_json::Value::Object(o.into_json_map(&[])),
        }
    }
}

/// A JSON object as its members, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Object<'a> {
    members: Vec<(Cow<'a, str>, Value<'a>)>,
}

/// Why bytes are not a strict JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectError {
    Syntax,
    NotAnObject,
    DuplicateMember,
}

impl<'a> Object<'a> {
    /// Parses `bytes` as one JSON object with no duplicate member names.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<Self, ObjectError> {
        let object: Self = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => ObjectError::NotAnObject,
            _ => ObjectError::Syntax,
        })?;
        if object.has_duplicates() {
            return Err(ObjectError::DuplicateMember);
        }
        Ok(object)
    }

    /// Whether two members share a name (after unescaping).
    pub(crate) fn has_duplicates(&self) -> bool {
        let names = &self.members;
        if names.len() <= 16 {
            // Small objects (every header, most payloads): no allocation.
            return names
                .iter()
                .enumerate()
                .any(|(i, (a, _))| names.iter().skip(i + 1).any(|(b, _)| a == b));
        }
        let mut sorted: Vec<&str> = names.iter().map(|(k, _)| k.as_ref()).collect();
        sorted.sort_unstable();
        sorted.windows(2).any(|w| matches!(w, [a, b] if a == b))
    }

    /// The value of member `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Takes member `name` out, leaving `Null` behind.
    pub(crate) fn take(&mut self, name: &str) -> Option<Value<'a>> {
        self.members
            .iter_mut()
            .find(|(k, _)| k == name)
            .map(|(_, v)| std::mem::replace(v, Value::Null))
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.members.iter().any(|(k, _)| k == name)
    }

    /// The members whose names are not in `skip`, as a `serde_json` map.
    pub(crate) fn into_json_map(self, skip: &[&str]) -> serde_json::Map<String, serde_json::Value> {
        self.members
            .into_iter()
            .filter(|(name, _)| !skip.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_json()))
            .collect()
    }
}

impl<'de> Deserialize<'de> for Object<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8).min(32));
        while let Some(Text(name)) = map.next_key::<Text<'de>>()? {
            let value = map.next_value::<Value<'de>>()?;
            members.push((name, value));
        }
        Ok(Object { members })
    }
}

/// A string, borrowed from the input when it holds no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any json value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(32));
        while let Some(item) = seq.next_element::<Value<'de>>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        ObjectVisitor.visit_map(map).map(Value::Object)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn reads_members_and_types() {
        let o = Object::parse(
            br#"{"a":"x","b":1.5,"c":[ "r","s"],"d":{"e":1},"f":[1],"g":null,"h":true,"i":"\u0041"}"#,
        )
        .unwrap();
        assert_eq!(o.get("a"), Some(&Value::String("x".into())));
        let number = |n: f64| Value::Number(serde_json::Number::from_f64(n).unwrap());
        assert_eq!(o.get("b"), Some(&number(1.5)));
        let c = o.get("c").unwrap();
        assert!(c.is_strings_containing("s"));
        assert_eq!(c.clone().into_strings().unwrap(), ["r", "s"]);
        let Some(Value::Object(d)) = o.get("d") else {
            panic!("d is an object")
        };
        assert_eq!(d.get("e"), Some(&Value::Number(1.into())));
        assert_eq!(o.get("f").cloned().unwrap().into_strings(), None);
        assert!(!o.get("f").unwrap().is_strings_containing("1"));
        assert_eq!(o.get("g"), Some(&Value::Null));
        assert_eq!(o.get("h"), Some(&Value::Bool(true)));
        assert_eq!(o.get("i").and_then(Value::as_str), Some("A"));
        assert_eq!(o.get("z"), None);
    }

    #[test]
    fn refuses_non_objects_duplicates_and_bad_syntax() {
        assert_eq!(Object::parse(b"[1]").unwrap_err(), ObjectError::NotAnObject);
        assert_eq!(
            Object::parse(b"\"s\"").unwrap_err(),
            ObjectError::NotAnObject
        );
        assert_eq!(
            Object::parse(b"{\"a\":1,}").unwrap_err(),
            ObjectError::Syntax
        );
        assert_eq!(
            Object::parse(b"{\"a\":1} x").unwrap_err(),
            ObjectError::Syntax
        );
        assert_eq!(
            Object::parse(b"{\"a\":1e999}").unwrap_err(),
            ObjectError::Syntax
        );
        assert_eq!(
            Object::parse(br#"{"a":1,"b":2,"a":3}"#).unwrap_err(),
            ObjectError::DuplicateMember
        );
        let many: String = (0..40).map(|i| format!("\"k{i}\":{i},")).collect();
        assert!(Object::parse(format!("{{{many}\"z\":0}}").as_bytes()).is_ok());
        assert_eq!(
            Object::parse(format!("{{{many}\"k39\":0}}").as_bytes()).unwrap_err(),
            ObjectError::DuplicateMember
        );
        // Escapes do not hide a duplicate.
        assert_eq!(
            Object::parse(br#"{"kid":1,"\u006bid":2}"#).unwrap_err(),
            ObjectError::DuplicateMember
        );
    }
}
