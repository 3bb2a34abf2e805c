//! `inai emulator` as a fixture: `--seed`, `--data-dir` and `inai emulator mint`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::support::Cli;

/// A child process killed (SIGKILL) if the test ends without stopping it.
struct Running(Option<Child>);

impl Running {
    /// Sends SIGTERM and waits for the exit status.
    fn terminate(mut self) -> std::process::ExitStatus {
        let mut child = self.0.take().unwrap();
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        child.wait().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `inai emulator --json <args>`; the process and its first line, parsed.
fn start(args: &[&str]) -> (Running, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_inai"))
        .arg("emulator")
        .arg("--json")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(Some(child));
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let ready = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    (running, ready)
}

/// A folder of its own for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inai-fixture-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn seed() -> Value {
    json!({
        "tenants": [{ "id": "ten_acme", "name": "Acme", "slug": "acme" }],
        "platformUsers": [{ "id": "pusr_ops", "tenantId": "ten_acme", "email": "ops@acme.test",
                            "password": "ops-password", "roles": ["owner"] }],
        "applications": [{ "id": "app_shop", "tenantId": "ten_acme", "name": "Shop", "slug": "shop",
            "environments": [{ "id": "env_dev", "name": "development",
                               "publishableKey": "pk_test_shop" }] }],
        "roles": [{ "id": "role_clerk", "applicationId": "app_shop", "name": "clerk" }],
        "users": [{ "id": "usr_alice", "environmentId": "env_dev", "email": "alice@acme.test",
                    "password": "alice-password", "roles": ["clerk"] }]
    })
}

fn write_seed(dir: &Path, value: &Value) -> String {
    let path = dir.join("seed.json");
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

/// One HTTP/1.1 request with a JSON body; the status and the JSON answer.
fn http(
    base_url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Value) {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    write!(
        stream,
        "{head}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[test]
fn seed_starts_from_the_file() {
    let dir = temp_dir("seed");
    let file = write_seed(&dir, &seed());
    let (_emu, ready) = start(&["--seed", &file]);
    assert_eq!(ready["publishable_key"], "pk_test_shop");
    assert_eq!(ready["application_id"], "app_shop");
    assert_eq!(ready["tenant_id"], "ten_acme");
    assert_eq!(ready["platform_admin"]["email"], "ops@acme.test");
    let base_url = ready["base_url"].as_str().unwrap();
    let (status, login) = http(
        base_url,
        "POST",
        "/api/v1/auth/login",
        &[("X-Publishable-Key", "pk_test_shop")],
        r#"{"email":"alice@acme.test","password":"alice-password"}"#,
    );
    assert_eq!(status, 200, "{login}");
    assert_eq!(login["user"]["id"], "usr_alice");
    assert_eq!(login["roles"], json!(["clerk"]));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_invalid_seed_file_is_refused_naming_the_file_and_the_field() {
    let dir = temp_dir("bad-seed");
    let mut bad = seed();
    bad["users"][0]["roles"] = json!(["clerk", "manager"]);
    let file = write_seed(&dir, &bad);
    let run = Cli::new().run(&["emulator", "--seed", &file]).expect(2);
    assert!(run.stderr.contains(&file), "{}", run.stderr);
    assert!(run.stderr.contains("users[0].roles[1]"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "it must not start: {}", run.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn data_dir_keeps_the_state_across_runs() {
    let dir = temp_dir("data");
    let data = dir.join("state");
    let data_arg = data.to_str().unwrap();
    let file = write_seed(&dir, &seed());

    // First run: from the seed; a user registers; SIGTERM writes the state.
    let (emu, ready) = start(&["--seed", &file, "--data-dir", data_arg]);
    let base_url = ready["base_url"].as_str().unwrap().to_owned();
    let (status, _) = http(
        &base_url,
        "POST",
        "/api/v1/auth/register",
        &[("X-Publishable-Key", "pk_test_shop")],
        r#"{"email":"carol@acme.test","password":"carol-password"}"#,
    );
    assert_eq!(status, 201);
    assert!(emu.terminate().success());
    let names: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["emulator-state.json"], "no temporary file is left");
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("emulator-state.json")).unwrap())
            .unwrap();
    assert_eq!(saved["users"].as_array().unwrap().len(), 2);

    // Second run: from the data dir (the seed file is gone), carol still there.
    std::fs::remove_file(&file).unwrap();
    let (emu, ready) = start(&["--data-dir", data_arg]);
    assert_eq!(ready["application_id"], "app_shop");
    let base_url = ready["base_url"].as_str().unwrap().to_owned();
    let (status, login) = http(
        &base_url,
        "POST",
        "/api/v1/auth/login",
        &[("X-Publishable-Key", "pk_test_shop")],
        r#"{"email":"carol@acme.test","password":"carol-password"}"#,
    );
    assert_eq!(status, 200, "{login}");
    assert!(emu.terminate().success());

    // A damaged state file is refused, not half-loaded.
    std::fs::write(data.join("emulator-state.json"), r#"{"tenants": 3}"#).unwrap();
    let run = Cli::new()
        .run(&["emulator", "--data-dir", data_arg])
        .expect(2);
    assert!(run.stderr.contains("emulator-state.json"), "{}", run.stderr);
    assert!(run.stderr.contains("tenants"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mint_prints_a_token_that_inai_verify_accepts() {
    let dir = temp_dir("mint");
    let file = write_seed(&dir, &seed());
    let (_emu, ready) = start(&["--seed", &file]);
    let base_url = ready["base_url"].as_str().unwrap();
    let cli = Cli::new().env("INAI_API_URL", base_url);

    let run = cli
        .run(&[
            "emulator",
            "mint",
            "--user",
            "usr_alice",
            "--claims",
            r#"{"roles":["clerk","boss"]}"#,
        ])
        .expect(0);
    let token = run.stdout.trim().to_owned();
    assert_eq!(token.split('.').count(), 3, "{token}");
    let verified = cli.run(&["verify", &token, "--json"]).expect(0).json();
    let shown = verified.to_string();
    assert!(
        shown.contains("usr_alice") && shown.contains("boss"),
        "{shown}"
    );

    let run = cli
        .run(&[
            "emulator",
            "mint",
            "--user",
            "usr_alice",
            "--flaw",
            "expired",
        ])
        .expect(0);
    let expired = run.stdout.trim().to_owned();
    let refused = cli.run(&["verify", &expired]);
    assert_ne!(refused.code, 0, "{refused:?}");

    let run = cli
        .run(&["emulator", "mint", "--claims", r#"{"sub":"x"}"#, "--json"])
        .expect(0);
    assert_eq!(run.json()["claims"]["sub"], "x");

    cli.run(&["emulator", "mint", "--claims", "[1]"]).expect(2);
    cli.run(&["emulator", "mint", "--user", "usr_nobody"])
        .expect(2);
    Cli::new()
        .env("INAI_API_URL", "https://api.example.com")
        .run(&["emulator", "mint", "--claims", "{}"])
        .expect(2);
    std::fs::remove_dir_all(&dir).unwrap();
}
