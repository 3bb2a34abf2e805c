//! Who owns an API key, a webhook or an email template: one application, or the
//! tenant's platform (records without an application).

use super::model::ApiKey;
use super::org_model::{EmailTemplate, Webhook};
use super::remove::remove_or_404;
use crate::api::problem::{ApiError, OrNotFound};

/// A record that belongs to an application or, without one, to its tenant's platform.
pub(crate) trait Owned {
    fn id(&self) -> &str;
    fn tenant_id(&self) -> &str;
    /// `None` for the platform's own records.
    fn app_id(&self) -> Option<&str>;
    /// The environment, for records that have one.
    fn env_id(&self) -> Option<&str> {
        None
    }
}

/// Implements [`Owned`] from the fields `id`, `tenant_id`, `app_id` (and the named environment field).
macro_rules! owned_record {
    ($record:ty $(, $env:ident)?) => {
        impl Owned for $record {
            fn id(&self) -> &str {
                &self.id
            }
            fn tenant_id(&self) -> &str {
                &self.tenant_id
            }
            fn app_id(&self) -> Option<&str> {
                self.app_id.as_deref()
            }
            $(fn env_id(&self) -> Option<&str> {
                self.$env.as_deref()
            })?
        }
    };
}

owned_record!(ApiKey, env_id);
owned_record!(EmailTemplate, env_id);
owned_record!(Webhook);

/// The owner a route works for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owner<'a> {
    /// The records of this application.
    App(&'a str),
    /// The platform records of this tenant.
    Platform(&'a str),
}

impl<'a> Owner<'a> {
    /// Whether `record` is one of this owner's.
    pub(crate) fn owns(self, record: &impl Owned) -> bool {
        match self {
            Self::App(app_id) => record.app_id() == Some(app_id),
            Self::Platform(tenant_id) => {
                record.app_id().is_none() && record.tenant_id() == tenant_id
            }
        }
    }

    /// The application, for an application owner.
    pub(crate) fn app_id(self) -> Option<&'a str> {
        match self {
            Self::App(app_id) => Some(app_id),
            Self::Platform(_) => None,
        }
    }
}

/// The owner's records in environment `env` (all of them when `None`), in order.
pub(crate) fn of<'r, T: Owned>(
    records: &'r [T],
    owner: Owner<'_>,
    env: Option<&str>,
) -> impl Iterator<Item = &'r T> {
    records
        .iter()
        .filter(move |r| owner.owns(*r) && (env.is_none() || r.env_id() == env))
}

/// The owner's record `id`, or a 404 naming `what`.
pub(crate) fn find_mut<'r, T: Owned>(
    records: &'r mut [T],
    owner: Owner<'_>,
    id: &str,
    what: &str,
) -> Result<&'r mut T, ApiError> {
    records
        .iter_mut()
        .find(|r| r.id() == id && owner.owns(*r))
        .or_not_found(what)
}

/// Removes the owner's record `id`, or answers a 404 naming `what`.
pub(crate) fn remove<T: Owned>(
    records: &mut Vec<T>,
    owner: Owner<'_>,
    id: &str,
    what: &str,
) -> Result<(), ApiError> {
    remove_or_404(records, |r| r.id() == id && owner.owns(r), what)
}
