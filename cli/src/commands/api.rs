//! `inai api`: any operation of the table by its snake_case name.
//!
//! Everything here comes from the core's table: the names and summaries
//! ([`OPERATIONS`]), each input's place, wire name and JSON type
//! ([`FieldInfo`]), and the typed operation built from those inputs
//! (`from_wire`, through `for_each_operation!`). An operation added to the
//! table is callable here with no change to this file.

use std::io::Read as _;

use inai_auth_blocking::Client;
use inai_auth_core::ops::*;
use inai_auth_core::wire::{FieldInfo, FieldPlace, JsonKind, WireError, WireInput};
use inai_auth_core::{Auth, DEFAULT_MAX_PAGES, OPERATIONS, Operation, OperationInfo};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::args::ApiArgs;
use crate::context::Context;
use crate::error::CliError;
use crate::progress;
use crate::store::SessionKind;

/// The largest `--body` read: 4 MiB.
const MAX_BODY_BYTES: u64 = 4 * 1024 * 1024;

/// Sends `operation` and returns its typed answer as JSON.
fn send_as<O>(client: &Client, operation: &O) -> Result<Value, CliError>
where
    O: Operation,
    O::Output: Serialize,
{
    let answer = client.send(operation)?;
    serde_json::to_value(answer).map_err(|e| CliError::Io(std::io::Error::other(e)))
}

/// `call(client, name, input)`: builds operation `name` from `input` and
/// sends it; one arm per row of the table.
macro_rules! dispatch {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        fn call(client: &Client, name: &str, input: &mut WireInput) -> Result<Value, CliError> {
            match name {
                $( stringify!($name) => {
                    let operation = $Op::from_wire(input).map_err(|e| wire_error(name, e))?;
                    send_as(client, &operation)
                } )*
                other => Err(unknown_operation(other)),
            }
        }
    };
}

inai_auth_core::for_each_operation!(dispatch);

/// The names of every operation, for completions and suggestions.
pub(crate) fn operation_names() -> impl Iterator<Item = &'static str> {
    OPERATIONS.iter().map(|op| op.name)
}

/// The row of `name`.
fn find(name: &str) -> Result<&'static OperationInfo, CliError> {
    OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .ok_or_else(|| unknown_operation(name))
}

/// An unknown name, with the closest names of the table.
fn unknown_operation(name: &str) -> CliError {
    let mut scored: Vec<(f64, &str)> = operation_names()
        .map(|known| (strsim::normalized_damerau_levenshtein(name, known), known))
        .filter(|(score, _)| *score > 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let closest: Vec<String> = scored
        .into_iter()
        .take(3)
        .map(|(_, known)| known.to_owned())
        .collect();
    CliError::UnknownOperation {
        name: name.to_owned(),
        closest,
    }
}

/// Which stored session an operation's bearer token comes from.
fn session_kind(info: &OperationInfo) -> SessionKind {
    if info.path.starts_with("/api/platform/") {
        SessionKind::Platform
    } else {
        SessionKind::App
    }
}

/// How one input is written on the command line.
fn field_usage(field: &FieldInfo) -> String {
    let value = match field.kind {
        JsonKind::String => "<string>",
        JsonKind::Integer => "<integer>",
        JsonKind::Boolean => "<true|false>",
        JsonKind::StringList => "<a,b,..>",
        JsonKind::Array => "<json array>",
        JsonKind::Object => "<json object>",
        _ => "<json>",
    };
    let null = if field.nullable { "|null" } else { "" };
    let text = match field.place {
        FieldPlace::Path => format!("<{}>", field.name),
        FieldPlace::Query => format!("-q {}={value}", field.name),
        FieldPlace::WholeBody => format!("--body {value}"),
        _ => format!("-f {}={value}{null}", field.name),
    };
    if field.required {
        text
    } else {
        format!("[{text}]")
    }
}

/// `inai api NAME <path params> -f ...`: the operation's usage line.
pub(crate) fn usage(info: &OperationInfo) -> String {
    let mut parts = vec![format!("inai api {}", info.name)];
    parts.extend(info.fields.iter().map(field_usage));
    if info.paginated {
        parts.push("[--all]".to_owned());
    }
    parts.join(" ")
}

/// A wire error, with the operation's usage.
fn wire_error(name: &str, error: WireError) -> CliError {
    let usage = OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .map(usage)
        .unwrap_or_default();
    CliError::Usage(format!("{name}: {error}\nusage: {usage}"))
}

/// A usage error about `info`, with its usage line.
fn usage_error(info: &OperationInfo, message: impl std::fmt::Display) -> CliError {
    CliError::Usage(format!("{}: {message}\nusage: {}", info.name, usage(info)))
}

/// Converts a command-line value to the JSON type of `field`.
fn typed_value(info: &OperationInfo, field: &FieldInfo, raw: &str) -> Result<Value, CliError> {
    if field.nullable && raw == "null" {
        return Ok(Value::Null);
    }
    let wrong = || {
        usage_error(
            info,
            format_args!("`{}` must be {}", field.name, field.kind.describe()),
        )
    };
    match field.kind {
        JsonKind::String => Ok(Value::String(raw.to_owned())),
        JsonKind::Integer => raw
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| raw.parse::<u64>().map(Value::from))
            .map_err(|_| wrong()),
        JsonKind::Boolean => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong()),
        },
        JsonKind::StringList if raw.trim_start().starts_with('[') => {
            match serde_json::from_str::<Vec<String>>(raw) {
                Ok(list) => Ok(json!(list)),
                Err(_) => Err(wrong()),
            }
        }
        JsonKind::StringList => Ok(json!(
            raw.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        )),
        JsonKind::Array => match serde_json::from_str::<Value>(raw) {
            Ok(value @ Value::Array(_)) => Ok(value),
            _ => Err(wrong()),
        },
        JsonKind::Object => match serde_json::from_str::<Value>(raw) {
            Ok(value @ Value::Object(_)) => Ok(value),
            _ => Err(wrong()),
        },
        _ => Ok(serde_json::from_str::<Value>(raw).unwrap_or_else(|_| json!(raw))),
    }
}

