//! Reading the root certificates a driver is asked to trust (a private CA).
//! The TLS connections themselves are the drivers' business.

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::{self, PemObject};

use crate::ConfigError;

/// The certificates of `pem` (one or more `CERTIFICATE` sections; other
/// sections are skipped; each must be an X.509 certificate), for
/// the drivers' `ClientBuilder::add_root_certificate`. One reading for both
/// drivers, so a PEM one accepts the other accepts too.
///
/// # Errors
/// [`ConfigError::InvalidRootCertificate`] when a section is not valid PEM,
/// there is no `CERTIFICATE` section, or one is not an X.509 certificate.
pub fn parse_root_certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
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
    Ok(certs)
}
