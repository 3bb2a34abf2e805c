//! Unreachable servers and unusable token stores: a clear message, the
//! documented exit code, never a panic.

use crate::support::{Cli, cli_for, closed_url, emulator, platform_login};

#[test]
fn an_unreachable_server_exits_3() {
    let url = closed_url();
    let cli = Cli::new()
        .env("INAI_API_URL", &url)
        .env("INAI_PUBLISHABLE_KEY", "pk_test_x");
    let password = [("INAI_PASSWORD", "whatever-password")];
    for args in [
        &["login", "--email", "ada@example.com"][..],
        &["login", "--platform", "--email", "ada@example.com"],
    ] {
        let run = cli.run_with(args, &password, None).expect(3);
        assert!(
            run.stderr.contains("connection failed"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let json = cli
        .run_with(
            &["login", "--email", "a@example.com", "--json"],
            &password,
            None,
        )
        .expect(3)
        .error_json();
    assert_eq!(json["error"]["category"], "network");
    assert_eq!(json["error"]["kind"], "transport");
}

#[test]
fn a_session_whose_server_went_away_exits_3() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    emu.shutdown();
    let run = cli.run(&["apps", "list"]).expect(3);
    assert!(run.stderr.contains("connection failed"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hint: is the server at http://127.0.0.1:"),
        "{}",
        run.stderr
    );
    // Logging out still forgets the session here, and says the server was not told.
    let out = cli.run(&["logout", "--platform"]).expect(3);
    assert!(out.stderr.contains("could not be told"), "{}", out.stderr);
    cli.run(&["me", "--platform"]).expect(4);
}

#[test]
fn unreachable_signing_keys_exit_3() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let jwks = format!("{}/.well-known/jwks.json", closed_url());
    let run = cli
        .run(&["verify", "--platform", "--jwks-url", &jwks])
        .expect(3);
    assert!(run.stderr.contains("signing keys"), "{}", run.stderr);
}

#[test]
fn an_invalid_base_url_exits_4() {
    let cli = Cli::new();
    let run = cli
        .run_with(
            &[
                "login",
                "--platform",
                "--email",
                "a@example.com",
                "--api-url",
                "ftp://example.com",
            ],
            &[("INAI_PASSWORD", "pw")],
            None,
        )
        .expect(4);
    assert!(run.stderr.contains("invalid base url"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_store_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    std::fs::set_permissions(cli.store_file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = cli.run(&["me", "--platform"]).expect(4);
    assert!(run.stderr.contains("refusing to read"), "{}", run.stderr);
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
}

#[test]
fn a_corrupt_store_is_reported() {
    let cli = Cli::new();
    std::fs::create_dir_all(&cli.config_dir).unwrap();
    std::fs::write(cli.store_file(), "{not json").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(cli.store_file(), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let run = cli.run(&["me"]).expect(4);
    assert!(
        run.stderr.contains("not a valid token store"),
        "{}",
        run.stderr
    );
}

#[test]
fn not_logged_in_exits_4() {
    let cli = Cli::new();
    for args in [
        &["me"][..],
        &["refresh"],
        &["logout"],
        &["apps", "list"],
        &["me", "--platform"],
    ] {
        let run = cli.run(args).expect(4);
        assert!(
            run.stderr.contains("not logged in"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_server_slower_than_the_timeout_exits_3() {
    let emu = emulator();
    emu.inject_fault(inai_auth_emulator::Fault::delay(
        "/api/platform/auth/login",
        std::time::Duration::from_millis(2500),
    ));
    let cli = cli_for(&emu);
    let started = std::time::Instant::now();
    let run = cli
        .run_with(
            &[
                "login",
                "--platform",
                "--email",
                &emu.seed().admin_email,
                "--timeout",
                "1",
            ],
            &[("INAI_PASSWORD", &emu.seed().admin_password)],
            None,
        )
        .expect(3);
    assert!(run.stderr.contains("timed out"), "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_millis(2400));
}

#[test]
fn waits_draw_no_progress_into_a_pipe() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    emu.inject_fault(inai_auth_emulator::Fault::delay(
        "/api/platform/applications",
        std::time::Duration::from_millis(700),
    ));
    let run = cli.run(&["apps", "list"]).expect(0);
    assert!(
        run.stderr.is_empty(),
        "progress drawn into a pipe: {:?}",
        run.stderr
    );
    assert!(run.stdout.starts_with("ID"), "{}", run.stdout);
}

#[test]
fn a_proxy_in_the_environment_is_named_in_the_hint() {
    let cli = Cli::new().env("INAI_API_URL", &closed_url());
    let run = cli
        .run_with(
            &["login", "--platform", "--email", "a@example.com"],
            &[("INAI_PASSWORD", "pw"), ("HTTP_PROXY", &closed_url())],
            None,
        )
        .expect(3);
    assert!(
        run.stderr.contains("hint: HTTP_PROXY is set"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_answer_of_the_wrong_shape_exits_5() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    emu.inject_fault(
        inai_auth_emulator::Fault::status("/api/platform/applications", 200)
            .with_body(serde_json::json!({ "unexpected": true })),
    );
    let run = cli.run(&["apps", "list", "--json"]).expect(5);
    assert_eq!(run.error_json()["error"]["kind"], "decode");
}

#[test]
fn a_server_error_page_keeps_its_status() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    // POST is not retried: the 502 comes straight back.
    emu.inject_fault(
        inai_auth_emulator::Fault::status("/api/platform/applications", 502).with_method("POST"),
    );
    let run = cli
        .run(&["apps", "create", "--name", "x", "--slug", "x"])
        .expect(1);
    assert!(run.stderr.contains("status: 502"), "{}", run.stderr);
}
