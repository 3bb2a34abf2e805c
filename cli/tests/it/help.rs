//! `--help`, usage errors and completions.

use crate::support::Cli;

#[test]
fn help_is_everywhere_and_lists_the_exit_codes() {
    let cli = Cli::new();
    let top = cli.run(&["--help"]).expect(0);
    for command in [
        "demo",
        "emulator",
        "login",
        "verify",
        "decode",
        "apps",
        "api-keys",
        "api",
        "auth",
        "completions",
    ] {
        assert!(
            top.stdout.contains(command),
            "{command} missing:\n{}",
            top.stdout
        );
    }
    assert!(top.stdout.contains("Exit codes:"), "{}", top.stdout);
    for args in [
        &["login", "--help"][..],
        &["verify", "--help"],
        &["users", "create", "--help"],
        &["api-keys", "revoke", "--help"],
        &["emulator", "--help"],
        &["api", "--help"],
        &["auth", "token", "--help"],
    ] {
        let run = cli.run(args).expect(0);
        assert!(
            run.stdout.contains("Usage: inai"),
            "{args:?}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let cli = Cli::new();
    let unknown = cli.run(&["frobnicate"]).expect(2);
    assert!(
        unknown.stderr.contains("unrecognized subcommand"),
        "{}",
        unknown.stderr
    );
    let missing = cli.run(&["users", "list"]).expect(2);
    assert!(missing.stderr.contains("--app"), "{}", missing.stderr);
    let bad_leeway = cli.run(&["verify", "a.b.c", "--leeway", "301"]).expect(2);
    assert!(
        bad_leeway.stderr.contains("at most 300"),
        "{}",
        bad_leeway.stderr
    );
}

#[test]
fn login_without_an_email_or_password_says_how_to_give_them() {
    let cli = Cli::new().env("INAI_API_URL", &crate::support::closed_url());
    let no_email = cli.run(&["login", "--platform"]).expect(2);
    assert!(no_email.stderr.contains("--email"), "{}", no_email.stderr);
    let no_password = cli
        .run(&["login", "--platform", "--email", "a@example.com"])
        .expect(2);
    assert!(
        no_password.stderr.contains("INAI_PASSWORD"),
        "{}",
        no_password.stderr
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    let cli = Cli::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = cli.run(&["completions", shell]).expect(0);
        assert!(run.stdout.contains("inai"), "{shell}");
        assert!(run.stdout.contains("api-keys"), "{shell}");
    }
    cli.run(&["completions", "tcsh"]).expect(2);
}
