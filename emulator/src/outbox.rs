//! Emails the emulator would have sent, kept for tests to read.

use serde::Serialize;

/// One email the emulator "sent": who to, what for, and the single-use token in it.
///
/// `kind` is one of `verify_email`, `reset_password`, `invitation` (app or
/// organization invitation; the token is the invitation id) and
/// `platform_invitation` (the token is the invitation id).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    /// Recipient address.
    pub to: String,
    /// What the email is for.
    pub kind: String,
    /// The token or invitation id the email carries.
    pub token: String,
    /// When it was sent (ISO 8601, the emulator's clock).
    pub sent_at: String,
}

impl std::fmt::Debug for OutboxEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxEntry")
            .field("to", &self.to)
            .field("kind", &self.kind)
            .field("token", &"[redacted]")
            .field("sent_at", &self.sent_at)
            .finish()
    }
}
