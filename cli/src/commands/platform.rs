//! `inai apps`, `inai users` and `inai api-keys`: the platform commands,
//! run with the stored platform session.

use inai_auth_core::models::Application;
use inai_auth_core::ops::{
    CreateAppApiKey, CreateAppUser, CreateApplication, DeleteApplication, GetAppUser,
    GetApplication, ListAppApiKeys, ListAppUsers, ListApplications, RevokeAppApiKey,
};
use serde::Serialize;
use serde_json::json;

use crate::args::{ApiKeysCommand, AppScope, AppsCommand, UsersCommand};
use crate::context::{ActiveSession, Context};
use crate::error::CliError;
use crate::progress;
use crate::prompt::{self, SecretSource};
use crate::render;
use crate::store::SessionKind;

/// Prints a model as JSON.
fn print_json(ctx: &Context, value: &impl Serialize) -> Result<(), CliError> {
    let value = serde_json::to_value(value).map_err(std::io::Error::other)?;
    Ok(ctx.out.json(&value)?)
}

/// The platform session, refreshed if needed.
fn platform(ctx: &Context) -> Result<ActiveSession, CliError> {
    ctx.active_session(SessionKind::Platform)
}

/// `inai apps ...`.
///
/// # Errors
/// Not logged in, the API's refusal, network and store errors.
pub(crate) fn apps(ctx: &Context, command: &AppsCommand) -> Result<(), CliError> {
    let active = platform(ctx)?;
    let token = active.session.access_token.clone();
    let client = &active.client;
    match command {
        AppsCommand::List => {
            let apps = progress::wait(&ctx.out, "apps", || {
                client.list_applications(ListApplications::new(token))
            })?;
            if ctx.out.is_json() {
                return print_json(ctx, &apps);
            }
            let rows: Vec<Vec<String>> = apps
                .iter()
                .map(|app| {
                    vec![
                        app.id.clone(),
                        app.name.clone(),
                        app.slug.clone(),
                        app.environments.len().to_string(),
                        render::yes_no(app.is_active),
                    ]
                })
                .collect();
            ctx.out
                .table(&["ID", "NAME", "SLUG", "ENVIRONMENTS", "ACTIVE"], &rows)?;
        }
        AppsCommand::Get { app_id } => {
            let app = progress::wait(&ctx.out, "apps", || {
                client.get_application(GetApplication::new(token, app_id.as_str()))
            })?;
            show_application(ctx, &app)?;
        }
        AppsCommand::Create { name, slug, domain } => {
            let mut op = CreateApplication::new(token, name.as_str(), slug.as_str());
            if let Some(domain) = domain {
                op = op.with_domain(domain.as_str());
            }
            let app = progress::wait(&ctx.out, "apps", || client.create_application(op))?;
            if !ctx.out.is_json() {
                ctx.out
                    .line(format_args!("created application {}", app.id))?;
            }
            show_application(ctx, &app)?;
        }
        AppsCommand::Delete { app_id } => {
            progress::wait(&ctx.out, "apps", || {
                client.delete_application(DeleteApplication::new(token, app_id.as_str()))
            })?;
            if ctx.out.is_json() {
                ctx.out.json(&json!({ "deleted": true, "id": app_id }))?;
            } else {
                ctx.out.line(format_args!("deleted application {app_id}"))?;
            }
        }
    }
    Ok(())
}

fn show_application(ctx: &Context, app: &Application) -> Result<(), CliError> {
    if ctx.out.is_json() {
        return print_json(ctx, app);
    }
    ctx.out.fields(&render::application_rows(app))?;
    ctx.out.line("")?;
    ctx.out.table(
        &["ENVIRONMENT", "NAME", "PUBLISHABLE KEY", "ACTIVE"],
        &render::environment_table(app),
    )?;
    Ok(())
}

