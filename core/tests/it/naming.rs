//! The workspace's naming rule for options, checked over the source of every
//! crate (a rule nobody checks drifts):
//!
//! - a `*Builder` (a value that exists only to be consumed by `build()`) takes
//!   bare option names, as reqwest's, ureq's and tokio's builders do:
//!   `Client::builder().timeout(..).build()`;
//! - a complete value that is refined by chaining (operations, `Validation`,
//!   `CacheOptions`, `RetryPolicy`, `EmulatorConfig`) takes `with_*` setters:
//!   `Validation::default().with_leeway(..)`.

use std::fs;
use std::path::{Path, PathBuf};

const CRATES: [&str; 9] = [
    "core",
    "verify",
    "blocking",
    "async",
    "emulator",
    "cli",
    "axum",
    "testkit",
    "fuzz-checks",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `pub fn` names inside each top-level `impl <Name> {` block whose
/// type name ends with `suffix`, as (file, type, fn name).
fn methods_of(suffix: &str) -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for krate in CRATES {
        rust_files(&root.join(krate).join("src"), &mut files);
    }
    assert!(files.len() > 50, "the workspace's sources were not found");
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("impl ") {
                let name = rest.trim_end_matches(" {").trim();
                current = (name.ends_with(suffix) && !name.contains(' ')).then(|| name.to_owned());
            } else if line == "}" {
                current = None;
            } else if let (Some(ty), Some(rest)) = (&current, line.strip_prefix("    pub fn ")) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((file.display().to_string(), ty.clone(), name));
            }
        }
    }
    found
}

#[test]
fn builders_take_bare_option_names() {
    let methods = methods_of("Builder");
    let builders: std::collections::BTreeSet<&str> =
        methods.iter().map(|(_, ty, _)| ty.as_str()).collect();
    for expected in [
        "ConfigBuilder",
        "ClientBuilder",
        "VerifierBuilder",
        "SessionBuilder",
    ] {
        assert!(
            builders.contains(expected),
            "{expected} not found: {builders:?}"
        );
    }
    let offenders: Vec<_> = methods
        .iter()
        .filter(|(_, _, name)| name.starts_with("with_"))
        .collect();
    assert!(
        offenders.is_empty(),
        "builders take bare names: {offenders:?}"
    );
}

#[test]
fn chained_values_take_with_setters() {
    // Every method of these values that returns a changed copy is a `with_*`.
    for (ty, file) in [
        ("Validation", "verify/src/validation.rs"),
        ("CacheOptions", "verify/src/cache/options.rs"),
        ("RetryPolicy", "core/src/retry.rs"),
    ] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = fs::read_to_string(root.join(file)).unwrap();
        let setters: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("    pub fn "))
            .filter(|rest| rest.contains("(mut self") || rest.contains("(self,"))
            .filter(|rest| rest.contains("-> Self") || rest.contains("-> Result<Self"))
            // Not a setter: it raises the fetch timeout to cover a driver's
            // request timeout, and never lowers it.
            .filter(|rest| !rest.starts_with("for_request_timeout"))
            .collect();
        assert!(!setters.is_empty(), "{ty}: no setters found in {file}");
        for setter in setters {
            assert!(setter.starts_with("with_"), "{ty}::{setter}");
        }
    }
}
