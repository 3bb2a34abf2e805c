//! Every operation of the core's table, end to end against the emulator:
//! the example from the testkit's catalogue is sent with the driver's
//! generated method of the same name; the request must reach the emulator
//! and the answer must decode. One test per row, generated from
//! `for_each_operation!`, so none can be skipped; an operation without an
//! example in the catalogue does not compile.

use inai_auth_blocking::Client;
use inai_auth_core::ops::*;
use inai_auth_core::{InAIAuthError, Operation};
use inai_auth_testkit::{Context, SetupError, catalogue};

use crate::support::{client, context};

/// Builds the example, sends it with `call`, and checks the outcome.
fn check<O, F>(name: &str, build: fn(&Context) -> Result<O, SetupError>, call: F)
where
    O: Operation,
    F: FnOnce(&Client, O) -> Result<O::Output, InAIAuthError>,
{
    let ctx = context();
    let op = build(&ctx).unwrap_or_else(|e| panic!("{name}: setup failed: {e}"));
    let request = op.to_request(ctx.config()).unwrap();
    let (method, path) = (
        request.method().as_str().to_owned(),
        request.uri().path().to_owned(),
    );
    let before = ctx.emulator().request_count(&method, &path);
    let outcome = call(&client(&ctx), op);
    let reached = ctx.emulator().request_count(&method, &path) - before;
    assert_eq!(
        reached, 1,
        "{name}: {method} {path} reached the emulator {reached} times"
    );
    if let Err(e) = outcome {
        panic!("{name}: {method} {path} failed: {e:?}");
    }
}

macro_rules! end_to_end {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name), catalogue::$name, |client, op: $Op| client.$name(op));
            }
        )*

        /// The names of the generated tests, for the coverage check.
        const TESTED: &[&str] = &[$( stringify!($name) ),*];
    };
}

inai_auth_core::for_each_operation!(end_to_end);

#[test]
fn every_operation_has_a_test_and_an_example() {
    assert_eq!(inai_auth_testkit::catalogue::check_names(TESTED), Ok(()));
    assert_eq!(catalogue::check_names(&catalogue::names()), Ok(()));
}
