//! How each vector's operation is built, by name: the operation's example
//! from `inai_auth_core::examples` (the catalogue the fuzz checks share).
//! The expected requests and answers are in `tests/data/vectors.json`.

use inai_auth_core::examples::Example;
use inai_auth_core::ops::*;

use crate::support::TOKEN;
use crate::vectors::check;

/// Vectors of a second form of an operation, named `<operation>#<form>`;
/// `false` if there is no such case.
pub(crate) fn run_variant(name: &str) -> bool {
    match name {
        "set_active_organization#clear" => {
            check(
                name,
                &SetActiveOrganization::new(TOKEN, ActiveOrganization::none()),
            );
            true
        }
        _ => false,
    }
}

macro_rules! cases {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        /// The names of the operations that have a case here: all of them.
        pub(crate) const CASES: &[&str] = &[$( stringify!($name) ),*];

        /// Runs the vector of `name` with the operation's example; `false`
        /// if there is no such operation.
        pub(crate) fn run(name: &str) -> bool {
            match name {
                $( stringify!($name) => { check(name, &$Op::example()); true } )*
                _ => false,
            }
        }
    };
}

inai_auth_core::for_each_operation!(cases);
