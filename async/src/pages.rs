//! Streams over paginated lists: [`Pages`] yields whole pages, [`Items`]
//! their items, both driven by the core's [`Pager`].

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use inai_auth_core::models::Page;
use inai_auth_core::{InAIAuthError, Pager, PagerEnd, Paginated};

use crate::Client;

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, InAIAuthError>> + Send>>;

/// A stream of the pages of a paginated list; see [`Client::pages`].
///
/// Each poll that needs a page sends the pager's next operation (with the
/// client's retries). It ends after the last page (an empty page, or
/// `page * limit >= total`, or the pager's page cap), and after the first
/// error, which it yields.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<O: Paginated> {
    client: Client,
    pager: Pager<O>,
    in_flight: Option<PageFuture<O::Item>>,
    failed: bool,
}

// No field is ever pinned in place (the in-flight future is boxed), so
// moving the stream is fine whatever `O` is.
impl<O: Paginated> Unpin for Pages<O> {}
impl<O: Paginated> Unpin for Items<O> {}

impl<O: Paginated> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("pages_done", &self.pager.pages_done())
            .field("end", &self.pager.end())
            .field("in_flight", &self.in_flight.is_some())
            .finish_non_exhaustive()
    }
}

impl<O> Pages<O>
where
    O: Paginated + Send + Sync + 'static,
    O::Item: Send + 'static,
{
    pub(crate) fn new(client: Client, pager: Pager<O>) -> Self {
        Self {
            client,
            pager,
            in_flight: None,
            failed: false,
        }
    }

    /// Stops after `max_pages` pages. Defaults to
    /// [`DEFAULT_MAX_PAGES`](inai_auth_core::DEFAULT_MAX_PAGES).
    pub fn with_max_pages(mut self, max_pages: u64) -> Self {
        self.pager = self.pager.with_max_pages(max_pages);
        self
    }

    /// The next page: `Ok(None)` after the last one, or after the first
    /// error (returned once).
    ///
    /// # Errors
    /// As [`Client::send`], for the page that failed.
    pub async fn try_next(&mut self) -> Result<Option<Page<O::Item>>, InAIAuthError> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    /// How many pages have been received.
    #[must_use]
    pub fn pages_done(&self) -> u64 {
        self.pager.pages_done()
    }

    /// Why the stream ended, once it has ended after the last page (`None`
    /// before, or after an error).
    #[must_use]
    pub fn end(&self) -> Option<PagerEnd> {
        self.pager.end()
    }

    /// A stream of the items of every page, in order.
    pub fn items(self) -> Items<O> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
        }
    }
}

impl<O> Stream for Pages<O>
where
    O: Paginated + Send + Sync + 'static,
    O::Item: Send + 'static,
{
    type Item = Result<Page<O::Item>, InAIAuthError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.failed {
            return Poll::Ready(None);
        }
        if this.in_flight.is_none() {
            let Some(operation) = this.pager.next_operation().cloned() else {
                return Poll::Ready(None);
            };
            let client = this.client.clone();
            this.in_flight = Some(Box::pin(async move { client.send(&operation).await }));
        }
        let Some(in_flight) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match in_flight.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        match result {
            Ok(page) => {
                this.pager.handle_page(&page);
                Poll::Ready(Some(Ok(page)))
            }
            Err(error) => {
                this.failed = true;
                Poll::Ready(Some(Err(error)))
            }
        }
    }
}

/// A stream of the items of a paginated list, page after page; see
/// [`Client::items`]. Ends after the last item, or after the first error,
/// which it yields.
#[must_use = "streams do nothing unless polled"]
pub struct Items<O: Paginated> {
    pages: Pages<O>,
    buffered: VecDeque<O::Item>,
}

impl<O: Paginated> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<O> Items<O>
where
    O: Paginated + Send + Sync + 'static,
    O::Item: Send + 'static,
{
    /// Stops after `max_pages` pages; see [`Pages::with_max_pages`].
    pub fn with_max_pages(mut self, max_pages: u64) -> Self {
        self.pages = self.pages.with_max_pages(max_pages);
        self
    }

    /// The next item, fetching the next page when needed: `Ok(None)` after
    /// the last one, or after the first error (returned once).
    ///
    /// # Errors
    /// As [`Client::send`], for the page that failed.
    pub async fn try_next(&mut self) -> Result<Option<O::Item>, InAIAuthError> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
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

impl<O> Stream for Items<O>
where
    O: Paginated + Send + Sync + 'static,
    O::Item: Send + 'static,
{
    type Item = Result<O::Item, InAIAuthError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => this.buffered.extend(page.into_items()),
            }
        }
    }
}

impl Client {
    /// A stream of the pages of the list `first` asks for, starting at its
    /// page (or the API's first). Stops after [`DEFAULT_MAX_PAGES`](inai_auth_core::DEFAULT_MAX_PAGES)
    /// pages; [`Pages::with_max_pages`] sets another cap. Read it with
    /// [`Pages::try_next`] (or as a [`Stream`]).
    ///
    /// ```no_run
    /// use inai_auth_async::Client;
    /// use inai_auth_core::ops::ListAppUsers;
    ///
    /// # async fn run(client: Client) -> Result<(), inai_auth_core::InAIAuthError> {
    /// let mut pages = client
    ///     .pages(ListAppUsers::new("token", "app_1").with_limit(100u64))
    ///     .with_max_pages(10);
    /// while let Some(page) = pages.try_next().await? {
    ///     for user in page.items() {
    ///         # let _ = user;
    ///     }
    /// }
    /// let mut users = client.items(ListAppUsers::new("token", "app_1"));
    /// while let Some(user) = users.try_next().await? {
    ///     # let _ = user;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<O>(&self, first: O) -> Pages<O>
    where
        O: Paginated + Send + Sync + 'static,
        O::Item: Send + 'static,
    {
        Pages::new(self.clone(), Pager::new(first))
    }

    /// A stream of every item of the list `first` asks for, page after page;
    /// read it with [`Items::try_next`] (or as a [`Stream`]).
    pub fn items<O>(&self, first: O) -> Items<O>
    where
        O: Paginated + Send + Sync + 'static,
        O::Item: Send + 'static,
    {
        self.pages(first).items()
    }
}
