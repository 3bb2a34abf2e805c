//! One example of every operation: a fixed, valid instance with its kinds of
//! input set (path parameters, query parameters, optional and cleared
//! fields), for tests and fuzzers that need an operation to send or to parse
//! answers with. Compiled with the `test-support` feature only.
//!
//! Core's request/answer vectors (`tests/it/vectors.rs`, `tests/data/vectors.json`)
//! and the fuzz checks (`inai-auth-fuzz-checks`) both build their operations
//! here, so there is one catalogue. [`Example`] is implemented for every
//! operation of the table: code that walks
//! [`for_each_operation!`](crate::for_each_operation) with an `Example` bound
//! does not compile while an operation lacks its entry.
//!
//! ```
//! use inai_auth_core::examples::{Example, TOKEN};
//! use inai_auth_core::ops::GetApplication;
//! use inai_auth_core::{Config, Operation};
//!
//! let request = GetApplication::example().to_request(&Config::default())?;
//! assert_eq!(request.uri().path(), "/api/platform/applications/app_1");
//! assert_eq!(request.headers()["authorization"], format!("Bearer {TOKEN}"));
//! # Ok::<(), inai_auth_core::InAIAuthError>(())
//! ```

use serde_json::json;

use crate::models::{ImportUser, Settings};
use crate::ops::*;

/// The access token of the examples of bearer operations.
pub const TOKEN: &str = "tok_abc";

/// A fixed example of an operation.
pub trait Example: crate::Operation + Sized {
    /// The example: the same value on every call.
    fn example() -> Self;
}

