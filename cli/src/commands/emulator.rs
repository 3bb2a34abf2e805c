//! `inai emulator`: a local emulator of the API, until Ctrl-C.

use std::time::Duration;

use inai_auth_emulator::{EmulatorConfig, Seed};
use serde_json::{Value, json};

use crate::args::EmulatorArgs;
use crate::context::Context;
use crate::error::CliError;

/// The first line `--json` prints: where the emulator listens and what it
/// was seeded with.
#[must_use]
pub fn ready_json(seed: &Seed, base_url: &str) -> Value {
    json!({
        "base_url": base_url,
        "publishable_key": seed.publishable_key,
        "application_id": seed.application_id,
        "environment_id": seed.environment_id,
        "tenant_id": seed.tenant_id,
        "platform_admin": {
            "email": seed.admin_email,
            "password": seed.admin_password,
        },
    })
}

/// Runs the emulator until interrupted. The first stdout line is
/// `listening on <base url>`, or with `--json` one JSON object (see
/// [`ready_json`]).
///
/// # Errors
/// [`CliError::Emulator`] when the port cannot be bound or Ctrl-C cannot be
/// awaited.
pub(crate) fn run(ctx: &Context, args: &EmulatorArgs) -> Result<(), CliError> {
    let config = EmulatorConfig::default()
        .with_port(args.port)
        .with_access_token_ttl(Duration::from_secs(args.access_token_ttl));
    let out = ctx.out;
    inai_auth_emulator::run(config, |seed, base_url| {
        // A closed stdout must not stop the server: results are ignored.
        if out.is_json() {
            let _ = out.json_line(&ready_json(seed, base_url));
            return;
        }
        let _ = out.line(format_args!("listening on {base_url}"));
        let _ = out.fields(&[
            ("publishable key", seed.publishable_key.clone()),
            ("application id", seed.application_id.clone()),
            ("environment id", seed.environment_id.clone()),
            (
                "platform admin",
                format!("{} / {}", seed.admin_email, seed.admin_password),
            ),
        ]);
        let _ = out.line(format_args!(
            "\nTry, in another terminal:\n  export INAI_API_URL={base_url} INAI_PUBLISHABLE_KEY={}\n  \
             INAI_PASSWORD={} inai login --platform --email {}\n  inai apps list\n\n\
             For local development only (no TLS, in-memory state). Press Ctrl-C to stop.",
            seed.publishable_key, seed.admin_password, seed.admin_email
        ));
    })?;
    out.note("emulator stopped");
    Ok(())
}
