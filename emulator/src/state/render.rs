//! Records as the JSON resources of ENDPOINTS.md.

use serde_json::{Value, json};

use super::model::{
    ApiKey, AppUser, Application, AuditLog, Environment, Permission, PlatformUser, Principal, Role,
    Session,
};
use super::org_model::{
    EmailTemplate, Invitation, OrgMember, Organization, PlatformInvitation, Webhook,
};
use super::store::Store;
use crate::api::timefmt::{iso, iso_opt};

/// UserResource.
pub(crate) fn user(store: &Store, u: &AppUser) -> Value {
    json!({
        "id": u.id,
        "tenantId": u.tenant_id,
        "email": u.email,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "avatarUrl": null,
        "isActive": u.is_active,
        "emailVerified": u.email_verified,
        "mfaEnabled": u.mfa.enabled(),
        "externalId": u.external_id,
        "roles": store.user_role_names(u),
        "permissions": store.user_permission_names(u),
        "createdAt": iso(u.created_at),
        "updatedAt": iso(u.updated_at),
        "lastLoginAt": iso_opt(u.last_login_at),
    })
}

/// Permissions of a platform role.
pub(crate) fn platform_permissions(roles: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for role in roles {
        let granted: &[&str] = match role.as_str() {
            "owner" | "admin" => &[
                "applications:read",
                "applications:write",
                "members:read",
                "members:write",
                "settings:write",
            ],
            _ => &["applications:read", "members:read"],
        };
        for p in granted {
            if !out.iter().any(|o: &String| o == p) {
                out.push((*p).to_owned());
            }
        }
    }
    out
}

/// PlatformUserResource.
pub(crate) fn platform_user(store: &Store, u: &PlatformUser) -> Value {
    json!({
        "id": u.id,
        "tenantId": u.tenant_id,
        "email": u.email,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "avatarUrl": null,
        "roles": u.roles,
        "permissions": platform_permissions(&u.roles),
        "tenant": store.tenant(&u.tenant_id).map(tenant),
        "createdAt": iso(u.created_at),
        "updatedAt": iso(u.updated_at),
    })
}

/// The `tenant` object inside a PlatformUserResource.
pub(crate) fn tenant(t: &super::model::Tenant) -> Value {
    json!({ "id": t.id, "name": t.name, "slug": t.slug, "plan": t.plan })
}

/// PlatformMemberResource.
pub(crate) fn platform_member(u: &PlatformUser) -> Value {
    json!({
        "id": u.id,
        "email": u.email,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "avatarUrl": null,
        "isActive": u.is_active,
        "roles": u.roles,
        "createdAt": iso(u.created_at),
        "lastLoginAt": iso_opt(u.last_login_at),
    })
}

/// EnvironmentResource.
pub(crate) fn environment(e: &Environment) -> Value {
    json!({ "id": e.id, "name": e.name, "publishableKey": e.publishable_key, "isActive": e.is_active })
}

/// ApplicationResource.
pub(crate) fn application(store: &Store, a: &Application) -> Value {
    let envs: Vec<Value> = store
        .environments
        .iter()
        .filter(|e| e.app_id == a.id)
        .map(environment)
        .collect();
    json!({
        "id": a.id,
        "tenantId": a.tenant_id,
        "name": a.name,
        "slug": a.slug,
        "domain": a.domain,
        "logoUrl": null,
        "homeUrl": a.home_url,
        "callbackUrls": a.callback_urls,
        "isActive": a.is_active,
        "settings": a.settings,
        "authConfig": a.auth_config,
        "environments": envs,
        "createdAt": iso(a.created_at),
        "updatedAt": iso(a.updated_at),
    })
}

/// RoleResource, with `userCount`.
pub(crate) fn role(store: &Store, r: &Role) -> Value {
    let users = store
        .app_users
        .iter()
        .filter(|u| u.role_ids.contains(&r.id))
        .count();
    json!({
        "id": r.id,
        "tenantId": r.tenant_id,
        "environmentId": r.env_id,
        "name": r.name,
        "description": r.description,
        "isSystem": false,
        "hierarchyLevel": r.hierarchy_level,
        "userCount": users,
        "createdAt": iso(r.created_at),
        "updatedAt": iso(r.updated_at),
    })
}

/// PermissionResource.
pub(crate) fn permission(p: &Permission) -> Value {
    json!({
        "id": p.id,
        "tenantId": p.tenant_id,
        "environmentId": p.env_id,
        "name": p.name,
        "description": p.description,
        "resource": p.resource,
        "action": p.action,
        "createdAt": iso(p.created_at),
        "updatedAt": iso(p.updated_at),
    })
}

/// ApiKeyResource (platform keys have an empty `environmentId`).
pub(crate) fn api_key(k: &ApiKey) -> Value {
    json!({
        "id": k.id,
        "name": k.name,
        "keyPrefix": k.key_prefix,
        "keyType": k.key_type,
        "environmentId": k.env_id.clone().unwrap_or_default(),
        "lastUsedAt": null,
        "expiresAt": null,
        "createdAt": iso(k.created_at),
    })
}

