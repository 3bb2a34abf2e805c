//! [`CliError`]: every way a command fails, and the exit code of each.

use std::process::ExitCode;

use inai_auth_core::InAIAuthError;
use inai_auth_verify::VerifyError;

use crate::store::{SessionKind, StoreError};

/// The exit codes of `inai`, one per kind of failure.
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | refused: the API answered with an error (wrong password, expired session, not found, ...) or the token is invalid |
/// | 2 | usage: bad arguments, or input that cannot be sent |
/// | 3 | network: the server could not be reached or timed out, or its signing keys could not be fetched |
/// | 4 | local state: invalid URL or key, not logged in, unsafe or unwritable token store, emulator port in use, local i/o |
/// | 5 | the server answered something the tool cannot read |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Exit {
    /// 0: success.
    Ok,
    /// 1: the API or the token verification said no.
    Refused,
    /// 2: the command line or its input is wrong.
    Usage,
    /// 3: the network failed.
    Network,
    /// 4: local configuration or token store.
    Local,
    /// 5: an answer the tool cannot read.
    BadAnswer,
}

impl Exit {
    /// The number the process exits with.
    #[must_use]
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Refused => 1,
            Self::Usage => 2,
            Self::Network => 3,
            Self::Local => 4,
            Self::BadAnswer => 5,
        }
    }

    /// A short name for `--json` error output.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Refused => "refused",
            Self::Usage => "usage",
            Self::Network => "network",
            Self::Local => "local",
            Self::BadAnswer => "bad_answer",
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// The text of the exit code table, for `--help`.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  refused: the API answered with an error (wrong password, expired session, ...) or the token is invalid
  2  usage: bad arguments, or input that cannot be sent
  3  network: the server could not be reached or timed out, or its signing keys could not be fetched
  4  local state: invalid URL or key, not logged in, unsafe or unwritable token store, port in use
  5  the server answered something the tool cannot read";

/// Why a command failed. Messages never contain a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum CliError {
    /// An API call failed.
    #[error(transparent)]
    Api(#[from] InAIAuthError),
    /// The token was refused by the verifier.
    #[error("invalid token: {0}")]
    InvalidToken(#[from] VerifyError),
    /// The signing keys could not be fetched, so no token can be checked.
    #[error("cannot verify the token: the signing keys at {jwks_url} could not be fetched")]
    KeysUnavailable {
        /// Where they were fetched from.
        jwks_url: String,
    },
    /// The token could not even be decoded (for `decode`).
    #[error("malformed token: {0}")]
    MalformedToken(String),
    /// The token store could not be used.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No stored session of the wanted kind.
    #[error(
        "not logged in as {} user in profile `{profile}`: run `inai login{}` first",
        .kind.label(),
        .kind.login_flag()
    )]
    NotLoggedIn {
        /// The kind wanted.
        kind: SessionKind,
        /// The profile looked in.
        profile: String,
    },
    /// The profile asked for does not exist.
    #[error("no profile `{name}` in the token store; {}", known_profiles(.known))]
    NoProfile {
        /// The name asked for.
        name: String,
        /// The profiles there are.
        known: Vec<String>,
    },
    /// The stored session belongs to another server than the one asked for.
    #[error(
        "the stored session belongs to {stored}, not {asked}: log in again with --api-url {asked}"
    )]
    OtherServer {
        /// The stored session's base URL.
        stored: String,
        /// The base URL asked for.
        asked: String,
    },
    /// The command line or its input is wrong.
    #[error("{0}")]
    Usage(String),
    /// `inai api` was given a name that is no operation.
    #[error("no operation `{name}`{}; `inai api --list` lists them all", did_you_mean(.closest))]
    UnknownOperation {
        /// The name given.
        name: String,
        /// The closest names of the table.
        closest: Vec<String>,
    },
    /// The emulator could not start or run.
    #[cfg(feature = "emulator")]
    #[error("emulator: {0}")]
    Emulator(#[from] inai_auth_emulator::EmulatorError),
    /// Reading input or writing output failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// A step of `inai demo` did not give the expected result.
    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    #[error("{0}")]
    Check(String),
    /// A step of `inai demo` failed.
    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    #[error("demo failed at step {number} ({name}): {source}")]
    DemoStep {
        /// The step's number, from 1.
        number: usize,
        /// The step's name.
        name: &'static str,
        /// Why it failed.
        source: Box<CliError>,
    },
}