fn settings(value: serde_json::Value) -> Settings {
    value.as_object().cloned().unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// One `impl Example` per entry: `Type => expression;`.
macro_rules! examples {
    ($( $Op:ident => $example:expr; )*) => {
        $( impl Example for $Op {
            fn example() -> Self {
                $example
            }
        } )*
    };
}

examples! {
    Login => Login::new("ada@example.com", "correct horse");
    Register => Register::new("ada@example.com", "correct horse").with_first_name("Ada");
    MfaChallenge => MfaChallenge::new("mfa_tok_1", "123456");
    Refresh => Refresh::new("rt_1");
    Logout => Logout::new("rt_1");
    GetMe => GetMe::new(TOKEN);
    SetActiveOrganization => SetActiveOrganization::new(TOKEN, "org_1");
    ForgotPassword => ForgotPassword::new("ada@example.com");
    ResetPassword => ResetPassword::new("reset_tok_1", "new horse");
    VerifyEmail => VerifyEmail::new("verify_tok_1");
    PlatformRegister => PlatformRegister::new("owner@example.com", "owner pass", "Acme", "acme").with_last_name("Owner");
    PlatformLogin => PlatformLogin::new("owner@example.com", "owner pass");
    PlatformRefresh => PlatformRefresh::new("prt_1");
    PlatformLogout => PlatformLogout::new(TOKEN);
    PlatformMfaChallenge => PlatformMfaChallenge::new("mfa_tok_2", "654321");
    PlatformGetMe => PlatformGetMe::new(TOKEN);
    ListApplications => ListApplications::new(TOKEN);
    CreateApplication => CreateApplication::new(TOKEN, "Shop", "shop")
        .with_domain("shop.example")
        .with_callback_urls(strings(&["https://shop.example/cb"]))
        .with_settings(settings(json!({ "theme": "dark" })));
    GetApplication => GetApplication::new(TOKEN, "app_1");
    UpdateApplication => UpdateApplication::new(TOKEN, "app_1")
        .with_name("Shop 2")
        .clear_domain()
        .with_home_url("https://shop2.example")
        .clear_auth_config()
        .with_is_active(false);
    DeleteApplication => DeleteApplication::new(TOKEN, "app_1");
    GetApplicationStats => GetApplicationStats::new(TOKEN, "app_1");
    ListAppUsers => ListAppUsers::new(TOKEN, "app_1").with_environment_id("env_1").with_page(2).with_limit(50);
    CreateAppUser => CreateAppUser::new(TOKEN, "app_1", "bob@example.com", "bob pass", "env_1").with_last_name("Builder");
    ListAppApiKeys => ListAppApiKeys::new(TOKEN, "app_1").with_environment_id("env 2");
    CreateAppApiKey => CreateAppApiKey::new(TOKEN, "app_1", "CI", "env_1");
    RevokeAppApiKey => RevokeAppApiKey::new(TOKEN, "app_1", "key_1");
    RotateAppKeys => RotateAppKeys::new(TOKEN, "app_1", "env_1");
    GetAppUser => GetAppUser::new(TOKEN, "app_1", "usr_1");
    UpdateAppUser => UpdateAppUser::new(TOKEN, "app_1", "usr_1").with_first_name("Ada").with_is_active(true);
    AssignAppUserRoles => AssignAppUserRoles::new(TOKEN, "app_1", "usr_1", ["role_1", "role_2"]);
    ListAppRoles => ListAppRoles::new(TOKEN, "app_1");
    CreateAppRole => CreateAppRole::new(TOKEN, "app_1", "editor").with_description("Edits").with_hierarchy_level(10);
    GetAppRole => GetAppRole::new(TOKEN, "app_1", "role_1");
    UpdateAppRole => UpdateAppRole::new(TOKEN, "app_1", "role_1").clear_description();
    DeleteAppRole => DeleteAppRole::new(TOKEN, "app_1", "role_1");
    GetAppRolePermissions => GetAppRolePermissions::new(TOKEN, "app_1", "role_1");
    AssignAppRolePermissions => AssignAppRolePermissions::new(TOKEN, "app_1", "role_1", strings(&["perm_1", "perm_2"]));
    RemoveAppRolePermission => RemoveAppRolePermission::new(TOKEN, "app_1", "role_1", "perm_1");
    ListAppPermissions => ListAppPermissions::new(TOKEN, "app_1").with_environment_id("env_1");
    CreateAppPermission => CreateAppPermission::new(TOKEN, "app_1", "posts:write", "posts", "write").with_environment_id("env_1");
    DeleteAppPermission => DeleteAppPermission::new(TOKEN, "app_1", "perm_1");
    ListPlatformMembers => ListPlatformMembers::new(TOKEN);
    InvitePlatformMember => InvitePlatformMember::new(TOKEN, "new@example.com", "developer").with_first_name("Nina");
    UpdatePlatformMember => UpdatePlatformMember::new(TOKEN, "pm_1", "admin");
    RemovePlatformMember => RemovePlatformMember::new(TOKEN, "pm_1");
    ListPlatformInvitations => ListPlatformInvitations::new(TOKEN);
    CancelPlatformInvitation => CancelPlatformInvitation::new(TOKEN, "pinv_1");
    ResendPlatformInvitation => ResendPlatformInvitation::new(TOKEN, "pinv_1");
    AcceptPlatformInvitation => AcceptPlatformInvitation::new("pinv_1", "new pass");
    ListAppSessions => ListAppSessions::new(TOKEN, "app_1").with_limit(20);
    RevokeAppSession => RevokeAppSession::new(TOKEN, "app_1", "ses_1");
    ListAppAuditLogs => ListAppAuditLogs::new(TOKEN, "app_1").with_environment_id("env_1").with_page(1).with_action("user.login");
    ListAppInvitations => ListAppInvitations::new(TOKEN, "app_1").with_environment_id("env_1");
    CreateAppInvitation => CreateAppInvitation::new(TOKEN, "app_1", "guest@example.com", "env_1").with_role_id("role_1");
    ResendAppInvitation => ResendAppInvitation::new(TOKEN, "app_1", "inv_1");
    CancelAppInvitation => CancelAppInvitation::new(TOKEN, "app_1", "inv_1");
    ListAppOrganizations => ListAppOrganizations::new(TOKEN, "app_1").with_environment_id("env_1").with_page(3).with_limit(10);
    CreateAppOrganization => CreateAppOrganization::new(TOKEN, "app_1", "Research", "research", "env_1").with_metadata(json!({ "tier": "gold" }));
    UpdateAppOrganization => UpdateAppOrganization::new(TOKEN, "app_1", "org_1").with_slug("research-2").clear_image_url();
    DeleteAppOrganization => DeleteAppOrganization::new(TOKEN, "app_1", "org_1");
    ListAppWebhooks => ListAppWebhooks::new(TOKEN, "app_1");
    CreateAppWebhook => CreateAppWebhook::new(TOKEN, "app_1", "https://hooks.example/inai", strings(&["user.created"])).with_environment_id("env_1");
    DeleteAppWebhook => DeleteAppWebhook::new(TOKEN, "app_1", "wh_1");
    ListAppEmailTemplates => ListAppEmailTemplates::new(TOKEN, "app_1").with_environment_id("env_1");
    CreateAppEmailTemplate => CreateAppEmailTemplate::new(TOKEN, "app_1", "welcome", "Welcome", "<p>Hi {{name}}</p>", "env_1")
        .with_variables(strings(&["name"]));
    UpdateAppEmailTemplate => UpdateAppEmailTemplate::new(TOKEN, "app_1", "tpl_1").with_subject("Hello").with_text_body("Hi {{name}}");
    PreviewAppEmailTemplate => PreviewAppEmailTemplate::new(TOKEN, "app_1", "tpl_1");
    ListPlatformApiKeys => ListPlatformApiKeys::new(TOKEN);
    CreatePlatformApiKey => CreatePlatformApiKey::new(TOKEN, "deploy");
    RevokePlatformApiKey => RevokePlatformApiKey::new(TOKEN, "key_1");
    ListPlatformWebhooks => ListPlatformWebhooks::new(TOKEN);
    CreatePlatformWebhook => CreatePlatformWebhook::new(TOKEN, "https://hooks.example/inai", vec!["user.created"]);
    DeletePlatformWebhook => DeletePlatformWebhook::new(TOKEN, "wh_1");
    ListPlatformEmailTemplates => ListPlatformEmailTemplates::new(TOKEN);
    UpdatePlatformEmailTemplate => UpdatePlatformEmailTemplate::new(TOKEN, "tpl_1").clear_text_body().with_is_active(false);
    PreviewPlatformEmailTemplate => PreviewPlatformEmailTemplate::new(TOKEN, "tpl_1");
    InitializeEmailTemplates => InitializeEmailTemplates::new(TOKEN);
    ListPlatformAuditLogs => ListPlatformAuditLogs::new(TOKEN).with_page(2).with_limit(25).with_action("user login");
    UpdatePlatformSettings => UpdatePlatformSettings::new(TOKEN, settings(json!({ "allowSignups": true })));
    EnableMfa => EnableMfa::new(TOKEN);
    VerifyMfaSetup => VerifyMfaSetup::new(TOKEN, "123456");
    DisableMfa => DisableMfa::new(TOKEN, "123456");
    GenerateBackupCodes => GenerateBackupCodes::new(TOKEN);
    VerifyBackupCode => VerifyBackupCode::new(TOKEN, "aaaa-bbbb");
    GetRemainingBackupCodes => GetRemainingBackupCodes::new(TOKEN);
    ListSessions => ListSessions::new(TOKEN);
    RevokeSession => RevokeSession::new(TOKEN, "ses_1");
    RevokeAllSessions => RevokeAllSessions::new(TOKEN, "correct horse").with_keep_current(true);
    ListOrganizations => ListOrganizations::new(TOKEN);
    CreateOrganization => CreateOrganization::new(TOKEN, "Research", "research").with_image_url("https://img.example/r.png");
    GetOrganization => GetOrganization::new(TOKEN, "org_1");
    UpdateOrganization => UpdateOrganization::new(TOKEN, "org_1").with_name("Research 2").with_metadata(serde_json::Value::Null);
    DeleteOrganization => DeleteOrganization::new(TOKEN, "org_1");
    ListOrgMembers => ListOrgMembers::new(TOKEN, "org_1");
    AddOrgMember => AddOrgMember::new(TOKEN, "org_1", "usr_2").with_role("member");
    UpdateOrgMember => UpdateOrgMember::new(TOKEN, "org_1", "om_1", "admin");
    RemoveOrgMember => RemoveOrgMember::new(TOKEN, "org_1", "om_1");
    CreateOrgInvitation => CreateOrgInvitation::new(TOKEN, "org_1", "guest@example.com");
    ListInvitations => ListInvitations::new(TOKEN);
    SendInvitation => SendInvitation::new(TOKEN, "guest@example.com").with_role_id("role_1");
    AcceptInvitation => AcceptInvitation::new(TOKEN, "inv_1");
    CancelInvitation => CancelInvitation::new(TOKEN, "inv_1");
    ResendInvitation => ResendInvitation::new(TOKEN, "inv_1");
    ImportUsers => ImportUsers::new(
        vec![
            ImportUser::new("a@example.com").with_password("pw1").with_roles(["editor"]),
            ImportUser::new("b@example.com").with_first_name("Bee"),
        ],
        "env_1",
        )
        .with_update_existing(true);
    ListUsers => ListUsers::new(TOKEN).with_search("ada lovelace&co");
    CreateUser => CreateUser::new(TOKEN, "bob@example.com", "bob pass");
    GetUser => GetUser::new(TOKEN, "usr_1");
    GetUserByExternalId => GetUserByExternalId::new(TOKEN, "crm/42");
    UpdateUser => UpdateUser::new(TOKEN, "usr_1").with_last_name("King");
    AssignUserRoles => AssignUserRoles::new(TOKEN, "usr_1", strings(&["role_1"]));
    ListRoles => ListRoles::new(TOKEN).with_page(1).with_limit(100);
    CreateRole => CreateRole::new(TOKEN, "editor").with_hierarchy_level(5);
    GetRole => GetRole::new(TOKEN, "role_1");
    UpdateRole => UpdateRole::new(TOKEN, "role_1").with_name("writer").with_description("Writes");
    DeleteRole => DeleteRole::new(TOKEN, "role_1");
    GetRolePermissions => GetRolePermissions::new(TOKEN, "role_1");
    AssignRolePermissions => AssignRolePermissions::new(TOKEN, "role_1", &["perm_1"][..]);
    RemoveRolePermission => RemoveRolePermission::new(TOKEN, "role_1", "perm_1");
    ListPermissions => ListPermissions::new(TOKEN);
    CreatePermission => CreatePermission::new(TOKEN, "posts:read", "posts", "read").with_description("Read posts");
    DeletePermission => DeletePermission::new(TOKEN, "perm_1");
}
