//! `inai`: the command-line tool of the InAI Auth API, on the blocking
//! driver (`inai-auth-blocking`) and, with the default `emulator` feature,
//! the emulator (`inai-auth-emulator`; `--no-default-features` builds
//! without it, and without axum and tokio).
//!
//! ```text
//!  argv ─► clap (args) ─► Context: flags > env > stored session > defaults
//!                              │
//!            ┌─────────────────┼──────────────────────┬─────────────────┐
//!          demo /          login, me, refresh,     verify / decode    api, apps, users,
//!          emulator        logout, auth            (Verifier, JWKS)   api-keys
//!          (in process)    (Client + TokenStore)                      (stored session)
//!                              │
//!  stdout: human text or --json      stderr: errors (API problem details), progress
//!  exit code: see below
//! ```
//!
//! # How a command runs
//!
//! 1. clap parses the arguments (`args::Cli`); a usage error exits 2
//!    before anything else happens.
//! 2. `context::Context` resolves the settings: flag, then environment,
//!    then the stored session, then the defaults; and the profile (see
//!    below).
//! 3. The command loads what it needs from the `store::TokenStore`; a
//!    stored access token that expires within 30 s is refreshed first and
//!    the new pair written back, under the store's lock.
//! 4. It calls the API through the blocking `Client` (or checks a token
//!    with the `Verifier`), inside `progress::wait`, which draws a
//!    spinner on a terminal when the wait is long.
//! 5. It prints the result: human text, or JSON with `--json`.
//! 6. A failure is printed on stderr by `output::Output::error` and ends
//!    the process with the code of `CliError::exit`.
//!
//! # Commands
//!
//! - `inai demo`: starts the emulator in this process on a free loopback
//!   port and walks through the SDK step by step (platform login, create an
//!   application, register an app user, verify the email from the outbox,
//!   log in, enable MFA and log in with a TOTP code, verify the access token
//!   through the JWKS, refresh, rotate the signing keys and verify again, log
//!   out). Needs no network.
//! - `inai emulator [--port N] [--access-token-ttl S]`: runs the emulator
//!   until Ctrl-C. The first stdout line is `listening on <base url>`, or
//!   with `--json` one JSON object with `base_url`, `publishable_key`,
//!   `application_id`, `environment_id`, `tenant_id` and `platform_admin`
//!   (`email`, `password`).
//! - `inai login [--platform] [--email E] [--password-stdin] [--mfa-code C]
//!   [--show-tokens]`, `inai me`, `inai refresh`, `inai logout`: an app user
//!   session, or with `--platform` a platform (tenant admin) session, kept
//!   in the token store. `me` and the platform commands refresh an access
//!   token that expires within 30 s first.
//! - `inai verify [TOKEN|-] [--jwks-url U] [--leeway S]`: verifies the token
//!   (default: the stored access token) against the JWKS and prints its
//!   claims as JSON.
//! - `inai decode [TOKEN|-]`: the header and claims **without verification**,
//!   and it says so (`"verified": false` with `--json`).
//! - `inai apps list|get|create|delete`, `inai users list|get|create --app
//!   ID [--env ID]`, `inai api-keys list|create|revoke --app ID [--env ID]`:
//!   platform management (`INAI_APP_ID` and `INAI_ENVIRONMENT_ID` may stand
//!   for `--app` and `--env`).
//! - `inai api <operation> [PATH_PARAM..] [--path k=v] [-f k=v] [-q k=v]
//!   [--body @file|-|json] [--all]`: any operation of the core's table by
//!   its snake_case name (`inai api --list` lists them); `-f` values take the
//!   field's JSON type from the table, the bearer token comes from the stored
//!   session of the operation's kind, the answer is printed as JSON, and
//!   `--all` follows the pages into one array. Generated from the table: a
//!   row added there is callable here unchanged.
//! - `inai auth status` (profile, server, user, session kind, token expiry)
//!   and `inai auth token` (a valid access token on stdout, refreshed when
//!   due: `curl -H "Authorization: Bearer $(inai auth token --platform)"`).
//! - `inai completions bash|zsh|fish|elvish|powershell` (operation names
//!   included).
//!
//! Every command takes `--help`, and the global flags `--api-url`
//! (`INAI_API_URL`), `--publishable-key` (`INAI_PUBLISHABLE_KEY`),
//! `--config-dir` (`INAI_CONFIG_DIR`), `--profile` (`INAI_PROFILE`),
//! `--timeout`, `--json` and `-v`/`--verbose` (repeatable; `RUST_LOG` works
//! too): request spans and retries on stderr, never a token or a password.
//!
//! # Secrets
//!
//! Passwords come from `INAI_PASSWORD` (`INAI_NEW_USER_PASSWORD` for `users
//! create`), from stdin with `--password-stdin`, or from a prompt with echo
//! off; never from a flag. Tokens are printed only with `--show-tokens`
//! (`login`, `refresh`); an API key's secret is printed once, by `api-keys
//! create`, because that is the only time the API gives it. The emulator's
//! development admin password is printed by `inai emulator`.
//!
//! # The token store
//!
//! `credentials.json` in `--config-dir`, else `$INAI_CONFIG_DIR`, else
//! `$XDG_CONFIG_HOME/inai`, else `$HOME/.config/inai`: written atomically,
//! mode 0600 in a 0700 folder. Refused with a message naming the path and
//! the fix: a store file other users can read, a store file that is a
//! symbolic link (never followed), a folder other users can write to or
//! that another user owns. A stored session is only sent to the server that
//! issued it.
//!
//! Sessions live in profiles: `--profile NAME` (`INAI_PROFILE`) picks one
//! (`inai login --profile NAME` creates it); otherwise the profile of the
//! asked API URL, named after its host and port (`127.0.0.1:8080`), so an
//! emulator session never replaces a production one; otherwise the profile
//! of the last `inai login`. Reading, refreshing and writing a session hold
//! an advisory lock on `credentials.lock`, so two `inai` processes never
//! spend the same refresh token.
//!
//! # Output
//!
//! Human text by default; `--json` prints one JSON document on stdout and,
//! on failure, one `{"error": {...}}` object on stderr carrying the API's
//! problem details (`status`, `problem.type`, `problem.detail`, ...). Waits
//! longer than 300 ms draw a spinner on stderr, only when stdout and stderr
//! are terminals and `--json` is off.
//!
//! # Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | refused: the API answered with an error (wrong password, expired session, not found, ...) or the token is invalid |
//! | 2 | usage: bad arguments, or input that cannot be sent |
//! | 3 | network: the server could not be reached or timed out, or its signing keys could not be fetched |
//! | 4 | local state: invalid URL or key, not logged in, unsafe or unwritable token store, emulator port in use, local i/o |
//! | 5 | the server answered something the tool cannot read |
//!
//! # Example
//!
//! `main.rs` is `inai_auth_cli::main()`; [`run_from`] takes the arguments
//! explicitly:
//!
//! ```
//! use std::process::ExitCode;
//!
//! // Not a JWT: `decode` refuses it with exit code 1 and a JSON error on stderr.
//! let code = inai_auth_cli::run_from(["inai", "decode", "not-a-token", "--json"]);
//! assert_eq!(code, ExitCode::from(1));
//! ```

