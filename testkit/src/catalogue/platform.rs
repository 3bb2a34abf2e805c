//! Platform management: applications and everything in them, platform keys,
//! webhooks, templates, audit logs and settings (as the platform admin).

use inai_auth_core::models::Settings;
use inai_auth_core::ops::{
    AssignAppRolePermissions, AssignAppUserRoles, CancelAppInvitation, CreateAppApiKey,
    CreateAppEmailTemplate, CreateAppInvitation, CreateAppOrganization, CreateAppPermission,
    CreateAppRole, CreateAppUser, CreateAppWebhook, CreateApplication, CreatePlatformApiKey,
    CreatePlatformWebhook, DeleteAppOrganization, DeleteAppPermission, DeleteAppRole,
    DeleteAppWebhook, DeleteApplication, DeletePlatformWebhook, GetAppRole, GetAppRolePermissions,
    GetAppUser, GetApplication, GetApplicationStats, InitializeEmailTemplates, ListAppApiKeys,
    ListAppAuditLogs, ListAppEmailTemplates, ListAppInvitations, ListAppOrganizations,
    ListAppPermissions, ListAppRoles, ListAppSessions, ListAppUsers, ListAppWebhooks,
    ListApplications, ListPlatformApiKeys, ListPlatformAuditLogs, ListPlatformEmailTemplates,
    ListPlatformWebhooks, PreviewAppEmailTemplate, PreviewPlatformEmailTemplate,
    RemoveAppRolePermission, ResendAppInvitation, RevokeAppApiKey, RevokeAppSession,
    RevokePlatformApiKey, RotateAppKeys, UpdateAppEmailTemplate, UpdateAppOrganization,
    UpdateAppRole, UpdateAppUser, UpdateApplication, UpdatePlatformEmailTemplate,
    UpdatePlatformSettings,
};

use crate::context::PASSWORD;
use crate::records::WEBHOOK_EVENT;

