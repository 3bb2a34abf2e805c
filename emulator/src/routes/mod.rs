//! The route table: every operation of ENDPOINTS.md plus the emulator's own routes.

use axum::Router;
use axum::routing::{delete, get, patch, post, put};

use crate::api::problem::ApiError;
use crate::state::shared::AppState;

mod api_keys;
mod app_orgs;
mod app_users;
mod applications;
mod audit;
mod emulator;
mod import;
mod invitation_rules;
mod invitations;
mod members;
mod orgs_core;
mod platform_auth;
mod roles;
mod roles_core;
mod scope;
mod sessions;
mod settings;
mod templates;
mod v1_auth;
mod v1_mfa;
mod v1_orgs;
mod v1_users;
mod webhooks;

async fn no_route() -> ApiError {
    ApiError::not_found("route")
}

/// All routes, over `state`.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .merge(v1_routes())
        .merge(platform_routes())
        .merge(emulator_routes())
        .fallback(no_route)
        .with_state(state)
}

fn v1_routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(v1_auth::login))
        .route("/api/v1/auth/register", post(v1_auth::register))
        .route("/api/v1/auth/mfa/challenge", post(v1_auth::mfa_challenge))
        .route("/api/v1/auth/refresh", post(v1_auth::refresh))
        .route("/api/v1/auth/logout", post(v1_auth::logout))
        .route("/api/v1/auth/me", get(v1_auth::me))
        .route(
            "/api/v1/auth/set-active-organization",
            post(v1_auth::set_active_organization),
        )
        .route(
            "/api/v1/auth/forgot-password",
            post(v1_auth::forgot_password),
        )
        .route("/api/v1/auth/reset-password", post(v1_auth::reset_password))
        .route("/api/v1/auth/verify-email", post(v1_auth::verify_email))
        .route("/api/v1/auth/oauth/{provider}", get(emulator::oauth))
        .route("/api/v1/auth/mfa/enable", post(v1_mfa::enable))
        .route("/api/v1/auth/mfa/verify", post(v1_mfa::verify_setup))
        .route("/api/v1/auth/mfa/disable", post(v1_mfa::disable))
        .route("/api/v1/auth/mfa/backup-codes", post(v1_mfa::backup_codes))
        .route(
            "/api/v1/auth/mfa/backup-code/verify",
            post(v1_mfa::verify_backup_code),
        )
        .route("/api/v1/auth/mfa/remaining", get(v1_mfa::remaining))
        .route("/api/v1/sessions", get(sessions::list_own))
        .route(
            "/api/v1/sessions/revoke-all",
            post(sessions::revoke_all_own),
        )
        .route(
            "/api/v1/sessions/{session_id}/revoke",
            post(sessions::revoke_own),
        )
        .route(
            "/api/v1/organizations",
            get(v1_orgs::list).post(v1_orgs::create),
        )
        .route(
            "/api/v1/organizations/{org_id}",
            get(v1_orgs::get)
                .put(v1_orgs::update)
                .delete(v1_orgs::delete),
        )
        .route(
            "/api/v1/organizations/{org_id}/members",
            get(v1_orgs::list_members).post(v1_orgs::add_member),
        )
        .route(
            "/api/v1/organizations/{org_id}/members/{member_id}",
            patch(v1_orgs::update_member).delete(v1_orgs::remove_member),
        )
        .route(
            "/api/v1/organizations/{org_id}/invitations",
            post(v1_orgs::invite),
        )
        .route(
            "/api/v1/invitations",
            get(invitations::list_v1).post(invitations::send_v1),
        )
        .route(
            "/api/v1/invitations/{invitation_id}",
            delete(invitations::cancel),
        )
        .route(
            "/api/v1/invitations/{invitation_id}/accept",
            post(invitations::accept_v1),
        )
        .route(
            "/api/v1/invitations/{invitation_id}/resend",
            post(invitations::resend),
        )
        .route("/api/v1/import/users", post(import::import_users))
        .route(
            "/api/v1/import/users/{external_id}",
            get(v1_users::by_external_id),
        )
        .route("/api/v1/users", get(v1_users::list).post(v1_users::create))
        .route(
            "/api/v1/users/{user_id}",
            get(v1_users::get).patch(v1_users::update),
        )
        .route("/api/v1/users/{user_id}/roles", post(v1_users::set_roles))
        .route(
            "/api/v1/roles",
            get(roles::list_roles).post(roles::create_role),
        )
        .route(
            "/api/v1/roles/{role_id}",
            get(roles::get_role)
                .patch(roles::update_role)
                .delete(roles::delete_role),
        )
        .route(
            "/api/v1/roles/{role_id}/permissions",
            get(roles::role_permissions).post(roles::assign_permissions),
        )
        .route(
            "/api/v1/roles/{role_id}/permissions/{permission_id}",
            delete(roles::remove_permission),
        )
        .route(
            "/api/v1/permissions",
            get(roles::list_permissions).post(roles::create_permission),
        )
        .route(
            "/api/v1/permissions/{permission_id}",
            delete(roles::delete_permission),
        )
}

