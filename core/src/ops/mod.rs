//! Every operation of the InAI Auth API, one type per row of ENDPOINTS.md.
//!
//! Each type is built with `new(required inputs)` (for `bearer` operations
//! the access token comes first, then the path parameters in path order,
//! then the required body fields) and `with_*` setters for optional inputs;
//! nullable fields of partial updates also have `clear_*`, which sends
//! `null`. Send one with a driver's method of the same snake_case name, with
//! [`send`](crate::send), or by hand through [`Operation`](crate::Operation).
//!
//! # The operation table
//!
//! This module's source is a table with one row per operation; it is the
//! single source of the operation types, [`OPERATIONS`] and
//! [`for_each_operation!`](crate::for_each_operation). The macros that read
//! it live in `ops/define.rs`. A row reads:
//!
//! ```text
//! name => TypeName, "One-line summary." {
//!     METHOD "/path/{param}", auth bearer|none;
//!     path { field = "param", .. }                                     // optional section
//!     query { [#[exact]] field / with_field: Type = "wireName", .. }   // optional section
//!     send none | json { field: Type = "wireName", .. } | whole { field: Type = "" };
//!     optional { [#[exact]] field / with_field: Type = "wireName", .. } // optional section
//!     nullable { field / with_field / clear_field: Type = "wireName", .. } // optional section
//!     answer data|json|ack|page plain|secret Type;
//! }
//! ```
//!
//! - `name` is the snake_case method name of the drivers and
//!   [`Operation::NAME`](crate::Operation::NAME); `TypeName` the operation
//!   type here; the summary opens its documentation.
//! - `auth bearer` makes the access token the first argument of `new` and
//!   sends it as `Authorization: Bearer`; `auth none` sends no token.
//! - `path` names the fields that fill the `{param}` placeholders
//!   (percent-encoded, one segment each); they follow the token in `new`.
//! - `query` fields are optional query parameters, set with their setter.
//! - `send json` sends the required fields (arguments of `new`), the set
//!   optional fields and the set or cleared nullable fields as one JSON
//!   object; `send whole` sends its one field as the whole body; `send none`
//!   sends no body.
//! - `optional` fields are left out until set; `nullable` fields are left
//!   out (unchanged), set, or sent as `null` by `clear_*`.
//! - `answer data T` unwraps `{ "data": T }`; `json T` decodes the body as
//!   `T`; `ack T` is `json T` that also accepts a 204 or an empty body
//!   (`T::default()`); `page T` decodes [`Page<T>`](crate::models::Page) and
//!   makes the type [`Paginated`](crate::Paginated). `secret` answers carry
//!   tokens or keys: decoding errors never quote them.
//! - Setters take `impl Into<Type>`, or exactly `Type` when marked `#[exact]`
//!   (numbers: `with_page(2)` must infer).
//!
//! Every row also gets [`OperationInfo`](crate::OperationInfo) (`INFO`, with
//! the wire names of its fields) and `from_wire`, which builds the operation
//! from inputs named as on the wire (see [`wire`](crate::wire)).

#[macro_use]
mod define;
mod organization;
mod strings;

pub use organization::ActiveOrganization;
pub use strings::StringList;

use serde_json::Value;

use crate::models::{
    Ack, ApiKey, AppSessionRecord, Application, ApplicationStats, AuditLog, BackupCodes,
    CreatedApiKey, EmailTemplate, EmailTemplatePreview, ImportUser, ImportUsersResult,
    InitializedEmailTemplates, Invitation, LoginResult, MfaSetup, Organization, OrganizationMember,
    Permission, PermissionAssignment, PlatformInvitation, PlatformMember, PlatformMemberInvited,
    PlatformRegistration, PlatformUser, RemainingBackupCodes, RevokedSessions, Role, RotatedKeys,
    Settings, TokenGrant, TokenPair, UpdatedPlatformMember, User, UserRoles, Webhook,
};
use crate::secret::{EmailToken, MfaCode, MfaToken, Password, RefreshToken};

