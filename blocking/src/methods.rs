//! One method per API operation, generated from the core's table.

use inai_auth_core::ops::*;
use inai_auth_core::{InAIAuthError, Operation};

use crate::client::Client;

/// Writes `Client::$name(&self, op: $Op)` for every row of the table.
macro_rules! operation_methods {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        /// The API's operations, one method each; every one is
        /// [`send`](Client::send) with the operation's type.
        impl Client {
            $(
                #[doc = $doc]
                #[doc = ""]
                #[doc = concat!("Sends [`", stringify!($Op), "`]; build it with `",
                    stringify!($Op), "::new(..)` and its `with_*` setters.")]
                #[doc = ""]
                #[doc = "# Errors"]
                #[doc = "As [`send`](Client::send): `Api` for a non-2xx answer, `Transport`, `Decode`, `Config` or `InvalidRequest`."]
                pub fn $name(&self, operation: $Op) -> Result<<$Op as Operation>::Output, InAIAuthError> {
                    self.send(&operation)
                }
            )*
        }
    };
}

inai_auth_core::for_each_operation!(operation_methods);
