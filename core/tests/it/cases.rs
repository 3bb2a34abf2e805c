//! How each vector's operation is built, by name. The expected requests and
//! answers are in `tests/data/vectors.json`.

use inai_auth_core::models::{ImportUser, Settings};
use inai_auth_core::ops::*;
use serde_json::json;

use crate::support::TOKEN;
use crate::vectors::check;

fn settings(value: serde_json::Value) -> Settings {
    value.as_object().cloned().unwrap()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Vectors of a second form of an operation, named `<operation>#<form>`;
/// `false` if there is no such case.
pub(crate) fn run_variant(name: &str) -> bool {
    match name {
        "set_active_organization#clear" => {
            check(
                name,
                &SetActiveOrganization::new(TOKEN, ActiveOrganization::none()),
            );
            true
        }
        _ => false,
    }
}

macro_rules! cases {
    ($( $name:ident: $op:expr; )*) => {
        /// The names of the operations that have a case here.
        pub(crate) const CASES: &[&str] = &[$( stringify!($name) ),*];

        /// Runs the vector of `name`; `false` if there is no case for it.
        pub(crate) fn run(name: &str) -> bool {
            match name {
                $( stringify!($name) => { check(name, &$op); true } )*
                _ => false,
            }
        }
    };
}

cases! {
    login: Login::new("ada@example.com", "correct horse");
    register: Register::new("ada@example.com", "correct horse").with_first_name("Ada");
    mfa_challenge: MfaChallenge::new("mfa_tok_1", "123456");
    refresh: Refresh::new("rt_1");
    logout: Logout::new("rt_1");
    get_me: GetMe::new(TOKEN);
    set_active_organization: SetActiveOrganization::new(TOKEN, "org_1");
    forgot_password: ForgotPassword::new("ada@example.com");
    reset_password: ResetPassword::new("reset_tok_1", "new horse");
    verify_email: VerifyEmail::new("verify_tok_1");
    platform_register: PlatformRegister::new("owner@example.com", "owner pass", "Acme", "acme").with_last_name("Owner");
    platform_login: PlatformLogin::new("owner@example.com", "owner pass");
    platform_refresh: PlatformRefresh::new("prt_1");
    platform_logout: PlatformLogout::new(TOKEN);
    platform_mfa_challenge: PlatformMfaChallenge::new("mfa_tok_2", "654321");
    platform_get_me: PlatformGetMe::new(TOKEN);
    list_applications: ListApplications::new(TOKEN);
    create_application: CreateApplication::new(TOKEN, "Shop", "shop")
        .with_domain("shop.example")
        .with_callback_urls(strings(&["https://shop.example/cb"]))
        .with_settings(settings(json!({ "theme": "dark" })));
    get_application: GetApplication::new(TOKEN, "app_1");
    update_application: UpdateApplication::new(TOKEN, "app_1")
        .with_name("Shop 2")
        .clear_domain()
        .with_home_url("https://shop2.example")
        .clear_auth_config()
        .with_is_active(false);
    delete_application: DeleteApplication::new(TOKEN, "app_1");
    get_application_stats: GetApplicationStats::new(TOKEN, "app_1");
    list_app_users: ListAppUsers::new(TOKEN, "app_1").with_environment_id("env_1").with_page(2).with_limit(50);
    create_app_user: CreateAppUser::new(TOKEN, "app_1", "bob@example.com", "bob pass", "env_1").with_last_name("Builder");
    list_app_api_keys: ListAppApiKeys::new(TOKEN, "app_1").with_environment_id("env 2");
    create_app_api_key: CreateAppApiKey::new(TOKEN, "app_1", "CI", "env_1");
    revoke_app_api_key: RevokeAppApiKey::new(TOKEN, "app_1", "key_1");
    rotate_app_keys: RotateAppKeys::new(TOKEN, "app_1", "env_1");
    get_app_user: GetAppUser::new(TOKEN, "app_1", "usr_1");
    update_app_user: UpdateAppUser::new(TOKEN, "app_1", "usr_1").with_first_name("Ada").with_is_active(true);
    assign_app_user_roles: AssignAppUserRoles::new(TOKEN, "app_1", "usr_1", ["role_1", "role_2"]);
    list_app_roles: ListAppRoles::new(TOKEN, "app_1");
    create_app_role: CreateAppRole::new(TOKEN, "app_1", "editor").with_description("Edits").with_hierarchy_level(10);
    get_app_role: GetAppRole::new(TOKEN, "app_1", "role_1");
    update_app_role: UpdateAppRole::new(TOKEN, "app_1", "role_1").clear_description();
    delete_app_role: DeleteAppRole::new(TOKEN, "app_1", "role_1");
    get_app_role_permissions: GetAppRolePermissions::new(TOKEN, "app_1", "role_1");
    assign_app_role_permissions: AssignAppRolePermissions::new(TOKEN, "app_1", "role_1", strings(&["perm_1", "perm_2"]));
    remove_app_role_permission: RemoveAppRolePermission::new(TOKEN, "app_1", "role_1", "perm_1");
    list_app_permissions: ListAppPermissions::new(TOKEN, "app_1").with_environment_id("env_1");
    create_app_permission: CreateAppPermission::new(TOKEN, "app_1", "posts:write", "posts", "write").with_environment_id("env_1");
    delete_app_permission: DeleteAppPermission::new(TOKEN, "app_1", "perm_1");
    list_platform_members: ListPlatformMembers::new(TOKEN);
    invite_platform_member: InvitePlatformMember::new(TOKEN, "new@example.com", "developer").with_first_name("Nina");
    update_platform_member: UpdatePlatformMember::new(TOKEN, "pm_1", "admin");
    remove_platform_member: RemovePlatformMember::new(TOKEN, "pm_1");
    list_platform_invitations: ListPlatformInvitations::new(TOKEN);
    cancel_platform_invitation: CancelPlatformInvitation::new(TOKEN, "pinv_1");
    resend_platform_invitation: ResendPlatformInvitation::new(TOKEN, "pinv_1");
    accept_platform_invitation: AcceptPlatformInvitation::new("pinv_1", "new pass");
    list_app_sessions: ListAppSessions::new(TOKEN, "app_1").with_limit(20);
    revoke_app_session: RevokeAppSession::new(TOKEN, "app_1", "ses_1");
    list_app_audit_logs: ListAppAuditLogs::new(TOKEN, "app_1").with_environment_id("env_1").with_page(1).with_action("user.login");
    list_app_invitations: ListAppInvitations::new(TOKEN, "app_1").with_environment_id("env_1");
    create_app_invitation: CreateAppInvitation::new(TOKEN, "app_1", "guest@example.com", "env_1").with_role_id("role_1");
    resend_app_invitation: ResendAppInvitation::new(TOKEN, "app_1", "inv_1");
    cancel_app_invitation: CancelAppInvitation::new(TOKEN, "app_1", "inv_1");
    list_app_organizations: ListAppOrganizations::new(TOKEN, "app_1").with_environment_id("env_1").with_page(3).with_limit(10);
    create_app_organization: CreateAppOrganization::new(TOKEN, "app_1", "Research", "research", "env_1").with_metadata(json!({ "tier": "gold" }));
    update_app_organization: UpdateAppOrganization::new(TOKEN, "app_1", "org_1").with_slug("research-2").clear_image_url();
    delete_app_organization: DeleteAppOrganization::new(TOKEN, "app_1", "org_1");
    list_app_webhooks: ListAppWebhooks::new(TOKEN, "app_1");
    create_app_webhook: CreateAppWebhook::new(TOKEN, "app_1", "https://hooks.example/inai", strings(&["user.created"])).with_environment_id("env_1");
    delete_app_webhook: DeleteAppWebhook::new(TOKEN, "app_1", "wh_1");
    list_app_email_templates: ListAppEmailTemplates::new(TOKEN, "app_1").with_environment_id("env_1");
    create_app_email_template: CreateAppEmailTemplate::new(TOKEN, "app_1", "welcome", "Welcome", "<p>Hi {{name}}</p>", "env_1")
        .with_variables(strings(&["name"]));
    update_app_email_template: UpdateAppEmailTemplate::new(TOKEN, "app_1", "tpl_1").with_subject("Hello").with_text_body("Hi {{name}}");
    preview_app_email_template: PreviewAppEmailTemplate::new(TOKEN, "app_1", "tpl_1");
    list_platform_api_keys: ListPlatformApiKeys::new(TOKEN);
    create_platform_api_key: CreatePlatformApiKey::new(TOKEN, "deploy");
    revoke_platform_api_key: RevokePlatformApiKey::new(TOKEN, "key_1");
    list_platform_webhooks: ListPlatformWebhooks::new(TOKEN);
    create_platform_webhook: CreatePlatformWebhook::new(TOKEN, "https://hooks.example/inai", vec!["user.created"]);
    delete_platform_webhook: DeletePlatformWebhook::new(TOKEN, "wh_1");
    list_platform_email_templates: ListPlatformEmailTemplates::new(TOKEN);
    update_platform_email_template: UpdatePlatformEmailTemplate::new(TOKEN, "tpl_1").clear_text_body().with_is_active(false);
    preview_platform_email_template: PreviewPlatformEmailTemplate::new(TOKEN, "tpl_1");
    initialize_email_templates: InitializeEmailTemplates::new(TOKEN);
    list_platform_audit_logs: ListPlatformAuditLogs::new(TOKEN).with_page(2).with_limit(25).with_action("user login");
    update_platform_settings: UpdatePlatformSettings::new(TOKEN, settings(json!({ "allowSignups": true })));
    enable_mfa: EnableMfa::new(TOKEN);
    verify_mfa_setup: VerifyMfaSetup::new(TOKEN, "123456");
    disable_mfa: DisableMfa::new(TOKEN, "123456");
    generate_backup_codes: GenerateBackupCodes::new(TOKEN);
    verify_backup_code: VerifyBackupCode::new(TOKEN, "aaaa-bbbb");
    get_remaining_backup_codes: GetRemainingBackupCodes::new(TOKEN);
    list_sessions: ListSessions::new(TOKEN);
    revoke_session: RevokeSession::new(TOKEN, "ses_1");
    revoke_all_sessions: RevokeAllSessions::new(TOKEN, "correct horse").with_keep_current(true);
    list_organizations: ListOrganizations::new(TOKEN);
    create_organization: CreateOrganization::new(TOKEN, "Research", "research").with_image_url("https://img.example/r.png");
    get_organization: GetOrganization::new(TOKEN, "org_1");
    update_organization: UpdateOrganization::new(TOKEN, "org_1").with_name("Research 2").with_metadata(serde_json::Value::Null);
    delete_organization: DeleteOrganization::new(TOKEN, "org_1");
    list_org_members: ListOrgMembers::new(TOKEN, "org_1");
    add_org_member: AddOrgMember::new(TOKEN, "org_1", "usr_2").with_role("member");
    update_org_member: UpdateOrgMember::new(TOKEN, "org_1", "om_1", "admin");
    remove_org_member: RemoveOrgMember::new(TOKEN, "org_1", "om_1");
    create_org_invitation: CreateOrgInvitation::new(TOKEN, "org_1", "guest@example.com");
    list_invitations: ListInvitations::new(TOKEN);
    send_invitation: SendInvitation::new(TOKEN, "guest@example.com").with_role_id("role_1");
    accept_invitation: AcceptInvitation::new(TOKEN, "inv_1");
    cancel_invitation: CancelInvitation::new(TOKEN, "inv_1");
    resend_invitation: ResendInvitation::new(TOKEN, "inv_1");
    import_users: ImportUsers::new(
        vec![
            ImportUser::new("a@example.com").with_password("pw1").with_roles(["editor"]),
            ImportUser::new("b@example.com").with_first_name("Bee"),
        ],
        "env_1",
    )
    .with_update_existing(true);
    list_users: ListUsers::new(TOKEN).with_search("ada lovelace&co");
    create_user: CreateUser::new(TOKEN, "bob@example.com", "bob pass");
    get_user: GetUser::new(TOKEN, "usr_1");
    get_user_by_external_id: GetUserByExternalId::new(TOKEN, "crm/42");
    update_user: UpdateUser::new(TOKEN, "usr_1").with_last_name("King");
    assign_user_roles: AssignUserRoles::new(TOKEN, "usr_1", strings(&["role_1"]));
    list_roles: ListRoles::new(TOKEN).with_page(1).with_limit(100);
    create_role: CreateRole::new(TOKEN, "editor").with_hierarchy_level(5);
    get_role: GetRole::new(TOKEN, "role_1");
    update_role: UpdateRole::new(TOKEN, "role_1").with_name("writer").with_description("Writes");
    delete_role: DeleteRole::new(TOKEN, "role_1");
    get_role_permissions: GetRolePermissions::new(TOKEN, "role_1");
    assign_role_permissions: AssignRolePermissions::new(TOKEN, "role_1", &["perm_1"][..]);
    remove_role_permission: RemoveRolePermission::new(TOKEN, "role_1", "perm_1");
    list_permissions: ListPermissions::new(TOKEN);
    create_permission: CreatePermission::new(TOKEN, "posts:read", "posts", "read").with_description("Read posts");
    delete_permission: DeletePermission::new(TOKEN, "perm_1");
}
