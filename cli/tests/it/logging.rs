//! `-v` and `RUST_LOG`: requests and retries on stderr, never a secret.

use inai_auth_emulator::Fault;

use crate::support::{cli_for, emulator, platform_login};

#[test]
fn verbose_logs_requests_and_retries_without_secrets() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let seed = emu.seed();
    let run = cli
        .run_with(
            &[
                "-v",
                "login",
                "--platform",
                "--email",
                &seed.admin_email,
                "--show-tokens",
            ],
            &[("INAI_PASSWORD", &seed.admin_password)],
            None,
        )
        .expect(0);
    for needle in ["inai_auth.request", "platform_login", "status=200"] {
        assert!(
            run.stderr.contains(needle),
            "{needle} not in\n{}",
            run.stderr
        );
    }
    let access = cli.stored_access_token("platform");
    let refresh = cli.stored("platform", "refresh_token");
    // The tokens were asked for on stdout, and stay out of the log.
    assert!(run.stdout.contains(&access));
    for secret in [&seed.admin_password, &access, &refresh] {
        assert!(
            !run.stderr.contains(secret.as_str()),
            "a secret in the log:\n{}",
            run.stderr
        );
    }

    // A retry, at -v.
    emu.inject_fault(Fault::status("/api/platform/auth/me", 503).with_count(1));
    let run = cli.run(&["-v", "me", "--platform"]).expect(0);
    for needle in ["retrying", "reason=503", "attempt=2"] {
        assert!(
            run.stderr.contains(needle),
            "{needle} not in\n{}",
            run.stderr
        );
    }

    // RUST_LOG at trace, on commands that send tokens.
    for args in [
        &["me", "--platform"][..],
        &["refresh", "--platform"],
        &["api", "list_applications"],
    ] {
        let access = cli.stored_access_token("platform");
        let refresh = cli.stored("platform", "refresh_token");
        let run = cli.run_with(args, &[("RUST_LOG", "trace")], None).expect(0);
        assert!(
            run.stderr.contains("inai_auth.request"),
            "{args:?}\n{}",
            run.stderr
        );
        for secret in [&access, &refresh] {
            assert!(
                !run.stderr.contains(secret.as_str()),
                "{args:?}: a secret in the log:\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn without_verbose_nothing_is_logged() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    emu.inject_fault(Fault::status("/api/platform/auth/me", 503).with_count(1));
    let run = cli.run(&["me", "--platform"]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
