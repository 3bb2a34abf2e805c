//! Where results and errors go: human text or `--json` on stdout, errors on
//! stderr.
//!
//! Write errors on stdout (a closed pipe, as in `inai apps list | head -1`)
//! end the command quietly instead of panicking as `println!` would.

use std::error::Error as _;
use std::fmt::Display;
use std::io::{self, IsTerminal, Write};

use inai_auth_core::InAIAuthError;
use serde_json::{Value, json};

use crate::error::CliError;

/// How the command answers: human text or JSON, and whether it may draw
/// progress on the terminal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    json: bool,
    interactive: bool,
}

impl Output {
    /// Output for `--json` (`json`) or human text; progress is shown only
    /// for human output when both stdout and stderr are terminals.
    #[must_use]
    pub(crate) fn new(json: bool) -> Self {
        let interactive = !json && io::stdout().is_terminal() && io::stderr().is_terminal();
        Self { json, interactive }
    }

    /// Whether `--json` was asked for.
    #[must_use]
    pub(crate) fn is_json(&self) -> bool {
        self.json
    }

    /// Whether waits may draw progress on the terminal.
    #[must_use]
    pub(crate) fn shows_progress(&self) -> bool {
        self.interactive
    }

    /// Writes one line of human output to stdout.
    ///
    /// # Errors
    /// When stdout cannot be written.
    pub(crate) fn line(&self, text: impl Display) -> io::Result<()> {
        let mut out = io::stdout().lock();
        writeln!(out, "{text}")?;
        out.flush()
    }

    /// Writes `value` to stdout as pretty JSON.
    ///
    /// # Errors
    /// When stdout cannot be written.
    pub(crate) fn json(&self, value: &Value) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        self.line(text)
    }

    /// Writes `value` to stdout as JSON on one line.
    ///
    /// # Errors
    /// When stdout cannot be written.
    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    pub(crate) fn json_line(&self, value: &Value) -> io::Result<()> {
        self.line(value)
    }

    /// Writes aligned `label: value` lines (human output).
    ///
    /// # Errors
    /// When stdout cannot be written.
    pub(crate) fn fields(&self, rows: &[(&str, String)]) -> io::Result<()> {
        let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
        let mut out = io::stdout().lock();
        for (label, value) in rows {
            writeln!(
                out,
                "{:<width$}  {value}",
                format!("{label}:"),
                width = width + 1
            )?;
        }
        out.flush()
    }

    /// Writes a table with a header row (human output).
    ///
    /// # Errors
    /// When stdout cannot be written.
    pub(crate) fn table(&self, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let render = |cells: &mut dyn Iterator<Item = &str>| {
            let mut line = String::new();
            for (cell, width) in cells.zip(&widths) {
                line.push_str(&format!("{cell:<width$}  "));
            }
            line.trim_end().to_owned()
        };
        let mut out = io::stdout().lock();
        writeln!(out, "{}", render(&mut headers.iter().copied()))?;
        for row in rows {
            writeln!(out, "{}", render(&mut row.iter().map(String::as_str)))?;
        }
        out.flush()
    }

    /// Writes a note for people to stderr (human output only).
    pub(crate) fn note(&self, text: impl Display) {
        if !self.json {
            let _ = writeln!(io::stderr().lock(), "{text}");
        }
    }

    /// Writes `error` to stderr: `error: ...` lines, or one JSON object
    /// `{"error": {...}}` with `--json`.
    pub(crate) fn error(&self, error: &CliError) {
        let mut err = io::stderr().lock();
        if self.json {
            let _ = writeln!(err, "{}", error_json(error));
        } else {
            let _ = writeln!(err, "{}", error_text(error));
        }
    }
}

/// The human text of an error: `error: <message>` and, for API answers,
/// the problem details.
#[must_use]
pub(crate) fn error_text(error: &CliError) -> String {
    let mut text = format!("error: {}", message(error));
    if let Some(api) = error.api_error() {
        let problem = api.problem();
        text.push_str(&format!(
            "\n  status: {} ({})\n  code:   {}",
            api.status().as_u16(),
            api.status().canonical_reason().unwrap_or("unknown"),
            api.code()
        ));
        if problem.title != problem.detail {
            text.push_str(&format!("\n  title:  {}", problem.title));
        }
        if let Some(instance) = &problem.instance {
            text.push_str(&format!("\n  instance: {instance}"));
        }
        if let Some(id) = api.request_id() {
            text.push_str(&format!("\n  request id: {id}"));
        }
    }
    text
}

/// The `--json` form of an error.
#[must_use]
pub(crate) fn error_json(error: &CliError) -> Value {
    let exit = error.exit();
    let mut body = json!({
        "kind": error.kind(),
        "exit_code": exit.code(),
        "category": exit.name(),
        "message": message(error),
    });
    if let (Some(api), Some(map)) = (error.api_error(), body.as_object_mut()) {
        let problem = api.problem();
        map.insert("status".to_owned(), json!(api.status().as_u16()));
        map.insert(
            "problem".to_owned(),
            json!({
                "type": problem.type_,
                "title": problem.title,
                "status": problem.status,
                "detail": problem.detail,
                "instance": problem.instance,
            }),
        );
    }
    json!({ "error": body })
}

/// The error's message with the messages of its causes, each once; for an
/// API answer, the API's own message.
fn message(error: &CliError) -> String {
    match error {
        CliError::Api(InAIAuthError::Api(api)) => return api.message().to_owned(),
        CliError::DemoStep {
            number,
            name,
            source,
        } => return format!("demo failed at step {number} ({name}): {}", message(source)),
        _ => {}
    }
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use inai_auth_core::ApiError;

    use super::*;

    fn api_error() -> CliError {
        let response = http_response(
            401,
            r#"{"type":"INVALID_CREDENTIALS","title":"Unauthorized","status":401,"detail":"invalid email or password"}"#,
        );
        CliError::Api(InAIAuthError::Api(ApiError::from_response(response)))
    }

    fn http_response(status: u16, body: &str) -> http::Response<Vec<u8>> {
        let mut response = http::Response::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        response
    }

    #[test]
    fn api_errors_carry_the_problem_details() {
        let text = error_text(&api_error());
        assert!(
            text.starts_with("error: invalid email or password"),
            "{text}"
        );
        assert!(text.contains("status: 401 (Unauthorized)"), "{text}");
        assert!(text.contains("code:   INVALID_CREDENTIALS"), "{text}");

        let value = error_json(&api_error());
        assert_eq!(value["error"]["exit_code"], 1);
        assert_eq!(value["error"]["kind"], "api");
        assert_eq!(value["error"]["problem"]["type"], "INVALID_CREDENTIALS");
        assert_eq!(value["error"]["status"], 401);
    }
}
