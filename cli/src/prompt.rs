//! Reading what the user types: emails, passwords and codes.
//!
//! Secrets never come from the command line (where other users could see
//! them in the process list): they come from an environment variable, from
//! stdin (`--password-stdin`), or from a prompt on the terminal with echo
//! turned off (`rpassword`, which works on Windows too). On Unix a Ctrl-C
//! at the prompt turns echo back on before the process ends.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::error::CliError;

/// Where a secret comes from, in order of preference.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SecretSource<'a> {
    /// Read the first line of stdin.
    pub(crate) stdin: bool,
    /// The environment variable to read, if set and not empty.
    pub(crate) env: &'a str,
    /// The prompt shown on a terminal.
    pub(crate) prompt: &'a str,
    /// How to supply the secret, for the error when none is given.
    pub(crate) how: &'a str,
}

/// Reads a secret from `source`.
///
/// # Errors
/// [`CliError::Usage`] when none is given and stdin is not a terminal, or
/// the value is empty; [`CliError::Io`] when stdin cannot be read.
pub(crate) fn secret(source: SecretSource<'_>) -> Result<String, CliError> {
    let value = if source.stdin {
        read_stdin_line()?
    } else if let Some(value) = std::env::var(source.env).ok().filter(|v| !v.is_empty()) {
        value
    } else if io::stdin().is_terminal() {
        prompt_hidden(source.prompt)?
    } else {
        return Err(CliError::Usage(format!(
            "no {} given: {}",
            source.prompt, source.how
        )));
    };
    if value.is_empty() {
        return Err(CliError::Usage(format!("the {} is empty", source.prompt)));
    }
    Ok(value)
}

/// Reads a visible value (an email, a code) from a prompt on the terminal.
///
/// # Errors
/// [`CliError::Usage`] with `how` when stdin is not a terminal or the
/// answer is empty.
pub(crate) fn visible(prompt: &str, how: &str) -> Result<String, CliError> {
    if !io::stdin().is_terminal() {
        return Err(CliError::Usage(format!("no {prompt} given: {how}")));
    }
    let mut err = io::stderr().lock();
    write!(err, "{prompt}: ")?;
    err.flush()?;
    let value = read_stdin_line()?;
    if value.is_empty() {
        return Err(CliError::Usage(format!("no {prompt} given: {how}")));
    }
    Ok(value)
}

/// The first line of stdin, without its line ending.
///
/// # Errors
/// [`CliError::Io`] when stdin cannot be read.
pub(crate) fn read_stdin_line() -> Result<String, CliError> {
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Prompts on the terminal and reads a line with echo off.
fn prompt_hidden(prompt: &str) -> Result<String, CliError> {
    restore_echo_on_interrupt();
    match rpassword::prompt_password(format!("{prompt}: ")) {
        Ok(value) => Ok(value),
        // The Ctrl-C handler runs on its own thread; the read it interrupts
        // can return first. Either way the user pressed Ctrl-C: end the
        // same way, echo on, code 130.
        Err(error) if error.kind() == io::ErrorKind::Interrupted => interrupted(),
        Err(error) => Err(error.into()),
    }
}

/// Turns the terminal's echo back on and ends the process with the usual
/// code for Ctrl-C, 130.
fn interrupted() -> ! {
    turn_echo_on();
    let _ = writeln!(io::stderr());
    std::process::exit(130);
}

/// On Ctrl-C, turns the terminal's echo back on (it is off while a
/// password is typed) and ends the process with the usual code 130.
#[cfg(unix)]
fn restore_echo_on_interrupt() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| interrupted());
    });
}

/// Turns the terminal's echo on.
#[cfg(unix)]
fn turn_echo_on() {
    if let Ok(tty) = std::fs::File::open("/dev/tty") {
        if let Ok(mut modes) = rustix::termios::tcgetattr(&tty) {
            modes.local_modes |= rustix::termios::LocalModes::ECHO;
            let _ = rustix::termios::tcsetattr(&tty, rustix::termios::OptionalActions::Now, &modes);
        }
    }
}

#[cfg(not(unix))]
fn restore_echo_on_interrupt() {}

#[cfg(not(unix))]
fn turn_echo_on() {}
