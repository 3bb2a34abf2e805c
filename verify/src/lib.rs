//! ES256 verification of InAI Auth tokens (being built; see the issue tracker).

mod clock;

pub use clock::{Clock, ManualClock, SystemClock};
