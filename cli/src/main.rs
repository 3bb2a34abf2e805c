//! The `inai` binary: see the `inai_auth_cli` library.

fn main() -> std::process::ExitCode {
    inai_auth_cli::main()
}
