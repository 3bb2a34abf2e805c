//! Page iterators against the emulator's real pagination.

use inai_auth_core::PagerEnd;
use inai_auth_core::ops::{ListAppAuditLogs, ListAppUsers, ListUsers};

use crate::support::{client, context};

#[test]
fn items_walk_every_page_of_app_users() {
    let ctx = context();
    let mut expected = vec![ctx.user().email.clone()];
    for _ in 0..6 {
        expected.push(ctx.app_user().unwrap().email);
    }
    let api = client(&ctx);
    let list = ListAppUsers::new(ctx.admin_token(), ctx.app_id())
        .with_environment_id(ctx.env_id())
        .with_limit(3);
    let before = ctx.emulator().request_count(
        "GET",
        &format!("/api/platform/applications/{}/users", ctx.app_id()),
    );
    let mut emails: Vec<String> = api
        .items(list.clone())
        .map(|u| u.map(|u| u.email))
        .collect::<Result<_, _>>()
        .unwrap();
    let pages = ctx.emulator().request_count(
        "GET",
        &format!("/api/platform/applications/{}/users", ctx.app_id()),
    ) - before;
    emails.sort();
    expected.sort();
    assert_eq!(emails, expected);
    assert_eq!(pages, 3, "7 users in pages of 3");

    let sizes: Vec<usize> = api.pages(list).map(|p| p.unwrap().len()).collect();
    assert_eq!(sizes, [3, 3, 1]);
}

#[test]
fn the_page_cap_stops_a_long_list() {
    let ctx = context();
    for _ in 0..4 {
        ctx.new_user().unwrap();
    }
    let api = client(&ctx);
    let pages: Vec<_> = api
        .pages(ListUsers::new(ctx.user_token()).with_limit(1))
        .with_max_pages(2)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert!(
        pages.iter().all(|p| p.total == 5),
        "{:?}",
        pages.iter().map(|p| p.total).collect::<Vec<_>>()
    );
}

#[test]
fn audit_logs_page_through() {
    let ctx = context();
    let api = client(&ctx);
    let first = api
        .list_app_audit_logs(ListAppAuditLogs::new(ctx.admin_token(), ctx.app_id()).with_limit(1))
        .unwrap();
    assert!(first.total >= 1, "registration is audited");
    let all: Vec<_> = api
        .items(ListAppAuditLogs::new(ctx.admin_token(), ctx.app_id()).with_limit(1))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(u64::try_from(all.len()).unwrap(), first.total);
}

/// `try_next` reads as the async driver's: `while let Some(x) =
/// items.try_next()? { .. }`; the page cap and `end` say why it stopped.
#[test]
fn try_next_walks_pages_and_items_and_the_cap_ends_them() {
    let ctx = context();
    for _ in 0..4 {
        ctx.app_user().unwrap();
    }
    let api = client(&ctx);
    let list = ListAppUsers::new(ctx.admin_token(), ctx.app_id())
        .with_environment_id(ctx.env_id())
        .with_limit(2);

    let mut pages = api.pages(list.clone());
    let mut total = 0;
    let mut seen = 0;
    while let Some(page) = pages.try_next().unwrap() {
        total = page.total;
        seen += page.len() as u64;
    }
    assert_eq!(seen, total);
    assert_eq!(pages.pages_done(), total.div_ceil(2));
    assert_eq!(pages.end(), Some(PagerEnd::Exhausted));

    let mut items = api.items(list.clone());
    let mut count = 0;
    while let Some(user) = items.try_next().unwrap() {
        assert!(!user.email.is_empty());
        count += 1;
    }
    assert_eq!(count, total);
    assert_eq!(items.end(), Some(PagerEnd::Exhausted));

    let mut capped = api.items(list).with_max_pages(1);
    let mut count = 0;
    while capped.try_next().unwrap().is_some() {
        count += 1;
    }
    assert_eq!(count, 2, "one page of two");
    assert_eq!(capped.pages_done(), 1);
    assert_eq!(capped.end(), Some(PagerEnd::PageCap));
}
