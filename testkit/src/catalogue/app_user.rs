//! App user authentication, MFA and platform authentication.

use inai_auth_core::Operation;
use inai_auth_core::models::TokenPair;
use inai_auth_core::ops::ActiveOrganization;
use inai_auth_core::ops::{
    DisableMfa, EnableMfa, ForgotPassword, GenerateBackupCodes, GetMe, GetRemainingBackupCodes,
    Login, Logout, MfaChallenge, PlatformGetMe, PlatformLogin, PlatformLogout,
    PlatformMfaChallenge, PlatformRefresh, PlatformRegister, Refresh, Register, ResetPassword,
    SetActiveOrganization, VerifyBackupCode, VerifyEmail, VerifyMfaSetup,
};
use inai_auth_core::secret::MfaToken;

use crate::context::PASSWORD;
use crate::error::SetupError;

examples! {
    login(ctx) -> Login {
        let user = ctx.user();
        Ok(Login::new(user.email.as_str(), user.password.clone()))
    }
    register(ctx) -> Register {
        Ok(Register::new(ctx.email("new"), PASSWORD).with_first_name("Ada"))
    }
    mfa_challenge(ctx) -> MfaChallenge {
        let mfa = ctx.mfa_user()?;
        let login = ctx.send(&Login::new(mfa.user.email.as_str(), PASSWORD))?;
        let token = pending(Login::NAME, login.mfa_token())?;
        Ok(MfaChallenge::new(token, ctx.totp(&mfa.secret, 1)?))
    }
    refresh(ctx) -> Refresh {
        Ok(Refresh::new(ctx.login(ctx.user())?.refresh_token))
    }
    logout(ctx) -> Logout {
        Ok(Logout::new(ctx.login(ctx.user())?.refresh_token))
    }
    get_me(ctx) -> GetMe {
        Ok(GetMe::new(ctx.user_token()))
    }
    set_active_organization(ctx) -> SetActiveOrganization {
        let org = ctx.organization()?;
        Ok(SetActiveOrganization::new(ctx.user_token(), org.id))
    }
    forgot_password(ctx) -> ForgotPassword {
        Ok(ForgotPassword::new(ctx.user().email.as_str()))
    }
    reset_password(ctx) -> ResetPassword {
        let email = ctx.user().email.as_str();
        ctx.send(&ForgotPassword::new(email))?;
        let token = ctx.outbox_token(email, "reset_password")?;
        Ok(ResetPassword::new(token, "a-brand-new-password"))
    }
    verify_email(ctx) -> VerifyEmail {
        Ok(VerifyEmail::new(ctx.outbox_token(&ctx.user().email, "verify_email")?))
    }

    platform_register(ctx) -> PlatformRegister {
        let slug = ctx.unique("tenant");
        Ok(PlatformRegister::new(ctx.email("founder"), PASSWORD, slug.as_str(), slug.as_str()))
    }
    platform_login(ctx) -> PlatformLogin {
        let seed = ctx.seed();
        Ok(PlatformLogin::new(seed.admin_email.as_str(), seed.admin_password.as_str()))
    }
    platform_refresh(ctx) -> PlatformRefresh {
        Ok(PlatformRefresh::new(ctx.admin_login()?.refresh_token))
    }
    platform_logout(ctx) -> PlatformLogout {
        Ok(PlatformLogout::new(ctx.admin_login()?.access_token))
    }
    platform_mfa_challenge(ctx) -> PlatformMfaChallenge {
        let secret = ctx.platform_mfa_on(&ctx.seed().admin_email)?;
        let seed = ctx.seed();
        let login = ctx.send(&PlatformLogin::new(seed.admin_email.as_str(), seed.admin_password.as_str()))?;
        let token = pending(PlatformLogin::NAME, login.mfa_token())?;
        Ok(PlatformMfaChallenge::new(token, ctx.totp(&secret, 0)?))
    }
    platform_get_me(ctx) -> PlatformGetMe {
        Ok(PlatformGetMe::new(ctx.admin_token()))
    }

    enable_mfa(ctx) -> EnableMfa {
        Ok(EnableMfa::new(ctx.user_token()))
    }
    verify_mfa_setup(ctx) -> VerifyMfaSetup {
        let setup = ctx.send(&EnableMfa::new(ctx.user_token()))?;
        Ok(VerifyMfaSetup::new(ctx.user_token(), ctx.totp(setup.secret.expose_secret(), 0)?))
    }
    disable_mfa(ctx) -> DisableMfa {
        let mfa = ctx.mfa_user()?;
        Ok(DisableMfa::new(mfa.user.token(), ctx.totp(&mfa.secret, -1)?))
    }
    generate_backup_codes(ctx) -> GenerateBackupCodes {
        Ok(GenerateBackupCodes::new(ctx.mfa_user()?.user.token()))
    }
    verify_backup_code(ctx) -> VerifyBackupCode {
        let mfa = ctx.mfa_user()?;
        let code = mfa.backup_codes.first().cloned()
            .ok_or_else(|| SetupError::missing("verify_mfa_setup", "no backup codes"))?;
        Ok(VerifyBackupCode::new(mfa.user.token(), code))
    }
    get_remaining_backup_codes(ctx) -> GetRemainingBackupCodes {
        Ok(GetRemainingBackupCodes::new(ctx.mfa_user()?.user.token()))
    }
}

/// The MFA token of a login that must ask for a second factor.
fn pending(step: &'static str, token: Option<&MfaToken>) -> Result<MfaToken, SetupError> {
    token
        .cloned()
        .ok_or_else(|| SetupError::missing(step, "the login did not ask for MFA"))
}

/// The second form of [`SetActiveOrganization`]: clearing the active
/// organization (`organizationId: null`). Switches the context user to a new
/// organization first and returns, with the operation, the pair that switch
/// answered (its access token carries the organization; the one the
/// operation answers carries none).
///
/// # Errors
/// [`SetupError`] when preparing it fails.
pub fn clear_active_organization(
    ctx: &crate::Context,
) -> Result<(SetActiveOrganization, TokenPair), SetupError> {
    let org = ctx.organization()?;
    let switched = ctx.send(&SetActiveOrganization::new(ctx.user_token(), org.id))?;
    let clear =
        SetActiveOrganization::new(switched.access_token.clone(), ActiveOrganization::none());
    Ok((clear, switched))
}
