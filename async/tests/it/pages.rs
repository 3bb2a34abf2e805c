//! Page and item streams over a paginated list.

use inai_auth_core::PagerEnd;
use inai_auth_core::ops::{CreateAppUser, ListAppUsers};
use inai_auth_emulator::Fault;

use crate::common;

#[tokio::test]
async fn pages_and_items_walk_the_whole_list() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = common::admin_token(&client, &emu).await;
    let seed = emu.seed();
    for i in 0..7 {
        client
            .create_app_user(CreateAppUser::new(
                token.clone(),
                seed.application_id.as_str(),
                format!("user{i}@example.com"),
                "a long enough password",
                seed.environment_id.as_str(),
            ))
            .await
            .expect("created");
    }
    let list = || ListAppUsers::new(token.clone(), seed.application_id.as_str()).with_limit(3);

    let mut pages = client.pages(list());
    let mut sizes = Vec::new();
    let mut total = 0;
    while let Some(page) = pages.try_next().await.expect("page") {
        total = page.total;
        sizes.push(page.len());
    }
    assert!(total >= 7, "total {total}");
    let expected_pages = usize::try_from(total.div_ceil(3)).expect("small");
    assert_eq!(sizes.len(), expected_pages, "{sizes:?}");
    assert!(
        sizes[..sizes.len() - 1].iter().all(|&n| n == 3),
        "{sizes:?}"
    );
    assert_eq!(pages.end(), Some(PagerEnd::Exhausted));
    assert_eq!(
        emu.request_count(
            "GET",
            &format!("/api/platform/applications/{}/users", seed.application_id)
        ),
        expected_pages as u64
    );

    let mut items = client.items(list());
    let mut emails = Vec::new();
    while let Some(user) = items.try_next().await.expect("user") {
        emails.push(user.email);
    }
    assert_eq!(items.end(), Some(PagerEnd::Exhausted));
    assert_eq!(emails.len() as u64, total);
    for i in 0..7 {
        assert!(
            emails.contains(&format!("user{i}@example.com")),
            "{emails:?}"
        );
    }
}

#[tokio::test]
async fn the_page_cap_and_errors_end_the_stream() {
    let emu = common::emulator();
    let client = common::client(&emu);
    let token = common::admin_token(&client, &emu).await;
    let seed = emu.seed();
    for i in 0..4 {
        client
            .create_app_user(CreateAppUser::new(
                token.clone(),
                seed.application_id.as_str(),
                format!("capped{i}@example.com"),
                "a long enough password",
                seed.environment_id.as_str(),
            ))
            .await
            .expect("created");
    }
    let list = ListAppUsers::new(token.clone(), seed.application_id.as_str()).with_limit(1);

    let mut capped = client.pages(list.clone()).with_max_pages(2);
    let mut count = 0;
    while capped.try_next().await.expect("page").is_some() {
        count += 1;
    }
    assert_eq!(count, 2);
    assert_eq!(capped.pages_done(), 2);
    assert_eq!(capped.end(), Some(PagerEnd::PageCap));
    let mut capped_items = client.items(list.clone()).with_max_pages(3);
    let mut users = 0;
    while capped_items.try_next().await.expect("user").is_some() {
        users += 1;
    }
    assert_eq!(users, 3, "one user per page, three pages");
    assert_eq!(capped_items.end(), Some(PagerEnd::PageCap));

    let path = format!("/api/platform/applications/{}/users", seed.application_id);
    emu.inject_fault(Fault::status(path, 404));
    let mut failing = client.pages(list);
    let first = failing.try_next().await;
    assert_eq!(
        first.err().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(404)
    );
    assert!(
        failing.try_next().await.expect("no second error").is_none(),
        "the stream ends after an error"
    );
}
