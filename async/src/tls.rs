//! Which roots the reqwest client trusts: the roots given to
//! [`add_root_certificate`](crate::ClientBuilder::add_root_certificate) and
//! only those when there are any; else Mozilla's bundled roots with the
//! `bundled-roots` feature; else the platform's (reqwest's own: the
//! rustls-platform-verifier with `rustls`, the system store with
//! `native-tls`). The same rules as the blocking driver's.

use rustls_pki_types::CertificateDer;

/// Sets the roots on `builder`: `extra` alone when it is not empty, else
/// the default of the features.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
pub(crate) fn apply(
    builder: reqwest::ClientBuilder,
    extra: &[CertificateDer<'static>],
) -> reqwest::ClientBuilder {
    let only = |certs: &[CertificateDer<'static>]| {
        // Each was read by `inai_auth_core::tls::parse_root_certificates` (or is a bundled root).
        certs
            .iter()
            .filter_map(|der| reqwest::Certificate::from_der(der).ok())
            .collect::<Vec<_>>()
    };
    if !extra.is_empty() {
        return builder.tls_certs_only(only(extra));
    }
    #[cfg(feature = "bundled-roots")]
    let builder = builder.tls_certs_only(only(webpki_root_certs::TLS_SERVER_ROOT_CERTS));
    builder
}

/// No TLS stack: plain `http://` only, so there are no roots to set.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
pub(crate) fn apply(
    builder: reqwest::ClientBuilder,
    _extra: &[CertificateDer<'static>],
) -> reqwest::ClientBuilder {
    builder
}
