//! Which TLS stack the ureq agent uses, by feature:
//!
//! - `native-tls`: the platform's TLS library (wins when on);
//! - `rustls`: rustls with the aws-lc-rs crypto provider (the default);
//! - `rustls-ring`: rustls with ring;
//! - none: plain `http://` only (enough for the emulator).

use ureq::config::ConfigBuilder;
use ureq::typestate::AgentScope;

/// Sets the TLS configuration of the enabled stack on `builder`.
#[cfg(feature = "native-tls")]
pub(crate) fn apply(builder: ConfigBuilder<AgentScope>) -> ConfigBuilder<AgentScope> {
    use ureq::tls::{TlsConfig, TlsProvider};
    builder.tls_config(
        TlsConfig::builder()
            .provider(TlsProvider::NativeTls)
            .build(),
    )
}

/// Sets the TLS configuration of the enabled stack on `builder`.
#[cfg(all(not(feature = "native-tls"), feature = "rustls"))]
pub(crate) fn apply(builder: ConfigBuilder<AgentScope>) -> ConfigBuilder<AgentScope> {
    use ureq::tls::{TlsConfig, TlsProvider};
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    builder.tls_config(
        TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .unversioned_rustls_crypto_provider(provider)
            .build(),
    )
}

/// ureq's own default: rustls with ring (`rustls-ring`), or no TLS at all.
#[cfg(not(any(feature = "native-tls", feature = "rustls")))]
pub(crate) fn apply(builder: ConfigBuilder<AgentScope>) -> ConfigBuilder<AgentScope> {
    builder
}
