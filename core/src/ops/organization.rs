//! The organization `set_active_organization` switches to.

use serde::{Deserialize, Serialize};

/// The organization [`SetActiveOrganization`](super::SetActiveOrganization)
/// makes active: one by id, or none ([`ActiveOrganization::none`], sent as
/// `organizationId: null`, which clears the active organization).
///
/// Built from an id (`"org_1"`, a `String`) or an `Option` of one, so
/// `SetActiveOrganization::new(token, "org_1")` and
/// `SetActiveOrganization::new(token, maybe_org)` both read naturally.
///
/// ```
/// use inai_auth_core::ops::{ActiveOrganization, SetActiveOrganization};
///
/// let switch = SetActiveOrganization::new("access-token", "org_1");
/// let leave = SetActiveOrganization::new("access-token", ActiveOrganization::none());
/// assert_eq!(ActiveOrganization::from("org_1").id(), Some("org_1"));
/// assert_eq!(ActiveOrganization::from(None::<String>), ActiveOrganization::none());
/// # let _ = (switch, leave);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActiveOrganization(Option<String>);

impl ActiveOrganization {
    /// No active organization: sent as `null`.
    #[must_use]
    pub fn none() -> Self {
        Self(None)
    }

    /// The organization's id, or `None` when this clears the active one.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl From<&str> for ActiveOrganization {
    fn from(id: &str) -> Self {
        Self(Some(id.to_owned()))
    }
}

impl From<String> for ActiveOrganization {
    fn from(id: String) -> Self {
        Self(Some(id))
    }
}

impl From<&String> for ActiveOrganization {
    fn from(id: &String) -> Self {
        Self(Some(id.clone()))
    }
}

impl From<Option<String>> for ActiveOrganization {
    fn from(id: Option<String>) -> Self {
        Self(id)
    }
}

impl From<Option<&str>> for ActiveOrganization {
    fn from(id: Option<&str>) -> Self {
        Self(id.map(str::to_owned))
    }
}
