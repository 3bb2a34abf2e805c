//! `Backend` is the same type in every build; choosing one this build lacks
//! is a typed error, never a fallback. CI runs this file with and without the
//! `aws-lc-rs` feature.

use inai_auth_verify::{Backend, BackendUnavailable, Jwks, Validation, verify_token};

use crate::support::*;

/// Every variant exists whatever the features (this match compiles in both
/// builds), and names itself after its crate and feature.
#[test]
fn every_variant_exists_in_every_build() {
    for backend in [Backend::P256, Backend::AwsLcRs] {
        let name = match backend {
            Backend::P256 => "p256",
            Backend::AwsLcRs => "aws-lc-rs",
            _ => unreachable!("no other backend"),
        };
        assert_eq!(backend.to_string(), name);
    }
    assert!(Backend::P256.is_available());
    assert!(Backend::default().is_available());
    assert_eq!(Backend::AwsLcRs.is_available(), cfg!(feature = "aws-lc-rs"));
    let expected_default = if cfg!(feature = "aws-lc-rs") {
        Backend::AwsLcRs
    } else {
        Backend::P256
    };
    assert_eq!(Backend::default(), expected_default);
    assert_eq!(Validation::default().backend(), expected_default);
}

/// Every compiled backend is accepted and verifies a good token.
#[test]
fn compiled_backends_are_accepted_and_verify() {
    let key = TestKey::new(1);
    let jwks = Jwks::from_json(jwks_json(&[&key]).as_bytes()).unwrap();
    let token = key.token(60);
    let (input, signature) = token.rsplit_once('.').unwrap();
    let signature = b64_decode(signature);
    for backend in compiled_backends() {
        let validation = Validation::default().with_backend(backend).unwrap();
        assert_eq!(validation.backend(), backend);
        verify_token(&token, &jwks, &validation, NOW).unwrap();
        assert_eq!(
            key.public()
                .verify_es256_with(backend, input.as_bytes(), &signature),
            Ok(true),
            "{backend}"
        );
    }
}

/// Without the feature, choosing `AwsLcRs` fails where it is chosen, with a
/// message that names the feature, and the signature is checked by nobody
/// (a valid signature gets the error too, not `true` from p256).
#[cfg(not(feature = "aws-lc-rs"))]
#[test]
fn a_missing_backend_is_a_typed_error() {
    let key = TestKey::new(1);
    let token = key.token(60);
    let (input, signature) = token.rsplit_once('.').unwrap();
    let signature = b64_decode(signature);

    let error: BackendUnavailable = Validation::default()
        .with_backend(Backend::AwsLcRs)
        .unwrap_err();
    assert_eq!(error.backend(), Backend::AwsLcRs);
    assert_eq!(
        error.to_string(),
        "the aws-lc-rs signature backend is not compiled in \
         (enable the `aws-lc-rs` feature of inai-auth-verify)"
    );

    assert_eq!(
        key.public()
            .verify_es256_with(Backend::AwsLcRs, input.as_bytes(), &signature),
        Err(error)
    );
    // The default stays usable.
    assert!(key.public().verify_es256(input.as_bytes(), &signature));
}

/// With the feature, `AwsLcRs` is the default and is accepted.
#[cfg(feature = "aws-lc-rs")]
#[test]
fn aws_lc_rs_is_chosen_when_compiled() {
    let validation = Validation::default()
        .with_backend(Backend::AwsLcRs)
        .map_err(|e: BackendUnavailable| e.to_string())
        .unwrap();
    assert_eq!(validation.backend(), Backend::AwsLcRs);
}
