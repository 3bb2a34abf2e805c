//! Organizations: creation and updates shared by the platform and v1 routes.

use serde::Deserialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::api::body::{self, patch, patch_required};
use crate::api::problem::{ApiError, OrNotFound};
use crate::crypto::random;
use crate::state::org_model::{OrgMember, Organization};
use crate::state::shared::World;

/// Organization roles.
pub(crate) const ORG_ROLES: [&str; 3] = ["owner", "admin", "member"];

/// Checks an organization role name; `None` means `member`.
pub(crate) fn org_role(name: Option<&str>) -> Result<String, ApiError> {
    let name = name.unwrap_or("member");
    if ORG_ROLES.contains(&name) {
        Ok(name.to_owned())
    } else {
        Err(ApiError::validation(
            "`role` must be one of owner, admin, member",
        ))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateOrgBody {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) environment_id: Option<String>,
    pub(crate) image_url: Option<String>,
    pub(crate) metadata: Option<Value>,
}

/// Creates an organization in `env_id`, with `owner` as its first member if given.
pub(crate) fn create(
    w: &mut World,
    tenant_id: &str,
    app_id: &str,
    env_id: &str,
    req: CreateOrgBody,
    owner: Option<&str>,
    now: OffsetDateTime,
) -> Result<String, ApiError> {
    body::non_empty("name", &req.name)?;
    body::slug(&req.slug)?;
    if w.store
        .organizations
        .iter()
        .any(|o| o.env_id == env_id && o.slug == req.slug)
    {
        return Err(ApiError::conflict(
            "an organization with this slug already exists",
        ));
    }
    let id = random::id("org");
    let members = owner
        .map(|u| OrgMember {
            id: random::id("mem"),
            user_id: u.to_owned(),
            role: "owner".to_owned(),
            created_at: now,
        })
        .into_iter()
        .collect();
    w.store.organizations.push(Organization {
        id: id.clone(),
        tenant_id: tenant_id.to_owned(),
        app_id: app_id.to_owned(),
        env_id: env_id.to_owned(),
        name: req.name,
        slug: req.slug,
        image_url: req.image_url,
        metadata: req.metadata,
        created_by: owner.map(str::to_owned),
        members,
        created_at: now,
        updated_at: now,
    });
    Ok(id)
}

/// Applies `{name, slug, imageUrl, metadata}`.
pub(crate) fn update(
    w: &mut World,
    org_id: &str,
    body: &[u8],
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let map: Map<String, Value> = body::object(body)?;
    let name: Option<String> = patch_required(&map, "name")?;
    let slug: Option<String> = patch_required(&map, "slug")?;
    let image_url = patch::<String>(&map, "imageUrl")?;
    let metadata = patch::<Value>(&map, "metadata")?;
    if let Some(n) = &name {
        body::non_empty("name", n)?;
    }
    let env_id = w
        .store
        .organizations
        .iter()
        .find(|o| o.id == org_id)
        .map(|o| o.env_id.clone())
        .or_not_found("organization")?;
    if let Some(s) = &slug {
        body::slug(s)?;
        if w.store
            .organizations
            .iter()
            .any(|o| o.id != org_id && o.env_id == env_id && &o.slug == s)
        {
            return Err(ApiError::conflict(
                "an organization with this slug already exists",
            ));
        }
    }
    let org = w
        .store
        .organizations
        .iter_mut()
        .find(|o| o.id == org_id)
        .or_not_found("organization")?;
    if let Some(n) = name {
        org.name = n;
    }
    if let Some(s) = slug {
        org.slug = s;
    }
    image_url.apply_opt(&mut org.image_url);
    metadata.apply_opt(&mut org.metadata);
    org.updated_at = now;
    Ok(())
}

/// Deletes an organization and clears it from sessions that had it active.
pub(crate) fn delete(w: &mut World, org_id: &str) {
    w.store.organizations.retain(|o| o.id != org_id);
    for s in w.store.sessions.iter_mut() {
        if s.active_org.as_deref() == Some(org_id) {
            s.active_org = None;
        }
    }
}
