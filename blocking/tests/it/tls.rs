//! Which roots the client trusts: by default not a private CA; with
//! `add_root_certificate` that CA (and only the roots added); a PEM without
//! a certificate is a config error at build. Mirrored in
//! `async/tests/it/tls.rs`.

use inai_auth_blocking::Client;
use inai_auth_core::ops::PlatformLogin;
use inai_auth_core::{Config, ConfigError, InAIAuthError, RetryPolicy, TransportErrorKind};
use inai_auth_testkit::TlsServer;

fn builder(server: &TlsServer) -> inai_auth_blocking::ClientBuilder {
    Client::builder()
        .config(
            Config::builder()
                .base_url(server.base_url())
                .build()
                .unwrap(),
        )
        .retry_policy(RetryPolicy::never())
        .no_proxy()
}

fn login() -> PlatformLogin {
    PlatformLogin::new("admin@example.com", "a password")
}

#[test]
fn by_default_a_private_ca_is_refused() {
    let server = TlsServer::start().unwrap();
    let client = builder(&server).build().unwrap();
    match client.send(&login()) {
        Err(InAIAuthError::Transport(e)) => {
            assert_eq!(e.kind(), TransportErrorKind::Connect, "{e}")
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[test]
fn an_added_root_certificate_is_trusted() {
    let server = TlsServer::start().unwrap();
    let client = builder(&server)
        .add_root_certificate(server.ca_pem())
        .build()
        .unwrap();
    // The server answers 401: the handshake went through.
    let error = client.send(&login()).unwrap_err();
    assert_eq!(
        error.status(),
        Some(http::StatusCode::UNAUTHORIZED),
        "{error:?}"
    );
}

#[test]
fn added_roots_replace_the_default_ones() {
    // Another private CA added: the server's CA is still not trusted, so the
    // added roots are the only ones (not added to the defaults).
    let server = TlsServer::start().unwrap();
    let other = TlsServer::start().unwrap();
    let client = builder(&server)
        .add_root_certificate(other.ca_pem())
        .build()
        .unwrap();
    match client.send(&login()) {
        Err(InAIAuthError::Transport(e)) => {
            assert_eq!(e.kind(), TransportErrorKind::Connect, "{e}")
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[test]
fn a_pem_without_a_certificate_is_a_config_error_at_build() {
    let cases: [&[u8]; 5] = [
        b"",
        b"not a certificate",
        b"-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
        b"-----BEGIN CERTIFICATE-----\nMIIB\n",
        // Valid PEM and base64, but "hello" is not a certificate.
        b"-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n",
    ];
    for pem in cases {
        let built = Client::builder().add_root_certificate(pem).build();
        assert!(
            matches!(
                built,
                Err(InAIAuthError::Config(
                    ConfigError::InvalidRootCertificate { .. }
                ))
            ),
            "{pem:?}: {built:?}"
        );
    }
    // One bad PEM among good ones still fails.
    let server = TlsServer::start().unwrap();
    let built = Client::builder()
        .add_root_certificate(server.ca_pem())
        .add_root_certificate("junk")
        .build();
    assert!(matches!(built, Err(InAIAuthError::Config(_))), "{built:?}");
}
