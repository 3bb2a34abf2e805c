//! Drift check: the same calls, with the same argument and result types, as
//! `async/tests/it/parity.rs`; the two files differ only in the driver's
//! name, the test attribute and `.await`. A signature that drifts in one
//! driver makes its file fail to compile, and the run checks the calls work.
//! See `docs/drivers.md` for the side-by-side table.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::HeaderValue;
use inai_auth_blocking::{Client, Items, Pages, Session, Verifier};
use inai_auth_core::clock::{Clock, SystemClock};
use inai_auth_core::models::{Ack, Page, TokenPair};
use inai_auth_core::ops::{CreateAppUser, ListAppUsers, PlatformGetMe, PlatformLogin};
use inai_auth_core::secret::AccessToken;
use inai_auth_core::{
    Config, InAIAuthError, Operation, PagerEnd, Paginated, RetryPolicy, SessionFlavour,
};
use inai_auth_emulator::{Emulator, EmulatorConfig};
use inai_auth_verify::{AuthObject, VerifyError};

type Item = <ListAppUsers as Paginated>::Item;

#[test]
fn the_same_calls_as_the_other_driver() {
    let emu = Emulator::start(EmulatorConfig::default()).expect("the emulator starts");
    let seed = emu.seed();
    let config: Config = Config::builder()
        .base_url(emu.base_url())
        .publishable_key(seed.publishable_key.as_str())
        .build()
        .expect("a valid config");

    // Client::new and every builder option.
    let plain: Result<Client, InAIAuthError> = Client::new(config.clone());
    assert_eq!(plain.expect("built").config().base_url(), config.base_url());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let built: Result<Client, InAIAuthError> = Client::builder()
        .config(config.clone())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .jwks_timeout(Duration::from_secs(5))
        .max_response_bytes(1 << 20)
        .max_jwks_bytes(1 << 16)
        .user_agent(HeaderValue::from_static("parity-check"))
        .retry_policy(RetryPolicy::default().with_max_retries(1))
        .no_proxy()
        .clock(clock)
        .build();
    let client = built.expect("built");
    assert_eq!(client.retry_policy().max_retries(), 1);

    // send and a generated method.
    let login = PlatformLogin::new(seed.admin_email.as_str(), seed.admin_password.as_str());
    let sent: Result<<PlatformLogin as Operation>::Output, InAIAuthError> = client.send(&login);
    assert!(sent.expect("sent").is_complete());
    let generated: Result<<PlatformLogin as Operation>::Output, InAIAuthError> =
        client.platform_login(login);
    let tokens: TokenPair = generated
        .expect("logged in")
        .into_tokens()
        .expect("no MFA for the admin");
    let me: Result<<PlatformGetMe as Operation>::Output, InAIAuthError> =
        client.platform_get_me(PlatformGetMe::new(tokens.access_token.clone()));
    assert_eq!(me.expect("me").email, seed.admin_email);

    // The verifier, from the client and from a URL.
    let verifier: Result<Verifier, InAIAuthError> = client
        .verifier()
        .timeout(Duration::from_secs(5))
        .max_jwks_bytes(1 << 16)
        .min_refetch_interval(Duration::from_secs(1))
        .no_proxy()
        .build();
    let verifier = verifier.expect("built");
    let auth: Result<AuthObject, VerifyError> =
        verifier.verify(tokens.access_token.expose_secret());
    assert!(!auth.expect("verified").user_id().is_empty());
    let by_url: Result<Verifier, InAIAuthError> = Verifier::builder(config.jwks_url()).build();
    assert_eq!(
        by_url.expect("built").jwks_uri().to_string(),
        verifier.jwks_uri().to_string()
    );

    // Pages and items, read with try_next, over a list of two users.
    for email in ["one@example.com", "two@example.com"] {
        let created: Result<<CreateAppUser as Operation>::Output, InAIAuthError> = client
            .create_app_user(CreateAppUser::new(
                tokens.access_token.clone(),
                seed.application_id.as_str(),
                email,
                "a long enough password",
                seed.environment_id.as_str(),
            ));
        created.expect("created");
    }
    let list =
        ListAppUsers::new(tokens.access_token.clone(), seed.application_id.as_str()).with_limit(1);
    let mut pages: Pages<ListAppUsers> = client.pages(list.clone()).with_max_pages(1);
    let page: Result<Option<Page<Item>>, InAIAuthError> = pages.try_next();
    assert!(page.expect("a page").is_some());
    let after: Result<Option<Page<Item>>, InAIAuthError> = pages.try_next();
    assert!(after.expect("the end").is_none());
    let ended: Option<PagerEnd> = pages.end();
    assert_eq!(ended, Some(PagerEnd::PageCap));
    let done: u64 = pages.pages_done();
    assert_eq!(done, 1);
    let mut items: Items<ListAppUsers> = client.items(list).with_max_pages(1);
    let item: Result<Option<Item>, InAIAuthError> = items.try_next();
    assert!(item.expect("an item").is_some());

    // A session from tokens: access token, refresh, logout.
    let session: Session = Session::from_tokens(client.clone(), SessionFlavour::Platform, tokens);
    let access: Result<AccessToken, InAIAuthError> = session.access_token();
    let first = access.expect("a token");
    let refreshed: Result<AccessToken, InAIAuthError> = session.refresh();
    let refreshed = refreshed.expect("refreshed");
    assert_ne!(refreshed.expose_secret(), first.expose_secret());
    let pair: TokenPair = session.tokens();
    assert_eq!(pair.access_token.expose_secret(), refreshed.expose_secret());
    let expires: SystemTime = session.expires_at();
    assert!(expires > SystemTime::now());
    let flavour: SessionFlavour = session.flavour();
    assert_eq!(flavour, SessionFlavour::Platform);
    let out: Result<Ack, InAIAuthError> = session.logout();
    out.expect("logged out");
}
