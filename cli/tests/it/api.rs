//! `inai api`: every row of the operation table is callable by name, and
//! bad inputs are refused with a message, an exit code and the stored
//! session untouched.

use std::path::Path;

use inai_auth_core::ops::*;
use inai_auth_core::{Auth, OPERATIONS, Operation};
use inai_auth_testkit::{Context, catalogue};
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::support::{Cli, cli_for, emulator, platform_login};

/// Writes a store whose session of the operation's kind holds `token`; the
/// other kind holds a token the server refuses, so the wrong choice fails.
fn write_store(dir: &Path, base_url: &str, publishable_key: &str, platform: bool, token: &str) {
    let profile = base_url.trim_start_matches("http://");
    let session = |token: &str| {
        json!({
            "api_url": base_url,
            "publishable_key": publishable_key,
            "email": "someone@example.com",
            "access_token": token,
            "refresh_token": "not-used-by-this-test",
        })
    };
    let (app, platform_token) = if platform {
        ("wrong-kind", token)
    } else {
        (token, "wrong-kind")
    };
    let store = json!({
        "current": profile,
        "profiles": { profile: {
            "api_url": base_url,
            "app": session(app),
            "platform": session(platform_token),
        }},
    });
    std::fs::create_dir_all(dir).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let file = dir.join("credentials.json");
    std::fs::write(&file, store.to_string()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8().unwrap().into_owned()
}

/// The `inai api` arguments that send the same request as `request`:
/// positional path parameters, `-q` pairs, and the body on stdin.
fn arguments(
    name: &str,
    template: &str,
    request: &http::Request<Vec<u8>>,
) -> (Vec<String>, Option<String>) {
    let mut args = vec!["api".to_owned(), name.to_owned()];
    let segments: Vec<&str> = request.uri().path().split('/').collect();
    for (i, part) in template.split('/').enumerate() {
        if part.starts_with('{') {
            args.push(decode(segments[i]));
        }
    }
    if let Some(query) = request.uri().query() {
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap();
            args.push("-q".to_owned());
            args.push(format!("{}={}", decode(key), decode(value)));
        }
    }
    let body = (!request.body().is_empty()).then(|| {
        args.push("--body".to_owned());
        args.push("-".to_owned());
        String::from_utf8(request.body().clone()).unwrap()
    });
    (args, body)
}

/// Runs the catalogue's example of one operation through `inai api`.
fn check<O: Operation>(
    name: &str,
    example: fn(&Context) -> Result<O, inai_auth_testkit::SetupError>,
) {
    let info = OPERATIONS.iter().find(|op| op.name == name).unwrap();
    let ctx = Context::start().unwrap();
    let operation = example(&ctx).unwrap_or_else(|e| panic!("{name}: setup failed: {e}"));
    let request = operation.to_request(ctx.config()).unwrap();
    let token = request
        .headers()
        .get("authorization")
        .map(|v| v.to_str().unwrap().trim_start_matches("Bearer ").to_owned());
    assert_eq!(token.is_some(), info.auth == Auth::Bearer, "{name}");
    let cli = Cli::new();
    let base_url = ctx.config().base_url().to_owned();
    let platform = info.path.starts_with("/api/platform/");
    write_store(
        &cli.config_dir,
        &base_url,
        &ctx.seed().publishable_key,
        platform,
        token.as_deref().unwrap_or("no-token-needed"),
    );
    let (args, body) = arguments(name, info.path, &request);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let path = request.uri().path().to_owned();
    let before = ctx.emulator().request_count(info.method.as_str(), &path);
    let run = cli.run_with(&args, &[], body.as_deref());
    assert_eq!(run.code, 0, "{name}: {args:?}\n{run:#?}");
    let _: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e}): {}", run.stdout));
    let after = ctx.emulator().request_count(info.method.as_str(), &path);
    assert_eq!(after, before + 1, "{name}: one {} {path} sent", info.method);
}

macro_rules! every_operation {
    ($( $name:ident => $Op:ident, $doc:literal; )*) => {
        /// Every row of the table, in table order.
        fn run_every_operation(only: Option<&str>) -> usize {
            let mut count = 0;
            $(
                if only.is_none_or(|o| o == stringify!($name)) {
                    check::<$Op>(stringify!($name), catalogue::$name);
                    count += 1;
                }
            )*
            count
        }
    };
}

inai_auth_core::for_each_operation!(every_operation);

#[test]
fn every_operation_of_the_table_is_callable_by_name() {
    assert_eq!(run_every_operation(None), OPERATIONS.len());
}

#[test]
fn list_shows_every_operation() {
    let cli = Cli::new();
    let list = cli.run(&["api", "--list", "--json"]).expect(0).json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["name"].as_str().unwrap())
        .collect();
    let table: Vec<&str> = OPERATIONS.iter().map(|op| op.name).collect();
    assert_eq!(names, table);
    let human = cli.run(&["api", "--list"]).expect(0).stdout;
    assert!(
        human.contains("list_applications")
            && human.contains("GET")
            && human.contains("/api/platform/applications"),
        "{human}"
    );
}

