//! Compile-time checks: the types are shareable across tasks and every
//! generated method's future is `Send` (if one were not, this would not compile).

use std::future::Future;

use inai_auth_async::{Client, Items, Pages, Session, Verifier};
use inai_auth_core::ops::*;

fn shareable<T: Clone + Send + Sync + 'static>() {}
fn send<T: Send + 'static>() {}

#[test]
fn client_verifier_and_session_are_clone_send_sync() {
    shareable::<Client>();
    shareable::<Verifier>();
    shareable::<Session>();
    send::<Pages<ListAppUsers>>();
    send::<Items<ListUsers>>();
}

macro_rules! send_futures {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        /// One function per operation whose return type demands a `Send` future.
        #[allow(dead_code)]
        mod every_method {
            use super::*;
            $(
                pub(super) fn $name(client: &Client, operation: $Op) -> impl Future + Send + '_ {
                    client.$name(operation)
                }
            )*
        }

        #[test]
        fn every_operation_has_a_method() {
            let names = [$( stringify!($name) ),*];
            assert_eq!(names.len(), inai_auth_core::OPERATIONS.iter().filter(|op| op.name != "oauth_init_url").count());
        }
    };
}

inai_auth_core::for_each_operation!(send_futures);

#[allow(dead_code)]
fn verify_and_session_futures_are_send<'a>(
    verifier: &'a Verifier,
    session: &'a Session,
    token: &'a str,
) -> (
    impl Future + Send + 'a,
    impl Future + Send + 'a,
    impl Future + Send + 'a,
) {
    (
        verifier.verify(token),
        session.access_token(),
        session.logout(),
    )
}
