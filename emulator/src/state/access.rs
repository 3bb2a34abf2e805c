//! The access tokens the emulator issued, looked up by their exact text.
//!
//! Every token the emulator accepts is one it minted, so a request is authenticated by
//! finding its bearer token here: no signature check on the way. A token that is not here
//! (never minted, minted before a reset, or dropped after it expired) is refused; the
//! server then works out which refusal it gets from the signature, outside the state lock
//! (see `api::auth`).

use std::collections::HashMap;

/// Whose token it is, as its `type` claim says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenOwner {
    /// An app user of environment `env_id` (`"type": "app_user"`).
    App { user_id: String, env_id: String },
    /// A platform user (`"type": "platform"`).
    Platform { user_id: String },
}

/// What the emulator remembers of an access token it minted.
#[derive(Debug, Clone)]
pub(crate) struct IssuedAccess {
    /// The session the token belongs to.
    pub(crate) session_id: String,
    /// The key that signed it; the token is refused once that key is retired.
    pub(crate) kid: String,
    /// Its `exp` claim, in Unix seconds.
    pub(crate) exp: i64,
    /// Its `sub` and `type` (and `env_id`) claims.
    pub(crate) owner: TokenOwner,
}

/// Fewest entries at which inserting sweeps out expired tokens.
const FIRST_SWEEP_AT: usize = 1024;

/// Issued access tokens by their exact text.
///
/// Bounded by sweeping expired entries whenever the map has doubled since the last sweep,
/// so each insertion costs amortised O(1) and the map never holds more than about twice
/// the tokens still within their lifetime (or [`FIRST_SWEEP_AT`]).
pub(crate) struct AccessTokens {
    by_token: HashMap<String, IssuedAccess>,
    sweep_at: usize,
}

impl Default for AccessTokens {
    fn default() -> Self {
        Self {
            by_token: HashMap::new(),
            sweep_at: FIRST_SWEEP_AT,
        }
    }
}

impl std::fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The keys are bearer tokens: never print them.
        f.debug_struct("AccessTokens")
            .field("len", &self.by_token.len())
            .finish_non_exhaustive()
    }
}

impl AccessTokens {
    /// Remembers a newly minted token; may first drop tokens expired at `now_unix`.
    pub(crate) fn insert(&mut self, token: String, issued: IssuedAccess, now_unix: i64) {
        if self.by_token.len() >= self.sweep_at {
            self.by_token.retain(|_, t| now_unix < t.exp);
            self.sweep_at = self.by_token.len().saturating_mul(2).max(FIRST_SWEEP_AT);
        }
        self.by_token.insert(token, issued);
    }

    /// The record of `token`, if the emulator issued it and still remembers it.
    pub(crate) fn get(&self, token: &str) -> Option<&IssuedAccess> {
        self.by_token.get(token)
    }

    /// How many tokens are remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.by_token.len()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn issued(exp: i64) -> IssuedAccess {
        IssuedAccess {
            session_id: "sess_1".to_owned(),
            kid: "emu-1".to_owned(),
            exp,
            owner: TokenOwner::Platform {
                user_id: "pusr_1".to_owned(),
            },
        }
    }

    #[test]
    fn tokens_are_found_by_their_exact_text() {
        let mut map = AccessTokens::default();
        map.insert("a.b.c".to_owned(), issued(100), 0);
        assert_eq!(map.get("a.b.c").map(|t| t.exp), Some(100));
        assert!(map.get("a.b.C").is_none());
        assert!(map.get("a.b.c ").is_none());
        assert!(map.get("a.b").is_none());
    }

    #[test]
    fn expired_tokens_are_swept_and_live_ones_kept() {
        let mut map = AccessTokens::default();
        // Half expire at 10, half at 1000.
        for i in 0..FIRST_SWEEP_AT {
            let exp = if i % 2 == 0 { 10 } else { 1000 };
            map.insert(format!("t{i}"), issued(exp), 0);
        }
        assert_eq!(map.len(), FIRST_SWEEP_AT);
        // The next insertion, at time 10, sweeps the first half out.
        map.insert("late".to_owned(), issued(1000), 10);
        assert_eq!(map.len(), FIRST_SWEEP_AT / 2 + 1);
        assert!(map.get("t0").is_none());
        assert!(map.get("t1").is_some());
        assert!(map.get("late").is_some());
    }

    #[test]
    fn the_map_stays_bounded_under_steady_issuing() {
        let mut map = AccessTokens::default();
        // One token per second, each living 100 s, for a long time.
        for now in 0..50_000_i64 {
            map.insert(format!("t{now}"), issued(now + 100), now);
        }
        assert!(map.len() <= 2 * FIRST_SWEEP_AT, "len {}", map.len());
        assert!(map.get("t49999").is_some());
    }

    #[test]
    fn debug_does_not_show_tokens() {
        let mut map = AccessTokens::default();
        map.insert("secret.token.text".to_owned(), issued(100), 0);
        let shown = format!("{map:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("len: 1"), "{shown}");
    }
}
