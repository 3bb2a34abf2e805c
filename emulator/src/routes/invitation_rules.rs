//! The rules both kinds of invitation follow (into an application, into a platform team).

use axum::http::StatusCode;
use time::{Duration, OffsetDateTime};

use crate::api::problem::ApiError;
use crate::state::org_model::InvitationStatus;

/// How long invitations stay open.
pub(crate) const INVITATION_TTL: Duration = Duration::days(7);

/// When an invitation sent or resent at `now` expires.
pub(crate) fn expiry(now: OffsetDateTime) -> OffsetDateTime {
    now.saturating_add(INVITATION_TTL)
}

/// Whether an invitation still stands: pending and not expired.
pub(crate) fn is_open(
    status: InvitationStatus,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> bool {
    status == InvitationStatus::Pending && now < expires_at
}

/// Only a pending invitation can be cancelled, resent or accepted (else a 409).
pub(crate) fn ensure_pending(status: InvitationStatus) -> Result<(), ApiError> {
    if status == InvitationStatus::Pending {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::CONFLICT,
            "INVITATION_NOT_PENDING",
            "the invitation is no longer pending",
        ))
    }
}

/// A pending invitation that has not expired (else a 409 or a 410).
pub(crate) fn ensure_acceptable(
    status: InvitationStatus,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    ensure_pending(status)?;
    if now >= expires_at {
        return Err(ApiError::new(
            StatusCode::GONE,
            "INVITATION_EXPIRED",
            "the invitation has expired",
        ));
    }
    Ok(())
}
