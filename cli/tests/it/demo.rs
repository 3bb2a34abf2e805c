//! `inai demo` end to end.

use crate::support::Cli;

#[test]
fn the_demo_walks_all_steps_and_exits_0() {
    let run = Cli::new().run(&["demo"]).expect(0);
    for step in [
        "[1/11] start the emulator",
        "[2/11] platform login",
        "[5/11] verify the email from the outbox",
        "[7/11] enable MFA and log in with a TOTP code",
        "[8/11] verify the access token (JWKS)",
        "[10/11] rotate the signing keys and verify again",
        "[11/11] log out",
        "demo complete: all 11 steps passed",
    ] {
        assert!(run.stdout.contains(step), "{step} missing:\n{}", run.stdout);
    }
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // The AuthObject is shown, never a token.
    assert!(run.stdout.contains("app_user"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("eyJ"),
        "a token was printed:\n{}",
        run.stdout
    );
}

#[test]
fn the_demo_reports_steps_as_json() {
    let run = Cli::new().run(&["demo", "--json"]).expect(0);
    let report = run.json();
    assert_eq!(report["ok"], true);
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 11);
    assert!(steps.iter().all(|s| s["ok"] == true));
    assert_eq!(steps[10]["name"], "log out");
}
