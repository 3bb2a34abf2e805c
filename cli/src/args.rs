//! The command line: every command, flag and environment variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;

use crate::error::EXIT_CODES_HELP;

const LONG_ABOUT: &str = "\
The command-line tool of the InAI Auth API.

New here? Run `inai demo`: it starts a local emulator of the API in this process and walks
through sign-up, email verification, MFA, token verification, refresh, key rotation and
logout, with no network and no account. `inai emulator` keeps one running for your own code.";

const AFTER_HELP: &str = "\
Settings come from flags, then the environment (INAI_API_URL, INAI_PUBLISHABLE_KEY,
INAI_CONFIG_DIR, INAI_PROFILE), then the stored session of `inai login`, then the defaults.
Sessions are kept per profile: by default one per API URL, named after its host.

Secrets: passwords are read from INAI_PASSWORD, from stdin with --password-stdin, or
from a prompt; tokens are printed only with --show-tokens.";

/// `inai`: the command-line tool of the InAI Auth API.
///
/// Try `inai demo` first: it starts a local emulator of the API and walks
/// through sign-up, email verification, MFA, token verification, refresh,
/// key rotation and logout, with no network and no account.
#[derive(Debug, Parser)]
#[command(
    name = "inai",
    version,
    about = "The command-line tool of the InAI Auth API",
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    after_long_help = format!("{AFTER_HELP}\n\n{EXIT_CODES_HELP}"),
    propagate_version = true,
)]
pub(crate) struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Flags accepted by every command.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// The API base URL [default: the stored session's, else <https://apiauth.inai.dev>]
    #[arg(long, global = true, env = "INAI_API_URL", value_name = "URL")]
    pub(crate) api_url: Option<String>,

    /// The publishable key sent on /api/v1/ requests [default: the stored session's]
    #[arg(
        long,
        global = true,
        env = "INAI_PUBLISHABLE_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub(crate) publishable_key: Option<String>,

    /// Print results as JSON for scripts; errors become one JSON object on stderr
    #[arg(long, global = true)]
    pub(crate) json: bool,

    /// Where the token store lives [default: $XDG_CONFIG_HOME/inai or ~/.config/inai]
    #[arg(long, global = true, env = "INAI_CONFIG_DIR", value_name = "DIR")]
    pub(crate) config_dir: Option<PathBuf>,

    /// Seconds one request may take, retries not counted
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30)]
    pub(crate) timeout: u64,

    /// The profile of the token store to use [default: one per API URL, named after its host]
    #[arg(long, global = true, env = "INAI_PROFILE", value_name = "NAME")]
    pub(crate) profile: Option<String>,

    /// Log requests and retries on stderr (-v: info, -vv: debug, -vvv: trace); RUST_LOG also works
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Walk through the SDK against a local emulator: the quickest way to see it work
    #[cfg(feature = "emulator")]
    Demo,
    /// Run a local emulator of the API until interrupted (Ctrl-C)
    #[cfg(feature = "emulator")]
    Emulator(EmulatorArgs),
    /// Sign in and keep the session in the token store
    Login(LoginArgs),
    /// Show the signed-in user
    Me(SessionArgs),
    /// Exchange the stored refresh token for a new token pair
    Refresh(RefreshArgs),
    /// Sign out: revoke the session on the server and forget it here
    Logout(SessionArgs),
    /// Verify an access token against the API's signing keys (JWKS)
    Verify(VerifyArgs),
    /// Show a token's header and claims WITHOUT verifying it
    Decode(DecodeArgs),
    /// Manage applications (platform login needed)
    #[command(subcommand, name = "apps")]
    Apps(AppsCommand),
    /// Manage an application's users (platform login needed)
    #[command(subcommand)]
    Users(UsersCommand),
    /// Manage an application's API keys (platform login needed)
    #[command(subcommand, name = "api-keys")]
    ApiKeys(ApiKeysCommand),
    /// Call any operation of the API by name (`inai api --list` lists them)
    #[command(after_help = API_AFTER_HELP)]
    Api(ApiArgs),
    /// Show the stored session, or print its access token for scripts
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// `inai emulator`.
#[cfg(feature = "emulator")]
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct EmulatorArgs {
    /// What to do with a running emulator instead of starting one
    #[command(subcommand)]
    pub(crate) command: Option<EmulatorCommand>,
    /// The port on 127.0.0.1 (0: any free port)
    #[arg(long, default_value_t = 0)]
    pub(crate) port: u16,
    /// Lifetime of access tokens, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    pub(crate) access_token_ttl: u64,
    /// Start from this seed file (the format `GET /__emulator/export` answers); a file
    /// with an error is refused, naming the bad field
    #[arg(long, value_name = "FILE")]
    pub(crate) seed: Option<PathBuf>,
    /// Keep the state in DIR/emulator-state.json: read it at start when it exists (else
    /// --seed), write it atomically on Ctrl-C or SIGTERM
    #[arg(long, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
}

