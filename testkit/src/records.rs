//! Records a test may need, created on demand: each method sends the
//! operations that make one, through the testkit's own client.

use inai_auth_core::models::{
    Application, CreatedApiKey, EmailTemplate, Invitation, MfaSetup, Organization,
    OrganizationMember, Permission, PlatformInvitation, Role, User, Webhook,
};
use inai_auth_core::ops::{
    AcceptPlatformInvitation, AddOrgMember, CreateAppApiKey, CreateAppEmailTemplate,
    CreateAppInvitation, CreateAppOrganization, CreateAppPermission, CreateAppRole, CreateAppUser,
    CreateAppWebhook, CreateApplication, CreateOrganization, CreatePermission,
    CreatePlatformApiKey, CreatePlatformWebhook, CreateRole, EnableMfa, InitializeEmailTemplates,
    InvitePlatformMember, ListAppSessions, ListPlatformEmailTemplates, ListPlatformMembers,
    SendInvitation, VerifyMfaSetup,
};
use inai_auth_core::secret::MfaCode;

use crate::context::{Context, PASSWORD, TestUser};
use crate::error::SetupError;

/// The platform role new members are invited with.
pub const MEMBER_ROLE: &str = "member";
/// The platform role members are promoted to.
pub const ADMIN_ROLE: &str = "admin";
/// The events webhooks subscribe to.
pub const WEBHOOK_EVENT: &str = "user.created";

/// An app user with MFA on.
#[derive(Debug, Clone)]
pub struct MfaUser {
    /// The user, with a session opened before MFA was turned on.
    pub user: TestUser,
    /// The TOTP secret (base32).
    pub secret: String,
    /// The backup codes, unused.
    pub backup_codes: Vec<MfaCode>,
}

