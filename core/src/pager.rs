//! Pagination without IO: which page to ask for next, and when to stop.

use crate::Operation;
use crate::models::Page;

/// The most pages a [`Pager`] asks for by default.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// An operation whose answer is one page of a list (`PaginatedResult`).
pub trait Paginated: Operation<Output = Page<<Self as Paginated>::Item>> + Clone {
    /// The type of the list's items.
    type Item;

    /// The page asked for; `None` lets the API choose (its first page, 1).
    fn page(&self) -> Option<u64>;

    /// The page size asked for; `None` lets the API choose.
    fn limit(&self) -> Option<u64>;

    /// The same operation asking for page `page` (numbered from 1).
    #[must_use]
    fn with_page(self, page: u64) -> Self;
}

/// Why a [`Pager`] stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagerEnd {
    /// The last page answered was empty.
    EmptyPage,
    /// `page * limit` of the last page reached `total` (or `limit` was 0).
    Exhausted,
    /// The page cap was reached; the list may have more pages.
    PageCap,
}

/// Walks a paginated list, one page operation at a time, without IO.
///
/// The loop a driver runs (once as an `Iterator`, once as a `Stream`):
///
/// 1. [`next_operation`](Self::next_operation): `None` means done; otherwise
///    send that operation.
/// 2. [`handle_page`](Self::handle_page) with the answered page, then use its
///    items.
/// 3. Go to 1. On an error, stop (or retry the same operation: the pager only
///    advances in `handle_page`).
///
/// It stops on an empty page, when `page * limit >= total`, and after
/// [`DEFAULT_MAX_PAGES`] pages (see [`with_max_pages`](Self::with_max_pages)),
/// so a misbehaving server cannot keep a caller looping forever.
///
/// ```
/// use inai_auth_core::ops::ListUsers;
/// use inai_auth_core::{Pager, Paginated};
///
/// let mut pager = Pager::new(ListUsers::new("access-token").with_limit(50u64));
/// let first = pager.next_operation().cloned();
/// assert_eq!(first.and_then(|op| op.page()), None); // the API's first page
/// ```
#[derive(Debug, Clone)]
pub struct Pager<O> {
    next: Option<O>,
    pages_done: u64,
    max_pages: u64,
    end: Option<PagerEnd>,
}

impl<O: Paginated> Pager<O> {
    /// A pager starting at `first` (its page, or the API's first page when
    /// it sets none).
    pub fn new(first: O) -> Self {
        Self {
            next: Some(first),
            pages_done: 0,
            max_pages: DEFAULT_MAX_PAGES,
            end: None,
        }
    }

    /// Stops after `max_pages` pages. Defaults to [`DEFAULT_MAX_PAGES`]; 0
    /// asks for no page at all.
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = max_pages;
        if max_pages == 0 {
            self.finish(PagerEnd::PageCap);
        }
        self
    }

    /// The operation to send next, or `None` when the list is done.
    #[must_use]
    pub fn next_operation(&self) -> Option<&O> {
        self.next.as_ref()
    }

    /// Feeds the answer to the operation from
    /// [`next_operation`](Self::next_operation) and advances.
    pub fn handle_page(&mut self, page: &Page<O::Item>) {
        let Some(current) = self.next.take() else {
            return;
        };
        self.pages_done = self.pages_done.saturating_add(1);
        if page.is_empty() {
            return self.finish(PagerEnd::EmptyPage);
        }
        if page.is_last() {
            return self.finish(PagerEnd::Exhausted);
        }
        if self.pages_done >= self.max_pages {
            return self.finish(PagerEnd::PageCap);
        }
        // Advance from the page we asked for, not the one the server echoes,
        // so a server that repeats a page number cannot hold us in place.
        let asked = current.page().unwrap_or(1);
        match asked.checked_add(1) {
            Some(next) => self.next = Some(current.with_page(next)),
            None => self.finish(PagerEnd::PageCap),
        }
    }

    /// Whether the list is done.
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.next.is_none()
    }

    /// Why the pager stopped, once it has.
    #[must_use]
    pub fn end(&self) -> Option<PagerEnd> {
        self.end
    }

    /// How many pages have been handled.
    #[must_use]
    pub fn pages_done(&self) -> u64 {
        self.pages_done
    }

    fn finish(&mut self, end: PagerEnd) {
        self.next = None;
        self.end = Some(end);
    }
}