#[cfg(feature = "emulator")]
/// `inai emulator <command>`: talk to a running emulator at --api-url (INAI_API_URL).
#[derive(Debug, Subcommand)]
pub(crate) enum EmulatorCommand {
    /// Mint an access token signed by the emulator's current key (POST /__emulator/tokens)
    Mint(EmulatorMintArgs),
}

#[cfg(feature = "emulator")]
/// `inai emulator mint`.
#[derive(Debug, Args)]
pub(crate) struct EmulatorMintArgs {
    /// The claims, a JSON object; `iat`, `exp` and `jti` are filled in unless given
    #[arg(long, value_name = "JSON")]
    pub(crate) claims: Option<String>,
    /// Start from the login claims of this app user id (--claims then overrides)
    #[arg(long, value_name = "USER_ID")]
    pub(crate) user: Option<String>,
    /// A flaw a service must refuse: expired, unknown_key, other_application, other_environment
    #[arg(long, value_name = "FLAW")]
    pub(crate) flaw: Option<String>,
}

const API_AFTER_HELP: &str = "\
Examples:
  inai api --list
  inai api list_applications
  inai api get_application app_123            (path parameters in path order, or --path appId=app_123)
  inai api create_application -f name=Acme -f slug=acme -f callbackUrls=https://a.example/cb
  inai api update_application app_123 -f domain=null      (null clears a nullable field)
  inai api list_app_users app_123 -q limit=50 --all        (every page, one JSON array)
  inai api update_platform_settings --body @settings.json  (or --body - for stdin)

-f values take the field's JSON type from the operation table: integers, true/false, null,
comma-separated lists. The bearer token comes from the stored session of the operation's
kind (platform for /api/platform/, app user otherwise), refreshed when due.";

/// `inai api`.
#[derive(Debug, Args)]
pub(crate) struct ApiArgs {
    /// The operation's snake_case name, e.g. list_applications
    #[arg(value_parser = OperationName, required_unless_present = "list")]
    pub(crate) operation: Option<String>,
    /// Path parameters, in the order of the path template
    #[arg(value_name = "PATH_PARAM")]
    pub(crate) params: Vec<String>,
    /// A path parameter by name
    #[arg(long = "path", value_name = "NAME=VALUE")]
    pub(crate) path: Vec<String>,
    /// A body field, typed from the table (numbers, true/false, null, a,b lists, JSON)
    #[arg(short = 'f', long = "field", value_name = "NAME=VALUE")]
    pub(crate) fields: Vec<String>,
    /// A query parameter
    #[arg(short = 'q', long = "query", value_name = "NAME=VALUE")]
    pub(crate) query: Vec<String>,
    /// The whole body: @FILE, - for stdin, or inline JSON (-f fields are added to it)
    #[arg(long, value_name = "@FILE|-|JSON")]
    pub(crate) body: Option<String>,
    /// Follow pagination and print every item as one JSON array
    #[arg(long)]
    pub(crate) all: bool,
    /// List every operation with its method, path and summary
    #[arg(long)]
    pub(crate) list: bool,
}

/// The operation names, offered to shell completions; any text is accepted
/// here, so that `inai api` itself can suggest the closest names.
#[derive(Debug, Clone, Copy)]
struct OperationName;

impl clap::builder::TypedValueParser for OperationName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            crate::commands::operation_names().map(clap::builder::PossibleValue::new),
        ))
    }
}

/// `inai auth ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AuthCommand {
    /// Server, user, session kind, token expiry and profile of the stored sessions
    Status(StatusArgs),
    /// Print a valid access token (refreshed first when due), for scripts
    Token(SessionArgs),
}

/// `inai auth status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Only the platform session
    #[arg(long, conflicts_with = "app")]
    pub(crate) platform: bool,
    /// Only the app user session
    #[arg(long)]
    pub(crate) app: bool,
}

