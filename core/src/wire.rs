//! Operations by their wire names: what the table says about each input
//! ([`FieldInfo`], in [`OperationInfo::fields`](crate::OperationInfo::fields)),
//! and building an operation from JSON values ([`WireInput`], read by each
//! operation type's `from_wire`).
//!
//! This is for generic callers that know an operation only by its row, such
//! as a command line that calls any operation by name: typed code uses `new`
//! and the `with_*` setters instead.
//!
//! ```
//! use inai_auth_core::ops::CreateApplication;
//! use inai_auth_core::wire::{WireError, WireInput};
//! use inai_auth_core::{Config, Operation};
//!
//! let mut input = WireInput::new(Some("access-token".into()));
//! input.body.insert("name".into(), "Acme".into());
//! input.body.insert("slug".into(), "acme".into());
//! let operation = CreateApplication::from_wire(&mut input)?;
//! let request = operation.to_request(&Config::default()).map_err(|e| e.to_string());
//! assert!(request.is_ok());
//!
//! // A required field missing is named.
//! let mut input = WireInput::new(Some("access-token".into()));
//! input.body.insert("name".into(), "Acme".into());
//! let error = CreateApplication::from_wire(&mut input).unwrap_err();
//! assert_eq!(error, WireError::Missing { field: "slug".into() });
//! # Ok::<(), WireError>(())
//! ```

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::body::Patch;
use crate::secret::AccessToken;

/// Where an input goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldPlace {
    /// A `{parameter}` of the path template (always a non-empty string).
    Path,
    /// A query parameter.
    Query,
    /// A member of the JSON body object.
    Body,
    /// The whole JSON body (the field's name is empty).
    WholeBody,
}

/// The JSON type of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonKind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// An array of strings.
    StringList,
    /// An array of objects or values.
    Array,
    /// An object.
    Object,
    /// Any JSON value.
    Any,
}

impl JsonKind {
    /// How the kind reads in a message: `a string`, `an integer`, ...
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::String => "a string",
            Self::Integer => "an integer",
            Self::Boolean => "a boolean (true or false)",
            Self::StringList => "a list of strings",
            Self::Array => "a JSON array",
            Self::Object => "a JSON object",
            Self::Any => "any JSON value",
        }
    }
}

/// One input of an operation, as the table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FieldInfo {
    /// The name on the wire (`appId`, `firstName`, `page`); empty for the
    /// whole body.
    pub name: &'static str,
    /// Where it goes.
    pub place: FieldPlace,
    /// Whether the operation cannot be built without it.
    pub required: bool,
    /// Whether `null` is accepted (it clears the value on the server).
    pub nullable: bool,
    /// Its JSON type.
    pub kind: JsonKind,
}

impl FieldInfo {
    /// A path parameter.
    #[must_use]
    pub(crate) const fn path(name: &'static str) -> Self {
        Self {
            name,
            place: FieldPlace::Path,
            required: true,
            nullable: false,
            kind: JsonKind::String,
        }
    }

    /// A query parameter (always optional).
    #[must_use]
    pub(crate) const fn query(name: &'static str, kind: JsonKind) -> Self {
        Self {
            name,
            place: FieldPlace::Query,
            required: false,
            nullable: false,
            kind,
        }
    }

    /// A body field; the empty name is the whole body.
    #[must_use]
    pub(crate) const fn body(
        name: &'static str,
        required: bool,
        nullable: bool,
        kind: JsonKind,
    ) -> Self {
        Self {
            name,
            place: if name.is_empty() {
                FieldPlace::WholeBody
            } else {
                FieldPlace::Body
            },
            required,
            nullable,
            kind,
        }
    }
}

/// A type an operation input can have, with its JSON kind.
pub trait WireType: DeserializeOwned {
    /// The JSON kind of the type.
    const KIND: JsonKind;
    /// Whether values of the type are secrets, never quoted in errors.
    const SECRET: bool = false;
    /// Whether `null` is a value of the type (so a required field may be
    /// `null`), as `organizationId: null` clears the active organization.
    const NULLABLE: bool = false;
}

impl WireType for String {
    const KIND: JsonKind = JsonKind::String;
}

impl WireType for u64 {
    const KIND: JsonKind = JsonKind::Integer;
}

impl WireType for i64 {
    const KIND: JsonKind = JsonKind::Integer;
}

impl WireType for bool {
    const KIND: JsonKind = JsonKind::Boolean;
}

impl WireType for Value {
    const KIND: JsonKind = JsonKind::Any;
    // Free-form values (metadata) may hold anything.
    const SECRET: bool = true;
}

impl WireType for Map<String, Value> {
    const KIND: JsonKind = JsonKind::Object;
    const SECRET: bool = true;
}

impl WireType for crate::ops::StringList {
    const KIND: JsonKind = JsonKind::StringList;
}

/// An organization id, or `null` to clear the active organization.
impl WireType for crate::ops::ActiveOrganization {
    const KIND: JsonKind = JsonKind::String;
    const NULLABLE: bool = true;
}

