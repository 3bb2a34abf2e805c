//! The checks are not vacuous: the seeds reach acceptance, and the answer
//! target covers every operation of core's table.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use inai_auth_fuzz_checks::{ASSEMBLE, FixedKey, answer_operations, differential_jwks, now};
use inai_auth_verify::{Jwks, Validation, verify_token};

#[test]
fn valid_seeds_verify_so_the_fuzzer_starts_from_accepted_tokens() {
    let keys = Jwks::from_json(differential_jwks().as_bytes()).unwrap();
    assert_eq!(keys.len(), 2);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/verify_token");
    let mut valid = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("valid_")
        {
            let token = fs::read_to_string(&path).unwrap();
            verify_token(&token, &keys, &Validation::default(), now())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            valid += 1;
        }
    }
    assert!(valid >= 5, "only {valid} valid seeds");
}

#[test]
fn the_assembled_valid_seeds_verify_when_signed_by_key_1() {
    let keys = Jwks::from_json(differential_jwks().as_bytes()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/verify_token");
    for name in [
        "assembled_valid",
        "assembled_minimal",
        "assembled_escaped_names",
    ] {
        let data = fs::read(dir.join(name)).unwrap();
        let [marker, signer, rest @ ..] = data.as_slice() else {
            panic!("{name} too short")
        };
        assert_eq!((*marker, *signer), (ASSEMBLE, 0), "{name}");
        let at = rest.iter().position(|&b| b == 0).unwrap();
        let token = FixedKey::new(1).sign_parts(&rest[..at], &rest[at + 1..]);
        verify_token(&token, &keys, &Validation::default(), now())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_answer_target_covers_every_operation_in_table_order() {
    let covered: Vec<&str> = answer_operations()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let table: Vec<&str> = inai_auth_core::OPERATIONS
        .iter()
        .map(|info| info.name)
        .collect();
    assert_eq!(covered, table);
    assert!(
        table.len() >= 100,
        "the table has {} operations",
        table.len()
    );
}
