//! Seed data in and out of a [`Store`]: checking a document, building the store it
//! describes, and exporting a store back into one.

use std::collections::HashSet;

use time::OffsetDateTime;

use super::model::{
    ApiKey, AppUser, Application, Environment, Mfa, Permission, PlatformUser, Role, Tenant,
};
use super::org_model::{OrgMember, Organization};
use super::store::Store;
use crate::crypto::password::PasswordHash;
use crate::crypto::random;
use crate::seed::Seed;
use crate::seed_data::{
    ApiKeyDoc, ApplicationDoc, EnvironmentDoc, MemberDoc, OrganizationDoc, PermissionDoc,
    PlatformUserDoc, RoleDoc, SeedDoc, SeedError, TenantDoc, UserDoc,
};

/// Platform and organization roles.
const ROLES: [&str; 3] = ["owner", "admin", "member"];

fn bad(field: impl Into<String>, reason: impl Into<String>) -> SeedError {
    SeedError::invalid(field, reason)
}

fn unique<'a>(kind: &str, ids: impl Iterator<Item = (String, &'a str)>) -> Result<(), SeedError> {
    let mut seen = HashSet::new();
    for (field, id) in ids {
        if id.trim().is_empty() {
            return Err(bad(field, "must not be empty"));
        }
        if !seen.insert(id) {
            return Err(bad(field, format!("another {kind} has the id `{id}`")));
        }
    }
    Ok(())
}

fn email_ok(field: &str, email: &str) -> Result<String, SeedError> {
    crate::api::body::email(email).map_err(|e| bad(field, e.detail))
}

fn password_ok(
    field: &str,
    password: Option<&str>,
    hash: Option<&str>,
    required: bool,
) -> Result<(), SeedError> {
    match (password, hash) {
        (Some(_), Some(_)) => Err(bad(field, "give `password` or `passwordHash`, not both")),
        (Some(p), None) if p.chars().count() < 8 => Err(bad(
            format!("{field}.password"),
            "must have at least 8 characters",
        )),
        (None, Some(h)) if PasswordHash::from_encoded(h).is_none() => Err(bad(
            format!("{field}.passwordHash"),
            "is not a hash an export wrote (`sha256$<salt hex>$<digest hex>`)",
        )),
        (None, None) if required => Err(bad(field, "needs `password` or `passwordHash`")),
        _ => Ok(()),
    }
}

fn mfa_ok(field: &str, secret: Option<&str>) -> Result<(), SeedError> {
    match secret.map(inai_auth_core::totp::base32_decode) {
        Some(Err(e)) => Err(bad(format!("{field}.mfaSecret"), e.to_string())),
        Some(Ok(bytes)) if bytes.is_empty() => {
            Err(bad(format!("{field}.mfaSecret"), "must not be empty"))
        }
        _ => Ok(()),
    }
}

fn role_ok(field: String, role: &str) -> Result<(), SeedError> {
    if ROLES.contains(&role) {
        Ok(())
    } else {
        Err(bad(
            field,
            format!("`{role}` is not owner, admin or member"),
        ))
    }
}

/// The environment `env_id` and its application.
fn find_env<'a>(
    doc: &'a SeedDoc,
    env_id: &str,
) -> Option<(&'a ApplicationDoc, &'a EnvironmentDoc)> {
    doc.applications.iter().find_map(|a| {
        a.environments
            .iter()
            .find(|e| e.id == env_id)
            .map(|e| (a, e))
    })
}

/// Whether a record of `app_id` scoped to `scope` (or to every environment) applies in `env_id`.
fn in_scope(scope: Option<&String>, env_id: &str) -> bool {
    scope.is_none_or(|s| s == env_id)
}

/// The id of the permission `name_or_id` of `app_id` visible in `env` (any when `None`).
fn permission_id<'a>(
    doc: &'a SeedDoc,
    app_id: &str,
    env: Option<&String>,
    name_or_id: &str,
) -> Option<&'a str> {
    let of_app = doc
        .permissions
        .iter()
        .filter(|p| p.application_id == app_id)
        .filter(|p| env.is_none_or(|e| in_scope(p.environment_id.as_ref(), e)));
    let mut candidates = of_app.clone();
    candidates
        .find(|p| p.id == name_or_id)
        .or_else(|| of_app.clone().find(|p| p.name == name_or_id))
        .map(|p| p.id.as_str())
}

