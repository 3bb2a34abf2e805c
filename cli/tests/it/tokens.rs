//! `verify` and `decode`: valid, tampered, malformed and expired tokens.

use std::sync::Arc;
use std::time::Duration;

use inai_auth_emulator::{EmulatorConfig, ManualClock};
use time::OffsetDateTime;

use crate::support::{Cli, cli_for, emulator, emulator_with, platform_login};

/// `token` with the first character of its signature changed.
fn tampered(token: &str) -> String {
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let first = if signature.starts_with('A') { 'B' } else { 'A' };
    format!("{signed}.{first}{}", &signature[1..])
}

#[test]
fn a_valid_token_verifies_with_its_claims_as_json() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let token = cli.stored_access_token("platform");

    let stored = cli
        .run(&["verify", "--platform", "--json"])
        .expect(0)
        .json();
    assert_eq!(stored["valid"], true);
    assert_eq!(stored["claims"]["sub"], emu.seed().admin_id.as_str());
    assert_eq!(stored["claims"]["type"], "platform");
    assert_eq!(stored["auth"]["userId"], emu.seed().admin_id.as_str());
    assert_eq!(stored["jwks_url"], emu.jwks_url());

    let given = cli.run(&["verify", &token]).expect(0);
    assert!(given.stdout.starts_with("valid token"), "{}", given.stdout);
    assert!(
        given
            .stdout
            .contains(&format!("\"tenant_id\": \"{}\"", emu.seed().tenant_id)),
        "{}",
        given.stdout
    );
    assert!(!given.stdout.contains(&token), "the token was echoed");

    let piped = cli
        .run_with(&["verify", "-", "--json"], &[], Some(&format!("{token}\n")))
        .expect(0);
    assert_eq!(piped.json()["valid"], true);
}

#[test]
fn a_tampered_token_is_invalid() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let token = tampered(&cli.stored_access_token("platform"));
    let run = cli.run(&["verify", &token]).expect(1);
    assert!(
        run.stderr
            .contains("invalid token: signature does not verify"),
        "{}",
        run.stderr
    );
    let json = cli
        .run(&["verify", &token, "--json"])
        .expect(1)
        .error_json();
    assert_eq!(json["error"]["kind"], "invalid_token");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("signature")
    );
}

#[test]
fn malformed_tokens_are_refused_by_verify_and_decode() {
    let emu = emulator();
    let cli = cli_for(&emu);
    for token in ["abc", "a.b", "a..c", "not a token at all", "eyJ.eyJ.eyJ"] {
        let run = cli.run(&["verify", token]).expect(1);
        assert!(run.stderr.contains("malformed"), "{token}: {}", run.stderr);
        let run = cli.run(&["decode", token]).expect(1);
        assert!(run.stderr.contains("malformed"), "{token}: {}", run.stderr);
    }
    let huge = "a".repeat(20_000);
    cli.run(&["verify", &huge]).expect(1);
    cli.run(&["decode", &huge]).expect(1);
    // Nothing was fetched for tokens that cannot be read.
    assert_eq!(emu.request_count("GET", "/.well-known/jwks.json"), 0);
}

#[test]
fn decode_shows_the_claims_and_says_they_are_unverified() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let token = tampered(&cli.stored_access_token("platform"));
    // Decoding does not check signatures: a tampered token still decodes.
    let human = cli.run(&["decode", &token]).expect(0);
    assert!(human.stdout.starts_with("NOT VERIFIED"), "{}", human.stdout);
    assert!(
        human.stdout.contains("\"alg\": \"ES256\""),
        "{}",
        human.stdout
    );
    let json = cli.run(&["decode", &token, "--json"]).expect(0).json();
    assert_eq!(json["verified"], false);
    assert_eq!(json["payload"]["sub"], emu.seed().admin_id.as_str());
    assert_eq!(json["expired"], false);
    assert_eq!(emu.request_count("GET", "/.well-known/jwks.json"), 0);
}

/// An emulator whose clock runs an hour behind: every token it issues has
/// already expired by the real clock.
fn emulator_in_the_past() -> inai_auth_emulator::EmulatorHandle {
    let past = OffsetDateTime::now_utc() - Duration::from_secs(3600);
    emulator_with(EmulatorConfig::default().with_clock(Arc::new(ManualClock::new(past))))
}

#[test]
fn an_expired_token_is_invalid() {
    let emu = emulator_in_the_past();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let run = cli.run(&["verify", "--platform"]).expect(1);
    assert!(
        run.stderr.contains("invalid token: token has expired"),
        "{}",
        run.stderr
    );
    let decoded = cli
        .run(&["decode", "--platform", "--json"])
        .expect(0)
        .json();
    assert_eq!(decoded["expired"], true);
    // A leeway below the hour does not save it.
    cli.run(&["verify", "--platform", "--leeway", "300"])
        .expect(1);
}

#[test]
fn an_expired_stored_token_is_refreshed_before_use() {
    let emu = emulator_in_the_past();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let before = cli.stored("platform", "refresh_token");
    let run = cli.run(&["me", "--platform"]).expect(0);
    assert!(run.stderr.contains("refreshing"), "{}", run.stderr);
    assert_ne!(cli.stored("platform", "refresh_token"), before);
}

#[test]
fn without_a_token_or_session_verify_says_to_log_in() {
    let run = Cli::new().run(&["verify"]).expect(4);
    assert!(run.stderr.contains("inai login"), "{}", run.stderr);
}