/// Splits `name=value`.
fn split_pair<'a>(
    info: &OperationInfo,
    flag: &str,
    pair: &'a str,
) -> Result<(&'a str, &'a str), CliError> {
    pair.split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| usage_error(info, format_args!("{flag} takes NAME=VALUE, not `{pair}`")))
}

/// The field `name` of `info` among `places`.
fn field<'i>(
    info: &'i OperationInfo,
    name: &str,
    places: &[FieldPlace],
) -> Result<&'i FieldInfo, CliError> {
    info.fields
        .iter()
        .find(|f| f.name == name && places.contains(&f.place))
        .ok_or_else(|| {
            let known: Vec<&str> = info
                .fields
                .iter()
                .filter(|f| places.contains(&f.place))
                .map(|f| f.name)
                .collect();
            let known = if known.is_empty() {
                "it has none".to_owned()
            } else {
                format!("it has {}", known.join(", "))
            };
            usage_error(info, format_args!("no field `{name}` here ({known})"))
        })
}

/// Reads `--body`: `@file`, `-` for stdin, or inline JSON.
fn read_body(info: &OperationInfo, body: &str) -> Result<Value, CliError> {
    let (text, source) = if body == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_BODY_BYTES)
            .read_to_string(&mut text)
            .map_err(|e| usage_error(info, format_args!("cannot read the body from stdin: {e}")))?;
        (text, "stdin".to_owned())
    } else if let Some(path) = body.strip_prefix('@') {
        let text = std::fs::read_to_string(path).map_err(|e| {
            usage_error(info, format_args!("cannot read the body file {path}: {e}"))
        })?;
        (text, path.to_owned())
    } else {
        (body.to_owned(), "--body".to_owned())
    };
    serde_json::from_str(&text).map_err(|e| {
        usage_error(
            info,
            format_args!(
                "the body in {source} is not JSON ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        )
    })
}

/// The inputs of the command line, sorted by place and typed.
fn inputs(info: &OperationInfo, args: &ApiArgs) -> Result<WireInput, CliError> {
    let mut input = WireInput::new(None);
    let path_fields: Vec<&FieldInfo> = info
        .fields
        .iter()
        .filter(|f| f.place == FieldPlace::Path)
        .collect();
    if args.params.len() > path_fields.len() {
        return Err(usage_error(
            info,
            format_args!(
                "{} positional values given, but the path has {} parameter(s)",
                args.params.len(),
                path_fields.len()
            ),
        ));
    }
    for (field, value) in path_fields.iter().zip(&args.params) {
        input.path.insert(field.name.to_owned(), json!(value));
    }
    for pair in &args.path {
        let (name, value) = split_pair(info, "--path", pair)?;
        field(info, name, &[FieldPlace::Path])?;
        input.path.insert(name.to_owned(), json!(value));
    }
    if let Some(body) = &args.body {
        let value = read_body(info, body)?;
        if info.fields.iter().any(|f| f.place == FieldPlace::WholeBody) {
            input.whole_body = Some(value);
        } else if let Value::Object(map) = value {
            input.body = map;
        } else {
            return Err(usage_error(info, "the body must be a JSON object"));
        }
    }
    for pair in &args.fields {
        let (name, raw) = split_pair(info, "-f", pair)?;
        let field = field(info, name, &[FieldPlace::Body])?;
        input
            .body
            .insert(name.to_owned(), typed_value(info, field, raw)?);
    }
    for pair in &args.query {
        let (name, raw) = split_pair(info, "-q", pair)?;
        let field = field(info, name, &[FieldPlace::Query])?;
        input
            .query
            .insert(name.to_owned(), typed_value(info, field, raw)?);
    }
    // Missing path parameters are named before any session is loaded.
    if let Some(missing) = path_fields
        .iter()
        .find(|f| !input.path.contains_key(f.name))
    {
        return Err(wire_error(
            info.name,
            WireError::Missing {
                field: missing.name.to_owned(),
            },
        ));
    }
    Ok(input)
}

/// `inai api --list`.
fn list(ctx: &Context) -> Result<(), CliError> {
    if ctx.out.is_json() {
        let rows: Vec<Value> = OPERATIONS
            .iter()
            .map(|op| {
                json!({
                    "name": op.name,
                    "summary": op.summary,
                    "method": op.method.as_str(),
                    "path": op.path,
                    "auth": if op.auth == Auth::Bearer { session_kind(op).name() } else { "none" },
                    "paginated": op.paginated,
                    "usage": usage(op),
                })
            })
            .collect();
        ctx.out.json(&Value::Array(rows))?;
        return Ok(());
    }
    let width = operation_names().map(str::len).max().unwrap_or(0);
    for op in OPERATIONS {
        ctx.out.line(format_args!(
            "{:<width$}  {:<6} {}  {}",
            op.name,
            op.method.as_str(),
            op.path,
            op.summary
        ))?;
    }
    Ok(())
}

/// `inai api`.
///
/// # Errors
/// [`CliError::UnknownOperation`], usage errors for inputs that do not fit
/// the operation, not logged in, and the API's errors.
pub(crate) fn run(ctx: &Context, args: &ApiArgs) -> Result<(), CliError> {
    let Some(name) = args.operation.as_deref().filter(|_| !args.list) else {
        return list(ctx);
    };
    let info = find(name)?;
    let mut input = inputs(info, args)?;
    if args.all && !info.paginated {
        return Err(usage_error(info, "--all is for paginated operations only"));
    }
    let kind = session_kind(info);
    let client = if info.auth == Auth::Bearer {
        let active = ctx.active_session(kind)?;
        input.token = Some(active.session.access_token.clone());
        active.client
    } else {
        ctx.client_for_unauthenticated(kind)?
    };
    let answer = if args.all {
        all_pages(ctx, &client, info, &input)?
    } else {
        progress::wait(&ctx.out, info.name, || call(&client, info.name, &mut input))?
    };
    ctx.out.json(&answer)?;
    Ok(())
}

/// Every page of a paginated operation, from the asked page (else the
/// first), as one array of items.
fn all_pages(
    ctx: &Context,
    client: &Client,
    info: &OperationInfo,
    input: &WireInput,
) -> Result<Value, CliError> {
    let mut page = input.query.get("page").and_then(Value::as_u64).unwrap_or(1);
    let mut items = Vec::new();
    for _ in 0..DEFAULT_MAX_PAGES {
        let mut this = input.clone();
        this.query.insert("page".to_owned(), json!(page));
        let answer = progress::wait(&ctx.out, info.name, || call(client, info.name, &mut this))?;
        let object = answer.as_object().cloned().unwrap_or_else(Map::new);
        let data = match object.get("data") {
            Some(Value::Array(data)) => data.clone(),
            _ => Vec::new(),
        };
        let number = |key: &str| object.get(key).and_then(Value::as_u64).unwrap_or(0);
        let (total, limit) = (number("total"), number("limit"));
        let last = data.is_empty() || limit == 0 || page.saturating_mul(limit) >= total;
        tracing::debug!(
            operation = info.name,
            page,
            items = data.len(),
            total,
            "page"
        );
        items.extend(data);
        if last {
            return Ok(Value::Array(items));
        }
        page = page.saturating_add(1);
    }
    Err(CliError::Usage(format!(
        "{}: stopped after {DEFAULT_MAX_PAGES} pages",
        info.name
    )))
}