impl<T: DeserializeOwned> WireType for Vec<T> {
    const KIND: JsonKind = JsonKind::Array;
    // Items (imported users) may carry secrets.
    const SECRET: bool = true;
}

macro_rules! secret_wire_types {
    ($($ty:ident),*) => {
        $(
            impl WireType for crate::secret::$ty {
                const KIND: JsonKind = JsonKind::String;
                const SECRET: bool = true;
            }
        )*
    };
}

secret_wire_types!(Password, RefreshToken, MfaCode, MfaToken, EmailToken);

/// Why an operation could not be built from wire inputs. Messages name
/// fields, never their values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WireError {
    /// The operation is authenticated and no access token was given.
    #[error("the operation needs an access token")]
    MissingToken,
    /// A required input is missing (`null` counts as missing when the field
    /// is not nullable).
    #[error("missing required field `{field}`")]
    Missing {
        /// Its wire name (empty: the whole body).
        field: String,
    },
    /// An input does not have the field's type.
    #[error("field `{field}` must be {}{}", .expected.describe(), reason_suffix(.reason.as_deref()))]
    Type {
        /// Its wire name.
        field: String,
        /// The kind it must have.
        expected: JsonKind,
        /// The decoder's reason, when it quotes no secret.
        reason: Option<String>,
    },
    /// An input the operation does not have.
    #[error("the operation has no {place} field `{field}`")]
    Unknown {
        /// The name given.
        field: String,
        /// `path`, `query` or `body`.
        place: &'static str,
    },
}

fn reason_suffix(reason: Option<&str>) -> String {
    reason.map(|r| format!(" ({r})")).unwrap_or_default()
}

/// The inputs of one operation, by wire name; each operation type's
/// `from_wire` takes what it knows and refuses what is left.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct WireInput {
    /// The bearer token, for authenticated operations.
    pub token: Option<AccessToken>,
    /// Path parameters, e.g. `appId` → `app_123`.
    pub path: Map<String, Value>,
    /// Query parameters.
    pub query: Map<String, Value>,
    /// Body fields.
    pub body: Map<String, Value>,
    /// The whole body, for operations that send one value as the body.
    pub whole_body: Option<Value>,
}

impl WireInput {
    /// Inputs with `token` and nothing else.
    #[must_use]
    pub fn new(token: Option<AccessToken>) -> Self {
        Self {
            token,
            ..Self::default()
        }
    }

    /// Takes the access token.
    ///
    /// # Errors
    /// [`WireError::MissingToken`] when there is none.
    pub(crate) fn take_token(&mut self) -> Result<AccessToken, WireError> {
        self.token.take().ok_or(WireError::MissingToken)
    }

    /// Takes a path parameter.
    ///
    /// # Errors
    /// [`WireError::Missing`] or [`WireError::Type`].
    pub(crate) fn take_path(&mut self, name: &str) -> Result<String, WireError> {
        match self.path.remove(name) {
            None | Some(Value::Null) => Err(WireError::Missing { field: name.into() }),
            Some(value) => decode(name, value),
        }
    }

    /// Takes an optional query parameter.
    ///
    /// # Errors
    /// [`WireError::Type`].
    pub(crate) fn take_query<T: WireType>(&mut self, name: &str) -> Result<Option<T>, WireError> {
        match self.query.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => decode(name, value).map(Some),
        }
    }

    /// Takes a required body field (the whole body for the empty name).
    ///
    /// # Errors
    /// [`WireError::Missing`] or [`WireError::Type`].
    pub(crate) fn take_required<T: WireType>(&mut self, name: &str) -> Result<T, WireError> {
        let value = if name.is_empty() {
            self.whole_body.take()
        } else {
            self.body.remove(name)
        };
        match value {
            Some(Value::Null) if T::NULLABLE => decode(name, Value::Null),
            None | Some(Value::Null) => Err(WireError::Missing { field: name.into() }),
            Some(value) => decode(name, value),
        }
    }

    /// Takes an optional body field; `null` is refused (the field cannot be
    /// cleared).
    ///
    /// # Errors
    /// [`WireError::Type`].
    pub(crate) fn take_optional<T: WireType>(
        &mut self,
        name: &str,
    ) -> Result<Option<T>, WireError> {
        match self.body.remove(name) {
            None => Ok(None),
            Some(value) => decode(name, value).map(Some),
        }
    }

    /// Takes a nullable body field: absent leaves it unchanged, `null`
    /// clears it.
    ///
    /// # Errors
    /// [`WireError::Type`].
    pub(crate) fn take_nullable<T: WireType>(&mut self, name: &str) -> Result<Patch<T>, WireError> {
        match self.body.remove(name) {
            None => Ok(Patch::Unchanged),
            Some(Value::Null) => Ok(Patch::Clear),
            Some(value) => decode(name, value).map(Patch::Set),
        }
    }

    /// Refuses the inputs no field took.
    ///
    /// # Errors
    /// [`WireError::Unknown`] naming the first one left.
    pub(crate) fn finish(&self) -> Result<(), WireError> {
        let left = [
            ("path", &self.path),
            ("query", &self.query),
            ("body", &self.body),
        ];
        for (place, map) in left {
            if let Some(field) = map.keys().next() {
                return Err(WireError::Unknown {
                    field: field.clone(),
                    place,
                });
            }
        }
        if self.whole_body.is_some() {
            return Err(WireError::Unknown {
                field: String::new(),
                place: "body",
            });
        }
        Ok(())
    }
}