/// The id of the role `name_or_id` of `app_id` visible in `env_id`.
fn role_id<'a>(doc: &'a SeedDoc, app_id: &str, env_id: &str, name_or_id: &str) -> Option<&'a str> {
    let of_app = doc
        .roles
        .iter()
        .filter(|r| r.application_id == app_id && in_scope(r.environment_id.as_ref(), env_id));
    let mut candidates = of_app.clone();
    candidates
        .find(|r| r.id == name_or_id)
        .or_else(|| of_app.clone().find(|r| r.name == name_or_id))
        .map(|r| r.id.as_str())
}

fn app_scope_ok(
    doc: &SeedDoc,
    field: &str,
    app_id: &str,
    env_id: Option<&String>,
) -> Result<(), SeedError> {
    let app = doc
        .applications
        .iter()
        .find(|a| a.id == app_id)
        .ok_or_else(|| {
            bad(
                format!("{field}.applicationId"),
                format!("no application `{app_id}`"),
            )
        })?;
    if let Some(env) = env_id {
        if !app.environments.iter().any(|e| &e.id == env) {
            return Err(bad(
                format!("{field}.environmentId"),
                format!("application `{app_id}` has no environment `{env}`"),
            ));
        }
    }
    Ok(())
}

/// Checks every rule of the format (see `SeedData`); the error names the first bad field.
pub(crate) fn check(doc: &SeedDoc) -> Result<(), SeedError> {
    if doc.tenants.is_empty() {
        return Err(bad("tenants", "at least one tenant is needed"));
    }
    if doc.platform_users.is_empty() {
        return Err(bad("platformUsers", "at least one platform user is needed"));
    }
    if doc
        .applications
        .first()
        .is_none_or(|a| a.environments.is_empty())
    {
        return Err(bad(
            "applications",
            "at least one application with one environment is needed",
        ));
    }
    check_identity(doc)?;
    check_access(doc)?;
    check_users(doc)?;
    check_orgs_and_keys(doc)
}

fn check_identity(doc: &SeedDoc) -> Result<(), SeedError> {
    let tenant_ids = |f: &dyn Fn(usize) -> String, i: usize, id: &str| -> Result<(), SeedError> {
        if doc.tenants.iter().any(|t| t.id == id) {
            Ok(())
        } else {
            Err(bad(f(i), format!("no tenant `{id}`")))
        }
    };
    unique(
        "tenant",
        doc.tenants
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("tenants[{i}].id"), t.id.as_str())),
    )?;
    for (i, t) in doc.tenants.iter().enumerate() {
        crate::api::body::slug(&t.slug).map_err(|e| bad(format!("tenants[{i}].slug"), e.detail))?;
    }
    unique(
        "platform user",
        doc.platform_users
            .iter()
            .enumerate()
            .map(|(i, u)| (format!("platformUsers[{i}].id"), u.id.as_str())),
    )?;
    let mut emails = HashSet::new();
    for (i, u) in doc.platform_users.iter().enumerate() {
        let field = format!("platformUsers[{i}]");
        tenant_ids(&|i| format!("platformUsers[{i}].tenantId"), i, &u.tenant_id)?;
        let email = email_ok(&format!("{field}.email"), &u.email)?;
        if !emails.insert(email) {
            return Err(bad(
                format!("{field}.email"),
                "another platform user has this email",
            ));
        }
        password_ok(
            &field,
            u.password.as_deref(),
            u.password_hash.as_deref(),
            true,
        )?;
        for (j, r) in u.roles.iter().enumerate() {
            role_ok(format!("{field}.roles[{j}]"), r)?;
        }
        mfa_ok(&field, u.mfa_secret.as_deref())?;
    }
    unique(
        "application",
        doc.applications
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("applications[{i}].id"), a.id.as_str())),
    )?;
    let envs = doc.applications.iter().enumerate().flat_map(|(i, a)| {
        a.environments
            .iter()
            .enumerate()
            .map(move |(j, e)| (i, j, e))
    });
    unique(
        "environment",
        envs.clone().map(|(i, j, e)| {
            (
                format!("applications[{i}].environments[{j}].id"),
                e.id.as_str(),
            )
        }),
    )?;
    unique(
        "environment",
        envs.clone().map(|(i, j, e)| {
            (
                format!("applications[{i}].environments[{j}].publishableKey"),
                e.publishable_key.as_str(),
            )
        }),
    )?;
    for (i, a) in doc.applications.iter().enumerate() {
        tenant_ids(&|i| format!("applications[{i}].tenantId"), i, &a.tenant_id)?;
        crate::api::body::slug(&a.slug)
            .map_err(|e| bad(format!("applications[{i}].slug"), e.detail))?;
    }
    for (i, j, e) in envs {
        if !e.publishable_key.starts_with("pk_") {
            return Err(bad(
                format!("applications[{i}].environments[{j}].publishableKey"),
                "must start with `pk_`",
            ));
        }
    }
    Ok(())
}