fn platform_routes() -> Router<AppState> {
    Router::new()
        .route("/api/platform/auth/register", post(platform_auth::register))
        .route("/api/platform/auth/login", post(platform_auth::login))
        .route("/api/platform/auth/refresh", post(platform_auth::refresh))
        .route("/api/platform/auth/logout", post(platform_auth::logout))
        .route(
            "/api/platform/auth/mfa/challenge",
            post(platform_auth::mfa_challenge),
        )
        .route("/api/platform/auth/me", get(platform_auth::me))
        .route(
            "/api/platform/applications",
            get(applications::list).post(applications::create),
        )
        .route(
            "/api/platform/applications/{app_id}",
            get(applications::get)
                .patch(applications::update)
                .delete(applications::delete),
        )
        .route(
            "/api/platform/applications/{app_id}/stats",
            get(applications::stats),
        )
        .route(
            "/api/platform/applications/{app_id}/users",
            get(app_users::list).post(app_users::create),
        )
        .route(
            "/api/platform/applications/{app_id}/users/{user_id}",
            get(app_users::get).patch(app_users::update),
        )
        .route(
            "/api/platform/applications/{app_id}/users/{user_id}/roles",
            post(app_users::set_roles),
        )
        .route(
            "/api/platform/applications/{app_id}/api-keys",
            get(api_keys::list_app).post(api_keys::create_app),
        )
        .route(
            "/api/platform/applications/{app_id}/api-keys/{key_id}",
            delete(api_keys::revoke_app),
        )
        .route(
            "/api/platform/applications/{app_id}/rotate-keys",
            post(api_keys::rotate_publishable),
        )
        .route(
            "/api/platform/api-keys",
            get(api_keys::list_platform).post(api_keys::create_platform),
        )
        .route(
            "/api/platform/api-keys/{key_id}",
            delete(api_keys::revoke_platform),
        )
        .merge(platform_app_routes())
        .merge(platform_tenant_routes())
}

