//! The platform team: members and invitations.

use inai_auth_core::ops::{
    AcceptPlatformInvitation, CancelPlatformInvitation, InvitePlatformMember,
    ListPlatformInvitations, ListPlatformMembers, RemovePlatformMember, ResendPlatformInvitation,
    UpdatePlatformMember,
};

use crate::context::PASSWORD;
use crate::records::{ADMIN_ROLE, MEMBER_ROLE};

examples! {
    list_platform_members(ctx) -> ListPlatformMembers {
        Ok(ListPlatformMembers::new(ctx.admin_token()))
    }
    invite_platform_member(ctx) -> InvitePlatformMember {
        Ok(InvitePlatformMember::new(ctx.admin_token(), ctx.email("hire"), MEMBER_ROLE).with_first_name("Linus"))
    }
    update_platform_member(ctx) -> UpdatePlatformMember {
        Ok(UpdatePlatformMember::new(ctx.admin_token(), ctx.platform_member()?, ADMIN_ROLE))
    }
    remove_platform_member(ctx) -> RemovePlatformMember {
        Ok(RemovePlatformMember::new(ctx.admin_token(), ctx.platform_member()?))
    }
    list_platform_invitations(ctx) -> ListPlatformInvitations {
        ctx.platform_invitation()?;
        Ok(ListPlatformInvitations::new(ctx.admin_token()))
    }
    cancel_platform_invitation(ctx) -> CancelPlatformInvitation {
        Ok(CancelPlatformInvitation::new(ctx.admin_token(), ctx.platform_invitation()?.id))
    }
    resend_platform_invitation(ctx) -> ResendPlatformInvitation {
        Ok(ResendPlatformInvitation::new(ctx.admin_token(), ctx.platform_invitation()?.id))
    }
    accept_platform_invitation(ctx) -> AcceptPlatformInvitation {
        Ok(AcceptPlatformInvitation::new(ctx.platform_invitation()?.id, PASSWORD).with_first_name("Margaret"))
    }
}