impl CliError {
    /// The exit code this error ends the process with.
    #[must_use]
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Self::Api(error) => api_exit(error),
            Self::InvalidToken(error) if error.is_unavailable() => Exit::Network,
            Self::InvalidToken(_) | Self::MalformedToken(_) | Self::Check(_) => Exit::Refused,
            Self::Store(_)
            | Self::NotLoggedIn { .. }
            | Self::NoProfile { .. }
            | Self::OtherServer { .. }
            | Self::Io(_) => Exit::Local,
            #[cfg(feature = "emulator")]
            Self::Emulator(_) => Exit::Local,
            Self::Usage(_) | Self::UnknownOperation { .. } => Exit::Usage,
            Self::KeysUnavailable { .. } => Exit::Network,
            Self::DemoStep { source, .. } => source.exit(),
        }
    }

    /// A short machine-readable kind, for `--json` error output.
    #[must_use]
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Api(InAIAuthError::Api(_)) => "api",
            Self::Api(InAIAuthError::Transport(_)) => "transport",
            Self::Api(InAIAuthError::Decode(_)) => "decode",
            Self::Api(InAIAuthError::Config(_)) => "config",
            Self::Api(InAIAuthError::InvalidRequest(_)) => "invalid_request",
            Self::Api(_) => "sdk",
            Self::InvalidToken(_) | Self::MalformedToken(_) => "invalid_token",
            Self::KeysUnavailable { .. } => "keys_unavailable",
            Self::Store(_) => "token_store",
            Self::NotLoggedIn { .. } => "not_logged_in",
            Self::NoProfile { .. } => "no_profile",
            Self::OtherServer { .. } => "other_server",
            Self::Usage(_) => "usage",
            Self::UnknownOperation { .. } => "unknown_operation",
            #[cfg(feature = "emulator")]
            Self::Emulator(_) => "emulator",
            Self::Io(_) => "io",
            Self::Check(_) => "check",
            Self::DemoStep { .. } => "demo_step",
        }
    }

    /// The API error underneath, if the API answered.
    #[must_use]
    pub(crate) fn api_error(&self) -> Option<&inai_auth_core::ApiError> {
        match self {
            Self::Api(InAIAuthError::Api(error)) => Some(error),
            Self::DemoStep { source, .. } => source.api_error(),
            _ => None,
        }
    }
}

fn did_you_mean(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", closest.join(", "))
    }
}

fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        "there are none yet: `inai login --profile NAME` creates one".to_owned()
    } else {
        format!("the profiles are: {}", known.join(", "))
    }
}

fn api_exit(error: &InAIAuthError) -> Exit {
    match error {
        InAIAuthError::Api(_) => Exit::Refused,
        InAIAuthError::Transport(_) => Exit::Network,
        InAIAuthError::Decode(_) => Exit::BadAnswer,
        InAIAuthError::Config(_) => Exit::Local,
        InAIAuthError::InvalidRequest(_) => Exit::Usage,
        _ => Exit::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_documented() {
        let all = [
            Exit::Ok,
            Exit::Refused,
            Exit::Usage,
            Exit::Network,
            Exit::Local,
            Exit::BadAnswer,
        ];
        for (i, exit) in all.iter().enumerate() {
            assert_eq!(usize::from(exit.code()), i);
            assert!(
                EXIT_CODES_HELP.contains(&format!("  {}  ", exit.code())),
                "{exit:?} missing from the help"
            );
        }
    }

    #[test]
    fn verify_errors_split_token_faults_from_key_outages() {
        assert_eq!(CliError::from(VerifyError::Expired).exit(), Exit::Refused);
        assert_eq!(
            CliError::from(VerifyError::KeysUnavailable).exit(),
            Exit::Network
        );
    }

    #[test]
    fn a_demo_step_keeps_the_exit_code_of_its_cause() {
        let error = CliError::DemoStep {
            number: 3,
            name: "log in",
            source: Box::new(CliError::NotLoggedIn {
                kind: SessionKind::App,
                profile: "p".to_owned(),
            }),
        };
        assert_eq!(error.exit(), Exit::Local);
        assert!(
            error
                .to_string()
                .starts_with("demo failed at step 3 (log in): ")
        );
    }
}
