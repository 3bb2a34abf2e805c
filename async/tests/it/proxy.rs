//! Proxies: an explicit proxy is used for other hosts, never for loopback.

use inai_auth_async::{Client, Verifier};
use inai_auth_core::ops::{ListApplications, PlatformGetMe};
use inai_auth_core::proxy::ProxyRules;
use inai_auth_core::{Config, RetryPolicy};

use crate::common;

/// A proxy address where nothing listens: any request sent there fails.
const DEAD_PROXY: &str = "http://127.0.0.1:9";

#[tokio::test]
async fn loopback_requests_bypass_an_explicit_proxy_on_a_dead_port() {
    let emu = common::emulator();
    let client = Client::builder()
        .config(common::config(&emu))
        .retry_policy(common::fast_retries())
        .proxy(ProxyRules::all(DEAD_PROXY).unwrap())
        .build()
        .unwrap();

    let token = common::admin_token(&client, &emu).await;
    let me = client
        .platform_get_me(PlatformGetMe::new(token.clone()))
        .await
        .unwrap();
    assert_eq!(me.id, emu.seed().admin_id);

    let verifier = client.verifier().build().unwrap();
    let auth = verifier.verify(token.expose_secret()).await.unwrap();
    assert_eq!(auth.user_id(), me.id);

    let verifier = Verifier::from_config(&common::config(&emu))
        .proxy(ProxyRules::all(DEAD_PROXY).unwrap())
        .build()
        .unwrap();
    assert!(verifier.verify(token.expose_secret()).await.is_ok());
}

#[tokio::test]
async fn other_hosts_go_through_the_proxy() {
    let answer =
        b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
    let (proxy_url, seen) = common::raw_server(Some(answer.to_vec())).await;
    let client = Client::builder()
        .config(
            Config::builder()
                .base_url("http://api.example.test")
                .insecure_allow_http(true)
                .build()
                .unwrap(),
        )
        .retry_policy(RetryPolicy::never())
        .proxy(ProxyRules::all(&proxy_url).unwrap())
        .build()
        .unwrap();

    let result = client.list_applications(ListApplications::new("t")).await;

    assert!(result.is_err(), "the proxy refuses");
    let seen = seen.lock().await;
    assert_eq!(seen.heads.len(), 1, "{:?}", seen.heads);
    assert!(
        seen.heads[0].starts_with("GET http://api.example.test/")
            || seen.heads[0].starts_with("CONNECT api.example.test:80 "),
        "sent to the proxy for api.example.test: {:?}",
        seen.heads[0]
    );
}

#[tokio::test]
async fn no_proxy_sends_directly() {
    let emu = common::emulator();
    let client = Client::builder()
        .config(common::config(&emu))
        .no_proxy()
        .build()
        .unwrap();
    common::admin_token(&client, &emu).await;
}