examples! {
    list_applications(ctx) -> ListApplications {
        Ok(ListApplications::new(ctx.admin_token()))
    }
    create_application(ctx) -> CreateApplication {
        let slug = ctx.unique("new-app");
        Ok(CreateApplication::new(ctx.admin_token(), slug.as_str(), slug.as_str())
            .with_domain("app.example.com")
            .with_callback_urls(vec!["https://app.example.com/cb".to_owned()]))
    }
    get_application(ctx) -> GetApplication {
        Ok(GetApplication::new(ctx.admin_token(), ctx.app_id()))
    }
    update_application(ctx) -> UpdateApplication {
        Ok(UpdateApplication::new(ctx.admin_token(), ctx.app_id()).with_name("Renamed").clear_domain())
    }
    delete_application(ctx) -> DeleteApplication {
        Ok(DeleteApplication::new(ctx.admin_token(), ctx.application()?.id))
    }
    get_application_stats(ctx) -> GetApplicationStats {
        Ok(GetApplicationStats::new(ctx.admin_token(), ctx.app_id()))
    }
    list_app_users(ctx) -> ListAppUsers {
        Ok(ListAppUsers::new(ctx.admin_token(), ctx.app_id())
            .with_environment_id(ctx.env_id())
            .with_page(1)
            .with_limit(20))
    }
    create_app_user(ctx) -> CreateAppUser {
        Ok(CreateAppUser::new(ctx.admin_token(), ctx.app_id(), ctx.email("created"), PASSWORD, ctx.env_id())
            .with_first_name("Grace"))
    }
    list_app_api_keys(ctx) -> ListAppApiKeys {
        Ok(ListAppApiKeys::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    create_app_api_key(ctx) -> CreateAppApiKey {
        Ok(CreateAppApiKey::new(ctx.admin_token(), ctx.app_id(), "server key", ctx.env_id()))
    }
    revoke_app_api_key(ctx) -> RevokeAppApiKey {
        let key = ctx.app_api_key()?;
        Ok(RevokeAppApiKey::new(ctx.admin_token(), ctx.app_id(), key.api_key.id))
    }
    rotate_app_keys(ctx) -> RotateAppKeys {
        Ok(RotateAppKeys::new(ctx.admin_token(), ctx.app_id(), ctx.env_id()))
    }

    get_app_user(ctx) -> GetAppUser {
        Ok(GetAppUser::new(ctx.admin_token(), ctx.app_id(), ctx.user().id.as_str()))
    }
    update_app_user(ctx) -> UpdateAppUser {
        Ok(UpdateAppUser::new(ctx.admin_token(), ctx.app_id(), ctx.user().id.as_str()).with_last_name("Lovelace"))
    }
    assign_app_user_roles(ctx) -> AssignAppUserRoles {
        let role = ctx.app_role()?;
        Ok(AssignAppUserRoles::new(ctx.admin_token(), ctx.app_id(), ctx.user().id.as_str(), vec![role.id]))
    }

    list_app_roles(ctx) -> ListAppRoles {
        Ok(ListAppRoles::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    create_app_role(ctx) -> CreateAppRole {
        Ok(CreateAppRole::new(ctx.admin_token(), ctx.app_id(), "editor")
            .with_description("Edits documents")
            .with_environment_id(ctx.env_id())
            .with_hierarchy_level(10))
    }
    get_app_role(ctx) -> GetAppRole {
        Ok(GetAppRole::new(ctx.admin_token(), ctx.app_id(), ctx.app_role()?.id))
    }
    update_app_role(ctx) -> UpdateAppRole {
        let role = ctx.app_role()?;
        Ok(UpdateAppRole::new(ctx.admin_token(), ctx.app_id(), role.id).with_description("Updated"))
    }
    delete_app_role(ctx) -> DeleteAppRole {
        Ok(DeleteAppRole::new(ctx.admin_token(), ctx.app_id(), ctx.app_role()?.id))
    }
    get_app_role_permissions(ctx) -> GetAppRolePermissions {
        Ok(GetAppRolePermissions::new(ctx.admin_token(), ctx.app_id(), ctx.app_role()?.id))
    }
    assign_app_role_permissions(ctx) -> AssignAppRolePermissions {
        let role = ctx.app_role()?;
        let permission = ctx.app_permission()?;
        Ok(AssignAppRolePermissions::new(ctx.admin_token(), ctx.app_id(), role.id, vec![permission.id]))
    }
    remove_app_role_permission(ctx) -> RemoveAppRolePermission {
        let role = ctx.app_role()?;
        let permission = ctx.app_permission()?;
        ctx.send(&AssignAppRolePermissions::new(
            ctx.admin_token(), ctx.app_id(), role.id.as_str(), vec![permission.id.clone()],
        ))?;
        Ok(RemoveAppRolePermission::new(ctx.admin_token(), ctx.app_id(), role.id, permission.id))
    }

    list_app_permissions(ctx) -> ListAppPermissions {
        Ok(ListAppPermissions::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    create_app_permission(ctx) -> CreateAppPermission {
        Ok(CreateAppPermission::new(ctx.admin_token(), ctx.app_id(), "documents:read", "documents", "read")
            .with_environment_id(ctx.env_id()))
    }
    delete_app_permission(ctx) -> DeleteAppPermission {
        Ok(DeleteAppPermission::new(ctx.admin_token(), ctx.app_id(), ctx.app_permission()?.id))
    }

    list_app_sessions(ctx) -> ListAppSessions {
        Ok(ListAppSessions::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    revoke_app_session(ctx) -> RevokeAppSession {
        Ok(RevokeAppSession::new(ctx.admin_token(), ctx.app_id(), ctx.app_session_id()?))
    }
    list_app_audit_logs(ctx) -> ListAppAuditLogs {
        Ok(ListAppAuditLogs::new(ctx.admin_token(), ctx.app_id()).with_limit(50))
    }

    list_app_invitations(ctx) -> ListAppInvitations {
        ctx.app_invitation()?;
        Ok(ListAppInvitations::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    create_app_invitation(ctx) -> CreateAppInvitation {
        Ok(CreateAppInvitation::new(ctx.admin_token(), ctx.app_id(), ctx.email("guest"), ctx.env_id()))
    }
    resend_app_invitation(ctx) -> ResendAppInvitation {
        Ok(ResendAppInvitation::new(ctx.admin_token(), ctx.app_id(), ctx.app_invitation()?.id))
    }
    cancel_app_invitation(ctx) -> CancelAppInvitation {
        Ok(CancelAppInvitation::new(ctx.admin_token(), ctx.app_id(), ctx.app_invitation()?.id))
    }

    list_app_organizations(ctx) -> ListAppOrganizations {
        ctx.app_organization()?;
        Ok(ListAppOrganizations::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    create_app_organization(ctx) -> CreateAppOrganization {
        Ok(CreateAppOrganization::new(ctx.admin_token(), ctx.app_id(), "Acme", "acme", ctx.env_id())
            .with_metadata(serde_json::json!({ "plan": "gold" })))
    }
    update_app_organization(ctx) -> UpdateAppOrganization {
        let org = ctx.app_organization()?;
        Ok(UpdateAppOrganization::new(ctx.admin_token(), ctx.app_id(), org.id).with_name("Acme Two"))
    }
    delete_app_organization(ctx) -> DeleteAppOrganization {
        Ok(DeleteAppOrganization::new(ctx.admin_token(), ctx.app_id(), ctx.app_organization()?.id))
    }

    list_app_webhooks(ctx) -> ListAppWebhooks {
        ctx.app_webhook()?;
        Ok(ListAppWebhooks::new(ctx.admin_token(), ctx.app_id()))
    }
    create_app_webhook(ctx) -> CreateAppWebhook {
        Ok(CreateAppWebhook::new(
            ctx.admin_token(), ctx.app_id(), "https://hooks.example.com/app", vec![WEBHOOK_EVENT.to_owned()],
        )
        .with_environment_id(ctx.env_id()))
    }
    delete_app_webhook(ctx) -> DeleteAppWebhook {
        Ok(DeleteAppWebhook::new(ctx.admin_token(), ctx.app_id(), ctx.app_webhook()?.id))
    }

    list_app_email_templates(ctx) -> ListAppEmailTemplates {
        ctx.app_email_template()?;
        Ok(ListAppEmailTemplates::new(ctx.admin_token(), ctx.app_id()).with_environment_id(ctx.env_id()))
    }
    create_app_email_template(ctx) -> CreateAppEmailTemplate {
        Ok(CreateAppEmailTemplate::new(
            ctx.admin_token(), ctx.app_id(), "welcome", "Welcome {{name}}", "<p>Hi {{name}}</p>", ctx.env_id(),
        )
        .with_text_body("Hi {{name}}")
        .with_variables(vec!["name".to_owned()]))
    }
    update_app_email_template(ctx) -> UpdateAppEmailTemplate {
        let template = ctx.app_email_template()?;
        Ok(UpdateAppEmailTemplate::new(ctx.admin_token(), ctx.app_id(), template.id).with_subject("Hello again"))
    }
    preview_app_email_template(ctx) -> PreviewAppEmailTemplate {
        Ok(PreviewAppEmailTemplate::new(ctx.admin_token(), ctx.app_id(), ctx.app_email_template()?.id))
    }

    list_platform_api_keys(ctx) -> ListPlatformApiKeys {
        ctx.platform_api_key()?;
        Ok(ListPlatformApiKeys::new(ctx.admin_token()))
    }
    create_platform_api_key(ctx) -> CreatePlatformApiKey {
        Ok(CreatePlatformApiKey::new(ctx.admin_token(), "ci"))
    }
    revoke_platform_api_key(ctx) -> RevokePlatformApiKey {
        Ok(RevokePlatformApiKey::new(ctx.admin_token(), ctx.platform_api_key()?.api_key.id))
    }

    list_platform_webhooks(ctx) -> ListPlatformWebhooks {
        ctx.platform_webhook()?;
        Ok(ListPlatformWebhooks::new(ctx.admin_token()))
    }
    create_platform_webhook(ctx) -> CreatePlatformWebhook {
        Ok(CreatePlatformWebhook::new(ctx.admin_token(), "https://hooks.example.com/platform", vec![WEBHOOK_EVENT.to_owned()]))
    }
    delete_platform_webhook(ctx) -> DeletePlatformWebhook {
        Ok(DeletePlatformWebhook::new(ctx.admin_token(), ctx.platform_webhook()?.id))
    }

    list_platform_email_templates(ctx) -> ListPlatformEmailTemplates {
        ctx.platform_email_template()?;
        Ok(ListPlatformEmailTemplates::new(ctx.admin_token()))
    }
    update_platform_email_template(ctx) -> UpdatePlatformEmailTemplate {
        let template = ctx.platform_email_template()?;
        Ok(UpdatePlatformEmailTemplate::new(ctx.admin_token(), template.id).with_subject("New subject"))
    }
    preview_platform_email_template(ctx) -> PreviewPlatformEmailTemplate {
        Ok(PreviewPlatformEmailTemplate::new(ctx.admin_token(), ctx.platform_email_template()?.id))
    }
    initialize_email_templates(ctx) -> InitializeEmailTemplates {
        Ok(InitializeEmailTemplates::new(ctx.admin_token()))
    }

    list_platform_audit_logs(ctx) -> ListPlatformAuditLogs {
        Ok(ListPlatformAuditLogs::new(ctx.admin_token()).with_page(1).with_limit(25))
    }
    update_platform_settings(ctx) -> UpdatePlatformSettings {
        let mut settings = Settings::new();
        settings.insert("theme".to_owned(), serde_json::json!("dark"));
        Ok(UpdatePlatformSettings::new(ctx.admin_token(), settings))
    }
}
