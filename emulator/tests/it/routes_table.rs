//! Every operation of ENDPOINTS.md is routed at its method and path.

use crate::client::Api;

/// (operation, method, path) for all 123 rows of ENDPOINTS.md.
const ROWS: &[(&str, &str, &str)] = &[
    ("login", "POST", "/api/v1/auth/login"),
    ("register", "POST", "/api/v1/auth/register"),
    ("mfa_challenge", "POST", "/api/v1/auth/mfa/challenge"),
    ("refresh", "POST", "/api/v1/auth/refresh"),
    ("logout", "POST", "/api/v1/auth/logout"),
    ("get_me", "GET", "/api/v1/auth/me"),
    (
        "set_active_organization",
        "POST",
        "/api/v1/auth/set-active-organization",
    ),
    ("forgot_password", "POST", "/api/v1/auth/forgot-password"),
    ("reset_password", "POST", "/api/v1/auth/reset-password"),
    ("verify_email", "POST", "/api/v1/auth/verify-email"),
    (
        "oauth_init_url",
        "(URL only)",
        "/api/v1/auth/oauth/{provider}",
    ),
    ("platform_register", "POST", "/api/platform/auth/register"),
    ("platform_login", "POST", "/api/platform/auth/login"),
    ("platform_refresh", "POST", "/api/platform/auth/refresh"),
    ("platform_logout", "POST", "/api/platform/auth/logout"),
    (
        "platform_mfa_challenge",
        "POST",
        "/api/platform/auth/mfa/challenge",
    ),
    ("platform_get_me", "GET", "/api/platform/auth/me"),
    ("list_applications", "GET", "/api/platform/applications"),
    ("create_application", "POST", "/api/platform/applications"),
    (
        "get_application",
        "GET",
        "/api/platform/applications/{appId}",
    ),
    (
        "update_application",
        "PATCH",
        "/api/platform/applications/{appId}",
    ),
    (
        "delete_application",
        "DELETE",
        "/api/platform/applications/{appId}",
    ),
    (
        "get_application_stats",
        "GET",
        "/api/platform/applications/{appId}/stats",
    ),
    (
        "list_app_users",
        "GET",
        "/api/platform/applications/{appId}/users",
    ),
    (
        "create_app_user",
        "POST",
        "/api/platform/applications/{appId}/users",
    ),
    (
        "list_app_api_keys",
        "GET",
        "/api/platform/applications/{appId}/api-keys",
    ),
    (
        "create_app_api_key",
        "POST",
        "/api/platform/applications/{appId}/api-keys",
    ),
    (
        "revoke_app_api_key",
        "DELETE",
        "/api/platform/applications/{appId}/api-keys/{keyId}",
    ),
    (
        "rotate_app_keys",
        "POST",
        "/api/platform/applications/{appId}/rotate-keys",
    ),
    (
        "get_app_user",
        "GET",
        "/api/platform/applications/{appId}/users/{userId}",
    ),
    (
        "update_app_user",
        "PATCH",
        "/api/platform/applications/{appId}/users/{userId}",
    ),
    (
        "assign_app_user_roles",
        "POST",
        "/api/platform/applications/{appId}/users/{userId}/roles",
    ),
    (
        "list_app_roles",
        "GET",
        "/api/platform/applications/{appId}/roles",
    ),
    (
        "create_app_role",
        "POST",
        "/api/platform/applications/{appId}/roles",
    ),
    (
        "get_app_role",
        "GET",
        "/api/platform/applications/{appId}/roles/{roleId}",
    ),
    (
        "update_app_role",
        "PATCH",
        "/api/platform/applications/{appId}/roles/{roleId}",
    ),
    (
        "delete_app_role",
        "DELETE",
        "/api/platform/applications/{appId}/roles/{roleId}",
    ),
    (
        "get_app_role_permissions",
        "GET",
        "/api/platform/applications/{appId}/roles/{roleId}/permissions",
    ),
    (
        "assign_app_role_permissions",
        "POST",
        "/api/platform/applications/{appId}/roles/{roleId}/permissions",
    ),
    (
        "remove_app_role_permission",
        "DELETE",
        "/api/platform/applications/{appId}/roles/{roleId}/permissions/{permissionId}",
    ),
    (
        "list_app_permissions",
        "GET",
        "/api/platform/applications/{appId}/permissions",
    ),
    (
        "create_app_permission",
        "POST",
        "/api/platform/applications/{appId}/permissions",
    ),
    (
        "delete_app_permission",
        "DELETE",
        "/api/platform/applications/{appId}/permissions/{permissionId}",
    ),
    ("list_platform_members", "GET", "/api/platform/members"),
    (
        "invite_platform_member",
        "POST",
        "/api/platform/members/invite",
    ),
    (
        "update_platform_member",
        "PATCH",
        "/api/platform/members/{memberId}",
    ),
    (
        "remove_platform_member",
        "DELETE",
        "/api/platform/members/{memberId}",
    ),
    (
        "list_platform_invitations",
        "GET",
        "/api/platform/members/invitations",
    ),
    (
        "cancel_platform_invitation",
        "DELETE",
        "/api/platform/members/invitations/{invitationId}",
    ),
    (
        "resend_platform_invitation",
        "POST",
        "/api/platform/members/invitations/{invitationId}/resend",
    ),
    (
        "accept_platform_invitation",
        "POST",
        "/api/platform/members/invite/{invitationId}/accept",
    ),
    (
        "list_app_sessions",
        "GET",
        "/api/platform/applications/{appId}/sessions",
    ),
    (
        "revoke_app_session",
        "POST",
        "/api/platform/applications/{appId}/sessions/{sessionId}/revoke",
    ),
    (
        "list_app_audit_logs",
        "GET",
        "/api/platform/applications/{appId}/audit-logs",
    ),
    (
        "list_app_invitations",
        "GET",
        "/api/platform/applications/{appId}/invitations",
    ),
    (
        "create_app_invitation",
        "POST",
        "/api/platform/applications/{appId}/invitations",
    ),
    (
        "resend_app_invitation",
        "POST",
        "/api/platform/applications/{appId}/invitations/{invitationId}/resend",
    ),
    (
        "cancel_app_invitation",
        "DELETE",
        "/api/platform/applications/{appId}/invitations/{invitationId}",
    ),
    (
        "list_app_organizations",
        "GET",
        "/api/platform/applications/{appId}/organizations",
    ),
    (
        "create_app_organization",
        "POST",
        "/api/platform/applications/{appId}/organizations",
    ),
    (
        "update_app_organization",
        "PUT",
        "/api/platform/applications/{appId}/organizations/{orgId}",
    ),
    (
        "delete_app_organization",
        "DELETE",
        "/api/platform/applications/{appId}/organizations/{orgId}",
    ),
    (
        "list_app_webhooks",
        "GET",
        "/api/platform/applications/{appId}/webhooks",
    ),
    (
        "create_app_webhook",
        "POST",
        "/api/platform/applications/{appId}/webhooks",
    ),
    (
        "delete_app_webhook",
        "DELETE",
        "/api/platform/applications/{appId}/webhooks/{webhookId}",
    ),
    (
        "list_app_email_templates",
        "GET",
        "/api/platform/applications/{appId}/email-templates",
    ),
    (
        "create_app_email_template",
        "POST",
        "/api/platform/applications/{appId}/email-templates",
    ),
    (
        "update_app_email_template",
        "PATCH",
        "/api/platform/applications/{appId}/email-templates/{templateId}",
    ),
    (
        "preview_app_email_template",
        "GET",
        "/api/platform/applications/{appId}/email-templates/{templateId}/preview",
    ),
    ("list_platform_api_keys", "GET", "/api/platform/api-keys"),
    ("create_platform_api_key", "POST", "/api/platform/api-keys"),
    (
        "revoke_platform_api_key",
        "DELETE",
        "/api/platform/api-keys/{keyId}",
    ),
    ("list_platform_webhooks", "GET", "/api/platform/webhooks"),
    ("create_platform_webhook", "POST", "/api/platform/webhooks"),
    (
        "delete_platform_webhook",
        "DELETE",
        "/api/platform/webhooks/{webhookId}",
    ),
    (
        "list_platform_email_templates",
        "GET",
        "/api/platform/email-templates",
    ),
    (
        "update_platform_email_template",
        "PATCH",
        "/api/platform/email-templates/{templateId}",
    ),
    (
        "preview_platform_email_template",
        "GET",
        "/api/platform/email-templates/{templateId}/preview",
    ),
    (
        "initialize_email_templates",
        "POST",
        "/api/platform/email-templates/initialize",
    ),
    (
        "list_platform_audit_logs",
        "GET",
        "/api/platform/audit-logs",
    ),
    (
        "update_platform_settings",
        "PATCH",
        "/api/platform/settings",
    ),
    ("enable_mfa", "POST", "/api/v1/auth/mfa/enable"),
    ("verify_mfa_setup", "POST", "/api/v1/auth/mfa/verify"),
    ("disable_mfa", "POST", "/api/v1/auth/mfa/disable"),
    (
        "generate_backup_codes",
        "POST",
        "/api/v1/auth/mfa/backup-codes",
    ),
    (
        "verify_backup_code",
        "POST",
        "/api/v1/auth/mfa/backup-code/verify",
    ),
    (
        "get_remaining_backup_codes",
        "GET",
        "/api/v1/auth/mfa/remaining",
    ),
    ("list_sessions", "GET", "/api/v1/sessions"),
    (
        "revoke_session",
        "POST",
        "/api/v1/sessions/{sessionId}/revoke",
    ),
    ("revoke_all_sessions", "POST", "/api/v1/sessions/revoke-all"),
    ("list_organizations", "GET", "/api/v1/organizations"),
    ("create_organization", "POST", "/api/v1/organizations"),
    ("get_organization", "GET", "/api/v1/organizations/{orgId}"),
    (
        "update_organization",
        "PUT",
        "/api/v1/organizations/{orgId}",
    ),
    (
        "delete_organization",
        "DELETE",
        "/api/v1/organizations/{orgId}",
    ),
    (
        "list_org_members",
        "GET",
        "/api/v1/organizations/{orgId}/members",
    ),
    (
        "add_org_member",
        "POST",
        "/api/v1/organizations/{orgId}/members",
    ),
    (
        "update_org_member",
        "PATCH",
        "/api/v1/organizations/{orgId}/members/{memberId}",
    ),
    (
        "remove_org_member",
        "DELETE",
        "/api/v1/organizations/{orgId}/members/{memberId}",
    ),
    (
        "create_org_invitation",
        "POST",
        "/api/v1/organizations/{orgId}/invitations",
    ),
    ("list_invitations", "GET", "/api/v1/invitations"),
    ("send_invitation", "POST", "/api/v1/invitations"),
    (
        "accept_invitation",
        "POST",
        "/api/v1/invitations/{invitationId}/accept",
    ),
    (
        "cancel_invitation",
        "DELETE",
        "/api/v1/invitations/{invitationId}",
    ),
    (
        "resend_invitation",
        "POST",
        "/api/v1/invitations/{invitationId}/resend",
    ),
    ("import_users", "POST", "/api/v1/import/users"),
    ("list_users", "GET", "/api/v1/users"),
    ("create_user", "POST", "/api/v1/users"),
    ("get_user", "GET", "/api/v1/users/{userId}"),
    (
        "get_user_by_external_id",
        "GET",
        "/api/v1/import/users/{externalId}",
    ),
    ("update_user", "PATCH", "/api/v1/users/{userId}"),
    ("assign_user_roles", "POST", "/api/v1/users/{userId}/roles"),
    ("list_roles", "GET", "/api/v1/roles"),
    ("create_role", "POST", "/api/v1/roles"),
    ("get_role", "GET", "/api/v1/roles/{roleId}"),
    ("update_role", "PATCH", "/api/v1/roles/{roleId}"),
    ("delete_role", "DELETE", "/api/v1/roles/{roleId}"),
    (
        "get_role_permissions",
        "GET",
        "/api/v1/roles/{roleId}/permissions",
    ),
    (
        "assign_role_permissions",
        "POST",
        "/api/v1/roles/{roleId}/permissions",
    ),
    (
        "remove_role_permission",
        "DELETE",
        "/api/v1/roles/{roleId}/permissions/{permissionId}",
    ),
    ("list_permissions", "GET", "/api/v1/permissions"),
    ("create_permission", "POST", "/api/v1/permissions"),
    (
        "delete_permission",
        "DELETE",
        "/api/v1/permissions/{permissionId}",
    ),
];

fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => in_param = true,
            '}' => {
                in_param = false;
                out.push_str("missing_id");
            }
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn every_operation_is_routed() {
    let api = Api::start();
    assert_eq!(ROWS.len(), 123);
    for (op, method, path) in ROWS {
        let method = if *method == "(URL only)" {
            "GET"
        } else {
            method
        };
        let r = api.req(method, &concrete(path)).send();
        let routed = r.status != 405 && !(r.status == 404 && r.body["detail"] == "route not found");
        assert!(routed, "{op}: {method} {path} is not routed ({})", r.status);
        if r.status >= 400 {
            assert_eq!(
                r.headers["content-type"], "application/problem+json",
                "{op}"
            );
        }
    }
}

#[test]
fn every_authenticated_operation_refuses_anonymous_calls() {
    let api = Api::start();
    let public = [
        "oauth_init_url",
        "platform_register",
        "platform_login",
        "platform_refresh",
        "platform_mfa_challenge",
        "accept_platform_invitation",
    ];
    for (op, method, path) in ROWS.iter().filter(|(op, _, _)| !public.contains(op)) {
        let r = api.req(method, &concrete(path)).send();
        assert_eq!(r.status, 401, "{op}: {method} {path}: {}", r.text);
    }
}
