//! One module per group of commands; [`run`] dispatches.

mod api;
mod auth;
// `emulator.rs` keeps `pub` items of its own.
#[cfg(feature = "emulator")]
#[allow(unreachable_pub)]
mod emulator;
mod platform;
mod tokens;

use clap::CommandFactory;

use crate::args::{AuthCommand, Cli, Command};

use crate::context::Context;
use crate::error::CliError;
pub(crate) use api::operation_names;

/// Runs the command of `cli`.
///
/// # Errors
/// Whatever the command fails with; [`CliError::exit`] gives the exit code.
pub(crate) fn run(ctx: &Context, command: &Command) -> Result<(), CliError> {
    match command {
        #[cfg(feature = "emulator")]
        Command::Demo => crate::demo::run(ctx),
        #[cfg(feature = "emulator")]
        Command::Emulator(args) => emulator::run(ctx, args),
        Command::Login(args) => auth::login(ctx, args),
        Command::Me(args) => auth::me(ctx, args),
        Command::Refresh(args) => auth::refresh(ctx, args),
        Command::Logout(args) => auth::logout(ctx, args),
        Command::Verify(args) => tokens::verify(ctx, args),
        Command::Decode(args) => tokens::decode(ctx, args),
        Command::Apps(command) => platform::apps(ctx, command),
        Command::Users(command) => platform::users(ctx, command),
        Command::ApiKeys(command) => platform::api_keys(ctx, command),
        Command::Api(args) => api::run(ctx, args),
        Command::Auth(AuthCommand::Status(args)) => auth::status(ctx, args),
        Command::Auth(AuthCommand::Token(args)) => auth::token(ctx, args),
        Command::Completions(args) => {
            let mut stdout = std::io::stdout().lock();
            clap_complete::generate(args.shell, &mut Cli::command(), "inai", &mut stdout);
            Ok(())
        }
    }
}
