//! `inai emulator`: a local emulator of the API, until Ctrl-C or SIGTERM; and
//! `inai emulator mint`, which asks a running one for a token.

use std::io::{Read as _, Write as _};
use std::net::{TcpStream, ToSocketAddrs as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use inai_auth_emulator::{EmulatorConfig, Seed, SeedData};
use serde_json::{Value, json};

use crate::args::{EmulatorArgs, EmulatorCommand, EmulatorMintArgs};
use crate::context::Context;
use crate::error::CliError;

/// The file `--data-dir` keeps the state in.
const STATE_FILE: &str = "emulator-state.json";

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

/// Runs the emulator until interrupted, or runs one of its subcommands. The first
/// stdout line is `listening on <base url>`, or with `--json` one JSON object (see
/// [`ready_json`]).
///
/// # Errors
/// [`CliError::Emulator`] when the port cannot be bound or the signals cannot be
/// awaited; [`CliError::Usage`] for a seed or state file that cannot be read or is
/// invalid (the message names the file and the field); [`CliError::Io`] when the state
/// cannot be written on the way out.
pub(crate) fn run(ctx: &Context, args: &EmulatorArgs) -> Result<(), CliError> {
    if let Some(EmulatorCommand::Mint(mint_args)) = &args.command {
        return mint(ctx, mint_args);
    }
    let mut config = EmulatorConfig::default()
        .with_port(args.port)
        .with_access_token_ttl(Duration::from_secs(args.access_token_ttl));
    let state_file = match &args.data_dir {
        Some(dir) => Some(prepare_data_dir(dir)?),
        None => None,
    };
    let start_from = state_file
        .as_deref()
        .filter(|f| f.exists())
        .or(args.seed.as_deref());
    if let Some(file) = start_from {
        let seed = SeedData::from_file(file).map_err(|e| CliError::Usage(e.to_string()))?;
        config = config.with_seed(seed);
    }
    let out = ctx.out;
    let state = inai_auth_emulator::run_and_export(config, |seed, base_url| {
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
        let keeps = if state_file.is_some() {
            "state kept in --data-dir"
        } else {
            "in-memory state"
        };
        let _ = out.line(format_args!(
            "\nTry, in another terminal:\n  export INAI_API_URL={base_url} INAI_PUBLISHABLE_KEY={}\n  \
             INAI_PASSWORD={} inai login --platform --email {}\n  inai apps list\n\n\
             For local development only (no TLS, {keeps}). Press Ctrl-C to stop.",
            seed.publishable_key, seed.admin_password, seed.admin_email
        ));
    })?;
    if let Some(file) = &state_file {
        state.write_atomically(file)?;
        out.note(format_args!("state written to {}", file.display()));
    }
    out.note("emulator stopped");
    Ok(())
}

/// Creates `dir` if needed; the path of the state file in it.
fn prepare_data_dir(dir: &Path) -> Result<PathBuf, CliError> {
    std::fs::create_dir_all(dir)?;
    Ok(dir.join(STATE_FILE))
}

/// `inai emulator mint`: `POST /__emulator/tokens` to the emulator at --api-url.
fn mint(ctx: &Context, args: &EmulatorMintArgs) -> Result<(), CliError> {
    let base_url = ctx
        .asked_api_url()
        .map(str::to_owned)
        .or_else(|| ctx.last_api_url())
        .ok_or_else(|| {
            CliError::Usage(
                "which emulator? give --api-url or INAI_API_URL (the base URL `inai emulator` prints)"
                    .to_owned(),
            )
        })?;
    let mut body = serde_json::Map::new();
    if let Some(text) = &args.claims {
        let claims: Value = serde_json::from_str(text)
            .map_err(|e| CliError::Usage(format!("--claims is not JSON: {e}")))?;
        if !claims.is_object() {
            return Err(CliError::Usage("--claims must be a JSON object".to_owned()));
        }
        body.insert("claims".to_owned(), claims);
    }
    if let Some(user) = &args.user {
        body.insert("userId".to_owned(), json!(user));
    }
    if let Some(flaw) = &args.flaw {
        body.insert("flaw".to_owned(), json!(flaw.replace('-', "_")));
    }
    let (status, answer) = post_loopback(
        &base_url,
        "/__emulator/tokens",
        &Value::Object(body),
        ctx.timeout(),
    )?;
    if status != 201 {
        let detail = answer
            .get("detail")
            .and_then(Value::as_str)
            .unwrap_or("unexpected answer");
        return Err(CliError::Usage(format!(
            "the emulator refused to mint ({status}): {detail}"
        )));
    }
    if ctx.out.is_json() {
        ctx.out.json_line(&answer)?;
    } else {
        let token = answer
            .get("access_token")
            .and_then(Value::as_str)
            .unwrap_or_default();
        ctx.out.line(token)?;
    }
    Ok(())
}

/// One HTTP/1.1 POST of JSON to an emulator on a loopback address; the status and the
/// JSON answer. The emulator's `/__emulator/` routes need no credentials, so nothing
/// else is ever sent there.
fn post_loopback(
    base_url: &str,
    path: &str,
    body: &Value,
    timeout: Duration,
) -> Result<(u16, Value), CliError> {
    let not_emulator = || {
        CliError::Usage(format!(
            "{base_url} is not a local emulator (http://127.0.0.1:<port> or http://localhost:<port>)"
        ))
    };
    let authority = base_url
        .strip_prefix("http://")
        .map(|rest| rest.split('/').next().unwrap_or(rest))
        .ok_or_else(not_emulator)?;
    let addr = authority
        .to_socket_addrs()
        .map_err(|_| not_emulator())?
        .find(|a| a.ip().is_loopback())
        .ok_or_else(not_emulator)?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let payload = body.to_string();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let bad = || CliError::Check(format!("{base_url} did not answer like an emulator"));
    let (head, answer) = text.split_once("\r\n\r\n").ok_or_else(bad)?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(bad)?;
    let answer = serde_json::from_str(answer).map_err(|_| bad())?;
    Ok((status, answer))
}