fn check_access(doc: &SeedDoc) -> Result<(), SeedError> {
    unique(
        "permission",
        doc.permissions
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("permissions[{i}].id"), p.id.as_str())),
    )?;
    for (i, p) in doc.permissions.iter().enumerate() {
        app_scope_ok(
            doc,
            &format!("permissions[{i}]"),
            &p.application_id,
            p.environment_id.as_ref(),
        )?;
    }
    unique(
        "role",
        doc.roles
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("roles[{i}].id"), r.id.as_str())),
    )?;
    for (i, r) in doc.roles.iter().enumerate() {
        app_scope_ok(
            doc,
            &format!("roles[{i}]"),
            &r.application_id,
            r.environment_id.as_ref(),
        )?;
        for (j, p) in r.permissions.iter().enumerate() {
            if permission_id(doc, &r.application_id, r.environment_id.as_ref(), p).is_none() {
                return Err(bad(
                    format!("roles[{i}].permissions[{j}]"),
                    format!("no permission `{p}` in this role's application and environment"),
                ));
            }
        }
    }
    Ok(())
}

fn check_users(doc: &SeedDoc) -> Result<(), SeedError> {
    unique(
        "user",
        doc.users
            .iter()
            .enumerate()
            .map(|(i, u)| (format!("users[{i}].id"), u.id.as_str())),
    )?;
    let mut emails = HashSet::new();
    for (i, u) in doc.users.iter().enumerate() {
        let field = format!("users[{i}]");
        let (app, _) = find_env(doc, &u.environment_id).ok_or_else(|| {
            bad(
                format!("{field}.environmentId"),
                format!("no environment `{}`", u.environment_id),
            )
        })?;
        let email = email_ok(&format!("{field}.email"), &u.email)?;
        if !emails.insert((u.environment_id.clone(), email)) {
            return Err(bad(
                format!("{field}.email"),
                "another user of this environment has this email",
            ));
        }
        password_ok(
            &field,
            u.password.as_deref(),
            u.password_hash.as_deref(),
            false,
        )?;
        for (j, r) in u.roles.iter().enumerate() {
            if role_id(doc, &app.id, &u.environment_id, r).is_none() {
                return Err(bad(
                    format!("{field}.roles[{j}]"),
                    format!("no role `{r}` in this user's application and environment"),
                ));
            }
        }
        mfa_ok(&field, u.mfa_secret.as_deref())?;
    }
    Ok(())
}

