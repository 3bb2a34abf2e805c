//! `page` and `limit` query parameters and the `PaginatedResult` envelope.

use serde::Deserialize;
use serde_json::{Value, json};

use super::problem::ApiError;

/// Default page size.
pub(crate) const DEFAULT_LIMIT: usize = 20;
/// Largest page size.
pub(crate) const MAX_LIMIT: usize = 100;

/// The query of a paginated list. Values arrive as strings so that a bad one is a 400.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListQuery {
    pub(crate) page: Option<String>,
    pub(crate) limit: Option<String>,
    pub(crate) environment_id: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) search: Option<String>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub(crate) page: usize,
    pub(crate) limit: usize,
}

impl ListQuery {
    /// `page` from 1, `limit` 1..=100; defaults 1 and 20.
    pub(crate) fn page(&self) -> Result<Page, ApiError> {
        let page = number("page", self.page.as_deref(), 1)?;
        let limit = number("limit", self.limit.as_deref(), DEFAULT_LIMIT)?;
        if limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "`limit` may be at most {MAX_LIMIT}"
            )));
        }
        Ok(Page { page, limit })
    }
}

fn number(name: &str, raw: Option<&str>, default: usize) -> Result<usize, ApiError> {
    match raw {
        None => Ok(default),
        Some(s) => match s.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "`{name}` must be a positive integer"
            ))),
        },
    }
}

impl Page {
    /// The items of this page.
    pub(crate) fn slice(self, items: Vec<Value>) -> Vec<Value> {
        let skip = (self.page - 1).saturating_mul(self.limit);
        items.into_iter().skip(skip).take(self.limit).collect()
    }
}

/// `{data, total, page, limit}` for one page of `items`.
pub(crate) fn paginate(items: Vec<Value>, page: Page) -> Value {
    let total = items.len();
    let data = page.slice(items);
    json!({ "data": data, "total": total, "page": page.page, "limit": page.limit })
}