fn decode<T: WireType>(name: &str, value: Value) -> Result<T, WireError> {
    serde_json::from_value(value).map_err(|e| WireError::Type {
        field: name.into(),
        expected: T::KIND,
        reason: (!T::SECRET).then(|| e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use serde_json::json;

    use super::*;
    use crate::ops::{ListAppUsers, UpdateApplication};
    use crate::{Config, OPERATIONS, Operation};

    #[test]
    fn every_row_lists_its_fields() {
        let info = OPERATIONS
            .iter()
            .find(|op| op.name == "list_app_users")
            .unwrap();
        let names: Vec<_> = info.fields.iter().map(|f| (f.name, f.place)).collect();
        assert!(names.contains(&("appId", FieldPlace::Path)), "{names:?}");
        assert!(names.contains(&("page", FieldPlace::Query)), "{names:?}");
        let page = info.fields.iter().find(|f| f.name == "page").unwrap();
        assert_eq!(page.kind, JsonKind::Integer);
        let settings = OPERATIONS
            .iter()
            .find(|op| op.name == "update_platform_settings")
            .unwrap();
        assert_eq!(settings.fields.len(), 1);
        assert_eq!(settings.fields[0].place, FieldPlace::WholeBody);
    }

    #[test]
    fn builds_typed_inputs_and_refuses_wrong_ones() {
        let mut input = WireInput::new(Some("t".into()));
        input.path.insert("appId".into(), json!("app_1"));
        input.query.insert("page".into(), json!(2));
        let op = ListAppUsers::from_wire(&mut input).unwrap();
        let request = op.to_request(&Config::default()).unwrap();
        assert_eq!(request.uri().query(), Some("page=2"));

        let mut input = WireInput::new(Some("t".into()));
        input.path.insert("appId".into(), json!("app_1"));
        input.query.insert("page".into(), json!("two"));
        let error = ListAppUsers::from_wire(&mut input).unwrap_err();
        assert!(
            matches!(&error, WireError::Type { field, expected: JsonKind::Integer, .. } if field == "page"),
            "{error}"
        );

        let mut input = WireInput::new(None);
        input.path.insert("appId".into(), json!("app_1"));
        assert_eq!(
            ListAppUsers::from_wire(&mut input).unwrap_err(),
            WireError::MissingToken
        );

        let mut input = WireInput::new(Some("t".into()));
        input.path.insert("appId".into(), json!("app_1"));
        input.body.insert("nope".into(), json!(1));
        assert!(matches!(
            ListAppUsers::from_wire(&mut input).unwrap_err(),
            WireError::Unknown { place: "body", .. }
        ));
    }

    #[test]
    fn null_clears_a_nullable_field() {
        let mut input = WireInput::new(Some("t".into()));
        input.path.insert("appId".into(), json!("app_1"));
        input.body.insert("domain".into(), Value::Null);
        let op = UpdateApplication::from_wire(&mut input).unwrap();
        let request = op.to_request(&Config::default()).unwrap();
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(body, json!({ "domain": null }));
    }

    #[test]
    fn a_null_organization_clears_the_active_one() {
        let info = crate::ops::SetActiveOrganization::INFO;
        let field = info
            .fields
            .iter()
            .find(|f| f.name == "organizationId")
            .unwrap();
        assert!(field.required && field.nullable, "{field:?}");
        let mut input = WireInput::new(Some("t".into()));
        input.body.insert("organizationId".into(), Value::Null);
        let op = crate::ops::SetActiveOrganization::from_wire(&mut input).unwrap();
        let config = Config::builder()
            .publishable_key("pk_test_1")
            .build()
            .unwrap();
        let request = op.to_request(&config).unwrap();
        let body: Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(body, json!({ "organizationId": null }));
        // Other required fields still refuse null.
        let mut input = WireInput::default();
        input.body.insert("email".into(), Value::Null);
        input.body.insert("password".into(), json!("pw"));
        let error = crate::ops::Login::from_wire(&mut input).unwrap_err();
        assert!(matches!(error, WireError::Missing { .. }), "{error:?}");
    }

    #[test]
    fn secrets_are_not_quoted() {
        let mut input = WireInput::default();
        input.body.insert("email".into(), json!("a@example.com"));
        input
            .body
            .insert("password".into(), json!(["hunter2-secret"]));
        let error = crate::ops::Login::from_wire(&mut input).unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }
}