fn check_orgs_and_keys(doc: &SeedDoc) -> Result<(), SeedError> {
    unique(
        "organization",
        doc.organizations
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("organizations[{i}].id"), o.id.as_str())),
    )?;
    let mut slugs = HashSet::new();
    for (i, o) in doc.organizations.iter().enumerate() {
        let field = format!("organizations[{i}]");
        if find_env(doc, &o.environment_id).is_none() {
            return Err(bad(
                format!("{field}.environmentId"),
                format!("no environment `{}`", o.environment_id),
            ));
        }
        crate::api::body::slug(&o.slug).map_err(|e| bad(format!("{field}.slug"), e.detail))?;
        if !slugs.insert((o.environment_id.as_str(), o.slug.as_str())) {
            return Err(bad(
                format!("{field}.slug"),
                "another organization of this environment has this slug",
            ));
        }
        let mut members = HashSet::new();
        for (j, m) in o.members.iter().enumerate() {
            let in_env = doc
                .users
                .iter()
                .any(|u| u.id == m.user_id && u.environment_id == o.environment_id);
            if !in_env {
                return Err(bad(
                    format!("{field}.members[{j}].userId"),
                    format!("no user `{}` in the organization's environment", m.user_id),
                ));
            }
            if !members.insert(m.user_id.as_str()) {
                return Err(bad(
                    format!("{field}.members[{j}].userId"),
                    "already a member",
                ));
            }
            role_ok(format!("{field}.members[{j}].role"), &m.role)?;
        }
    }
    unique(
        "API key",
        doc.api_keys
            .iter()
            .enumerate()
            .map(|(i, k)| (format!("apiKeys[{i}].id"), k.id.as_str())),
    )?;
    for (i, k) in doc.api_keys.iter().enumerate() {
        let field = format!("apiKeys[{i}]");
        if !doc.tenants.iter().any(|t| t.id == k.tenant_id) {
            return Err(bad(
                format!("{field}.tenantId"),
                format!("no tenant `{}`", k.tenant_id),
            ));
        }
        match &k.application_id {
            Some(app) => app_scope_ok(doc, &field, app, k.environment_id.as_ref())?,
            None if k.environment_id.is_some() => {
                return Err(bad(
                    format!("{field}.environmentId"),
                    "needs an `applicationId`",
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// The emulator's [`Seed`]: the first tenant, platform user, application and environment.
pub(crate) fn primary(doc: &SeedDoc) -> Seed {
    let tenant = doc.tenants.first();
    let admin = doc.platform_users.first();
    let app = doc.applications.first();
    let env = app.and_then(|a| a.environments.first());
    let text = |v: Option<&String>| v.cloned().unwrap_or_default();
    Seed {
        tenant_id: text(tenant.map(|t| &t.id)),
        tenant_slug: text(tenant.map(|t| &t.slug)),
        admin_id: text(admin.map(|u| &u.id)),
        admin_email: admin
            .map(|u| u.email.trim().to_ascii_lowercase())
            .unwrap_or_default(),
        admin_password: text(admin.and_then(|u| u.password.as_ref())),
        application_id: text(app.map(|a| &a.id)),
        environment_id: text(env.map(|e| &e.id)),
        publishable_key: text(env.map(|e| &e.publishable_key)),
    }
}

fn password(plain: Option<&String>, hash: Option<&String>) -> Option<PasswordHash> {
    match (plain, hash) {
        (Some(p), _) => Some(PasswordHash::new(p)),
        (None, Some(h)) => PasswordHash::from_encoded(h),
        (None, None) => None,
    }
}

fn mfa(secret: Option<&String>, backup_codes: &[String]) -> Mfa {
    Mfa {
        secret: secret.and_then(|s| inai_auth_core::totp::base32_decode(s).ok()),
        pending: None,
        backup_codes: backup_codes.to_vec(),
    }
}

fn tenant_of_app(doc: &SeedDoc, app_id: &str) -> String {
    doc.applications
        .iter()
        .find(|a| a.id == app_id)
        .map(|a| a.tenant_id.clone())
        .unwrap_or_default()
}

/// The store a checked document describes, every record created at `now`.
pub(crate) fn build(doc: &SeedDoc, now: OffsetDateTime) -> Store {
    let mut store = Store::default();
    for t in &doc.tenants {
        store.tenants.push(Tenant {
            id: t.id.clone(),
            name: t.name.clone(),
            slug: t.slug.clone(),
            plan: t.plan.clone(),
            settings: t.settings.clone(),
        });
    }
    for u in &doc.platform_users {
        store.platform_users.push(PlatformUser {
            id: u.id.clone(),
            tenant_id: u.tenant_id.clone(),
            email: u.email.trim().to_ascii_lowercase(),
            password: password(u.password.as_ref(), u.password_hash.as_ref())
                .unwrap_or_else(|| PasswordHash::new(&random::secret(""))),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            roles: u.roles.clone(),
            is_active: u.is_active,
            mfa: mfa(u.mfa_secret.as_ref(), &u.mfa_backup_codes),
            created_at: now,
            updated_at: now,
            last_login_at: None,
        });
    }
    for a in &doc.applications {
        store.applications.push(Application {
            id: a.id.clone(),
            tenant_id: a.tenant_id.clone(),
            name: a.name.clone(),
            slug: a.slug.clone(),
            domain: a.domain.clone(),
            home_url: a.home_url.clone(),
            callback_urls: a.callback_urls.clone(),
            is_active: a.is_active,
            settings: a.settings.clone(),
            auth_config: a.auth_config.clone(),
            created_at: now,
            updated_at: now,
        });
        for e in &a.environments {
            store.environments.push(Environment {
                id: e.id.clone(),
                app_id: a.id.clone(),
                tenant_id: a.tenant_id.clone(),
                name: e.name.clone(),
                publishable_key: e.publishable_key.clone(),
                is_active: e.is_active,
            });
        }
    }
    for p in &doc.permissions {
        let (resource, action) = match p.name.split_once(':') {
            Some((r, a)) => (r.to_owned(), a.to_owned()),
            None => (p.name.clone(), String::new()),
        };
        store.permissions.push(Permission {
            id: p.id.clone(),
            tenant_id: tenant_of_app(doc, &p.application_id),
            app_id: p.application_id.clone(),
            env_id: p.environment_id.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            resource: p.resource.clone().unwrap_or(resource),
            action: p.action.clone().unwrap_or(action),
            created_at: now,
            updated_at: now,
        });
    }
    for r in &doc.roles {
        let permission_ids = r
            .permissions
            .iter()
            .filter_map(|p| permission_id(doc, &r.application_id, r.environment_id.as_ref(), p))
            .map(str::to_owned)
            .collect();
        store.roles.push(Role {
            id: r.id.clone(),
            tenant_id: tenant_of_app(doc, &r.application_id),
            app_id: r.application_id.clone(),
            env_id: r.environment_id.clone(),
            name: r.name.clone(),
            description: r.description.clone(),
            hierarchy_level: r.hierarchy_level,
            permission_ids,
            created_at: now,
            updated_at: now,
        });
    }
    for u in &doc.users {
        let Some((app, _)) = find_env(doc, &u.environment_id) else {
            continue;
        };
        let role_ids = u
            .roles
            .iter()
            .filter_map(|r| role_id(doc, &app.id, &u.environment_id, r))
            .map(str::to_owned)
            .collect();
        store.app_users.push(AppUser {
            id: u.id.clone(),
            tenant_id: app.tenant_id.clone(),
            app_id: app.id.clone(),
            env_id: u.environment_id.clone(),
            email: u.email.trim().to_ascii_lowercase(),
            password: password(u.password.as_ref(), u.password_hash.as_ref()),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            is_active: u.is_active,
            email_verified: u.email_verified,
            mfa: mfa(u.mfa_secret.as_ref(), &u.mfa_backup_codes),
            external_id: u.external_id.clone(),
            role_ids,
            created_at: now,
            updated_at: now,
            last_login_at: None,
        });
    }
    for o in &doc.organizations {
        let Some((app, _)) = find_env(doc, &o.environment_id) else {
            continue;
        };
        store.organizations.push(Organization {
            id: o.id.clone(),
            tenant_id: app.tenant_id.clone(),
            app_id: app.id.clone(),
            env_id: o.environment_id.clone(),
            name: o.name.clone(),
            slug: o.slug.clone(),
            image_url: o.image_url.clone(),
            metadata: o.metadata.clone(),
            created_by: o.created_by.clone(),
            members: o
                .members
                .iter()
                .map(|m| OrgMember {
                    id: m.id.clone().unwrap_or_else(|| random::id("mem")),
                    user_id: m.user_id.clone(),
                    role: m.role.clone(),
                    created_at: now,
                })
                .collect(),
            created_at: now,
            updated_at: now,
        });
    }
    for k in &doc.api_keys {
        let key_type = if k.application_id.is_some() {
            "secret"
        } else {
            "platform"
        };
        store.api_keys.push(ApiKey {
            id: k.id.clone(),
            tenant_id: k.tenant_id.clone(),
            app_id: k.application_id.clone(),
            env_id: k.environment_id.clone(),
            name: k.name.clone(),
            key_prefix: k.key_prefix.clone(),
            key_type: k.key_type.clone().unwrap_or_else(|| key_type.to_owned()),
            created_at: now,
        });
    }
    store
}

fn base32(secret: Option<&Vec<u8>>) -> Option<String> {
    secret.map(|s| inai_auth_core::totp::base32_encode(s))
}

/// The starting-state part of `store`, in the seed format.
pub(crate) fn export(store: &Store) -> SeedDoc {
    SeedDoc {
        tenants: store
            .tenants
            .iter()
            .map(|t| TenantDoc {
                id: t.id.clone(),
                name: t.name.clone(),
                slug: t.slug.clone(),
                plan: t.plan.clone(),
                settings: t.settings.clone(),
            })
            .collect(),
        platform_users: store
            .platform_users
            .iter()
            .map(|u| PlatformUserDoc {
                id: u.id.clone(),
                tenant_id: u.tenant_id.clone(),
                email: u.email.clone(),
                password: None,
                password_hash: Some(u.password.encoded()),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                roles: u.roles.clone(),
                is_active: u.is_active,
                mfa_secret: base32(u.mfa.secret.as_ref()),
                mfa_backup_codes: u.mfa.backup_codes.clone(),
            })
            .collect(),
        applications: store
            .applications
            .iter()
            .map(|a| ApplicationDoc {
                id: a.id.clone(),
                tenant_id: a.tenant_id.clone(),
                name: a.name.clone(),
                slug: a.slug.clone(),
                domain: a.domain.clone(),
                home_url: a.home_url.clone(),
                callback_urls: a.callback_urls.clone(),
                is_active: a.is_active,
                settings: a.settings.clone(),
                auth_config: a.auth_config.clone(),
                environments: store
                    .environments
                    .iter()
                    .filter(|e| e.app_id == a.id)
                    .map(|e| EnvironmentDoc {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        publishable_key: e.publishable_key.clone(),
                        is_active: e.is_active,
                    })
                    .collect(),
            })
            .collect(),
        permissions: store
            .permissions
            .iter()
            .map(|p| PermissionDoc {
                id: p.id.clone(),
                application_id: p.app_id.clone(),
                environment_id: p.env_id.clone(),
                name: p.name.clone(),
                resource: Some(p.resource.clone()),
                action: Some(p.action.clone()),
                description: p.description.clone(),
            })
            .collect(),
        roles: store
            .roles
            .iter()
            .map(|r| RoleDoc {
                id: r.id.clone(),
                application_id: r.app_id.clone(),
                environment_id: r.env_id.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                hierarchy_level: r.hierarchy_level,
                permissions: r.permission_ids.clone(),
            })
            .collect(),
        users: store
            .app_users
            .iter()
            .map(|u| UserDoc {
                id: u.id.clone(),
                environment_id: u.env_id.clone(),
                email: u.email.clone(),
                password: None,
                password_hash: u.password.as_ref().map(PasswordHash::encoded),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                email_verified: u.email_verified,
                is_active: u.is_active,
                roles: u.role_ids.clone(),
                external_id: u.external_id.clone(),
                mfa_secret: base32(u.mfa.secret.as_ref()),
                mfa_backup_codes: u.mfa.backup_codes.clone(),
            })
            .collect(),
        organizations: store
            .organizations
            .iter()
            .map(|o| OrganizationDoc {
                id: o.id.clone(),
                environment_id: o.env_id.clone(),
                name: o.name.clone(),
                slug: o.slug.clone(),
                image_url: o.image_url.clone(),
                metadata: o.metadata.clone(),
                created_by: o.created_by.clone(),
                members: o
                    .members
                    .iter()
                    .map(|m| MemberDoc {
                        id: Some(m.id.clone()),
                        user_id: m.user_id.clone(),
                        role: m.role.clone(),
                    })
                    .collect(),
            })
            .collect(),
        api_keys: store
            .api_keys
            .iter()
            .map(|k| ApiKeyDoc {
                id: k.id.clone(),
                tenant_id: k.tenant_id.clone(),
                application_id: k.app_id.clone(),
                environment_id: k.env_id.clone(),
                name: k.name.clone(),
                key_prefix: k.key_prefix.clone(),
                key_type: Some(k.key_type.clone()),
            })
            .collect(),
    }
}