/// AppSessionResource.
pub(crate) fn app_session(store: &Store, s: &Session) -> Value {
    let (user_id, env_id) = match &s.principal {
        Principal::App { user_id, env_id } => (user_id.clone(), env_id.clone()),
        Principal::Platform { user_id } => (user_id.clone(), String::new()),
    };
    let email = store.app_user(&user_id).map(|u| u.email.clone());
    json!({
        "id": s.id,
        "userId": user_id,
        "userEmail": email,
        "userAgent": s.user_agent,
        "ipAddress": s.ip_address,
        "environmentId": env_id,
        "expiresAt": iso(s.expires_at),
        "createdAt": iso(s.created_at),
    })
}

/// OrganizationResource.
pub(crate) fn organization(o: &Organization) -> Value {
    json!({
        "id": o.id,
        "tenantId": o.tenant_id,
        "name": o.name,
        "slug": o.slug,
        "imageUrl": o.image_url,
        "metadata": o.metadata,
        "createdBy": o.created_by,
        "createdAt": iso(o.created_at),
        "updatedAt": iso(o.updated_at),
    })
}

/// The id an organization role goes by.
pub(crate) fn org_role_id(role: &str) -> String {
    format!("orgrole_{role}")
}

/// OrganizationMemberResource.
pub(crate) fn org_member(store: &Store, m: &OrgMember) -> Value {
    let user = store.app_user(&m.user_id);
    json!({
        "id": m.id,
        "userId": m.user_id,
        "email": user.map(|u| u.email.clone()).unwrap_or_default(),
        "firstName": user.and_then(|u| u.first_name.clone()),
        "lastName": user.and_then(|u| u.last_name.clone()),
        "roleName": m.role,
        "roleId": org_role_id(&m.role),
        "createdAt": iso(m.created_at),
    })
}

/// InvitationResource.
pub(crate) fn invitation(store: &Store, i: &Invitation) -> Value {
    let (role_id, role_name) = match (&i.org, &i.role_id) {
        (Some((_, org_role)), _) => (Some(org_role_id(org_role)), Some(org_role.clone())),
        (None, Some(rid)) => (
            Some(rid.clone()),
            store
                .roles
                .iter()
                .find(|r| &r.id == rid)
                .map(|r| r.name.clone()),
        ),
        (None, None) => (None, None),
    };
    json!({
        "id": i.id,
        "tenantId": i.tenant_id,
        "environmentId": i.env_id,
        "email": i.email,
        "roleId": role_id,
        "roleName": role_name,
        "invitedBy": i.invited_by,
        "status": i.status.as_str(),
        "expiresAt": iso(i.expires_at),
        "acceptedAt": iso_opt(i.accepted_at),
        "createdAt": iso(i.created_at),
        "updatedAt": iso(i.updated_at),
    })
}

/// PlatformInvitationResource.
pub(crate) fn platform_invitation(i: &PlatformInvitation) -> Value {
    json!({
        "id": i.id,
        "tenantId": i.tenant_id,
        "email": i.email,
        "roleId": format!("prole_{}", i.role_name),
        "roleName": i.role_name,
        "invitedBy": i.invited_by,
        "status": i.status.as_str(),
        "expiresAt": iso(i.expires_at),
        "acceptedAt": iso_opt(i.accepted_at),
        "createdAt": iso(i.created_at),
        "updatedAt": iso(i.updated_at),
    })
}

/// WebhookResource.
pub(crate) fn webhook(w: &Webhook) -> Value {
    json!({
        "id": w.id,
        "url": w.url,
        "events": w.events,
        "secret": w.secret,
        "isActive": true,
        "lastTriggeredAt": null,
        "createdAt": iso(w.created_at),
        "updatedAt": iso(w.created_at),
    })
}

/// EmailTemplateResource (platform templates have `applicationId` `"platform"`).
pub(crate) fn email_template(t: &EmailTemplate) -> Value {
    json!({
        "id": t.id,
        "applicationId": t.app_id.clone().unwrap_or_else(|| "platform".to_owned()),
        "environmentId": t.env_id,
        "name": t.name,
        "subject": t.subject,
        "htmlBody": t.html_body,
        "textBody": t.text_body,
        "variables": t.variables,
        "isActive": t.is_active,
        "createdAt": iso(t.created_at),
        "updatedAt": iso(t.updated_at),
    })
}

/// AuditLogResource.
pub(crate) fn audit_log(l: &AuditLog) -> Value {
    json!({
        "id": l.id,
        "userId": l.user_id,
        "userEmail": l.user_email,
        "administratorId": l.administrator_id,
        "action": l.action,
        "resource": l.resource,
        "resourceId": l.resource_id,
        "details": l.details,
        "ipAddress": l.ip_address,
        "administratorEmail": l.administrator_email,
        "userAgent": l.user_agent,
        "createdAt": iso(l.created_at),
    })
}
