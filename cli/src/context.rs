//! What every command starts from: the global flags resolved into a client,
//! the token store and the stored sessions.
//!
//! Precedence, for the base URL and the publishable key: the flag, then the
//! environment (both through clap), then the stored session, then the
//! default. A stored session is never sent to another server than the one
//! it was issued by: asking for another base URL is an error.

use std::cell::RefCell;
use std::time::Duration;

use inai_auth_blocking::Client;
use inai_auth_core::models::TokenPair;
use inai_auth_core::ops::{PlatformRefresh, Refresh};
use inai_auth_core::{Config, DEFAULT_BASE_URL};
use time::OffsetDateTime;

use crate::args::GlobalArgs;
use crate::error::CliError;
use crate::output::Output;
use crate::progress;
use crate::store::{Credentials, SessionKind, StoredSession, TokenStore, profile_name_for_url};

/// An access token expiring within this margin is refreshed before use.
pub(crate) const REFRESH_MARGIN: time::Duration = time::Duration::seconds(30);

/// The resolved global settings of one run.
#[derive(Debug)]
pub(crate) struct Context {
    global: GlobalArgs,
    /// Where results go.
    pub(crate) out: Output,
    /// The base URL of the last configuration built, for error hints.
    last_url: RefCell<Option<String>>,
}

/// A stored session, ready to use: its client and where it is kept.
#[derive(Debug)]
pub(crate) struct ActiveSession {
    /// A client for the session's server (and publishable key).
    pub(crate) client: Client,
    /// The session's tokens.
    pub(crate) session: StoredSession,
    /// Which kind of session.
    pub(crate) kind: SessionKind,
    /// The profile it is kept in.
    pub(crate) profile: String,
    store: TokenStore,
}

impl Context {
    /// The context of the global flags.
    #[must_use]
    pub(crate) fn new(global: GlobalArgs) -> Self {
        let out = Output::new(global.json);
        Self {
            global,
            out,
            last_url: RefCell::new(None),
        }
    }

    /// The token store.
    ///
    /// # Errors
    /// [`CliError::Store`] when no config folder can be worked out.
    pub(crate) fn store(&self) -> Result<TokenStore, CliError> {
        match &self.global.config_dir {
            Some(dir) if !dir.as_os_str().is_empty() => Ok(TokenStore::new(dir)),
            _ => Ok(TokenStore::in_default_dir()?),
        }
    }

    /// The base URL asked for on the command line or in the environment.
    #[must_use]
    pub(crate) fn asked_api_url(&self) -> Option<&str> {
        self.global.api_url.as_deref().filter(|u| !u.is_empty())
    }

    /// The publishable key asked for on the command line or in the environment.
    #[must_use]
    pub(crate) fn asked_publishable_key(&self) -> Option<&str> {
        self.global
            .publishable_key
            .as_deref()
            .filter(|k| !k.is_empty())
    }

    /// The profile asked for with `--profile` or `INAI_PROFILE`.
    #[must_use]
    pub(crate) fn asked_profile(&self) -> Option<&str> {
        self.global.profile.as_deref().filter(|p| !p.is_empty())
    }

    /// The profile a command works on: the one asked for (which must exist
    /// unless `creating`), else the one of the asked base URL, else the one
    /// `inai login` used last, else the default server's.
    ///
    /// # Errors
    /// [`CliError::NoProfile`] for an unknown profile; a config error for
    /// an invalid base URL.
    pub(crate) fn profile(
        &self,
        credentials: &Credentials,
        creating: bool,
    ) -> Result<String, CliError> {
        if let Some(name) = self.asked_profile() {
            if creating || credentials.profile(name).is_some() {
                return Ok(name.to_owned());
            }
            return Err(CliError::NoProfile {
                name: name.to_owned(),
                known: credentials.names(),
            });
        }
        if let Some(url) = self.asked_api_url() {
            let config = self.config(url, None)?;
            return Ok(profile_name_for_url(config.base_url()));
        }
        Ok(credentials
            .current
            .clone()
            .unwrap_or_else(|| profile_name_for_url(DEFAULT_BASE_URL)))
    }

    /// A validated configuration.
    ///
    /// # Errors
    /// [`CliError::Api`] with a config error for an invalid URL or key.
    pub(crate) fn config(
        &self,
        api_url: &str,
        publishable_key: Option<&str>,
    ) -> Result<Config, CliError> {
        let mut builder = Config::builder().base_url(api_url);
        if let Some(key) = publishable_key {
            builder = builder.publishable_key(key);
        }
        let config = builder
            .build()
            .map_err(|e| CliError::Api(inai_auth_core::InAIAuthError::Config(e)))?;
        self.last_url.replace(Some(config.base_url().to_owned()));
        Ok(config)
    }

    /// The base URL of the last configuration built, if any.
    #[must_use]
    pub(crate) fn last_api_url(&self) -> Option<String> {
        self.last_url.borrow().clone()
    }

    /// A client for `config` with the `--timeout`.
    ///
    /// # Errors
    /// As [`inai_auth_blocking::ClientBuilder::build`].
    pub(crate) fn client(&self, config: Config) -> Result<Client, CliError> {
        Ok(Client::builder()
            .config(config)
            .timeout(self.timeout())
            .build()?)
    }

