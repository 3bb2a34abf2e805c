//! Iterators over paginated lists.

use std::fmt;

use inai_auth_core::models::Page;
use inai_auth_core::{InAIAuthError, Pager, PagerEnd, Paginated};

use crate::client::Client;

/// The pages of a list, one request each; made by [`Client::pages`].
///
/// Yields `Ok(page)` until the list ends (an empty page, `page * limit >=
/// total`, or the page cap of [`Pager`]), or one `Err` after which it ends.
pub struct Pages<O: Paginated> {
    client: Client,
    pager: Pager<O>,
    failed: bool,
}

impl<O: Paginated> Pages<O> {
    pub(crate) fn new(client: Client, first: O) -> Self {
        Self {
            client,
            pager: Pager::new(first),
            failed: false,
        }
    }

    /// Stops after `max_pages` pages. Defaults to
    /// [`DEFAULT_MAX_PAGES`](inai_auth_core::DEFAULT_MAX_PAGES).
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: u64) -> Self {
        self.pager = self.pager.with_max_pages(max_pages);
        self
    }

    /// The next page: `Ok(None)` after the last one, or after the first
    /// error (returned once). The same as [`Iterator::next`], shaped as the
    /// async driver's `try_next` so code reads the same with both drivers.
    ///
    /// # Errors
    /// As [`Client::send`], for the page that failed.
    pub fn try_next(&mut self) -> Result<Option<Page<O::Item>>, InAIAuthError> {
        self.next().transpose()
    }

    /// How many pages have been received.
    #[must_use]
    pub fn pages_done(&self) -> u64 {
        self.pager.pages_done()
    }

    /// Why the iterator ended, once it has ended after the last page
    /// (`None` before, or after an error).
    #[must_use]
    pub fn end(&self) -> Option<PagerEnd> {
        self.pager.end()
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<O> {
        Items::new(self)
    }
}

impl<O: Paginated> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("pages_done", &self.pager.pages_done())
            .field("end", &self.pager.end())
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<O: Paginated> Iterator for Pages<O> {
    type Item = Result<Page<O::Item>, InAIAuthError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let operation = self.pager.next_operation()?.clone();
        match self.client.send(&operation) {
            Ok(page) => {
                self.pager.handle_page(&page);
                Some(Ok(page))
            }
            Err(error) => {
                self.failed = true;
                Some(Err(error))
            }
        }
    }
}

impl<O: Paginated> std::iter::FusedIterator for Pages<O> {}

/// The items of a list, fetching pages as needed; made by [`Client::items`].
/// Ends after the last item, or after yielding one `Err`.
pub struct Items<O: Paginated> {
    pages: Pages<O>,
    buffer: std::vec::IntoIter<O::Item>,
}

impl<O: Paginated> Items<O> {
    pub(crate) fn new(pages: Pages<O>) -> Self {
        Self {
            pages,
            buffer: Vec::new().into_iter(),
        }
    }

    /// Stops after `max_pages` pages; see [`Pages::with_max_pages`].
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: u64) -> Self {
        self.pages = self.pages.with_max_pages(max_pages);
        self
    }

    /// The next item, fetching the next page when needed: `Ok(None)` after
    /// the last one, or after the first error (returned once). The same as
    /// [`Iterator::next`], shaped as the async driver's `try_next`.
    ///
    /// # Errors
    /// As [`Client::send`], for the page that failed.
    pub fn try_next(&mut self) -> Result<Option<O::Item>, InAIAuthError> {
        self.next().transpose()
    }

    /// How many pages have been received.
    #[must_use]
    pub fn pages_done(&self) -> u64 {
        self.pages.pages_done()
    }

    /// Why the list ended, once it has ended after the last page; see
    /// [`Pages::end`].
    #[must_use]
    pub fn end(&self) -> Option<PagerEnd> {
        self.pages.end()
    }
}

impl<O: Paginated> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

impl<O: Paginated> Iterator for Items<O> {
    type Item = Result<O::Item, InAIAuthError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.buffer = page.into_items().into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

impl<O: Paginated> std::iter::FusedIterator for Items<O> {}

impl Client {
    /// Walks a paginated list page by page, starting at `first` (its page,
    /// or the API's first page when it sets none). The iterator stops after
    /// the last page, or after yielding the first error. Read it as an
    /// [`Iterator`] or with [`Pages::try_next`] (the async driver's shape);
    /// [`Pages::with_max_pages`] caps it.
    ///
    /// ```no_run
    /// # fn run(client: inai_auth_blocking::Client) -> Result<(), inai_auth_core::InAIAuthError> {
    /// use inai_auth_core::ops::ListAppUsers;
    /// let mut users = client
    ///     .items(ListAppUsers::new("token", "app_1"))
    ///     .with_max_pages(10);
    /// while let Some(user) = users.try_next()? {
    ///     # let _ = user;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<O: Paginated>(&self, first: O) -> Pages<O> {
        Pages::new(self.clone(), first)
    }

    /// Walks a paginated list item by item, fetching pages as needed; see
    /// [`pages`](Self::pages).
    pub fn items<O: Paginated>(&self, first: O) -> Items<O> {
        self.pages(first).items()
    }
}
