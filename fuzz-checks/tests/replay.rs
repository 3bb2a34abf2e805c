//! Replays every checked-in corpus and regression file of `fuzz/` through
//! the check of its target, on the stable toolchain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use inai_auth_fuzz_checks::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The input files of a directory (dotfiles such as `.gitkeep` excluded).
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

/// Runs `check` on every file, collecting the names of those that panic.
fn replay(check: fn(&[u8]), files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .filter_map(|file| {
            let data = fs::read(file).unwrap();
            catch_unwind(AssertUnwindSafe(|| check(&data)))
                .err()
                .map(|_| file.display().to_string())
        })
        .collect()
}

#[test]
fn every_target_has_a_seed_corpus_and_its_files_pass() {
    let mut failures = Vec::new();
    for (target, check) in TARGETS {
        let corpus = inputs(&fuzz_dir().join("corpus").join(target));
        assert!(!corpus.is_empty(), "fuzz/corpus/{target} is empty");
        failures.extend(replay(*check, &corpus));
    }
    assert!(failures.is_empty(), "failing corpus files: {failures:#?}");
}

#[test]
fn every_regression_passes() {
    let mut failures = Vec::new();
    for (target, check) in TARGETS {
        let regressions = inputs(&fuzz_dir().join("regressions").join(target));
        failures.extend(replay(*check, &regressions));
    }
    assert!(
        failures.is_empty(),
        "failing regression files: {failures:#?}"
    );
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    for (target, _) in TARGETS {
        let file = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        let source =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            source.contains("inai_auth_fuzz_checks::"),
            "{target} does not call the shared check"
        );
    }
}
