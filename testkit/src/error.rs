//! Why a test's setup failed.

use inai_auth_core::InAIAuthError;
use inai_auth_emulator::EmulatorError;

/// A setup step failed: the test cannot run, whatever the driver does.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The emulator did not start.
    #[error("the emulator did not start")]
    Emulator(#[from] EmulatorError),
    /// An operation sent while setting up failed.
    #[error("setup step `{step}` failed: {source}")]
    Step {
        /// The operation's name.
        step: &'static str,
        /// What went wrong.
        #[source]
        source: InAIAuthError,
    },
    /// Something the setup expected is not there (an email, a record).
    #[error("setup step `{step}`: {reason}")]
    Missing {
        /// What was being done.
        step: &'static str,
        /// What was missing.
        reason: String,
    },
}

impl SetupError {
    pub(crate) fn missing(step: &'static str, reason: impl Into<String>) -> Self {
        Self::Missing {
            step,
            reason: reason.into(),
        }
    }
}
