//! JSON request bodies: required, optional and nullable fields.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{InAIAuthError, InvalidRequestError};

/// A field of a partial update that the API lets set to `null`.
///
/// `Unchanged` is left out of the body, `Clear` is sent as `null`, `Set` as
/// its value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Patch<T> {
    /// Not sent: the API keeps the current value.
    #[default]
    Unchanged,
    /// Sent as `null`: the API clears the value.
    Clear,
    /// Sent as the value.
    Set(T),
}

/// Builds a JSON object body field by field, with the exact wire names.
pub(crate) struct JsonObject {
    operation: &'static str,
    members: Map<String, Value>,
}

impl JsonObject {
    pub(crate) fn new(operation: &'static str) -> Self {
        Self {
            operation,
            members: Map::new(),
        }
    }

    fn to_value(&self, value: &impl Serialize) -> Result<Value, InAIAuthError> {
        serde_json::to_value(value).map_err(|e| {
            InvalidRequestError::Body {
                operation: self.operation,
                reason: e.to_string(),
            }
            .into()
        })
    }

    /// Always sent.
    pub(crate) fn required(
        &mut self,
        name: &str,
        value: &impl Serialize,
    ) -> Result<(), InAIAuthError> {
        let value = self.to_value(value)?;
        self.members.insert(name.to_owned(), value);
        Ok(())
    }

    /// Sent when set, left out otherwise.
    pub(crate) fn optional<T: Serialize>(
        &mut self,
        name: &str,
        value: &Option<T>,
    ) -> Result<(), InAIAuthError> {
        match value {
            Some(value) => self.required(name, value),
            None => Ok(()),
        }
    }

    /// Left out when unchanged, `null` when cleared, the value when set.
    pub(crate) fn patch<T: Serialize>(
        &mut self,
        name: &str,
        value: &Patch<T>,
    ) -> Result<(), InAIAuthError> {
        match value {
            Patch::Unchanged => Ok(()),
            Patch::Clear => {
                self.members.insert(name.to_owned(), Value::Null);
                Ok(())
            }
            Patch::Set(value) => self.required(name, value),
        }
    }

    /// The serialised object.
    pub(crate) fn finish(self) -> Result<Vec<u8>, InAIAuthError> {
        whole(self.operation, &self.members)
    }
}

/// A value serialised as the whole body.
pub(crate) fn whole(
    operation: &'static str,
    value: &impl Serialize,
) -> Result<Vec<u8>, InAIAuthError> {
    serde_json::to_vec(value).map_err(|e| {
        InvalidRequestError::Body {
            operation,
            reason: e.to_string(),
        }
        .into()
    })
}
