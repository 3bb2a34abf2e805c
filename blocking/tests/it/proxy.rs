//! Proxies: an explicit proxy is used for other hosts, never for loopback.

use inai_auth_blocking::{Client, Verifier};
use inai_auth_core::Config;
use inai_auth_core::proxy::ProxyRules;

use crate::raw_server::RawServer;
use crate::support::{context, fast_retries};

/// A proxy address where nothing listens: any request sent there fails.
const DEAD_PROXY: &str = "http://127.0.0.1:9";

#[test]
fn loopback_requests_bypass_an_explicit_proxy_on_a_dead_port() {
    let ctx = context();
    let client = Client::builder()
        .config(ctx.config().clone())
        .retry_policy(fast_retries())
        .proxy(ProxyRules::all(DEAD_PROXY).unwrap())
        .build()
        .unwrap();

    let me = client
        .get_me(inai_auth_core::ops::GetMe::new(ctx.user_token()))
        .unwrap();
    assert_eq!(me.id, ctx.user().id);

    let verifier = client.verifier().build().unwrap();
    let auth = verifier.verify(ctx.user_token().expose_secret()).unwrap();
    assert_eq!(auth.user_id(), ctx.user().id);

    let verifier = Verifier::from_config(ctx.config())
        .proxy(ProxyRules::all(DEAD_PROXY).unwrap())
        .build()
        .unwrap();
    assert!(verifier.verify(ctx.user_token().expose_secret()).is_ok());
}

#[test]
fn other_hosts_go_through_the_proxy() {
    let body = "{}";
    let proxy = RawServer::answering(
        format!(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    );
    let client = Client::builder()
        .config(
            Config::builder()
                .base_url("http://api.example.test")
                .insecure_allow_http(true)
                .build()
                .unwrap(),
        )
        .retry_policy(inai_auth_core::RetryPolicy::never())
        .proxy(ProxyRules::all(&proxy.base_url).unwrap())
        .build()
        .unwrap();

    let result = client.list_applications(inai_auth_core::ops::ListApplications::new("t"));

    assert!(result.is_err(), "the proxy refuses");
    let heads = proxy.heads.lock().unwrap();
    assert_eq!(heads.len(), 1, "{heads:?}");
    // ureq tunnels through an HTTP proxy even for http:// targets.
    assert!(
        heads[0].starts_with("CONNECT api.example.test:80 ")
            || heads[0].starts_with("GET http://api.example.test/"),
        "sent to the proxy for api.example.test: {:?}",
        heads[0]
    );
}

#[test]
fn no_proxy_sends_directly() {
    let ctx = context();
    let client = Client::builder()
        .config(ctx.config().clone())
        .no_proxy()
        .build()
        .unwrap();
    assert!(
        client
            .get_me(inai_auth_core::ops::GetMe::new(ctx.user_token()))
            .is_ok()
    );
}
