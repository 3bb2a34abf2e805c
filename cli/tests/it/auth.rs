//! `login`, `me`, `refresh`, `logout`, and the token store they share.

use crate::support::{
    Cli, USER_PASSWORD, app_user_login, cli_for, emulator, platform_login, post_json,
};

#[test]
fn platform_login_then_me() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let run = cli
        .run_with(
            &[
                "login",
                "--platform",
                "--email",
                &emu.seed().admin_email,
                "--json",
            ],
            &[("INAI_PASSWORD", &emu.seed().admin_password)],
            None,
        )
        .expect(0);
    let answer = run.json();
    assert_eq!(answer["kind"], "platform");
    assert_eq!(answer["email"], emu.seed().admin_email.as_str());
    assert!(
        answer.get("access_token").is_none(),
        "tokens shown unasked: {answer}"
    );

    let me = cli.run(&["me", "--platform", "--json"]).expect(0).json();
    assert_eq!(me["email"], emu.seed().admin_email.as_str());
    assert_eq!(me["id"], emu.seed().admin_id.as_str());
    let human = cli.run(&["me", "--platform"]).expect(0);
    assert!(
        human
            .stdout
            .contains(&format!("email:    {}", emu.seed().admin_email)),
        "{}",
        human.stdout
    );

    let out = cli
        .run(&["logout", "--platform", "--json"])
        .expect(0)
        .json();
    assert_eq!(out["server_session"], "revoked");
    assert_eq!(emu.request_count("POST", "/api/platform/auth/logout"), 1);
    cli.run(&["me", "--platform"]).expect(4);
}

#[cfg(unix)]
#[test]
fn the_store_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cli.store_file()), 0o600);
    assert_eq!(mode(&cli.config_dir), 0o700);
}

#[test]
fn tokens_are_printed_only_when_asked() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let password = [("INAI_PASSWORD", emu.seed().admin_password.as_str())];
    let email = emu.seed().admin_email.as_str();
    let quiet = cli
        .run_with(&["login", "--platform", "--email", email], &password, None)
        .expect(0);
    let token = cli.stored_access_token("platform");
    assert!(!quiet.stdout.contains(&token) && !quiet.stderr.contains(&token));
    assert!(!quiet.stdout.contains("eyJ"), "{}", quiet.stdout);

    let shown = cli
        .run_with(
            &[
                "login",
                "--platform",
                "--email",
                email,
                "--json",
                "--show-tokens",
            ],
            &password,
            None,
        )
        .expect(0)
        .json();
    assert_eq!(
        shown["access_token"],
        cli.stored_access_token("platform").as_str()
    );
    assert!(shown["refresh_token"].as_str().is_some());
}

#[test]
fn the_password_can_come_from_stdin() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let input = format!("{}\n", emu.seed().admin_password);
    cli.run_with(
        &[
            "login",
            "--platform",
            "--password-stdin",
            "--email",
            &emu.seed().admin_email,
        ],
        &[],
        Some(&input),
    )
    .expect(0);
}

#[test]
fn app_user_session_lifecycle() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    app_user_login(&cli, &emu, "ada@example.com");

    let me = cli.run(&["me", "--json"]).expect(0).json();
    assert_eq!(me["email"], "ada@example.com");

    let before = cli.stored("app", "refresh_token");
    let refreshed = cli.run(&["refresh", "--json"]).expect(0).json();
    assert_eq!(refreshed["refreshed"], true);
    assert!(refreshed.get("access_token").is_none());
    // The stored pair was replaced (refresh tokens rotate) and still works.
    assert_ne!(cli.stored("app", "refresh_token"), before);
    cli.run(&["me"]).expect(0);

    let out = cli.run(&["logout"]).expect(0);
    assert!(
        out.stdout.contains("logged out ada@example.com"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("revoked"), "{}", out.stdout);
    let gone = cli.run(&["me"]).expect(4);
    assert!(gone.stderr.contains("not logged in"), "{}", gone.stderr);
    // The platform session is untouched.
    cli.run(&["me", "--platform"]).expect(0);
}

#[test]
fn wrong_password_exits_1_with_the_problem_details() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let args = [
        "login",
        "--platform",
        "--email",
        emu.seed().admin_email.as_str(),
    ];
    let wrong = [("INAI_PASSWORD", "not-the-password")];
    let human = cli.run_with(&args, &wrong, None).expect(1);
    assert!(human.stderr.starts_with("error: "), "{}", human.stderr);
    assert!(
        human.stderr.contains("INVALID_CREDENTIALS"),
        "{}",
        human.stderr
    );
    assert!(human.stderr.contains("401"), "{}", human.stderr);
    assert!(human.stdout.is_empty(), "{}", human.stdout);

    let mut json_args = args.to_vec();
    json_args.push("--json");
    let json = cli
        .run_with(&json_args, &wrong, None)
        .expect(1)
        .error_json();
    assert_eq!(json["error"]["kind"], "api");
    assert_eq!(json["error"]["exit_code"], 1);
    assert_eq!(json["error"]["status"], 401);
    assert_eq!(json["error"]["problem"]["type"], "INVALID_CREDENTIALS");
    assert!(!cli.store_file().exists(), "a failed login wrote the store");
}