    /// The `--timeout` of one request.
    #[must_use]
    pub(crate) fn timeout(&self) -> Duration {
        Duration::from_secs(self.global.timeout.max(1))
    }

    /// The stored session of `kind`, with a client for its server; its
    /// access token refreshed first when it expires within
    /// [`REFRESH_MARGIN`] (the new pair is stored).
    ///
    /// # Errors
    /// [`CliError::NotLoggedIn`], [`CliError::OtherServer`] when another
    /// base URL is asked for, store errors, and the refresh's errors.
    pub(crate) fn active_session(&self, kind: SessionKind) -> Result<ActiveSession, CliError> {
        let mut active = self.stored_session(kind)?;
        if is_due(&active.session) {
            self.refresh_session(&mut active, true)?;
        }
        Ok(active)
    }

    /// The stored session of `kind` as it is, with a client for its server.
    ///
    /// # Errors
    /// As [`active_session`](Self::active_session), without the refresh.
    pub(crate) fn stored_session(&self, kind: SessionKind) -> Result<ActiveSession, CliError> {
        let store = self.store()?;
        let credentials = store.load()?;
        let profile = self.profile(&credentials, false)?;
        let session =
            credentials
                .get(&profile, kind)
                .cloned()
                .ok_or_else(|| CliError::NotLoggedIn {
                    kind,
                    profile: profile.clone(),
                })?;
        let config = self.session_config(&session)?;
        Ok(ActiveSession {
            client: self.client(config)?,
            session,
            kind,
            profile,
            store,
        })
    }

    /// A client for an operation sent without a bearer token: the stored
    /// session's server and key when there is one, else the asked or the
    /// profile's server.
    ///
    /// # Errors
    /// Store errors, an unknown profile, an invalid URL or key.
    pub(crate) fn client_for_unauthenticated(&self, kind: SessionKind) -> Result<Client, CliError> {
        match self.stored_session(kind) {
            Ok(active) => Ok(active.client),
            Err(CliError::NotLoggedIn { .. }) => {
                let credentials = self.store()?.load()?;
                let profile = self.profile(&credentials, true)?;
                let api_url = self
                    .asked_api_url()
                    .map(str::to_owned)
                    .or_else(|| credentials.profile(&profile).map(|p| p.api_url.clone()))
                    .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
                let config = self.config(&api_url, self.asked_publishable_key())?;
                self.client(config)
            }
            Err(error) => Err(error),
        }
    }

    /// The configuration of a stored session, refusing another server.
    fn session_config(&self, session: &StoredSession) -> Result<Config, CliError> {
        let key = self.asked_publishable_key().map(str::to_owned).or_else(|| {
            session
                .publishable_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned())
        });
        let Some(asked) = self.asked_api_url() else {
            return self.config(&session.api_url, key.as_deref());
        };
        let config = self.config(asked, key.as_deref())?;
        if config.base_url() != session.api_url {
            return Err(CliError::OtherServer {
                stored: session.api_url.clone(),
                asked: config.base_url().to_owned(),
            });
        }
        Ok(config)
    }

    /// Exchanges the session's refresh token for a new pair and stores it,
    /// holding the store's lock from reading to writing. When another
    /// process refreshed the session meanwhile, its pair is taken instead
    /// (with `only_if_due`, also when that pair is not yet due).
    ///
    /// # Errors
    /// The refresh's API errors, and store errors.
    pub(crate) fn refresh_session(
        &self,
        active: &mut ActiveSession,
        only_if_due: bool,
    ) -> Result<(), CliError> {
        let _lock = active.store.lock()?;
        let mut credentials = active.store.load()?;
        let latest = credentials
            .get(&active.profile, active.kind)
            .cloned()
            .ok_or_else(|| CliError::NotLoggedIn {
                kind: active.kind,
                profile: active.profile.clone(),
            })?;
        if latest.refresh_token != active.session.refresh_token
            && (!only_if_due || !is_due(&latest))
        {
            tracing::debug!(
                kind = active.kind.name(),
                "another process refreshed the session"
            );
            active.session = latest;
            return Ok(());
        }
        active.session = latest;
        if only_if_due {
            self.out
                .note("the access token has expired: refreshing it first");
        }
        let refresh_token = active.session.refresh_token.clone();
        let pair: TokenPair = progress::wait(&self.out, "refresh", || match active.kind {
            SessionKind::App => active.client.refresh(Refresh::new(refresh_token)),
            SessionKind::Platform => active
                .client
                .platform_refresh(PlatformRefresh::new(refresh_token)),
        })?;
        active.session.access_token = pair.access_token;
        active.session.refresh_token = pair.refresh_token;
        credentials.set(&active.profile, active.kind, Some(active.session.clone()));
        Ok(active.store.save(&credentials)?)
    }
}

/// Whether a session's access token expires within [`REFRESH_MARGIN`].
pub(crate) fn is_due(session: &StoredSession) -> bool {
    let now = OffsetDateTime::now_utc();
    inai_auth_verify::is_token_expired(session.access_token.expose_secret(), now + REFRESH_MARGIN)
}

impl ActiveSession {
    /// Removes the session from the store (under its lock).
    ///
    /// # Errors
    /// Store errors.
    pub(crate) fn forget(&self) -> Result<(), CliError> {
        self.store.update(|credentials| {
            credentials.set(&self.profile, self.kind, None);
            Ok(())
        })
    }
}
