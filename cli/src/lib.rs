//! The `inai` command-line tool: will hold the `demo`, `emulator`, auth, admin, `verify` and `decode` commands. Nothing is implemented yet.
