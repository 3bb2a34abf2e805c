//! Which roots the reqwest client trusts: the roots given to
//! [`add_root_certificate`](crate::ClientBuilder::add_root_certificate) and
//! only those when there are any; else Mozilla's bundled roots with the
//! `bundled-roots` feature; else the platform's (reqwest's own: the
//! rustls-platform-verifier with `rustls`, the system store with
//! `native-tls`). The same rules as the blocking driver's.

use inai_auth_core::ConfigError;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::{self, PemObject};

/// The certificates of `pem` (one or more `CERTIFICATE` sections; other
/// sections are skipped; each must be an X.509 certificate), for
/// [`add_root_certificate`](crate::ClientBuilder::add_root_certificate).
pub(crate) fn parse_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ConfigError::InvalidRootCertificate {
            reason: match e {
                pem::Error::Base64Decode(_) => "a PEM section is not valid base64",
                pem::Error::MissingSectionEnd { .. } => "a PEM section has no END line",
                pem::Error::IllegalSectionStart { .. } => "a PEM BEGIN line is malformed",
                pem::Error::SectionTooLarge => "a PEM section is too large",
                _ => "the PEM cannot be read",
            },
        })?;
    if certs.is_empty() {
        return Err(ConfigError::InvalidRootCertificate {
            reason: "no CERTIFICATE section in the PEM",
        });
    }
    for der in &certs {
        webpki::anchor_from_trusted_cert(der).map_err(|_| ConfigError::InvalidRootCertificate {
            reason: "a CERTIFICATE section is not an X.509 certificate",
        })?;
    }
    #[cfg(feature = "native-tls")]
    for der in &certs {
        // The platform's library reads it here too; refused now, not
        // dropped later.
        reqwest::Certificate::from_der(der).map_err(|_| ConfigError::InvalidRootCertificate {
            reason: "the platform's TLS library refuses a CERTIFICATE section",
        })?;
    }
    Ok(certs)
}

/// Sets the roots on `builder`: `extra` alone when it is not empty, else
/// the default of the features.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
pub(crate) fn apply(
    builder: reqwest::ClientBuilder,
    extra: &[CertificateDer<'static>],
) -> reqwest::ClientBuilder {
    let only = |certs: &[CertificateDer<'static>]| {
        // Each was read by `parse_pem` (or is a bundled root).
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
