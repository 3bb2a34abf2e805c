//! One method per API operation, generated from the core's table.

use inai_auth_core::ops::*;
use inai_auth_core::{InAIAuthError, Operation};

use super::Client;

macro_rules! client_methods {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        impl Client {
            $(
                #[doc = $doc]
                #[doc = ""]
                #[doc = concat!("Sends a [`", stringify!($Op), "`] with [`send`](Self::send).")]
                #[doc = ""]
                #[doc = "# Errors"]
                #[doc = "As [`send`](Self::send)."]
                pub async fn $name(
                    &self,
                    operation: $Op,
                ) -> Result<<$Op as Operation>::Output, InAIAuthError> {
                    self.send(&operation).await
                }
            )*
        }
    };
}

inai_auth_core::for_each_operation!(client_methods);