/// The environment of `scope`: the flag, else the application's only one.
fn environment(
    ctx: &Context,
    active: &ActiveSession,
    scope: &AppScope,
) -> Result<String, CliError> {
    if let Some(env) = &scope.environment_id {
        return Ok(env.clone());
    }
    let token = active.session.access_token.clone();
    let app = progress::wait(&ctx.out, "application", || {
        active
            .client
            .get_application(GetApplication::new(token, scope.app_id.as_str()))
    })?;
    match app.environments.as_slice() {
        [only] => Ok(only.id.clone()),
        [] => Err(CliError::Usage(format!(
            "application {} has no environment",
            app.id
        ))),
        many => Err(CliError::Usage(format!(
            "application {} has {} environments: choose one with --env ({})",
            app.id,
            many.len(),
            many.iter()
                .map(|e| format!("{} = {}", e.id, e.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// `inai users ...`.
///
/// # Errors
/// Not logged in, missing input, the API's refusal, network and store errors.
pub(crate) fn users(ctx: &Context, command: &UsersCommand) -> Result<(), CliError> {
    let active = platform(ctx)?;
    let token = active.session.access_token.clone();
    let client = &active.client;
    match command {
        UsersCommand::List {
            scope,
            page,
            limit,
            all,
        } => {
            let mut op = ListAppUsers::new(token, scope.app_id.as_str())
                .with_page(*page)
                .with_limit(*limit);
            if let Some(env) = &scope.environment_id {
                op = op.with_environment_id(env.as_str());
            }
            let mut first =
                progress::wait(&ctx.out, "users", || client.list_app_users(op.clone()))?;
            let mut users = Vec::new();
            let mut number = first.page;
            if *all {
                let mut last = first.clone();
                let mut fetched = 1;
                while !last.is_last() && fetched < inai_auth_core::DEFAULT_MAX_PAGES {
                    users.extend(std::mem::take(&mut last.data));
                    number = last.page.saturating_add(1);
                    let next = op.clone().with_page(number);
                    last = progress::wait(&ctx.out, "users", || client.list_app_users(next))?;
                    fetched += 1;
                }
                users.extend(last.data);
                if ctx.out.is_json() {
                    return print_json(ctx, &users);
                }
            } else {
                if ctx.out.is_json() {
                    return print_json(ctx, &first);
                }
                users = std::mem::take(&mut first.data);
            }
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    vec![
                        u.id.clone(),
                        u.email.clone(),
                        render::yes_no(u.email_verified),
                        render::yes_no(u.mfa_enabled),
                        render::yes_no(u.is_active),
                    ]
                })
                .collect();
            ctx.out
                .table(&["ID", "EMAIL", "VERIFIED", "MFA", "ACTIVE"], &rows)?;
            if *all {
                ctx.out.line(format_args!(
                    "{} users, pages {}-{number} ({} per page); total: {}",
                    users.len(),
                    first.page,
                    first.limit,
                    first.total
                ))?;
            } else {
                ctx.out.line(format_args!(
                    "page {} ({} per page); total: {}",
                    first.page, first.limit, first.total
                ))?;
            }
        }
        UsersCommand::Get { scope, user_id } => {
            let user = progress::wait(&ctx.out, "users", || {
                client.get_app_user(GetAppUser::new(
                    token,
                    scope.app_id.as_str(),
                    user_id.as_str(),
                ))
            })?;
            if ctx.out.is_json() {
                return print_json(ctx, &user);
            }
            ctx.out.fields(&render::user_rows(&user))?;
        }
        UsersCommand::Create {
            scope,
            email,
            first_name,
            last_name,
            password_stdin,
        } => {
            let password = prompt::secret(SecretSource {
                stdin: *password_stdin,
                env: "INAI_NEW_USER_PASSWORD",
                prompt: "new user's password",
                how: "set INAI_NEW_USER_PASSWORD or pass --password-stdin",
            })?;
            let env = environment(ctx, &active, scope)?;
            let mut op =
                CreateAppUser::new(token, scope.app_id.as_str(), email.as_str(), password, env);
            if let Some(first) = first_name {
                op = op.with_first_name(first.as_str());
            }
            if let Some(last) = last_name {
                op = op.with_last_name(last.as_str());
            }
            let user = progress::wait(&ctx.out, "users", || client.create_app_user(op))?;
            if ctx.out.is_json() {
                return print_json(ctx, &user);
            }
            ctx.out.line(format_args!("created user {}", user.id))?;
            ctx.out.fields(&render::user_rows(&user))?;
        }
    }
    Ok(())
}

/// `inai api-keys ...`.
///
/// # Errors
/// Not logged in, the API's refusal, network and store errors.
pub(crate) fn api_keys(ctx: &Context, command: &ApiKeysCommand) -> Result<(), CliError> {
    let active = platform(ctx)?;
    let token = active.session.access_token.clone();
    let client = &active.client;
    match command {
        ApiKeysCommand::List { scope } => {
            let mut op = ListAppApiKeys::new(token, scope.app_id.as_str());
            if let Some(env) = &scope.environment_id {
                op = op.with_environment_id(env.as_str());
            }
            let keys = progress::wait(&ctx.out, "api keys", || client.list_app_api_keys(op))?;
            if ctx.out.is_json() {
                return print_json(ctx, &keys);
            }
            let rows: Vec<Vec<String>> = keys
                .iter()
                .map(|k| {
                    vec![
                        k.id.clone(),
                        k.name.clone(),
                        format!("{}...", k.key_prefix),
                        k.key_type.clone(),
                        k.environment_id.clone(),
                        render::or_dash(k.last_used_at.as_ref().map(|t| t.as_str())),
                    ]
                })
                .collect();
            ctx.out.table(
                &["ID", "NAME", "PREFIX", "TYPE", "ENVIRONMENT", "LAST USED"],
                &rows,
            )?;
        }
        ApiKeysCommand::Create { scope, name } => {
            let env = environment(ctx, &active, scope)?;
            let created = progress::wait(&ctx.out, "api keys", || {
                client.create_app_api_key(CreateAppApiKey::new(
                    token,
                    scope.app_id.as_str(),
                    name.as_str(),
                    env,
                ))
            })?;
            if ctx.out.is_json() {
                return print_json(ctx, &created);
            }
            let key = &created.api_key;
            ctx.out.fields(&[
                ("id", key.id.clone()),
                ("name", key.name.clone()),
                ("environment", key.environment_id.clone()),
                ("key", created.key.expose_secret().to_owned()),
            ])?;
            ctx.out
                .note("store the key now: the API never shows it again");
        }
        ApiKeysCommand::Revoke { scope, key_id } => {
            progress::wait(&ctx.out, "api keys", || {
                client.revoke_app_api_key(RevokeAppApiKey::new(
                    token,
                    scope.app_id.as_str(),
                    key_id.as_str(),
                ))
            })?;
            if ctx.out.is_json() {
                ctx.out.json(&json!({ "revoked": true, "id": key_id }))?;
            } else {
                ctx.out.line(format_args!("revoked API key {key_id}"))?;
            }
        }
    }
    Ok(())
}