/// `inai login`.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// Sign in as a platform user (tenant administrator) instead of an app user
    #[arg(long)]
    pub(crate) platform: bool,
    /// The email address [default: prompt]
    #[arg(long, env = "INAI_EMAIL")]
    pub(crate) email: Option<String>,
    /// Read the password from the first line of stdin (else INAI_PASSWORD, else a prompt)
    #[arg(long)]
    pub(crate) password_stdin: bool,
    /// The current TOTP or backup code, when the account has MFA on [default: prompt]
    #[arg(long, value_name = "CODE")]
    pub(crate) mfa_code: Option<String>,
    /// Also print the access and refresh tokens
    #[arg(long)]
    pub(crate) show_tokens: bool,
}

/// Commands that act on the stored session.
#[derive(Debug, Args)]
pub(crate) struct SessionArgs {
    /// Use the platform session instead of the app user session
    #[arg(long)]
    pub(crate) platform: bool,
}

/// `inai refresh`.
#[derive(Debug, Args)]
pub(crate) struct RefreshArgs {
    /// Use the platform session instead of the app user session
    #[arg(long)]
    pub(crate) platform: bool,
    /// Also print the new access and refresh tokens
    #[arg(long)]
    pub(crate) show_tokens: bool,
}

/// `inai verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The token; `-` reads it from stdin [default: the stored session's access token]
    pub(crate) token: Option<String>,
    /// With no TOKEN, verify the platform session's access token
    #[arg(long)]
    pub(crate) platform: bool,
    /// The JWKS URL [default: the API URL + /.well-known/jwks.json]
    #[arg(long, value_name = "URL")]
    pub(crate) jwks_url: Option<String>,
    /// Seconds of clock skew tolerated on exp and nbf (at most 300)
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub(crate) leeway: u64,
}

/// `inai decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The token; `-` reads it from stdin [default: the stored session's access token]
    pub(crate) token: Option<String>,
    /// With no TOKEN, decode the platform session's access token
    #[arg(long)]
    pub(crate) platform: bool,
}

/// `inai apps ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AppsCommand {
    /// List the tenant's applications
    List,
    /// Show one application with its environments
    Get {
        /// The application id
        app_id: String,
    },
    /// Create an application
    Create {
        /// Display name
        #[arg(long)]
        name: String,
        /// URL-safe short name
        #[arg(long)]
        slug: String,
        /// The application's domain
        #[arg(long)]
        domain: Option<String>,
    },
    /// Delete an application
    Delete {
        /// The application id
        app_id: String,
    },
}

/// The application (and environment) a command works on.
#[derive(Debug, Args)]
pub(crate) struct AppScope {
    /// The application id
    #[arg(long = "app", env = "INAI_APP_ID", value_name = "APP_ID")]
    pub(crate) app_id: String,
    /// The environment id [default: the application's only environment]
    #[arg(long = "env", env = "INAI_ENVIRONMENT_ID", value_name = "ENV_ID")]
    pub(crate) environment_id: Option<String>,
}

/// `inai users ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum UsersCommand {
    /// List an application's users, one page (or every page with --all)
    List {
        /// The application and environment
        #[command(flatten)]
        scope: AppScope,
        /// The page, from 1 (with --all: the first page fetched)
        #[arg(long, default_value_t = 1)]
        page: u64,
        /// Users per page
        #[arg(long, default_value_t = 20)]
        limit: u64,
        /// Follow the pages to the last one; --json prints one array of users
        #[arg(long)]
        all: bool,
    },
    /// Show one user
    Get {
        /// The application and environment
        #[command(flatten)]
        scope: AppScope,
        /// The user id
        user_id: String,
    },
    /// Create a user (password from INAI_NEW_USER_PASSWORD, stdin or a prompt)
    Create {
        /// The application and environment
        #[command(flatten)]
        scope: AppScope,
        /// The new user's email address
        #[arg(long)]
        email: String,
        /// First name
        #[arg(long)]
        first_name: Option<String>,
        /// Last name
        #[arg(long)]
        last_name: Option<String>,
        /// Read the new user's password from the first line of stdin
        #[arg(long)]
        password_stdin: bool,
    },
}

/// `inai api-keys ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ApiKeysCommand {
    /// List an application's API keys (never their secrets)
    List {
        /// The application and environment
        #[command(flatten)]
        scope: AppScope,
    },
    /// Create an API key; its secret is printed this once
    Create {
        /// The application and environment
        #[command(flatten)]
        scope: AppScope,
        /// A name to recognise the key by
        #[arg(long)]
        name: String,
    },
    /// Revoke an API key
    Revoke {
        /// The application and environment
        #[command(flatten)]
        scope: AppScope,
        /// The key id
        key_id: String,
    },
}

/// `inai completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub(crate) shell: Shell,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn long_help_lists_the_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit codes:"), "{help}");
        assert!(help.contains("INAI_API_URL"), "{help}");
    }
}
