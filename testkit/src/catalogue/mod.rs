//! One example per operation of the API: `catalogue::<name>(&ctx)` builds
//! the operation `<name>` so that it succeeds against `ctx`'s emulator,
//! first creating whatever it acts on.
//!
//! Drivers generate one end-to-end test per row of
//! `inai_auth_core::for_each_operation!`, each calling
//! `catalogue::$name(&ctx)`: an operation added to the core's table without
//! an example here fails to compile there. [`names`] lists the examples
//! written here, and [`check_names`] compares them with
//! [`OPERATIONS`](inai_auth_core::OPERATIONS).
//!
//! Every example succeeds against the emulator. One needs setup the typed
//! operations cannot express: `get_user_by_external_id` needs a user with an
//! external id, which the API contract gives no way to set (`ImportUser` has
//! no such field); [`Context::external_id`](crate::Context::external_id)
//! imports one with the emulator's `externalId` extension as raw JSON.

use std::collections::BTreeSet;

/// Writes the example functions of one file and its list of names.
macro_rules! examples {
    ($( $name:ident($ctx:ident) -> $Op:ident $body:block )*) => {
        $(
            #[doc = concat!("An example of [`", stringify!($Op), "`](inai_auth_core::ops::",
                stringify!($Op), ") that succeeds against the context's emulator.")]
            #[doc = ""]
            #[doc = "# Errors"]
            #[doc = "[`SetupError`](crate::SetupError) when preparing it fails."]
            pub fn $name($ctx: &$crate::Context) -> Result<$Op, $crate::SetupError> $body
        )*

        /// The operations this file has examples for.
        pub(crate) const NAMES: &[&str] = &[$( stringify!($name) ),*];
    };
}

mod app_user;
mod platform;
mod platform_team;
mod v1;

pub use app_user::*;
pub use platform::*;
pub use platform_team::*;
pub use v1::*;

/// The names of every example in the catalogue.
#[must_use]
pub fn names() -> Vec<&'static str> {
    [
        app_user::NAMES,
        platform::NAMES,
        platform_team::NAMES,
        v1::NAMES,
    ]
    .concat()
}

/// Compares `names` with the operations of the core's table.
///
/// # Errors
/// A message naming the operations without a name in `names` and the names
/// that are not operations (and duplicates).
pub fn check_names(names: &[&str]) -> Result<(), String> {
    let table: BTreeSet<&str> = inai_auth_core::OPERATIONS
        .iter()
        .map(|op| op.name)
        .collect();
    let given: BTreeSet<&str> = names.iter().copied().collect();
    let missing: Vec<&str> = table.difference(&given).copied().collect();
    let unknown: Vec<&str> = given.difference(&table).copied().collect();
    let duplicated = names.len() != given.len();
    if missing.is_empty() && unknown.is_empty() && !duplicated {
        Ok(())
    } else {
        Err(format!(
            "operations without an example: {missing:?}; examples of no operation: {unknown:?}; duplicates: {duplicated}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_covers_every_operation_once() {
        assert_eq!(check_names(&names()), Ok(()));
        assert_eq!(names().len(), inai_auth_core::OPERATIONS.len());
    }

    #[test]
    fn check_names_reports_what_is_missing_and_unknown() {
        let mut some = names();
        some.retain(|n| *n != "get_me");
        some.push("get_you");
        let error = check_names(&some).err().unwrap_or_default();
        assert!(error.contains("\"get_me\""), "{error}");
        assert!(error.contains("\"get_you\""), "{error}");
    }
}
