//! Local emulator of the InAI Auth API (being built; see the issue tracker).