#[test]
fn a_refused_refresh_token_exits_1() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    app_user_login(&cli, &emu, "bob@example.com");
    // Revoke the session behind the CLI's back: log out with a copy of the store.
    let copy = crate::support::Cli::new();
    std::fs::create_dir_all(&copy.config_dir).unwrap();
    std::fs::copy(cli.store_file(), copy.store_file()).unwrap();
    let copy = copy
        .env("INAI_API_URL", emu.base_url())
        .env("INAI_PUBLISHABLE_KEY", &emu.seed().publishable_key);
    copy.run(&["logout"]).expect(0);

    let run = cli.run(&["refresh"]).expect(1);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
}

#[test]
fn platform_login_with_mfa_needs_a_code() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let body = format!(r#"{{"email":"{}"}}"#, emu.seed().admin_email);
    let setup = post_json(emu.base_url(), "/__emulator/platform-mfa", &body);
    let secret = setup["data"]["secret"].as_str().unwrap().to_owned();
    let args = [
        "login",
        "--platform",
        "--email",
        emu.seed().admin_email.as_str(),
    ];
    let password = [("INAI_PASSWORD", emu.seed().admin_password.as_str())];

    let without = cli.run_with(&args, &password, None).expect(2);
    assert!(without.stderr.contains("--mfa-code"), "{}", without.stderr);

    let wrong = [&args[..], &["--mfa-code", "000000"]].concat();
    let refused = cli.run_with(&wrong, &password, None);
    // A random secret's current code is 000000 one time in a million.
    if refused.code != 0 {
        refused.expect(1);
    }

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let code = inai_auth_core::totp::code(&secret, now).unwrap();
    let with = [&args[..], &["--mfa-code", &code]].concat();
    cli.run_with(&with, &password, None).expect(0);
    cli.run(&["me", "--platform"]).expect(0);
}

#[test]
fn another_server_never_gets_the_stored_session() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let other = emulator();
    // Another URL is another profile, with no session.
    let run = cli
        .run(&["me", "--platform", "--api-url", other.base_url()])
        .expect(4);
    assert!(run.stderr.contains("not logged in"), "{}", run.stderr);
    // The session's own profile, asked for with another URL, is refused.
    let profile = emu.base_url().trim_start_matches("http://");
    let run = cli
        .run(&[
            "me",
            "--platform",
            "--profile",
            profile,
            "--api-url",
            other.base_url(),
        ])
        .expect(4);
    assert!(run.stderr.contains("belongs to"), "{}", run.stderr);
    assert_eq!(other.request_count("GET", "/api/platform/auth/me"), 0);
}

#[test]
fn login_needs_a_publishable_key_for_app_users() {
    let emu = emulator();
    let cli = Cli::new().env("INAI_API_URL", emu.base_url());
    let run = cli
        .run_with(
            &["login", "--email", "ada@example.com"],
            &[("INAI_PASSWORD", USER_PASSWORD)],
            None,
        )
        .expect(4);
    assert!(
        run.stderr.contains("INAI_PUBLISHABLE_KEY"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_session_remembers_its_server_and_key() {
    let emu = emulator();
    let admin = cli_for(&emu);
    platform_login(&admin, &emu);
    let app = emu.seed().application_id.as_str();
    admin
        .run_with(
            &[
                "users",
                "create",
                "--app",
                app,
                "--email",
                "kim@example.com",
            ],
            &[("INAI_NEW_USER_PASSWORD", USER_PASSWORD)],
            None,
        )
        .expect(0);

    // Only flags at login; later commands need neither.
    let cli = Cli::new();
    cli.run_with(
        &[
            "login",
            "--email",
            "kim@example.com",
            "--api-url",
            emu.base_url(),
            "--publishable-key",
            &emu.seed().publishable_key,
        ],
        &[("INAI_PASSWORD", USER_PASSWORD)],
        None,
    )
    .expect(0);
    let me = cli.run(&["me", "--json"]).expect(0).json();
    assert_eq!(me["email"], "kim@example.com");
    cli.run(&["verify"]).expect(0);
    cli.run(&["logout"]).expect(0);
}
