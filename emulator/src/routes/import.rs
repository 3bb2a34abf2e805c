//! Bulk import: `POST /api/v1/import/users` (publishable key only).

use axum::body::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};

use super::v1_auth::create_app_user;
use crate::api::auth::env_ctx;
use crate::api::body::{self, ok_data};
use crate::api::call::Call;
use crate::api::problem::{ApiError, ApiResult};
use crate::crypto::password::PasswordHash;
use crate::state::shared::World;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    email: String,
    password: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    roles: Option<Vec<String>>,
    /// Extension: an id from the system the users come from.
    #[serde(alias = "external_id")]
    external_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportBody {
    users: Vec<Value>,
    environment_id: String,
    update_existing: Option<bool>,
}

fn role_ids(
    w: &World,
    app_id: &str,
    env_id: &str,
    names: &[String],
) -> Result<Vec<String>, String> {
    names
        .iter()
        .map(|n| {
            w.store
                .roles
                .iter()
                .find(|r| {
                    &r.name == n
                        && r.app_id == app_id
                        && r.env_id.as_ref().is_none_or(|e| e == env_id)
                })
                .map(|r| r.id.clone())
                .ok_or_else(|| format!("unknown role `{n}`"))
        })
        .collect()
}

/// What happened to one row.
enum Outcome {
    Imported,
    Updated,
    Skipped,
}

fn import_row(
    w: &mut World,
    tenant_id: &str,
    app_id: &str,
    env_id: &str,
    row: Row,
    update: bool,
    now: time::OffsetDateTime,
) -> Result<Outcome, String> {
    let email = body::email(&row.email).map_err(|e| e.detail)?;
    if let Some(p) = &row.password {
        body::password(p).map_err(|e| e.detail)?;
    }
    let roles = match &row.roles {
        Some(names) => Some(role_ids(w, app_id, env_id, names)?),
        None => None,
    };
    let existing = w
        .store
        .app_users
        .iter()
        .find(|u| u.env_id == env_id && u.email == email)
        .map(|u| u.id.clone());
    let (id, outcome) = match existing {
        Some(_) if !update => return Ok(Outcome::Skipped),
        Some(id) => {
            let user = w.store.app_user_mut(&id).ok_or("user vanished")?;
            if row.first_name.is_some() {
                user.first_name = row.first_name;
            }
            if row.last_name.is_some() {
                user.last_name = row.last_name;
            }
            if let Some(p) = &row.password {
                user.password = Some(PasswordHash::new(p));
            }
            user.updated_at = now;
            (id, Outcome::Updated)
        }
        None => {
            let id = create_app_user(
                w,
                tenant_id,
                app_id,
                env_id,
                &email,
                row.password.as_deref(),
                row.first_name,
                row.last_name,
                now,
            )
            .map_err(|e| e.detail)?;
            (id, Outcome::Imported)
        }
    };
    if let Some(user) = w.store.app_user_mut(&id) {
        if let Some(r) = roles {
            user.role_ids = r;
        }
        if row.external_id.is_some() {
            user.external_id = row.external_id;
        }
    }
    Ok(outcome)
}

pub(crate) async fn import_users(Call { st, headers, now }: Call, body: Bytes) -> ApiResult {
    let mut w = st.world();
    let ctx = env_ctx(&w.store, &headers)?;
    let req: ImportBody = body::parse(&body)?;
    if req.environment_id != ctx.env_id {
        return Err(ApiError::validation(
            "`environmentId` must be the publishable key's environment",
        ));
    }
    let update = req.update_existing.unwrap_or(false);
    let (mut imported, mut updated, mut skipped) = (0, 0, 0);
    let mut errors: Vec<Value> = Vec::new();
    for (i, raw) in req.users.into_iter().enumerate() {
        let email = raw.get("email").and_then(Value::as_str).map(str::to_owned);
        let result = serde_json::from_value::<Row>(raw)
            .map_err(|e| e.to_string())
            .and_then(|row| {
                import_row(
                    &mut w,
                    &ctx.tenant_id,
                    &ctx.app_id,
                    &ctx.env_id,
                    row,
                    update,
                    now,
                )
            });
        match result {
            Ok(Outcome::Imported) => imported += 1,
            Ok(Outcome::Updated) => updated += 1,
            Ok(Outcome::Skipped) => skipped += 1,
            Err(error) => {
                let mut e = json!({ "row": i, "error": error });
                if let Some(m) = email {
                    body::set(&mut e, "email", json!(m));
                }
                errors.push(e);
            }
        }
    }
    Ok(ok_data(
        json!({ "imported": imported, "skipped": skipped, "updated": updated, "errors": errors }),
    ))
}
