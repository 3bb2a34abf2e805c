//! What only happens on a terminal, through a pseudo-terminal: the hidden
//! password prompt (and Ctrl-C at it), and the spinner with its retries.

use std::process::Command;
use std::time::Duration;

use inai_auth_emulator::Fault;
use rexpect::session::spawn_command;

use crate::support::{Cli, cli_for, emulator, platform_login};

const TIMEOUT_MS: Option<u64> = Some(15_000);

/// `inai args` in a pseudo-terminal, with this test's environment.
fn in_terminal(cli: &Cli, args: &[&str]) -> Command {
    let mut command = cli.command(args);
    command.env("TERM", "dumb");
    command
}

#[test]
fn the_password_prompt_hides_what_is_typed() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let seed = emu.seed();
    let command = in_terminal(&cli, &["login", "--platform", "--email", &seed.admin_email]);
    let mut session = spawn_command(command, TIMEOUT_MS).unwrap();
    session.exp_string("password: ").unwrap();
    session.send_line(&seed.admin_password).unwrap();
    let shown = session.exp_string("logged in as").unwrap();
    assert!(
        !shown.contains(&seed.admin_password),
        "the password was echoed: {shown:?}"
    );
    session.exp_eof().unwrap();
    cli.run(&["me", "--platform"]).expect(0);
}

#[test]
fn ctrl_c_at_the_password_prompt_turns_echo_back_on() {
    let emu = emulator();
    let cli = cli_for(&emu);
    let inai = env!("CARGO_BIN_EXE_inai");
    // The shell survives the interrupt (its trap is reset in the child),
    // then prints the terminal's echo flag.
    let script = format!(
        "trap 'echo interrupted' INT; '{inai}' login --platform --email a@example.com; \
         echo \"status $?\"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?echo'"
    );
    let command = cli.command(&[]);
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(script);
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    shell.env("TERM", "dumb");
    let mut session = spawn_command(shell, TIMEOUT_MS).unwrap();
    session.exp_string("password: ").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    session.send_control('c').unwrap();
    session.exp_string("status 130").unwrap();
    let (_, flag) = session.exp_regex(r"-?echo").unwrap();
    assert_eq!(flag, "echo", "echo is still off after Ctrl-C");
    assert!(!cli.store_file().exists());
}

#[test]
fn the_spinner_shows_on_a_terminal_with_its_retries_and_never_in_a_pipe() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let path = "/api/platform/applications";
    let slow_failure = || {
        emu.inject_fault(
            Fault::status(path, 503)
                .with_delay(Duration::from_millis(700))
                .with_count(1),
        );
        emu.inject_fault(Fault::delay(path, Duration::from_millis(900)).with_count(1));
    };
    slow_failure();
    let mut session = spawn_command(in_terminal(&cli, &["apps", "list"]), TIMEOUT_MS).unwrap();
    session.exp_string("apps: waiting").unwrap();
    session.exp_string("attempt 1 got 503; retrying").unwrap();
    session.exp_eof().unwrap();

    // The same wait into a pipe, or with --json on a terminal: no spinner.
    emu.clear_faults();
    slow_failure();
    let run = cli.run(&["apps", "list"]).expect(0);
    assert!(!run.stderr.contains("waiting"), "{}", run.stderr);
    emu.clear_faults();
    slow_failure();
    let mut session =
        spawn_command(in_terminal(&cli, &["apps", "list", "--json"]), TIMEOUT_MS).unwrap();
    let all = session.exp_eof().unwrap();
    assert!(!all.contains("waiting"), "{all}");
}
