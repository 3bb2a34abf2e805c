//! Which TLS stack the ureq agent uses and which roots it trusts, by feature:
//!
//! - `native-tls`: the platform's TLS library (wins when on);
//! - `rustls`: rustls with the aws-lc-rs crypto provider (the default);
//! - `rustls-ring`: rustls with ring;
//! - none: plain `http://` only (enough for the emulator).
//!
//! Roots: the roots given to
//! [`add_root_certificate`](crate::ClientBuilder::add_root_certificate) and
//! only those when there are any; else Mozilla's bundled roots with the
//! `bundled-roots` feature; else the platform's (rustls-platform-verifier,
//! or native-tls's own store).

use rustls_pki_types::CertificateDer;
use ureq::config::ConfigBuilder;
use ureq::typestate::AgentScope;

/// The roots to trust: `extra` alone when it is not empty, else the
/// default of the features.
#[cfg(any(feature = "native-tls", feature = "rustls", feature = "rustls-ring"))]
fn root_certs(extra: &[CertificateDer<'static>]) -> ureq::tls::RootCerts {
    use ureq::tls::{Certificate, RootCerts};
    if !extra.is_empty() {
        return extra
            .iter()
            .map(|der| Certificate::from_der(der).to_owned())
            .into();
    }
    if cfg!(feature = "bundled-roots") {
        RootCerts::WebPki
    } else {
        RootCerts::PlatformVerifier
    }
}

/// Sets the TLS configuration of the enabled stack on `builder`.
#[cfg(feature = "native-tls")]
pub(crate) fn apply(
    builder: ConfigBuilder<AgentScope>,
    extra_roots: &[CertificateDer<'static>],
) -> ConfigBuilder<AgentScope> {
    use ureq::tls::{TlsConfig, TlsProvider};
    builder.tls_config(
        TlsConfig::builder()
            .provider(TlsProvider::NativeTls)
            .root_certs(root_certs(extra_roots))
            .build(),
    )
}

/// Sets the TLS configuration of the enabled stack on `builder`.
#[cfg(all(not(feature = "native-tls"), feature = "rustls"))]
pub(crate) fn apply(
    builder: ConfigBuilder<AgentScope>,
    extra_roots: &[CertificateDer<'static>],
) -> ConfigBuilder<AgentScope> {
    use ureq::tls::{TlsConfig, TlsProvider};
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    builder.tls_config(
        TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .unversioned_rustls_crypto_provider(provider)
            .root_certs(root_certs(extra_roots))
            .build(),
    )
}

/// Sets the TLS configuration of the enabled stack on `builder`: ureq's
/// own rustls, with ring.
#[cfg(all(
    not(feature = "native-tls"),
    not(feature = "rustls"),
    feature = "rustls-ring"
))]
pub(crate) fn apply(
    builder: ConfigBuilder<AgentScope>,
    extra_roots: &[CertificateDer<'static>],
) -> ConfigBuilder<AgentScope> {
    use ureq::tls::{TlsConfig, TlsProvider};
    builder.tls_config(
        TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(root_certs(extra_roots))
            .build(),
    )
}

/// No TLS stack: plain `http://` only, so there are no roots to set.
#[cfg(not(any(feature = "native-tls", feature = "rustls", feature = "rustls-ring")))]
pub(crate) fn apply(
    builder: ConfigBuilder<AgentScope>,
    _extra_roots: &[CertificateDer<'static>],
) -> ConfigBuilder<AgentScope> {
    builder
}
