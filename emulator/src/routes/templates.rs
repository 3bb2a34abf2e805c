//! Email templates of an application and of the platform, with previews.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::scope::{app_admin, app_list_env};
use crate::api::auth::platform_caller;
use crate::api::body::{self, created_data, ok, ok_data, patch, patch_required};
use crate::api::call::Call;
use crate::api::paging::ListQuery;
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::random;
use crate::state::org_model::EmailTemplate;
use crate::state::owner::{self, Owner};
use crate::state::render;
use crate::state::shared::World;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody {
    name: String,
    subject: String,
    html_body: String,
    text_body: Option<String>,
    environment_id: String,
    variables: Option<Vec<String>>,
}

/// The platform's default templates: name, subject, variables.
const DEFAULTS: [(&str, &str, &[&str]); 4] = [
    ("verify_email", "Verify your email", &["name", "link"]),
    ("reset_password", "Reset your password", &["name", "link"]),
    ("invitation", "You have been invited", &["inviter", "link"]),
    (
        "mfa_enabled",
        "Two-factor authentication enabled",
        &["name"],
    ),
];

/// Replaces each `{{var}}` with `[var]`.
fn render_sample(text: &str, vars: &[String]) -> String {
    let mut out = text.to_owned();
    for v in vars {
        out = out.replace(&format!("{{{{{v}}}}}"), &format!("[{v}]"));
        out = out.replace(&format!("{{{{ {v} }}}}"), &format!("[{v}]"));
    }
    out
}

fn preview(t: &EmailTemplate) -> Value {
    json!({
        "html": render_sample(&t.html_body, &t.variables),
        "text": t.text_body.as_deref().map(|x| render_sample(x, &t.variables)),
    })
}

fn apply_patch(
    t: &mut EmailTemplate,
    map: &Map<String, Value>,
    allow_name: bool,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    if allow_name {
        if let Some(n) = patch_required::<String>(map, "name")? {
            body::non_empty("name", &n)?;
            t.name = n;
        }
    }
    if let Some(s) = patch_required::<String>(map, "subject")? {
        t.subject = s;
    }
    if let Some(h) = patch_required::<String>(map, "htmlBody")? {
        t.html_body = h;
    }
    patch::<String>(map, "textBody")?.apply_opt(&mut t.text_body);
    if allow_name {
        if let Some(v) = patch_required::<Vec<String>>(map, "variables")? {
            t.variables = v;
        }
    }
    if let Some(a) = patch_required::<bool>(map, "isActive")? {
        t.is_active = a;
    }
    t.updated_at = now;
    Ok(())
}

fn list(w: &World, owner: Owner<'_>, env: Option<&str>) -> Vec<Value> {
    owner::of(&w.store.email_templates, owner, env)
        .map(render::email_template)
        .collect()
}

fn template<'w>(
    w: &'w mut World,
    owner: Owner<'_>,
    id: &str,
) -> Result<&'w mut EmailTemplate, ApiError> {
    owner::find_mut(&mut w.store.email_templates, owner, id, "email template")
}

pub(crate) async fn list_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let w = st.world_read();
    let env = app_list_env(&w, &headers, now, &app_id, &q)?;
    Ok(ok_data(list(&w, Owner::App(&app_id), env.as_deref())))
}

pub(crate) async fn create_app(
    Call { st, headers, now }: Call,
    Path(app_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = app_admin(&w, &headers, now, &app_id)?;
    let req: CreateBody = body::parse(&body)?;
    body::non_empty("name", &req.name)?;
    let env = w.store.app_env(&app_id, &req.environment_id)?.id.clone();
    let clash = w.store.email_templates.iter().any(|t| {
        t.app_id.as_deref() == Some(app_id.as_str())
            && t.env_id.as_deref() == Some(env.as_str())
            && t.name == req.name
    });
    if clash {
        return Err(ApiError::conflict(
            "a template with this name already exists",
        ));
    }
    let t = EmailTemplate {
        id: random::id("tpl"),
        tenant_id: c.tenant_id.clone(),
        app_id: Some(app_id),
        env_id: Some(env),
        name: req.name,
        subject: req.subject,
        html_body: req.html_body,
        text_body: req.text_body,
        variables: req.variables.unwrap_or_default(),
        is_active: true,
        created_at: now,
        updated_at: now,
    };
    let data = render::email_template(&t);
    w.store.email_templates.push(t);
    Ok(created_data(data))
}

pub(crate) async fn update_app(
    Call { st, headers, now }: Call,
    Path((app_id, id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    let map = body::object(&body)?;
    let t = template(&mut w, Owner::App(&app_id), &id)?;
    apply_patch(t, &map, true, now)?;
    Ok(ok_data(render::email_template(t)))
}

pub(crate) async fn preview_app(
    Call { st, headers, now }: Call,
    Path((app_id, id)): Path<(String, String)>,
) -> ApiResult {
    let mut w = st.world();
    app_admin(&w, &headers, now, &app_id)?;
    Ok(ok(preview(template(&mut w, Owner::App(&app_id), &id)?)))
}

pub(crate) async fn list_platform(Call { st, headers, now }: Call) -> ApiResult {
    let w = st.world_read();
    let c = platform_caller(&w, &headers, now)?;
    Ok(ok_data(list(&w, Owner::Platform(&c.tenant_id), None)))
}

pub(crate) async fn update_platform(
    Call { st, headers, now }: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let map = body::object(&body)?;
    let t = template(&mut w, Owner::Platform(&c.tenant_id), &id)?;
    apply_patch(t, &map, false, now)?;
    Ok(ok_data(render::email_template(t)))
}

pub(crate) async fn preview_platform(
    Call { st, headers, now }: Call,
    Path(id): Path<String>,
) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    Ok(ok(preview(template(
        &mut w,
        Owner::Platform(&c.tenant_id),
        &id,
    )?)))
}

/// Creates the default platform templates that do not exist yet; answers all of them.
pub(crate) async fn initialize_platform(Call { st, headers, now }: Call) -> ApiResult {
    let mut w = st.world();
    let c = platform_caller(&w, &headers, now)?;
    let mut added = 0;
    for (name, subject, vars) in DEFAULTS {
        let exists = owner::of(
            &w.store.email_templates,
            Owner::Platform(&c.tenant_id),
            None,
        )
        .any(|t| t.name == name);
        if exists {
            continue;
        }
        let variables: Vec<String> = vars.iter().map(|v| (*v).to_owned()).collect();
        let html = variables
            .iter()
            .map(|v| format!("<p>{{{{{v}}}}}</p>"))
            .collect::<String>();
        w.store.email_templates.push(EmailTemplate {
            id: random::id("tpl"),
            tenant_id: c.tenant_id.clone(),
            app_id: None,
            env_id: None,
            name: name.to_owned(),
            subject: subject.to_owned(),
            html_body: format!("<h1>{subject}</h1>{html}"),
            text_body: Some(subject.to_owned()),
            variables,
            is_active: true,
            created_at: now,
            updated_at: now,
        });
        added += 1;
    }
    let data = list(&w, Owner::Platform(&c.tenant_id), None);
    Ok(ok(
        json!({ "data": data, "message": format!("{added} templates initialized") }),
    ))
}
