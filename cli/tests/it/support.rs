//! Running the binary: a private config folder per test, an emulator, and
//! the outcome of each run.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use serde_json::Value;

/// What one run of `inai` did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub(crate) fn expect(self, code: i32) -> Self {
        assert_eq!(self.code, code, "exit code of a run\n{self:#?}");
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked\n{self:#?}"
        );
        self
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Stderr parsed as one JSON object (`--json` errors).
    #[track_caller]
    pub(crate) fn error_json(&self) -> Value {
        serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}):\n{}", self.stderr))
    }
}

/// A test's own config folder and environment for the binary.
pub(crate) struct Cli {
    pub(crate) config_dir: PathBuf,
    env: Vec<(String, String)>,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Cli {
    /// A fresh, empty config folder.
    pub(crate) fn new() -> Self {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let config_dir =
            std::env::temp_dir().join(format!("inai-cli-it-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&config_dir);
        Self {
            config_dir,
            env: Vec::new(),
        }
    }

    /// Sets an environment variable for every later run.
    pub(crate) fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Runs `inai args` with no stdin.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[], None)
    }

    /// The command `inai args` with this test's environment, not started.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_inai"));
        command.args(args);
        for name in [
            "INAI_API_URL",
            "INAI_PUBLISHABLE_KEY",
            "INAI_PASSWORD",
            "INAI_NEW_USER_PASSWORD",
            "INAI_EMAIL",
            "INAI_APP_ID",
            "INAI_ENVIRONMENT_ID",
            "INAI_PROFILE",
            "RUST_LOG",
            // The tests talk to 127.0.0.1 only: no proxy in the way.
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            command.env_remove(name);
        }
        command.env("INAI_CONFIG_DIR", &self.config_dir);
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command
    }

    /// Runs `inai args` with extra environment variables and, optionally,
    /// text on stdin.
    pub(crate) fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
        let mut command = self.command(args);
        for (name, value) in env {
            command.env(name, value);
        }
        command
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the binary starts");
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(text.as_bytes())
                .expect("stdin is written");
        }
        let output = child.wait_with_output().expect("the binary runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The store file.
    pub(crate) fn store_file(&self) -> PathBuf {
        self.config_dir.join("credentials.json")
    }

    /// The stored access token of `kind` (`app` or `platform`).
    pub(crate) fn stored_access_token(&self, kind: &str) -> String {
        self.stored(kind, "access_token")
    }

    /// A stored field of the `kind` session.
    pub(crate) fn stored(&self, kind: &str, field: &str) -> String {
        let text = std::fs::read_to_string(self.store_file()).expect("the store exists");
        let value: Value = serde_json::from_str(&text).expect("the store is JSON");
        let profile = value["current"].as_str().expect("a current profile");
        value["profiles"][profile][kind][field]
            .as_str()
            .expect("a stored value")
            .to_owned()
    }
}

impl Drop for Cli {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.config_dir);
    }
}

/// An emulator with the default settings.
pub(crate) fn emulator() -> EmulatorHandle {
    emulator_with(EmulatorConfig::default())
}

/// An emulator with `config`.
pub(crate) fn emulator_with(config: EmulatorConfig) -> EmulatorHandle {
    Emulator::start(config).expect("the emulator starts")
}

/// A `Cli` pointed at `emu`, with its publishable key.
pub(crate) fn cli_for(emu: &EmulatorHandle) -> Cli {
    Cli::new()
        .env("INAI_API_URL", emu.base_url())
        .env("INAI_PUBLISHABLE_KEY", &emu.seed().publishable_key)
}

/// Logs the seeded platform admin in through the binary.
pub(crate) fn platform_login(cli: &Cli, emu: &EmulatorHandle) {
    cli.run_with(
        &["login", "--platform", "--email", &emu.seed().admin_email],
        &[("INAI_PASSWORD", &emu.seed().admin_password)],
        None,
    )
    .expect(0);
}

/// The password of the app users the tests create.
pub(crate) const USER_PASSWORD: &str = "a-long-test-password-1";

/// Creates app user `email` in the seeded application through the binary
/// (the platform admin must be logged in) and logs them in.
pub(crate) fn app_user_login(cli: &Cli, emu: &EmulatorHandle, email: &str) {
    let app = &emu.seed().application_id;
    cli.run_with(
        &["users", "create", "--app", app, "--email", email],
        &[("INAI_NEW_USER_PASSWORD", USER_PASSWORD)],
        None,
    )
    .expect(0);
    cli.run_with(
        &["login", "--email", email],
        &[("INAI_PASSWORD", USER_PASSWORD)],
        None,
    )
    .expect(0);
}

/// A loopback URL nobody listens on.
pub(crate) fn closed_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A minimal HTTP/1.1 POST to the emulator (for its `/__emulator/` routes).
pub(crate) fn post_json(base_url: &str, path: &str, body: &str) -> Value {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a full answer");
    assert!(head.starts_with("HTTP/1.1 2"), "{head}");
    serde_json::from_str(body).expect("a JSON body")
}
