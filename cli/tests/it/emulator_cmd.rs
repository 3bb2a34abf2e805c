//! `inai emulator`: spawn it, read the first line, use it, kill it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::Cli;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(args: &[&str]) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_inai"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let stdout = child.stdout.take().expect("piped");
    let child = Killed(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("a first line");
    (child, line)
}

#[test]
fn json_mode_prints_one_line_that_a_client_can_use() {
    let (_child, line) = spawn(&["emulator", "--json"]);
    let ready: Value = serde_json::from_str(&line).expect("the first line is JSON");
    let base_url = ready["base_url"].as_str().unwrap();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{line}");
    for field in ["publishable_key", "application_id", "environment_id"] {
        assert!(
            ready[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}: {line}"
        );
    }
    let email = ready["platform_admin"]["email"].as_str().unwrap();
    let password = ready["platform_admin"]["password"].as_str().unwrap();

    // The advertised admin can sign in to the advertised URL.
    let cli = Cli::new().env("INAI_API_URL", base_url);
    cli.run_with(
        &["login", "--platform", "--email", email],
        &[("INAI_PASSWORD", password)],
        None,
    )
    .expect(0);
    let apps = cli.run(&["apps", "list", "--json"]).expect(0).json();
    assert_eq!(apps[0]["id"], ready["application_id"]);
}

#[test]
fn human_mode_starts_with_listening_on() {
    let (_child, line) = spawn(&["emulator", "--port", "0"]);
    assert!(line.starts_with("listening on http://127.0.0.1:"), "{line}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Cli::new().run(&["emulator", "--port", &port]).expect(4);
    assert!(run.stderr.contains(&port), "{}", run.stderr);
}
