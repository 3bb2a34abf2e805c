//! `apps`, `users` and `api-keys` with the platform session.

use crate::support::{cli_for, emulator, platform_login};

#[test]
fn applications_can_be_created_listed_shown_and_deleted() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let created = cli
        .run(&[
            "apps", "create", "--name", "Shop", "--slug", "shop", "--json",
        ])
        .expect(0)
        .json();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["slug"], "shop");

    let list = cli.run(&["apps", "list", "--json"]).expect(0).json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(ids.contains(&id.as_str()) && ids.contains(&emu.seed().application_id.as_str()));

    let table = cli.run(&["apps", "list"]).expect(0);
    assert!(table.stdout.starts_with("ID"), "{}", table.stdout);
    assert!(table.stdout.contains("shop"), "{}", table.stdout);

    let shown = cli.run(&["apps", "get", &id]).expect(0);
    assert!(shown.stdout.contains("PUBLISHABLE KEY"), "{}", shown.stdout);

    cli.run(&["apps", "delete", &id]).expect(0);
    let gone = cli.run(&["apps", "get", &id]).expect(1);
    assert!(gone.stderr.contains("404"), "{}", gone.stderr);
}

#[test]
fn users_can_be_created_listed_and_shown() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let app = emu.seed().application_id.as_str();
    let created = cli
        .run_with(
            &[
                "users",
                "create",
                "--app",
                app,
                "--email",
                "eve@example.com",
                "--first-name",
                "Eve",
                "--json",
            ],
            &[("INAI_NEW_USER_PASSWORD", "a-long-test-password-2")],
            None,
        )
        .expect(0)
        .json();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["firstName"], "Eve");

    let page = cli
        .run(&["users", "list", "--app", app, "--json"])
        .expect(0)
        .json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["data"][0]["email"], "eve@example.com");

    let shown = cli.run(&["users", "get", "--app", app, &id]).expect(0);
    assert!(shown.stdout.contains("eve@example.com"), "{}", shown.stdout);

    // The same email twice: the API says no.
    let again = cli
        .run_with(
            &[
                "users",
                "create",
                "--app",
                app,
                "--email",
                "eve@example.com",
            ],
            &[("INAI_NEW_USER_PASSWORD", "a-long-test-password-2")],
            None,
        )
        .expect(1);
    assert!(again.stderr.contains("409"), "{}", again.stderr);

    // No password given and no terminal to ask on.
    let no_password = cli
        .run(&["users", "create", "--app", app, "--email", "x@example.com"])
        .expect(2);
    assert!(
        no_password.stderr.contains("INAI_NEW_USER_PASSWORD"),
        "{}",
        no_password.stderr
    );
}

#[test]
fn api_keys_show_their_secret_once_and_can_be_revoked() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let app = emu.seed().application_id.as_str();
    let created = cli
        .run(&["api-keys", "create", "--app", app, "--name", "ci", "--json"])
        .expect(0)
        .json();
    let secret = created["key"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();

    let list = cli.run(&["api-keys", "list", "--app", app]).expect(0);
    assert!(list.stdout.contains(&id), "{}", list.stdout);
    assert!(!list.stdout.contains(&secret), "the secret was listed");

    cli.run(&["api-keys", "revoke", "--app", app, &id])
        .expect(0);
    let after = cli
        .run(&["api-keys", "list", "--app", app, "--json"])
        .expect(0)
        .json();
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["id"] != id.as_str())
    );
}

#[test]
fn an_unknown_application_is_a_404() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let run = cli
        .run(&["users", "list", "--app", "app_missing", "--json"])
        .expect(1);
    assert_eq!(run.error_json()["error"]["status"], 404);
}
