//! Removing records addressed by a request, where none matching is a 404.

use crate::api::problem::ApiError;

/// Removes every record that `matches`; none matching is a 404 naming `what`.
pub(crate) fn remove_or_404<T>(
    records: &mut Vec<T>,
    matches: impl Fn(&T) -> bool,
    what: &str,
) -> Result<(), ApiError> {
    let before = records.len();
    records.retain(|r| !matches(r));
    if records.len() == before {
        Err(ApiError::not_found(what))
    } else {
        Ok(())
    }
}
