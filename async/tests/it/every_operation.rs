//! Every operation of the core's table, end to end against the emulator:
//! one test per row, generated from `for_each_operation!`, each building its
//! operation with the testkit's catalogue and sending it with the generated
//! method of the same name. A row without a test cannot exist: the macro
//! writes them all, and a row without a catalogue example does not compile.

use inai_auth_async::Client;
use inai_auth_core::{InAIAuthError, Operation, RetryPolicy};
use inai_auth_testkit::{Context, catalogue};

/// Sends `operation` with `call` and checks the outcome: success and exactly
/// one request seen by the emulator at the operation's method and path.
fn check<O, F, Fut>(
    name: &str,
    build: fn(&Context) -> Result<O, inai_auth_testkit::SetupError>,
    call: F,
) where
    O: Operation,
    F: FnOnce(Client, O) -> Fut,
    Fut: std::future::Future<Output = Result<(), InAIAuthError>>,
{
    let ctx = Context::start().expect("the testkit context starts");
    let operation =
        build(&ctx).unwrap_or_else(|e| panic!("{name}: the example cannot be built: {e}"));
    let request = operation
        .to_request(ctx.config())
        .expect("the request builds");
    let (method, path) = (
        request.method().to_string(),
        request.uri().path().to_owned(),
    );
    let before = ctx.emulator().request_count(&method, &path);

    let client = Client::builder()
        .config(ctx.config().clone())
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let outcome = runtime.block_on(call(client, operation));

    outcome.unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let seen = ctx.emulator().request_count(&method, &path) - before;
    assert_eq!(
        seen, 1,
        "{name}: the emulator saw {seen} requests to {method} {path}"
    );
}

macro_rules! every_operation {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name), catalogue::$name, |client, operation| async move {
                    client.$name(operation).await.map(|_| ())
                });
            }
        )*

        #[test]
        fn there_is_one_test_per_operation() {
            let names = [$( stringify!($name) ),*];
            let table: Vec<&str> = inai_auth_core::OPERATIONS.iter().map(|op| op.name).collect();
            for name in &table {
                assert!(names.contains(name), "no test for {name}");
            }
            assert_eq!(names.len(), table.len());
        }
    };
}

inai_auth_core::for_each_operation!(every_operation);