operation_table! { $
    // ---- App User Auth (v1) ----
    login => Login, "Signs an app user in with email and password." {
        POST "/api/v1/auth/login", auth none;
        send json { email: String = "email", password: Password = "password" };
        answer json secret LoginResult;
    }
    register => Register, "Registers a new app user." {
        POST "/api/v1/auth/register", auth none;
        send json { email: String = "email", password: Password = "password" };
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
        }
        answer json secret LoginResult;
    }
    mfa_challenge => MfaChallenge, "Completes an app user login that requires MFA." {
        POST "/api/v1/auth/mfa/challenge", auth none;
        send json { mfa_token: MfaToken = "mfa_token", code: MfaCode = "code" };
        answer json secret TokenGrant;
    }
    refresh => Refresh, "Exchanges an app user's refresh token for a new token pair." {
        POST "/api/v1/auth/refresh", auth none;
        send json { refresh_token: RefreshToken = "refresh_token" };
        answer json secret TokenPair;
    }
    logout => Logout, "Ends an app user session by revoking its refresh token." {
        POST "/api/v1/auth/logout", auth none;
        send json { refresh_token: RefreshToken = "refresh_token" };
        answer ack plain Ack;
    }
    get_me => GetMe, "Gets the signed-in app user." {
        GET "/api/v1/auth/me", auth bearer;
        send none;
        answer data plain User;
    }
    set_active_organization => SetActiveOrganization, "Switches the app user's active organization, or clears it with `ActiveOrganization::none()`; answers new tokens." {
        POST "/api/v1/auth/set-active-organization", auth bearer;
        send json { organization_id: ActiveOrganization = "organizationId" };
        answer json secret TokenPair;
    }
    forgot_password => ForgotPassword, "Sends a password reset email to an app user." {
        POST "/api/v1/auth/forgot-password", auth none;
        send json { email: String = "email" };
        answer ack plain Ack;
    }
    reset_password => ResetPassword, "Sets a new password with the token from a reset email." {
        POST "/api/v1/auth/reset-password", auth none;
        send json { token: EmailToken = "token", password: Password = "password" };
        answer ack plain Ack;
    }
    verify_email => VerifyEmail, "Verifies an email address with the token from a verification email." {
        POST "/api/v1/auth/verify-email", auth none;
        send json { token: EmailToken = "token" };
        answer ack plain Ack;
    }

    // ---- Platform Auth ----
    platform_register => PlatformRegister, "Registers a platform user together with a new tenant." {
        POST "/api/platform/auth/register", auth none;
        send json {
            email: String = "email",
            password: Password = "password",
            tenant_name: String = "tenantName",
            tenant_slug: String = "tenantSlug",
        };
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
        }
        answer json secret PlatformRegistration;
    }
    platform_login => PlatformLogin, "Signs a platform user in with email and password." {
        POST "/api/platform/auth/login", auth none;
        send json { email: String = "email", password: Password = "password" };
        answer json secret LoginResult<PlatformUser>;
    }
    platform_refresh => PlatformRefresh, "Exchanges a platform refresh token for a new token pair." {
        POST "/api/platform/auth/refresh", auth none;
        send json { refresh_token: RefreshToken = "refresh_token" };
        answer json secret TokenPair;
    }
    platform_logout => PlatformLogout, "Signs the platform user out." {
        POST "/api/platform/auth/logout", auth bearer;
        send none;
        answer ack plain Ack;
    }
    platform_mfa_challenge => PlatformMfaChallenge, "Completes a platform login that requires MFA." {
        POST "/api/platform/auth/mfa/challenge", auth none;
        send json { mfa_token: MfaToken = "mfa_token", code: MfaCode = "code" };
        answer json secret TokenGrant<PlatformUser>;
    }
    platform_get_me => PlatformGetMe, "Gets the signed-in platform user." {
        GET "/api/platform/auth/me", auth bearer;
        send none;
        answer data plain PlatformUser;
    }

    // ---- Platform Management ----
    list_applications => ListApplications, "Lists the tenant's applications (with their publishable keys)." {
        GET "/api/platform/applications", auth bearer;
        send none;
        answer data secret Vec<Application>;
    }
    create_application => CreateApplication, "Creates an application." {
        POST "/api/platform/applications", auth bearer;
        send json { name: String = "name", slug: String = "slug" };
        optional {
            domain / with_domain: String = "domain",
            home_url / with_home_url: String = "homeUrl",
            callback_urls / with_callback_urls: StringList = "callbackUrls",
            settings / with_settings: Settings = "settings",
            auth_config / with_auth_config: Settings = "authConfig",
        }
        answer data secret Application;
    }
    get_application => GetApplication, "Gets an application." {
        GET "/api/platform/applications/{appId}", auth bearer;
        path { app_id = "appId" }
        send none;
        answer data secret Application;
    }
    update_application => UpdateApplication, "Updates an application; nullable fields can be cleared." {
        PATCH "/api/platform/applications/{appId}", auth bearer;
        path { app_id = "appId" }
        send json;
        optional {
            name / with_name: String = "name",
            is_active / with_is_active: bool = "isActive",
        }
        nullable {
            domain / with_domain / clear_domain: String = "domain",
            home_url / with_home_url / clear_home_url: String = "homeUrl",
            callback_urls / with_callback_urls / clear_callback_urls: StringList = "callbackUrls",
            settings / with_settings / clear_settings: Settings = "settings",
            auth_config / with_auth_config / clear_auth_config: Settings = "authConfig",
        }
        answer data secret Application;
    }
    delete_application => DeleteApplication, "Deletes an application." {
        DELETE "/api/platform/applications/{appId}", auth bearer;
        path { app_id = "appId" }
        send none;
        answer ack plain Ack;
    }
    get_application_stats => GetApplicationStats, "Gets an application's user, session, role and key counts." {
        GET "/api/platform/applications/{appId}/stats", auth bearer;
        path { app_id = "appId" }
        send none;
        answer data plain ApplicationStats;
    }
    list_app_users => ListAppUsers, "Lists an application's users, one page at a time." {
        GET "/api/platform/applications/{appId}/users", auth bearer;
        path { app_id = "appId" }
        query {
            environment_id / with_environment_id: String = "environmentId",
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
        }
        send none;
        answer page plain User;
    }
    create_app_user => CreateAppUser, "Creates a user in an application environment." {
        POST "/api/platform/applications/{appId}/users", auth bearer;
        path { app_id = "appId" }
        send json {
            email: String = "email",
            password: Password = "password",
            environment_id: String = "environmentId",
        };
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
        }
        answer data plain User;
    }
    list_app_api_keys => ListAppApiKeys, "Lists an application's API keys." {
        GET "/api/platform/applications/{appId}/api-keys", auth bearer;
        path { app_id = "appId" }
        query { environment_id / with_environment_id: String = "environmentId" }
        send none;
        answer data plain Vec<ApiKey>;
    }
    create_app_api_key => CreateAppApiKey, "Creates an API key for an application environment; the answer holds its secret, once." {
        POST "/api/platform/applications/{appId}/api-keys", auth bearer;
        path { app_id = "appId" }
        send json { name: String = "name", environment_id: String = "environmentId" };
        answer data secret CreatedApiKey;
    }
    revoke_app_api_key => RevokeAppApiKey, "Revokes an application API key." {
        DELETE "/api/platform/applications/{appId}/api-keys/{keyId}", auth bearer;
        path { app_id = "appId", key_id = "keyId" }
        send none;
        answer ack plain Ack;
    }
    rotate_app_keys => RotateAppKeys, "Replaces an environment's publishable key." {
        POST "/api/platform/applications/{appId}/rotate-keys", auth bearer;
        path { app_id = "appId" }
        send json { environment_id: String = "environmentId" };
        answer json secret RotatedKeys;
    }

    // ---- App User Management ----
    get_app_user => GetAppUser, "Gets a user of an application." {
        GET "/api/platform/applications/{appId}/users/{userId}", auth bearer;
        path { app_id = "appId", user_id = "userId" }
        send none;
        answer data plain User;
    }
    update_app_user => UpdateAppUser, "Updates a user of an application." {
        PATCH "/api/platform/applications/{appId}/users/{userId}", auth bearer;
        path { app_id = "appId", user_id = "userId" }
        send json;
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
            is_active / with_is_active: bool = "isActive",
        }
        answer data plain User;
    }
    assign_app_user_roles => AssignAppUserRoles, "Sets the roles of a user of an application." {
        POST "/api/platform/applications/{appId}/users/{userId}/roles", auth bearer;
        path { app_id = "appId", user_id = "userId" }
        send json { role_ids: StringList = "roleIds" };
        answer data plain UserRoles;
    }

    // ---- App Role Management ----
    list_app_roles => ListAppRoles, "Lists an application's roles." {
        GET "/api/platform/applications/{appId}/roles", auth bearer;
        path { app_id = "appId" }
        query { environment_id / with_environment_id: String = "environmentId" }
        send none;
        answer data plain Vec<Role>;
    }
    create_app_role => CreateAppRole, "Creates a role in an application." {
        POST "/api/platform/applications/{appId}/roles", auth bearer;
        path { app_id = "appId" }
        send json { name: String = "name" };
        optional {
            description / with_description: String = "description",
            environment_id / with_environment_id: String = "environmentId",
            #[exact] hierarchy_level / with_hierarchy_level: i64 = "hierarchyLevel",
        }
        answer data plain Role;
    }
    get_app_role => GetAppRole, "Gets a role of an application." {
        GET "/api/platform/applications/{appId}/roles/{roleId}", auth bearer;
        path { app_id = "appId", role_id = "roleId" }
        send none;
        answer data plain Role;
    }
    update_app_role => UpdateAppRole, "Updates a role of an application; its description can be cleared." {
        PATCH "/api/platform/applications/{appId}/roles/{roleId}", auth bearer;
        path { app_id = "appId", role_id = "roleId" }
        send json;
        optional { name / with_name: String = "name" }
        nullable { description / with_description / clear_description: String = "description" }
        answer data plain Role;
    }
    delete_app_role => DeleteAppRole, "Deletes a role of an application." {
        DELETE "/api/platform/applications/{appId}/roles/{roleId}", auth bearer;
        path { app_id = "appId", role_id = "roleId" }
        send none;
        answer ack plain Ack;
    }
    get_app_role_permissions => GetAppRolePermissions, "Lists the permissions of an application role." {
        GET "/api/platform/applications/{appId}/roles/{roleId}/permissions", auth bearer;
        path { app_id = "appId", role_id = "roleId" }
        send none;
        answer data plain Vec<Permission>;
    }
    assign_app_role_permissions => AssignAppRolePermissions, "Adds permissions to an application role." {
        POST "/api/platform/applications/{appId}/roles/{roleId}/permissions", auth bearer;
        path { app_id = "appId", role_id = "roleId" }
        send json { permission_ids: StringList = "permissionIds" };
        answer data plain PermissionAssignment;
    }
    remove_app_role_permission => RemoveAppRolePermission, "Removes a permission from an application role." {
        DELETE "/api/platform/applications/{appId}/roles/{roleId}/permissions/{permissionId}", auth bearer;
        path { app_id = "appId", role_id = "roleId", permission_id = "permissionId" }
        send none;
        answer ack plain Ack;
    }

    // ---- App Permission Management ----
    list_app_permissions => ListAppPermissions, "Lists an application's permissions." {
        GET "/api/platform/applications/{appId}/permissions", auth bearer;
        path { app_id = "appId" }
        query { environment_id / with_environment_id: String = "environmentId" }
        send none;
        answer data plain Vec<Permission>;
    }
    create_app_permission => CreateAppPermission, "Creates a permission in an application." {
        POST "/api/platform/applications/{appId}/permissions", auth bearer;
        path { app_id = "appId" }
        send json { name: String = "name", resource: String = "resource", action: String = "action" };
        optional {
            description / with_description: String = "description",
            environment_id / with_environment_id: String = "environmentId",
        }
        answer data plain Permission;
    }
    delete_app_permission => DeleteAppPermission, "Deletes a permission of an application." {
        DELETE "/api/platform/applications/{appId}/permissions/{permissionId}", auth bearer;
        path { app_id = "appId", permission_id = "permissionId" }
        send none;
        answer ack plain Ack;
    }

    // ---- Platform Members ----
    list_platform_members => ListPlatformMembers, "Lists the tenant's platform members." {
        GET "/api/platform/members", auth bearer;
        send none;
        answer data plain Vec<PlatformMember>;
    }
    invite_platform_member => InvitePlatformMember, "Invites someone to the tenant's platform team." {
        POST "/api/platform/members/invite", auth bearer;
        send json { email: String = "email", role_name: String = "roleName" };
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
        }
        answer json plain PlatformMemberInvited;
    }
    update_platform_member => UpdatePlatformMember, "Changes a platform member's role." {
        PATCH "/api/platform/members/{memberId}", auth bearer;
        path { member_id = "memberId" }
        send json { role_name: String = "roleName" };
        answer data plain UpdatedPlatformMember;
    }
    remove_platform_member => RemovePlatformMember, "Removes a member from the platform team." {
        DELETE "/api/platform/members/{memberId}", auth bearer;
        path { member_id = "memberId" }
        send none;
        answer ack plain Ack;
    }
    list_platform_invitations => ListPlatformInvitations, "Lists pending platform team invitations." {
        GET "/api/platform/members/invitations", auth bearer;
        send none;
        answer data plain Vec<PlatformInvitation>;
    }
    cancel_platform_invitation => CancelPlatformInvitation, "Cancels a platform team invitation." {
        DELETE "/api/platform/members/invitations/{invitationId}", auth bearer;
        path { invitation_id = "invitationId" }
        send none;
        answer ack plain Ack;
    }
    resend_platform_invitation => ResendPlatformInvitation, "Sends a platform team invitation again." {
        POST "/api/platform/members/invitations/{invitationId}/resend", auth bearer;
        path { invitation_id = "invitationId" }
        send none;
        answer data plain PlatformInvitation;
    }
    accept_platform_invitation => AcceptPlatformInvitation, "Accepts a platform team invitation, setting a password." {
        POST "/api/platform/members/invite/{invitationId}/accept", auth none;
        path { invitation_id = "invitationId" }
        send json { password: Password = "password" };
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
        }
        answer ack plain Ack;
    }

    // ---- App Sessions ----
    list_app_sessions => ListAppSessions, "Lists an application's sessions, one page at a time." {
        GET "/api/platform/applications/{appId}/sessions", auth bearer;
        path { app_id = "appId" }
        query {
            environment_id / with_environment_id: String = "environmentId",
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
        }
        send none;
        answer page plain AppSessionRecord;
    }
    revoke_app_session => RevokeAppSession, "Revokes a session of an application." {
        POST "/api/platform/applications/{appId}/sessions/{sessionId}/revoke", auth bearer;
        path { app_id = "appId", session_id = "sessionId" }
        send none;
        answer ack plain Ack;
    }

    // ---- App Audit Logs ----
    list_app_audit_logs => ListAppAuditLogs, "Lists an application's audit log, one page at a time." {
        GET "/api/platform/applications/{appId}/audit-logs", auth bearer;
        path { app_id = "appId" }
        query {
            environment_id / with_environment_id: String = "environmentId",
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
            action / with_action: String = "action",
        }
        send none;
        answer page plain AuditLog;
    }

    // ---- App Invitations ----
    list_app_invitations => ListAppInvitations, "Lists an application's invitations." {
        GET "/api/platform/applications/{appId}/invitations", auth bearer;
        path { app_id = "appId" }
        query { environment_id / with_environment_id: String = "environmentId" }
        send none;
        answer data plain Vec<Invitation>;
    }
    create_app_invitation => CreateAppInvitation, "Invites someone to an application environment." {
        POST "/api/platform/applications/{appId}/invitations", auth bearer;
        path { app_id = "appId" }
        send json { email: String = "email", environment_id: String = "environmentId" };
        optional { role_id / with_role_id: String = "roleId" }
        answer data plain Invitation;
    }
    resend_app_invitation => ResendAppInvitation, "Sends an application invitation again." {
        POST "/api/platform/applications/{appId}/invitations/{invitationId}/resend", auth bearer;
        path { app_id = "appId", invitation_id = "invitationId" }
        send none;
        answer data plain Invitation;
    }
    cancel_app_invitation => CancelAppInvitation, "Cancels an application invitation." {
        DELETE "/api/platform/applications/{appId}/invitations/{invitationId}", auth bearer;
        path { app_id = "appId", invitation_id = "invitationId" }
        send none;
        answer ack plain Ack;
    }

    // ---- App Organizations ----
    list_app_organizations => ListAppOrganizations, "Lists an application's organizations, one page at a time." {
        GET "/api/platform/applications/{appId}/organizations", auth bearer;
        path { app_id = "appId" }
        query {
            environment_id / with_environment_id: String = "environmentId",
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
        }
        send none;
        answer page plain Organization;
    }
    create_app_organization => CreateAppOrganization, "Creates an organization in an application environment." {
        POST "/api/platform/applications/{appId}/organizations", auth bearer;
        path { app_id = "appId" }
        send json { name: String = "name", slug: String = "slug", environment_id: String = "environmentId" };
        optional {
            image_url / with_image_url: String = "imageUrl",
            metadata / with_metadata: Value = "metadata",
        }
        answer data plain Organization;
    }
    update_app_organization => UpdateAppOrganization, "Updates an organization of an application; its image can be cleared." {
        PUT "/api/platform/applications/{appId}/organizations/{orgId}", auth bearer;
        path { app_id = "appId", org_id = "orgId" }
        send json;
        optional {
            name / with_name: String = "name",
            slug / with_slug: String = "slug",
            metadata / with_metadata: Value = "metadata",
        }
        nullable { image_url / with_image_url / clear_image_url: String = "imageUrl" }
        answer data plain Organization;
    }
    delete_app_organization => DeleteAppOrganization, "Deletes an organization of an application." {
        DELETE "/api/platform/applications/{appId}/organizations/{orgId}", auth bearer;
        path { app_id = "appId", org_id = "orgId" }
        send none;
        answer ack plain Ack;
    }

    // ---- App Webhooks ----
    list_app_webhooks => ListAppWebhooks, "Lists an application's webhooks (with their signing secrets)." {
        GET "/api/platform/applications/{appId}/webhooks", auth bearer;
        path { app_id = "appId" }
        send none;
        answer data secret Vec<Webhook>;
    }
    create_app_webhook => CreateAppWebhook, "Creates a webhook for an application." {
        POST "/api/platform/applications/{appId}/webhooks", auth bearer;
        path { app_id = "appId" }
        send json { url: String = "url", events: StringList = "events" };
        optional { environment_id / with_environment_id: String = "environmentId" }
        answer data secret Webhook;
    }
    delete_app_webhook => DeleteAppWebhook, "Deletes a webhook of an application." {
        DELETE "/api/platform/applications/{appId}/webhooks/{webhookId}", auth bearer;
        path { app_id = "appId", webhook_id = "webhookId" }
        send none;
        answer ack plain Ack;
    }

    // ---- App Email Templates ----
    list_app_email_templates => ListAppEmailTemplates, "Lists an application's email templates." {
        GET "/api/platform/applications/{appId}/email-templates", auth bearer;
        path { app_id = "appId" }
        query { environment_id / with_environment_id: String = "environmentId" }
        send none;
        answer data plain Vec<EmailTemplate>;
    }
    create_app_email_template => CreateAppEmailTemplate, "Creates an email template for an application environment." {
        POST "/api/platform/applications/{appId}/email-templates", auth bearer;
        path { app_id = "appId" }
        send json {
            name: String = "name",
            subject: String = "subject",
            html_body: String = "htmlBody",
            environment_id: String = "environmentId",
        };
        optional {
            text_body / with_text_body: String = "textBody",
            variables / with_variables: StringList = "variables",
        }
        answer data plain EmailTemplate;
    }
    update_app_email_template => UpdateAppEmailTemplate, "Updates an email template of an application; its text body can be cleared." {
        PATCH "/api/platform/applications/{appId}/email-templates/{templateId}", auth bearer;
        path { app_id = "appId", template_id = "templateId" }
        send json;
        optional {
            name / with_name: String = "name",
            subject / with_subject: String = "subject",
            html_body / with_html_body: String = "htmlBody",
            variables / with_variables: StringList = "variables",
            is_active / with_is_active: bool = "isActive",
        }
        nullable { text_body / with_text_body / clear_text_body: String = "textBody" }
        answer data plain EmailTemplate;
    }
    preview_app_email_template => PreviewAppEmailTemplate, "Renders an email template of an application with sample values." {
        GET "/api/platform/applications/{appId}/email-templates/{templateId}/preview", auth bearer;
        path { app_id = "appId", template_id = "templateId" }
        send none;
        answer json plain EmailTemplatePreview;
    }

    // ---- Platform API Keys ----
    list_platform_api_keys => ListPlatformApiKeys, "Lists the tenant's platform API keys." {
        GET "/api/platform/api-keys", auth bearer;
        send none;
        answer data plain Vec<ApiKey>;
    }
    create_platform_api_key => CreatePlatformApiKey, "Creates a platform API key; the answer holds its secret, once." {
        POST "/api/platform/api-keys", auth bearer;
        send json { name: String = "name" };
        answer data secret CreatedApiKey;
    }
    revoke_platform_api_key => RevokePlatformApiKey, "Revokes a platform API key." {
        DELETE "/api/platform/api-keys/{keyId}", auth bearer;
        path { key_id = "keyId" }
        send none;
        answer ack plain Ack;
    }

    // ---- Platform Webhooks ----
    list_platform_webhooks => ListPlatformWebhooks, "Lists the tenant's platform webhooks (with their signing secrets)." {
        GET "/api/platform/webhooks", auth bearer;
        send none;
        answer data secret Vec<Webhook>;
    }
    create_platform_webhook => CreatePlatformWebhook, "Creates a platform webhook." {
        POST "/api/platform/webhooks", auth bearer;
        send json { url: String = "url", events: StringList = "events" };
        answer data secret Webhook;
    }
    delete_platform_webhook => DeletePlatformWebhook, "Deletes a platform webhook." {
        DELETE "/api/platform/webhooks/{webhookId}", auth bearer;
        path { webhook_id = "webhookId" }
        send none;
        answer ack plain Ack;
    }

    // ---- Platform Email Templates ----
    list_platform_email_templates => ListPlatformEmailTemplates, "Lists the tenant's platform email templates." {
        GET "/api/platform/email-templates", auth bearer;
        send none;
        answer data plain Vec<EmailTemplate>;
    }
    update_platform_email_template => UpdatePlatformEmailTemplate, "Updates a platform email template; its text body can be cleared." {
        PATCH "/api/platform/email-templates/{templateId}", auth bearer;
        path { template_id = "templateId" }
        send json;
        optional {
            subject / with_subject: String = "subject",
            html_body / with_html_body: String = "htmlBody",
            is_active / with_is_active: bool = "isActive",
        }
        nullable { text_body / with_text_body / clear_text_body: String = "textBody" }
        answer data plain EmailTemplate;
    }
    preview_platform_email_template => PreviewPlatformEmailTemplate, "Renders a platform email template with sample values." {
        GET "/api/platform/email-templates/{templateId}/preview", auth bearer;
        path { template_id = "templateId" }
        send none;
        answer json plain EmailTemplatePreview;
    }
    initialize_email_templates => InitializeEmailTemplates, "Creates the default platform email templates." {
        POST "/api/platform/email-templates/initialize", auth bearer;
        send none;
        answer json plain InitializedEmailTemplates;
    }

    // ---- Platform Audit Logs ----
    list_platform_audit_logs => ListPlatformAuditLogs, "Lists the tenant's platform audit log, one page at a time." {
        GET "/api/platform/audit-logs", auth bearer;
        query {
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
            action / with_action: String = "action",
        }
        send none;
        answer page plain AuditLog;
    }

    // ---- Platform Settings ----
    update_platform_settings => UpdatePlatformSettings, "Updates the tenant's platform settings (a JSON object)." {
        PATCH "/api/platform/settings", auth bearer;
        send whole { settings: Settings = "" };
        answer data plain Settings;
    }

    // ---- MFA Management (App User) ----
    enable_mfa => EnableMfa, "Starts MFA setup; answers the TOTP secret to enrol." {
        POST "/api/v1/auth/mfa/enable", auth bearer;
        send none;
        answer data secret MfaSetup;
    }
    verify_mfa_setup => VerifyMfaSetup, "Confirms MFA setup with a TOTP code; answers backup codes." {
        POST "/api/v1/auth/mfa/verify", auth bearer;
        send json { code: MfaCode = "code" };
        answer data secret BackupCodes;
    }
    disable_mfa => DisableMfa, "Turns MFA off, confirmed with a code." {
        POST "/api/v1/auth/mfa/disable", auth bearer;
        send json { code: MfaCode = "code" };
        answer ack plain Ack;
    }
    generate_backup_codes => GenerateBackupCodes, "Replaces the MFA backup codes." {
        POST "/api/v1/auth/mfa/backup-codes", auth bearer;
        send none;
        answer data secret BackupCodes;
    }
    verify_backup_code => VerifyBackupCode, "Checks an MFA backup code." {
        POST "/api/v1/auth/mfa/backup-code/verify", auth bearer;
        send json { code: MfaCode = "code" };
        answer ack plain Ack;
    }
    get_remaining_backup_codes => GetRemainingBackupCodes, "Counts the unused MFA backup codes." {
        GET "/api/v1/auth/mfa/remaining", auth bearer;
        send none;
        answer data plain RemainingBackupCodes;
    }

    // ---- User Sessions (App User) ----
    list_sessions => ListSessions, "Lists the app user's sessions." {
        GET "/api/v1/sessions", auth bearer;
        send none;
        answer data plain Vec<AppSessionRecord>;
    }
    revoke_session => RevokeSession, "Revokes one of the app user's sessions." {
        POST "/api/v1/sessions/{sessionId}/revoke", auth bearer;
        path { session_id = "sessionId" }
        send none;
        answer ack plain Ack;
    }
    revoke_all_sessions => RevokeAllSessions, "Revokes the app user's sessions, confirmed with the password." {
        POST "/api/v1/sessions/revoke-all", auth bearer;
        send json { password: Password = "password" };
        optional { keep_current / with_keep_current: bool = "keepCurrent" }
        answer json plain RevokedSessions;
    }

    // ---- Organizations (App User v1) ----
    list_organizations => ListOrganizations, "Lists the app user's organizations." {
        GET "/api/v1/organizations", auth bearer;
        send none;
        answer data plain Vec<Organization>;
    }
    create_organization => CreateOrganization, "Creates an organization." {
        POST "/api/v1/organizations", auth bearer;
        send json { name: String = "name", slug: String = "slug" };
        optional {
            image_url / with_image_url: String = "imageUrl",
            metadata / with_metadata: Value = "metadata",
        }
        answer data plain Organization;
    }
    get_organization => GetOrganization, "Gets an organization." {
        GET "/api/v1/organizations/{orgId}", auth bearer;
        path { org_id = "orgId" }
        send none;
        answer data plain Organization;
    }
    update_organization => UpdateOrganization, "Updates an organization; its image can be cleared." {
        PUT "/api/v1/organizations/{orgId}", auth bearer;
        path { org_id = "orgId" }
        send json;
        optional {
            name / with_name: String = "name",
            slug / with_slug: String = "slug",
            metadata / with_metadata: Value = "metadata",
        }
        nullable { image_url / with_image_url / clear_image_url: String = "imageUrl" }
        answer data plain Organization;
    }
    delete_organization => DeleteOrganization, "Deletes an organization." {
        DELETE "/api/v1/organizations/{orgId}", auth bearer;
        path { org_id = "orgId" }
        send none;
        answer ack plain Ack;
    }
    list_org_members => ListOrgMembers, "Lists an organization's members." {
        GET "/api/v1/organizations/{orgId}/members", auth bearer;
        path { org_id = "orgId" }
        send none;
        answer data plain Vec<OrganizationMember>;
    }
    add_org_member => AddOrgMember, "Adds a user to an organization." {
        POST "/api/v1/organizations/{orgId}/members", auth bearer;
        path { org_id = "orgId" }
        send json { user_id: String = "userId" };
        optional { role / with_role: String = "role" }
        answer data plain OrganizationMember;
    }
    update_org_member => UpdateOrgMember, "Changes an organization member's role." {
        PATCH "/api/v1/organizations/{orgId}/members/{memberId}", auth bearer;
        path { org_id = "orgId", member_id = "memberId" }
        send json { role: String = "role" };
        answer data plain OrganizationMember;
    }
    remove_org_member => RemoveOrgMember, "Removes a member from an organization." {
        DELETE "/api/v1/organizations/{orgId}/members/{memberId}", auth bearer;
        path { org_id = "orgId", member_id = "memberId" }
        send none;
        answer ack plain Ack;
    }
    create_org_invitation => CreateOrgInvitation, "Invites someone to an organization." {
        POST "/api/v1/organizations/{orgId}/invitations", auth bearer;
        path { org_id = "orgId" }
        send json { email: String = "email" };
        optional { role / with_role: String = "role" }
        answer data plain Invitation;
    }

    // ---- Invitations (App User v1) ----
    list_invitations => ListInvitations, "Lists the environment's invitations." {
        GET "/api/v1/invitations", auth bearer;
        send none;
        answer data plain Vec<Invitation>;
    }
    send_invitation => SendInvitation, "Invites someone to the environment." {
        POST "/api/v1/invitations", auth bearer;
        send json { email: String = "email" };
        optional { role_id / with_role_id: String = "roleId" }
        answer data plain Invitation;
    }
    accept_invitation => AcceptInvitation, "Accepts an invitation as the signed-in app user." {
        POST "/api/v1/invitations/{invitationId}/accept", auth bearer;
        path { invitation_id = "invitationId" }
        send none;
        answer ack plain Ack;
    }
    cancel_invitation => CancelInvitation, "Cancels an invitation." {
        DELETE "/api/v1/invitations/{invitationId}", auth bearer;
        path { invitation_id = "invitationId" }
        send none;
        answer ack plain Ack;
    }
    resend_invitation => ResendInvitation, "Sends an invitation again." {
        POST "/api/v1/invitations/{invitationId}/resend", auth bearer;
        path { invitation_id = "invitationId" }
        send none;
        answer data plain Invitation;
    }

    // ---- User Import ----
    import_users => ImportUsers, "Imports users into an environment in bulk." {
        POST "/api/v1/import/users", auth none;
        send json { users: Vec<ImportUser> = "users", environment_id: String = "environmentId" };
        optional { update_existing / with_update_existing: bool = "updateExisting" }
        answer data plain ImportUsersResult;
    }

    // ---- V1 Users ----
    list_users => ListUsers, "Lists the environment's users, one page at a time." {
        GET "/api/v1/users", auth bearer;
        query {
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
            search / with_search: String = "search",
        }
        send none;
        answer page plain User;
    }
    create_user => CreateUser, "Creates a user in the environment." {
        POST "/api/v1/users", auth bearer;
        send json { email: String = "email", password: Password = "password" };
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
        }
        answer data plain User;
    }
    get_user => GetUser, "Gets a user of the environment." {
        GET "/api/v1/users/{userId}", auth bearer;
        path { user_id = "userId" }
        send none;
        answer data plain User;
    }
    get_user_by_external_id => GetUserByExternalId, "Gets a user by the id it was imported with." {
        GET "/api/v1/import/users/{externalId}", auth bearer;
        path { external_id = "externalId" }
        send none;
        answer data plain User;
    }
    update_user => UpdateUser, "Updates a user of the environment." {
        PATCH "/api/v1/users/{userId}", auth bearer;
        path { user_id = "userId" }
        send json;
        optional {
            first_name / with_first_name: String = "firstName",
            last_name / with_last_name: String = "lastName",
            is_active / with_is_active: bool = "isActive",
        }
        answer data plain User;
    }
    assign_user_roles => AssignUserRoles, "Sets the roles of a user of the environment." {
        POST "/api/v1/users/{userId}/roles", auth bearer;
        path { user_id = "userId" }
        send json { role_ids: StringList = "roleIds" };
        answer data plain UserRoles;
    }

    // ---- V1 Roles ----
    list_roles => ListRoles, "Lists the environment's roles." {
        GET "/api/v1/roles", auth bearer;
        query {
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
        }
        send none;
        answer data plain Vec<Role>;
    }
    create_role => CreateRole, "Creates a role in the environment." {
        POST "/api/v1/roles", auth bearer;
        send json { name: String = "name" };
        optional {
            description / with_description: String = "description",
            #[exact] hierarchy_level / with_hierarchy_level: i64 = "hierarchyLevel",
        }
        answer data plain Role;
    }
    get_role => GetRole, "Gets a role of the environment." {
        GET "/api/v1/roles/{roleId}", auth bearer;
        path { role_id = "roleId" }
        send none;
        answer data plain Role;
    }
    update_role => UpdateRole, "Updates a role of the environment." {
        PATCH "/api/v1/roles/{roleId}", auth bearer;
        path { role_id = "roleId" }
        send json;
        optional {
            name / with_name: String = "name",
            description / with_description: String = "description",
        }
        answer data plain Role;
    }
    delete_role => DeleteRole, "Deletes a role of the environment." {
        DELETE "/api/v1/roles/{roleId}", auth bearer;
        path { role_id = "roleId" }
        send none;
        answer ack plain Ack;
    }

    // ---- V1 Role Permissions ----
    get_role_permissions => GetRolePermissions, "Lists the permissions of a role." {
        GET "/api/v1/roles/{roleId}/permissions", auth bearer;
        path { role_id = "roleId" }
        send none;
        answer data plain Vec<Permission>;
    }
    assign_role_permissions => AssignRolePermissions, "Adds permissions to a role." {
        POST "/api/v1/roles/{roleId}/permissions", auth bearer;
        path { role_id = "roleId" }
        send json { permission_ids: StringList = "permissionIds" };
        answer data plain PermissionAssignment;
    }
    remove_role_permission => RemoveRolePermission, "Removes a permission from a role." {
        DELETE "/api/v1/roles/{roleId}/permissions/{permissionId}", auth bearer;
        path { role_id = "roleId", permission_id = "permissionId" }
        send none;
        answer ack plain Ack;
    }

    // ---- V1 Permissions ----
    list_permissions => ListPermissions, "Lists the environment's permissions." {
        GET "/api/v1/permissions", auth bearer;
        query {
            #[exact] page / with_page: u64 = "page",
            #[exact] limit / with_limit: u64 = "limit",
        }
        send none;
        answer data plain Vec<Permission>;
    }
    create_permission => CreatePermission, "Creates a permission in the environment." {
        POST "/api/v1/permissions", auth bearer;
        send json { name: String = "name", resource: String = "resource", action: String = "action" };
        optional { description / with_description: String = "description" }
        answer data plain Permission;
    }
    delete_permission => DeletePermission, "Deletes a permission of the environment." {
        DELETE "/api/v1/permissions/{permissionId}", auth bearer;
        path { permission_id = "permissionId" }
        send none;
        answer ack plain Ack;
    }
}
