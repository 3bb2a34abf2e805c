//! The sans-IO pager, driven against closure servers.

use std::cell::RefCell;

use inai_auth_core::models::{Page, User};
use inai_auth_core::ops::ListUsers;
use inai_auth_core::{Pager, PagerEnd, Paginated, send};
use serde_json::json;

use crate::support::{TOKEN, config, expand};

fn user(n: u64) -> serde_json::Value {
    let mut user = expand(&json!("$user"));
    user["id"] = json!(format!("usr_{n}"));
    user
}

/// A page answer as a list server would give it.
fn page_body(ids: std::ops::Range<u64>, total: u64, page: u64, limit: u64) -> Vec<u8> {
    let data: Vec<_> = ids.map(user).collect();
    serde_json::to_vec(&json!({ "data": data, "total": total, "page": page, "limit": limit }))
        .unwrap()
}

/// Runs the driver loop; returns the ids seen and the pages asked for.
fn walk(
    mut pager: Pager<ListUsers>,
    server: impl Fn(Option<u64>) -> Vec<u8>,
) -> (Vec<String>, Vec<Option<u64>>, Pager<ListUsers>) {
    let asked = RefCell::new(Vec::new());
    let mut ids = Vec::new();
    while let Some(op) = pager.next_operation().cloned() {
        asked.borrow_mut().push(op.page());
        let body = server(op.page());
        let client = |_request: http::Request<Vec<u8>>| {
            http::Response::builder().status(200).body(body.clone())
        };
        let page: Page<User> = send(&client, &config(), &op).unwrap();
        pager.handle_page(&page);
        ids.extend(page.into_iter().map(|u| u.id));
    }
    (ids, asked.into_inner(), pager)
}

#[test]
fn walks_until_the_total_is_covered() {
    let pager = Pager::new(ListUsers::new(TOKEN).with_limit(2));
    let (ids, asked, pager) = walk(pager, |page| {
        let page = page.unwrap_or(1);
        let start = (page - 1) * 2;
        page_body(start..(start + 2).min(5), 5, page, 2)
    });
    assert_eq!(ids, ["usr_0", "usr_1", "usr_2", "usr_3", "usr_4"]);
    assert_eq!(asked, [None, Some(2), Some(3)]);
    assert_eq!(pager.end(), Some(PagerEnd::Exhausted));
    assert_eq!(pager.pages_done(), 3);
}

#[test]
fn stops_on_an_empty_page_whatever_the_total_says() {
    let pager = Pager::new(ListUsers::new(TOKEN).with_page(4));
    let (ids, asked, pager) = walk(pager, |page| {
        if page == Some(4) {
            page_body(0..20, 1000, 4, 20)
        } else {
            page_body(0..0, 1000, 5, 20)
        }
    });
    assert_eq!(ids.len(), 20);
    assert_eq!(asked, [Some(4), Some(5)]);
    assert_eq!(pager.end(), Some(PagerEnd::EmptyPage));
}

#[test]
fn a_server_repeating_page_one_cannot_hold_the_pager() {
    let pager = Pager::new(ListUsers::new(TOKEN)).with_max_pages(3);
    let (ids, asked, pager) = walk(pager, |_| page_body(0..10, 1_000_000, 1, 10));
    assert_eq!(ids.len(), 30);
    assert_eq!(asked, [None, Some(2), Some(3)]);
    assert_eq!(pager.end(), Some(PagerEnd::PageCap));
}

#[test]
fn the_default_cap_is_ten_thousand_pages() {
    assert_eq!(inai_auth_core::DEFAULT_MAX_PAGES, 10_000);
    let pager = Pager::new(ListUsers::new(TOKEN)).with_max_pages(0);
    assert!(pager.is_done());
    assert!(pager.next_operation().is_none());
    assert_eq!(pager.end(), Some(PagerEnd::PageCap));
}

#[test]
fn next_pages_keep_the_other_parameters() {
    let mut pager = Pager::new(ListUsers::new(TOKEN).with_limit(1).with_search("ada"));
    let page: Page<User> = serde_json::from_slice(&page_body(0..1, 3, 1, 1)).unwrap();
    pager.handle_page(&page);
    let next = pager.next_operation().unwrap();
    assert_eq!((next.page(), next.limit()), (Some(2), Some(1)));
    let request = inai_auth_core::Operation::to_request(next, &config()).unwrap();
    assert_eq!(request.uri().query(), Some("page=2&limit=1&search=ada"));
}
