//! Bulk user import: the rows sent and the outcome.

use serde::{Deserialize, Serialize};

use crate::secret::Password;

/// One user to import (an item of the `users` array of `import_users`).
///
/// Build it with [`ImportUser::new`] and the `with_*` setters; every field but
/// the email is optional and left out of the request when unset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportUser {
    email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password: Option<Password>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    roles: Option<Vec<String>>,
}

impl ImportUser {
    /// A user to import with this email address and nothing else set.
    pub fn new(email: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            password: None,
            first_name: None,
            last_name: None,
            roles: None,
        }
    }

    /// Sets the user's initial password. Default: none (the user cannot sign
    /// in with a password until one is set).
    #[must_use]
    pub fn with_password(mut self, password: impl Into<Password>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// Sets the user's first name. Default: none.
    #[must_use]
    pub fn with_first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = Some(first_name.into());
        self
    }

    /// Sets the user's last name. Default: none.
    #[must_use]
    pub fn with_last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = Some(last_name.into());
        self
    }

    /// Sets the names of the roles the user gets. Default: none sent (the API
    /// decides).
    #[must_use]
    pub fn with_roles<I, S>(mut self, roles: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.roles = Some(roles.into_iter().map(Into::into).collect());
        self
    }

    /// The user's email address.
    #[must_use]
    pub fn email(&self) -> &str {
        &self.email
    }

    /// The user's initial password, if set.
    #[must_use]
    pub fn password(&self) -> Option<&Password> {
        self.password.as_ref()
    }

    /// The user's first name, if set.
    #[must_use]
    pub fn first_name(&self) -> Option<&str> {
        self.first_name.as_deref()
    }

    /// The user's last name, if set.
    #[must_use]
    pub fn last_name(&self) -> Option<&str> {
        self.last_name.as_deref()
    }

    /// The names of the user's roles, if set.
    #[must_use]
    pub fn roles(&self) -> Option<&[String]> {
        self.roles.as_deref()
    }
}

/// The outcome of a user import (`ImportUsersResult`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImportUsersResult {
    /// How many users were created.
    pub imported: u64,
    /// How many rows were skipped (existing users without `updateExisting`, or errors).
    pub skipped: u64,
    /// How many existing users were updated.
    pub updated: u64,
    /// The rows that failed, with why.
    pub errors: Vec<ImportRowError>,
}

/// A row of an import that failed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImportRowError {
    /// The row's position in the request's `users` array, as the API counts it.
    pub row: u64,
    /// The row's email address, when the API repeats it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// What went wrong.
    pub error: String,
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;
    use crate::models::test_support::{assert_required, assert_wire_roundtrip, decode};

    const RESULT: &str = r#"{
        "imported": 2, "skipped": 1, "updated": 0,
        "errors": [
            {"row": 3, "email": "bad@", "error": "invalid email"},
            {"row": 4, "error": "missing email", "code": "E_EMAIL"}
        ],
        "durationMs": 12
    }"#;

    #[test]
    fn a_bare_row_sends_only_the_email() {
        let row = ImportUser::new("ada@example.com");
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            serde_json::json!({"email": "ada@example.com"})
        );
    }

    #[test]
    fn a_full_row_uses_the_wire_names() {
        let row = ImportUser::new("ada@example.com")
            .with_password("s3cret-PASSWORD")
            .with_first_name("Ada")
            .with_last_name("Lovelace")
            .with_roles(["admin", "member"]);
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            serde_json::json!({
                "email": "ada@example.com",
                "password": "s3cret-PASSWORD",
                "firstName": "Ada",
                "lastName": "Lovelace",
                "roles": ["admin", "member"]
            })
        );
        assert_eq!(row.email(), "ada@example.com");
        assert_eq!(
            row.password().map(Password::expose_secret),
            Some("s3cret-PASSWORD")
        );
        assert_eq!(row.first_name(), Some("Ada"));
        assert_eq!(row.last_name(), Some("Lovelace"));
        assert_eq!(
            row.roles(),
            Some(&["admin".to_owned(), "member".to_owned()][..])
        );
        let back: ImportUser = serde_json::from_value(serde_json::to_value(&row).unwrap()).unwrap();
        assert_eq!(back, row);
    }

    #[test]
    fn debug_hides_the_password() {
        let row = ImportUser::new("ada@example.com").with_password("s3cret-PASSWORD");
        let shown = format!("{row:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("ada@example.com"), "{shown}");
    }

    #[test]
    fn decodes_a_result() {
        let result: ImportUsersResult = decode(RESULT);
        assert_eq!((result.imported, result.skipped, result.updated), (2, 1, 0));
        assert_eq!(result.errors.len(), 2);
        assert_eq!(result.errors[0].email.as_deref(), Some("bad@"));
        assert_eq!(result.errors[1].email, None);
        assert_eq!(result.errors[1].row, 4);
        assert_eq!(result.errors[1].error, "missing email");
        for field in ["imported", "skipped", "updated", "errors"] {
            assert_required::<ImportUsersResult>(RESULT, field);
        }
        assert_required::<ImportRowError>(r#"{"row":1,"error":"e"}"#, "error");
    }

    #[test]
    fn round_trips_with_wire_names() {
        let json = RESULT.replace(r#", "code": "E_EMAIL""#, "");
        assert_wire_roundtrip::<ImportUsersResult>(&json, &["durationMs"]);
        let errors: Vec<ImportRowError> = decode(r#"[{"row":4,"error":"e","code":"E"}]"#);
        assert_eq!(
            serde_json::to_value(&errors).unwrap(),
            serde_json::json!([{"row":4,"error":"e"}])
        );
    }
}
