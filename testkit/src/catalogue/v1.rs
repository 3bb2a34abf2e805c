//! What an app user does through `/api/v1/`: sessions, organizations,
//! invitations, users, roles and permissions of the environment; and the
//! user import.

use inai_auth_core::models::ImportUser;
use inai_auth_core::ops::{
    AcceptInvitation, AddOrgMember, AssignRolePermissions, AssignUserRoles, CancelInvitation,
    CreateOrgInvitation, CreateOrganization, CreatePermission, CreateRole, CreateUser,
    DeleteOrganization, DeletePermission, DeleteRole, GetOrganization, GetRole, GetRolePermissions,
    GetUser, GetUserByExternalId, ImportUsers, ListInvitations, ListOrgMembers, ListOrganizations,
    ListPermissions, ListRoles, ListSessions, ListUsers, RemoveOrgMember, RemoveRolePermission,
    ResendInvitation, RevokeAllSessions, RevokeSession, SendInvitation, UpdateOrgMember,
    UpdateOrganization, UpdateRole, UpdateUser,
};

use crate::context::PASSWORD;
use crate::error::SetupError;

examples! {
    list_sessions(ctx) -> ListSessions {
        Ok(ListSessions::new(ctx.user_token()))
    }
    revoke_session(ctx) -> RevokeSession {
        ctx.login(ctx.user())?;
        let sessions = ctx.send(&ListSessions::new(ctx.user_token()))?;
        let newest = sessions.into_iter().max_by(|a, b| a.created_at.as_str().cmp(b.created_at.as_str()))
            .ok_or_else(|| SetupError::missing("list_sessions", "no session"))?;
        Ok(RevokeSession::new(ctx.user_token(), newest.id))
    }
    revoke_all_sessions(ctx) -> RevokeAllSessions {
        ctx.login(ctx.user())?;
        Ok(RevokeAllSessions::new(ctx.user_token(), PASSWORD).with_keep_current(true))
    }

    list_organizations(ctx) -> ListOrganizations {
        ctx.organization()?;
        Ok(ListOrganizations::new(ctx.user_token()))
    }
    create_organization(ctx) -> CreateOrganization {
        Ok(CreateOrganization::new(ctx.user_token(), "Initech", "initech").with_image_url("https://img.example.com/i.png"))
    }
    get_organization(ctx) -> GetOrganization {
        Ok(GetOrganization::new(ctx.user_token(), ctx.organization()?.id))
    }
    update_organization(ctx) -> UpdateOrganization {
        Ok(UpdateOrganization::new(ctx.user_token(), ctx.organization()?.id).with_name("Initrode").clear_image_url())
    }
    delete_organization(ctx) -> DeleteOrganization {
        Ok(DeleteOrganization::new(ctx.user_token(), ctx.organization()?.id))
    }
    list_org_members(ctx) -> ListOrgMembers {
        Ok(ListOrgMembers::new(ctx.user_token(), ctx.organization()?.id))
    }
    add_org_member(ctx) -> AddOrgMember {
        let org = ctx.organization()?;
        let other = ctx.new_user()?;
        Ok(AddOrgMember::new(ctx.user_token(), org.id, other.id).with_role("member"))
    }
    update_org_member(ctx) -> UpdateOrgMember {
        let org = ctx.organization()?;
        let member = ctx.org_member(&org)?;
        Ok(UpdateOrgMember::new(ctx.user_token(), org.id, member.id, "admin"))
    }
    remove_org_member(ctx) -> RemoveOrgMember {
        let org = ctx.organization()?;
        let member = ctx.org_member(&org)?;
        Ok(RemoveOrgMember::new(ctx.user_token(), org.id, member.id))
    }
    create_org_invitation(ctx) -> CreateOrgInvitation {
        Ok(CreateOrgInvitation::new(ctx.user_token(), ctx.organization()?.id, ctx.email("org-guest")))
    }

    list_invitations(ctx) -> ListInvitations {
        ctx.invitation_to(&ctx.email("listed"))?;
        Ok(ListInvitations::new(ctx.user_token()))
    }
    send_invitation(ctx) -> SendInvitation {
        Ok(SendInvitation::new(ctx.user_token(), ctx.email("friend")))
    }
    accept_invitation(ctx) -> AcceptInvitation {
        let invitee = ctx.new_user()?;
        let invitation = ctx.invitation_to(&invitee.email)?;
        Ok(AcceptInvitation::new(invitee.token(), invitation.id))
    }
    cancel_invitation(ctx) -> CancelInvitation {
        Ok(CancelInvitation::new(ctx.user_token(), ctx.invitation_to(&ctx.email("cancelled"))?.id))
    }
    resend_invitation(ctx) -> ResendInvitation {
        Ok(ResendInvitation::new(ctx.user_token(), ctx.invitation_to(&ctx.email("resent"))?.id))
    }

    import_users(ctx) -> ImportUsers {
        let users = vec![
            ImportUser::new(ctx.email("imported")).with_password(PASSWORD).with_first_name("Imp"),
            ImportUser::new(ctx.email("imported")),
        ];
        Ok(ImportUsers::new(users, ctx.env_id()))
    }

    list_users(ctx) -> ListUsers {
        Ok(ListUsers::new(ctx.user_token()).with_page(1).with_limit(10))
    }
    create_user(ctx) -> CreateUser {
        Ok(CreateUser::new(ctx.user_token(), ctx.email("made"), PASSWORD).with_last_name("Hopper"))
    }
    get_user(ctx) -> GetUser {
        Ok(GetUser::new(ctx.user_token(), ctx.user().id.as_str()))
    }
    get_user_by_external_id(ctx) -> GetUserByExternalId {
        Ok(GetUserByExternalId::new(ctx.user_token(), ctx.external_id()?))
    }
    update_user(ctx) -> UpdateUser {
        Ok(UpdateUser::new(ctx.user_token(), ctx.user().id.as_str()).with_first_name("Ada"))
    }
    assign_user_roles(ctx) -> AssignUserRoles {
        let role = ctx.role()?;
        Ok(AssignUserRoles::new(ctx.user_token(), ctx.user().id.as_str(), vec![role.id]))
    }

    list_roles(ctx) -> ListRoles {
        ctx.role()?;
        Ok(ListRoles::new(ctx.user_token()))
    }
    create_role(ctx) -> CreateRole {
        Ok(CreateRole::new(ctx.user_token(), "auditor").with_description("Reads logs").with_hierarchy_level(5))
    }
    get_role(ctx) -> GetRole {
        Ok(GetRole::new(ctx.user_token(), ctx.role()?.id))
    }
    update_role(ctx) -> UpdateRole {
        Ok(UpdateRole::new(ctx.user_token(), ctx.role()?.id).with_name("senior-auditor"))
    }
    delete_role(ctx) -> DeleteRole {
        Ok(DeleteRole::new(ctx.user_token(), ctx.role()?.id))
    }

    get_role_permissions(ctx) -> GetRolePermissions {
        Ok(GetRolePermissions::new(ctx.user_token(), ctx.role()?.id))
    }
    assign_role_permissions(ctx) -> AssignRolePermissions {
        let role = ctx.role()?;
        let permission = ctx.permission()?;
        Ok(AssignRolePermissions::new(ctx.user_token(), role.id, vec![permission.id]))
    }
    remove_role_permission(ctx) -> RemoveRolePermission {
        let role = ctx.role()?;
        let permission = ctx.permission()?;
        ctx.send(&AssignRolePermissions::new(ctx.user_token(), role.id.as_str(), vec![permission.id.clone()]))?;
        Ok(RemoveRolePermission::new(ctx.user_token(), role.id, permission.id))
    }

    list_permissions(ctx) -> ListPermissions {
        ctx.permission()?;
        Ok(ListPermissions::new(ctx.user_token()))
    }
    create_permission(ctx) -> CreatePermission {
        Ok(CreatePermission::new(ctx.user_token(), "reports:read", "reports", "read"))
    }
    delete_permission(ctx) -> DeletePermission {
        Ok(DeletePermission::new(ctx.user_token(), ctx.permission()?.id))
    }
}
