//! One page of a paginated list.

use serde::{Deserialize, Serialize};

/// One page of a paginated list (`PaginatedResult<T>`).
///
/// Pages are numbered from 1. Iterate a page directly (`for user in &page`) or
/// take its items with [`into_items`](Self::into_items).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// How many items the whole list has.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// The most items a page holds (the page size asked for).
    pub limit: u64,
}

impl<T> Page<T> {
    /// The items on this page.
    #[must_use]
    pub fn items(&self) -> &[T] {
        &self.data
    }

    /// Takes the items of this page.
    #[must_use]
    pub fn into_items(self) -> Vec<T> {
        self.data
    }

    /// How many items are on this page.
    #[must_use]
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether this page has no items.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// An iterator over the items on this page.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.data.iter()
    }

    /// Whether no page follows this one: this page is empty, or pages of
    /// `limit` items up to this one already cover `total`, or the page size
    /// is 0 (so no next page can be asked for).
    #[must_use]
    pub fn is_last(&self) -> bool {
        self.data.is_empty()
            || self.limit == 0
            || self.page.saturating_mul(self.limit) >= self.total
    }

    /// The number of the page after this one, or `None` if this is the last.
    #[must_use]
    pub fn next_page(&self) -> Option<u64> {
        if self.is_last() {
            None
        } else {
            self.page.checked_add(1)
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]

    use super::*;
    use crate::models::User;
    use crate::models::test_support::{assert_required, assert_wire_roundtrip, decode};
    use crate::models::user::tests::USER;

    fn page(items: usize, total: u64, page: u64, limit: u64) -> Page<u32> {
        Page {
            data: (0..items).map(|i| u32::try_from(i).unwrap()).collect(),
            total,
            page,
            limit,
        }
    }

    #[test]
    fn decodes_a_page_of_users() {
        let json =
            format!(r#"{{"data":[{USER},{USER}],"total":42,"page":2,"limit":2,"hasMore":true}}"#);
        let users: Page<User> = decode(&json);
        assert_eq!((users.total, users.page, users.limit), (42, 2, 2));
        assert_eq!(users.len(), 2);
        assert_eq!(users.items()[1].email, "ada@example.com");
        assert!(!users.is_last());
        assert_eq!(users.next_page(), Some(3));
        let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
        assert_eq!(emails, ["ada@example.com", "ada@example.com"]);
    }

    #[test]
    fn required_fields() {
        let json = r#"{"data":[1,2],"total":2,"page":1,"limit":10}"#;
        for field in ["data", "total", "page", "limit"] {
            assert_required::<Page<u32>>(json, field);
        }
        assert!(
            serde_json::from_str::<Page<u32>>(r#"{"data":null,"total":0,"page":1,"limit":1}"#)
                .is_err()
        );
    }

    #[test]
    fn last_page_rules() {
        // A full page in the middle.
        assert!(!page(10, 25, 2, 10).is_last());
        // The page that reaches the total.
        assert!(page(5, 25, 3, 10).is_last());
        assert!(page(10, 20, 2, 10).is_last());
        // An empty page ends the list whatever the total says.
        assert!(page(0, 100, 1, 10).is_last());
        assert_eq!(page(0, 100, 1, 10).next_page(), None);
        // A zero page size cannot advance.
        assert!(page(3, 100, 1, 0).is_last());
        // Huge numbers do not overflow.
        assert!(page(1, u64::MAX, u64::MAX, u64::MAX).is_last());
        assert_eq!(page(1, u64::MAX, 3, 1).next_page(), Some(4));
    }

    #[test]
    fn iterates_by_value_and_by_reference() {
        let p = page(3, 3, 1, 10);
        let by_ref: Vec<u32> = (&p).into_iter().copied().collect();
        assert_eq!(by_ref, [0, 1, 2]);
        let mut seen = Vec::new();
        for item in &p {
            seen.push(*item);
        }
        assert_eq!(seen, by_ref);
        assert_eq!(p.clone().into_items(), by_ref);
        let by_value: Vec<u32> = p.into_iter().collect();
        assert_eq!(by_value, by_ref);
    }

    #[test]
    fn round_trips_with_wire_names() {
        assert_wire_roundtrip::<Page<u32>>(
            r#"{"data":[7],"total":1,"page":1,"limit":20,"x":0}"#,
            &["x"],
        );
    }
}