mod args;
mod commands;
mod context;
#[cfg(feature = "emulator")]
mod demo;
mod error;
mod logging;
mod output;
mod progress;
mod prompt;
mod render;
mod store;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::error::{CliError, Exit};

use crate::args::Cli;
use crate::context::Context;

/// Runs `inai` with the process's arguments.
#[must_use]
pub fn main() -> ExitCode {
    run_from(std::env::args_os())
}

/// Runs `inai` with `args` (the first is the program name) and returns
/// the exit code; the output goes to this process's stdout and stderr.
#[must_use]
pub fn run_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version are not failures; clap prints both kinds.
            let _ = error.print();
            let code = u8::try_from(error.exit_code()).unwrap_or(Exit::Usage.code());
            return ExitCode::from(code);
        }
    };
    let verbose = cli.global.verbose;
    let ctx = Context::new(cli.global);
    logging::init(verbose, ctx.out.shows_progress());
    match commands::run(&ctx, &cli.command) {
        Ok(()) => Exit::Ok.into(),
        Err(CliError::Io(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            Exit::Ok.into()
        }
        Err(error) => {
            ctx.out.error(&error);
            if error.exit() == Exit::Network {
                network_hint(&ctx, &error);
            }
            error.exit().into()
        }
    }
}

/// A hint after a network failure: a proxy in the environment, or the
/// server that could not be reached.
fn network_hint(ctx: &Context, error: &CliError) {
    let proxy = [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .into_iter()
    .find(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    if let Some(name) = proxy {
        ctx.out.note(format_args!(
            "hint: {name} is set, so requests to hosts not listed in NO_PROXY go through \
             that proxy (loopback addresses never do); is the proxy reachable?"
        ));
    } else if let (Some(url), "transport") = (ctx.last_api_url(), error.kind()) {
        ctx.out.note(format_args!(
            "hint: is the server at {url} running and reachable? \
             (set with --api-url or INAI_API_URL, or by `inai login`)"
        ));
    }
}