#[test]
fn completions_offer_the_operation_names() {
    let script = Cli::new().run(&["completions", "bash"]).expect(0).stdout;
    for op in OPERATIONS {
        assert!(script.contains(op.name), "{} missing", op.name);
    }
}

#[test]
fn all_follows_pagination_into_one_array() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let app = emu.seed().application_id.as_str();
    for i in 0..5 {
        cli.run(&[
            "api",
            "create_app_user",
            app,
            "-f",
            &format!("email=paged-{i}@example.com"),
            "-f",
            "password=a-long-test-password-1",
            "-f",
            &format!("environmentId={}", emu.seed().environment_id),
        ])
        .expect(0);
    }
    let one = cli
        .run(&["api", "list_app_users", app, "-q", "limit=2"])
        .expect(0)
        .json();
    assert_eq!(one["data"].as_array().unwrap().len(), 2);
    let total = one["total"].as_u64().unwrap();
    assert!(total >= 5, "{one}");
    let all = cli
        .run(&["api", "list_app_users", app, "-q", "limit=2", "--all"])
        .expect(0)
        .json();
    assert_eq!(all.as_array().unwrap().len() as u64, total);
    assert_eq!(
        emu.request_count("GET", &format!("/api/platform/applications/{app}/users")),
        1 + total.div_ceil(2)
    );
    // The users command follows pages too.
    let users = cli
        .run(&["users", "list", "--app", app, "--all", "--json"])
        .expect(0)
        .json();
    assert_eq!(users.as_array().unwrap().len() as u64, total);
}

#[test]
fn typed_fields_reach_the_server() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let created = cli
        .run(&[
            "api",
            "create_application",
            "-f",
            "name=Typed",
            "-f",
            "slug=typed",
            "-f",
            "callbackUrls=https://a.example/cb,https://b.example/cb",
            "-f",
            "domain=typed.example",
        ])
        .expect(0)
        .json();
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        created["callbackUrls"],
        json!(["https://a.example/cb", "https://b.example/cb"])
    );
    let updated = cli
        .run(&[
            "api",
            "update_application",
            "--path",
            &format!("appId={id}"),
            "-f",
            "isActive=false",
            "-f",
            "domain=null",
        ])
        .expect(0)
        .json();
    assert_eq!(updated["isActive"], false);
    assert_eq!(updated["domain"], Value::Null);
}

/// The stored session, byte for byte.
fn store_bytes(cli: &Cli) -> Vec<u8> {
    std::fs::read(cli.store_file()).unwrap()
}

#[test]
fn bad_inputs_are_refused_with_a_message_and_the_session_untouched() {
    let emu = emulator();
    let cli = cli_for(&emu);
    platform_login(&cli, &emu);
    let body_file = cli.config_dir.join("not-json.txt");
    std::fs::write(&body_file, "name: Acme").unwrap();
    let body_arg = format!("@{}", body_file.display());
    let missing_file = format!("@{}", cli.config_dir.join("absent.json").display());
    let cases: &[(&[&str], i32, &[&str])] = &[
        (
            &["api", "list_applicatons"],
            2,
            &["no operation `list_applicatons`", "list_applications"],
        ),
        (
            &["api", "get_application"],
            2,
            &[
                "missing required field `appId`",
                "usage: inai api get_application <appId>",
            ],
        ),
        (
            &["api", "create_application", "-f", "name=Acme"],
            2,
            &[
                "missing required field `slug`",
                "usage: inai api create_application",
            ],
        ),
        (
            &["api", "list_app_users", "app_1", "-q", "limit=many"],
            2,
            &["`limit` must be an integer"],
        ),
        (
            &["api", "update_application", "app_1", "-f", "isActive=yes"],
            2,
            &["`isActive` must be a boolean"],
        ),
        (
            &["api", "create_application", "-f", "colour=red"],
            2,
            &["no field `colour`"],
        ),
        (
            &["api", "create_application", "--body", &body_arg],
            2,
            &["is not JSON"],
        ),
        (
            &["api", "create_application", "--body", &missing_file],
            2,
            &["cannot read the body file"],
        ),
        (
            &["api", "list_applications", "--profile", "nosuch"],
            4,
            &["no profile `nosuch`", "the profiles are: 127.0.0.1:"],
        ),
        (&["api", "get_me"], 4, &["not logged in as an app user"]),
        (
            &["api", "list_applications", "--all"],
            2,
            &["--all is for paginated operations only"],
        ),
    ];
    let before = store_bytes(&cli);
    for (args, code, needles) in cases {
        let run = cli.run(args).expect(*code);
        for needle in *needles {
            assert!(
                run.stderr.contains(needle),
                "{args:?}: {needle:?} not in\n{}",
                run.stderr
            );
        }
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert_eq!(store_bytes(&cli), before, "{args:?} changed the store");
    }
    // With --json, one error object with the exit code.
    let run = cli.run(&["api", "nope_nope", "--json"]).expect(2);
    assert_eq!(run.error_json()["error"]["kind"], "unknown_operation");
    // Nothing was sent for any of them.
    assert_eq!(emu.request_count("POST", "/api/platform/applications"), 0);
}