impl Context {
    /// A new application of the admin's tenant.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn application(&self) -> Result<Application, SetupError> {
        let slug = self.unique("app");
        self.send(&CreateApplication::new(
            self.admin_token(),
            slug.as_str(),
            slug.as_str(),
        ))
    }

    /// A new user of the seeded application, created by the admin.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_user(&self) -> Result<User, SetupError> {
        self.send(&CreateAppUser::new(
            self.admin_token(),
            self.app_id(),
            self.email("app-user"),
            PASSWORD,
            self.env_id(),
        ))
    }

    /// A new role of the seeded application's environment.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_role(&self) -> Result<Role, SetupError> {
        let op = CreateAppRole::new(self.admin_token(), self.app_id(), self.unique("app-role"))
            .with_environment_id(self.env_id());
        self.send(&op)
    }

    /// A new permission of the seeded application's environment.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_permission(&self) -> Result<Permission, SetupError> {
        let action = self.unique("read");
        let op = CreateAppPermission::new(
            self.admin_token(),
            self.app_id(),
            format!("documents:{action}"),
            "documents",
            action.as_str(),
        )
        .with_environment_id(self.env_id());
        self.send(&op)
    }

    /// A new API key of the seeded application's environment.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_api_key(&self) -> Result<CreatedApiKey, SetupError> {
        self.send(&CreateAppApiKey::new(
            self.admin_token(),
            self.app_id(),
            self.unique("key"),
            self.env_id(),
        ))
    }

    /// A new invitation to the seeded application's environment.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_invitation(&self) -> Result<Invitation, SetupError> {
        self.send(&CreateAppInvitation::new(
            self.admin_token(),
            self.app_id(),
            self.email("invitee"),
            self.env_id(),
        ))
    }

    /// A new organization of the seeded application's environment, created
    /// by the admin.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_organization(&self) -> Result<Organization, SetupError> {
        let slug = self.unique("app-org");
        self.send(&CreateAppOrganization::new(
            self.admin_token(),
            self.app_id(),
            slug.as_str(),
            slug.as_str(),
            self.env_id(),
        ))
    }

    /// A new webhook of the seeded application.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_webhook(&self) -> Result<Webhook, SetupError> {
        self.send(&CreateAppWebhook::new(
            self.admin_token(),
            self.app_id(),
            format!("https://hooks.example.com/{}", self.unique("app")),
            vec![WEBHOOK_EVENT.to_owned()],
        ))
    }

    /// A new email template of the seeded application's environment.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn app_email_template(&self) -> Result<EmailTemplate, SetupError> {
        self.send(&CreateAppEmailTemplate::new(
            self.admin_token(),
            self.app_id(),
            self.unique("template"),
            "Welcome {{name}}",
            "<p>Hello {{name}}</p>",
            self.env_id(),
        ))
    }

    /// The id of the context user's first session, as the admin lists it.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails or the session is not listed.
    pub fn app_session_id(&self) -> Result<String, SetupError> {
        let op = ListAppSessions::new(self.admin_token(), self.app_id())
            .with_environment_id(self.env_id());
        let page = self.send(&op)?;
        page.into_items()
            .into_iter()
            .find(|s| s.user_id == self.user().id)
            .map(|s| s.id)
            .ok_or_else(|| {
                SetupError::missing("list_app_sessions", "the user's session is not listed")
            })
    }

    /// A new platform API key.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn platform_api_key(&self) -> Result<CreatedApiKey, SetupError> {
        self.send(&CreatePlatformApiKey::new(
            self.admin_token(),
            self.unique("platform-key"),
        ))
    }

    /// A new platform webhook.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn platform_webhook(&self) -> Result<Webhook, SetupError> {
        self.send(&CreatePlatformWebhook::new(
            self.admin_token(),
            format!("https://hooks.example.com/{}", self.unique("platform")),
            vec![WEBHOOK_EVENT.to_owned()],
        ))
    }

    /// A platform email template (initializing the defaults if there are none).
    ///
    /// # Errors
    /// [`SetupError`] when a step fails or no template exists.
    pub fn platform_email_template(&self) -> Result<EmailTemplate, SetupError> {
        let existing = self.send(&ListPlatformEmailTemplates::new(self.admin_token()))?;
        let templates = if existing.is_empty() {
            self.send(&InitializeEmailTemplates::new(self.admin_token()))?
                .templates
        } else {
            existing
        };
        templates
            .into_iter()
            .next()
            .ok_or_else(|| SetupError::missing("initialize_email_templates", "no template"))
    }

    /// A pending invitation to the admin's platform team.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn platform_invitation(&self) -> Result<PlatformInvitation, SetupError> {
        let op = InvitePlatformMember::new(self.admin_token(), self.email("teammate"), MEMBER_ROLE);
        Ok(self.send(&op)?.invitation)
    }

    /// A member of the admin's platform team (invited, then accepted): the
    /// member id.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn platform_member(&self) -> Result<String, SetupError> {
        let invitation = self.platform_invitation()?;
        self.send(&AcceptPlatformInvitation::new(
            invitation.id.as_str(),
            PASSWORD,
        ))?;
        self.send(&ListPlatformMembers::new(self.admin_token()))?
            .into_iter()
            .find(|m| m.email == invitation.email)
            .map(|m| m.id)
            .ok_or_else(|| {
                SetupError::missing("list_platform_members", "the new member is not listed")
            })
    }

    /// A new role of the environment, created by the context user.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn role(&self) -> Result<Role, SetupError> {
        self.send(&CreateRole::new(self.user_token(), self.unique("role")))
    }

    /// A new permission of the environment, created by the context user.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn permission(&self) -> Result<Permission, SetupError> {
        let action = self.unique("write");
        self.send(&CreatePermission::new(
            self.user_token(),
            format!("reports:{action}"),
            "reports",
            action.as_str(),
        ))
    }

    /// A new organization created by the context user (its first member).
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn organization(&self) -> Result<Organization, SetupError> {
        let slug = self.unique("org");
        self.send(&CreateOrganization::new(
            self.user_token(),
            slug.as_str(),
            slug.as_str(),
        ))
    }

    /// A second member of `org`: a new user added by the context user.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn org_member(&self, org: &Organization) -> Result<OrganizationMember, SetupError> {
        let other = self.new_user()?;
        self.send(&AddOrgMember::new(
            self.user_token(),
            org.id.as_str(),
            other.id.as_str(),
        ))
    }

    /// A new invitation to the environment, sent by the context user to `email`.
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn invitation_to(&self, email: &str) -> Result<Invitation, SetupError> {
        self.send(&SendInvitation::new(self.user_token(), email))
    }

    /// A new app user with MFA turned on (TOTP enrolled and confirmed).
    ///
    /// # Errors
    /// [`SetupError`] when a step fails.
    pub fn mfa_user(&self) -> Result<MfaUser, SetupError> {
        let user = self.new_user()?;
        let setup: MfaSetup = self.send(&EnableMfa::new(user.token()))?;
        let secret = setup.secret.expose_secret().to_owned();
        let code = self.totp(&secret, 0)?;
        let codes = self.send(&VerifyMfaSetup::new(user.token(), code))?;
        Ok(MfaUser {
            user,
            secret,
            backup_codes: codes.backup_codes,
        })
    }
}

impl Context {
    /// The external id of a user imported with one.
    ///
    /// The API contract documents no external id on import rows (so the
    /// core's `ImportUser` has none); the emulator accepts `externalId` as
    /// an extension, which this sends as raw JSON.
    ///
    /// # Errors
    /// [`SetupError`] when the import is refused.
    pub fn external_id(&self) -> Result<String, SetupError> {
        const STEP: &str = "import_users (raw)";
        let external_id = self.unique("crm");
        let body = serde_json::json!({
            "environmentId": self.env_id(),
            "users": [{ "email": self.email("external"), "password": PASSWORD, "externalId": external_id }],
        });
        let response = self.emulator_json(http::Method::POST, "/api/v1/import/users", &body)?;
        if response.status().is_success() {
            Ok(external_id)
        } else {
            Err(SetupError::missing(
                STEP,
                format!("the emulator answered {}", response.status()),
            ))
        }
    }
}
