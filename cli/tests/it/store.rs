//! The token store: profiles, the lock around refreshes, and the folder
//! and file rules.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use inai_auth_emulator::EmulatorConfig;

use crate::support::{Cli, cli_for, emulator, emulator_with, platform_login};

#[test]
fn two_processes_refreshing_at_once_both_keep_a_working_session() {
    // Access tokens live 5 s, less than the 30 s refresh margin: every
    // command refreshes first, so concurrent commands race on the refresh
    // token unless the store's lock orders them.
    let emu =
        emulator_with(EmulatorConfig::default().with_access_token_ttl(Duration::from_secs(5)));
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    for round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                cli.command(&["me", "--platform", "--json"])
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    // The session still works, and no refresh token was spent twice.
    cli.run(&["me", "--platform"]).expect(0);
    assert_eq!(emu.request_count("POST", "/api/platform/auth/refresh"), 13);
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_folder_others_can_write_is_refused_and_left_alone() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let before = std::fs::read(cli.store_file()).unwrap();
    for mode in [0o770, 0o707, 0o777] {
        chmod(&cli.config_dir, mode);
        let run = cli.run(&["me", "--platform"]).expect(4);
        assert!(
            run.stderr.contains("other users can write to it") && run.stderr.contains("chmod 700"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read(cli.store_file()).unwrap(), before);
    }
    assert_eq!(emu.request_count("GET", "/api/platform/auth/me"), 0);
    chmod(&cli.config_dir, 0o700);
    cli.run(&["me", "--platform"]).expect(0);
}

#[cfg(unix)]
#[test]
fn a_folder_of_another_user_is_refused() {
    use std::os::unix::fs::MetadataExt;
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    // As root, give the folder away; otherwise use a folder root owns.
    let me = std::fs::metadata(&cli.config_dir).unwrap().uid();
    let dir = if me == 0 {
        std::os::unix::fs::chown(&cli.config_dir, Some(65534), None).unwrap();
        cli.config_dir.clone()
    } else {
        std::path::PathBuf::from("/")
    };
    let run = cli
        .run_with(
            &["me", "--platform"],
            &[("INAI_CONFIG_DIR", dir.to_str().unwrap())],
            None,
        )
        .expect(4);
    assert!(
        run.stderr.contains("not to you") && run.stderr.contains("--config-dir"),
        "{}",
        run.stderr
    );
    assert_eq!(emu.request_count("GET", "/api/platform/auth/me"), 0);
    if me == 0 {
        std::os::unix::fs::chown(&cli.config_dir, Some(0), None).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_store_file_that_is_a_symlink_is_not_followed() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let real = cli.config_dir.join("elsewhere.json");
    std::fs::rename(cli.store_file(), &real).unwrap();
    std::os::unix::fs::symlink(&real, cli.store_file()).unwrap();
    let run = cli.run(&["me", "--platform"]).expect(4);
    assert!(
        run.stderr.contains("symbolic link") && run.stderr.contains("never followed"),
        "{}",
        run.stderr
    );
    // Writing commands refuse it too, and the link stays a link.
    cli.run(&["logout", "--platform"]).expect(4);
    assert!(
        std::fs::symlink_metadata(cli.store_file())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(emu.request_count("GET", "/api/platform/auth/me"), 0);
}

#[test]
fn each_server_has_its_own_profile() {
    let one = emulator();
    let two = emulator();
    let cli = Cli::new();
    for emu in [&one, &two] {
        cli.run_with(
            &[
                "login",
                "--platform",
                "--email",
                &emu.seed().admin_email,
                "--api-url",
                emu.base_url(),
            ],
            &[("INAI_PASSWORD", &emu.seed().admin_password)],
            None,
        )
        .expect(0);
    }
    // The second login did not replace the first: both work by URL.
    for emu in [&one, &two] {
        cli.run(&["me", "--platform", "--api-url", emu.base_url()])
            .expect(0);
        assert_eq!(emu.request_count("GET", "/api/platform/auth/me"), 1);
    }
    // Without a URL, the profile of the last login is used.
    cli.run(&["me", "--platform"]).expect(0);
    assert_eq!(two.request_count("GET", "/api/platform/auth/me"), 2);
    // By name, with the flag or the environment.
    let first = one.base_url().trim_start_matches("http://");
    cli.run(&["me", "--platform", "--profile", first]).expect(0);
    cli.run_with(&["me", "--platform"], &[("INAI_PROFILE", first)], None)
        .expect(0);
    assert_eq!(one.request_count("GET", "/api/platform/auth/me"), 3);
    let status = cli.run(&["auth", "status", "--json"]).expect(0).json();
    assert_eq!(status["profiles"].as_array().unwrap().len(), 2);
}

#[test]
fn a_named_profile_is_created_by_login_and_must_exist_otherwise() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let run = cli
        .run(&["me", "--platform", "--profile", "work"])
        .expect(4);
    assert!(run.stderr.contains("no profile `work`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("inai login --profile"),
        "{}",
        run.stderr
    );
    assert!(!cli.store_file().exists());
    cli.run_with(
        &[
            "login",
            "--platform",
            "--email",
            &emu.seed().admin_email,
            "--profile",
            "work",
        ],
        &[("INAI_PASSWORD", &emu.seed().admin_password)],
        None,
    )
    .expect(0);
    cli.run(&["me", "--platform", "--profile", "work"])
        .expect(0);
    let status = cli
        .run(&["auth", "status", "--profile", "work", "--json"])
        .expect(0)
        .json();
    assert_eq!(status["profile"], "work");
    assert_eq!(status["sessions"][0]["kind"], "platform");
    assert_eq!(
        status["sessions"][0]["email"],
        emu.seed().admin_email.as_str()
    );
    assert_eq!(status["sessions"][0]["expired"], false);
}

#[test]
fn auth_token_prints_a_valid_token_refreshed_when_due() {
    let emu =
        emulator_with(EmulatorConfig::default().with_access_token_ttl(Duration::from_secs(5)));
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let refresh_token = cli.stored("platform", "refresh_token");
    let run = cli.run(&["auth", "token", "--platform"]).expect(0);
    let printed = run.stdout.trim();
    // Due within the 30 s margin: refreshed, stored, and printed.
    assert_ne!(cli.stored("platform", "refresh_token"), refresh_token);
    assert_eq!(printed, cli.stored_access_token("platform"));
    assert_eq!(emu.request_count("POST", "/api/platform/auth/refresh"), 1);
    // The token works as a bearer token.
    cli.run(&["verify", printed]).expect(0);
    // Human status shows the server, the user and the expiry.
    let status = cli.run(&["auth", "status"]).expect(0).stdout;
    for needle in [
        "profile",
        emu.base_url(),
        &emu.seed().admin_email,
        "platform session",
        "expires",
    ] {
        assert!(status.contains(needle), "{needle} in {status}");
    }
    assert!(!status.contains(printed), "status printed the token");
    // No app session: a clear refusal.
    let run = cli.run(&["auth", "token"]).expect(4);
    assert!(
        run.stderr.contains("not logged in as an app user"),
        "{}",
        run.stderr
    );
}