fn platform_app_routes() -> Router<AppState> {
    const APP: &str = "/api/platform/applications/{app_id}";
    let at = |rest: &str| format!("{APP}{rest}");
    Router::new()
        .route(
            &at("/roles"),
            get(roles::list_roles).post(roles::create_role),
        )
        .route(
            &at("/roles/{role_id}"),
            get(roles::get_role)
                .patch(roles::update_role)
                .delete(roles::delete_role),
        )
        .route(
            &at("/roles/{role_id}/permissions"),
            get(roles::role_permissions).post(roles::assign_permissions),
        )
        .route(
            &at("/roles/{role_id}/permissions/{permission_id}"),
            delete(roles::remove_permission),
        )
        .route(
            &at("/permissions"),
            get(roles::list_permissions).post(roles::create_permission),
        )
        .route(
            &at("/permissions/{permission_id}"),
            delete(roles::delete_permission),
        )
        .route(&at("/sessions"), get(sessions::list_app))
        .route(
            &at("/sessions/{session_id}/revoke"),
            post(sessions::revoke_app),
        )
        .route(&at("/audit-logs"), get(audit::list_app))
        .route(
            &at("/invitations"),
            get(invitations::list_app).post(invitations::create_app),
        )
        .route(
            &at("/invitations/{invitation_id}"),
            delete(invitations::cancel),
        )
        .route(
            &at("/invitations/{invitation_id}/resend"),
            post(invitations::resend),
        )
        .route(
            &at("/organizations"),
            get(app_orgs::list).post(app_orgs::create),
        )
        .route(
            &at("/organizations/{org_id}"),
            put(app_orgs::update).delete(app_orgs::delete),
        )
        .route(
            &at("/webhooks"),
            get(webhooks::list_app).post(webhooks::create_app),
        )
        .route(&at("/webhooks/{webhook_id}"), delete(webhooks::delete_app))
        .route(
            &at("/email-templates"),
            get(templates::list_app).post(templates::create_app),
        )
        .route(
            &at("/email-templates/{template_id}"),
            patch(templates::update_app),
        )
        .route(
            &at("/email-templates/{template_id}/preview"),
            get(templates::preview_app),
        )
}

fn platform_tenant_routes() -> Router<AppState> {
    Router::new()
        .route("/api/platform/members", get(members::list))
        .route("/api/platform/members/invite", post(members::invite))
        .route(
            "/api/platform/members/invitations",
            get(members::list_invitations),
        )
        .route(
            "/api/platform/members/invitations/{invitation_id}",
            delete(members::cancel_invitation),
        )
        .route(
            "/api/platform/members/invitations/{invitation_id}/resend",
            post(members::resend_invitation),
        )
        .route(
            "/api/platform/members/invite/{invitation_id}/accept",
            post(members::accept_invitation),
        )
        .route(
            "/api/platform/members/{member_id}",
            patch(members::update).delete(members::remove),
        )
        .route(
            "/api/platform/webhooks",
            get(webhooks::list_platform).post(webhooks::create_platform),
        )
        .route(
            "/api/platform/webhooks/{webhook_id}",
            delete(webhooks::delete_platform),
        )
        .route(
            "/api/platform/email-templates",
            get(templates::list_platform),
        )
        .route(
            "/api/platform/email-templates/initialize",
            post(templates::initialize_platform),
        )
        .route(
            "/api/platform/email-templates/{template_id}",
            patch(templates::update_platform),
        )
        .route(
            "/api/platform/email-templates/{template_id}/preview",
            get(templates::preview_platform),
        )
        .route("/api/platform/audit-logs", get(audit::list_platform))
        .route(
            "/api/platform/settings",
            axum::routing::patch(settings::update),
        )
}

fn emulator_routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/jwks.json", get(emulator::jwks))
        .route(
            "/__emulator/outbox",
            get(emulator::outbox).delete(emulator::clear_outbox),
        )
        .route("/__emulator/rotate-keys", post(emulator::rotate_keys))
        .route("/__emulator/retire-keys", post(emulator::retire_keys))
        .route("/__emulator/reset", post(emulator::reset))
        .route("/__emulator/seed", get(emulator::seed))
        .route("/__emulator/export", get(emulator::export))
        .route("/__emulator/tokens", post(emulator::mint_token))
        .route("/__emulator/totp", get(emulator::totp))
        .route(
            "/__emulator/faults",
            post(emulator::add_fault)
                .get(emulator::list_faults)
                .delete(emulator::clear_faults),
        )
        .route(
            "/__emulator/requests",
            get(emulator::requests).delete(emulator::clear_requests),
        )
        .route("/__emulator/platform-mfa", post(emulator::platform_mfa))
        .route(
            "/__emulator/health",
            get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
        )
}
