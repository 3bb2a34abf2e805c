//! Where the API is and which publishable key to send: validated once.

use http::HeaderValue;

use crate::error::ConfigError;
use crate::proxy::is_loopback;
use crate::secret::PublishableKey;

/// The default API base URL.
pub const DEFAULT_BASE_URL: &str = "https://apiauth.inai.dev";
/// The environment variable holding the base URL.
pub const ENV_API_URL: &str = "INAI_API_URL";
/// The environment variable holding the publishable key.
pub const ENV_PUBLISHABLE_KEY: &str = "INAI_PUBLISHABLE_KEY";

/// Where the API is and which publishable key `/api/v1/` requests carry.
///
/// Validated when built, so a `Config` always holds an absolute `http(s)` base
/// URL (no trailing `/`, no credentials, query or fragment; `http` only for
/// a loopback host unless [`ConfigBuilder::insecure_allow_http`] opted in)
/// and, if any, a publishable key that is a valid header value. `Debug`
/// redacts the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    base_url: String,
    publishable_key: Option<PublishableKey>,
    insecure_allow_http: bool,
}

impl Default for Config {
    /// The default base URL and no publishable key (enough for `/api/platform/`
    /// operations).
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            publishable_key: None,
            insecure_allow_http: false,
        }
    }
}

impl Config {
    /// Starts a builder with the defaults: [`DEFAULT_BASE_URL`], no
    /// publishable key.
    #[must_use]
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Reads `INAI_API_URL` (default [`DEFAULT_BASE_URL`]) and
    /// `INAI_PUBLISHABLE_KEY` (default none) from the process environment.
    /// A variable set to the empty string counts as unset.
    ///
    /// # Errors
    /// [`ConfigError`] when a variable is not Unicode or its value is invalid.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(()),
        })
    }

    /// Like [`from_env`](Self::from_env), with the variables read through
    /// `lookup` (`Ok(None)`: unset; `Err(())`: not Unicode). For tests.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Result<Option<String>, ()>,
    ) -> Result<Self, ConfigError> {
        let read = |name: &'static str| match lookup(name) {
            Ok(Some(value)) if !value.is_empty() => Ok(Some(value)),
            Ok(_) => Ok(None),
            Err(()) => Err(ConfigError::NotUnicode { name }),
        };
        let mut builder = Self::builder();
        if let Some(url) = read(ENV_API_URL)? {
            builder = builder.base_url(url);
        }
        if let Some(key) = read(ENV_PUBLISHABLE_KEY)? {
            builder = builder.publishable_key(key);
        }
        builder.build()
    }

    /// The base URL, without a trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The publishable key, if one is configured.
    #[must_use]
    pub fn publishable_key(&self) -> Option<&PublishableKey> {
        self.publishable_key.as_ref()
    }

    /// Whether this config opted in to plain `http` for a host that is not
    /// loopback ([`ConfigBuilder::insecure_allow_http`]). Verifiers built
    /// from the config inherit it for the JWKS URL.
    #[must_use]
    pub fn insecure_allows_http(&self) -> bool {
        self.insecure_allow_http
    }

    /// The URL of the API's JSON Web Key Set: `<base>/.well-known/jwks.json`.
    #[must_use]
    pub fn jwks_url(&self) -> String {
        format!("{}/.well-known/jwks.json", self.base_url)
    }
}

/// Builds a [`Config`]; see [`Config::builder`].
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    base_url: Option<String>,
    publishable_key: Option<PublishableKey>,
    insecure_allow_http: bool,
}

impl ConfigBuilder {
    /// The API base URL. Defaults to [`DEFAULT_BASE_URL`]. Trailing `/` are
    /// trimmed; a path prefix (a proxy mount point) is kept.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The publishable key sent as `X-Publishable-Key` on `/api/v1/` paths.
    /// Defaults to none: `/api/v1/` operations then fail with
    /// [`ConfigError::MissingPublishableKey`].
    #[must_use]
    pub fn publishable_key(mut self, key: impl Into<PublishableKey>) -> Self {
        self.publishable_key = Some(key.into());
        self
    }

    /// Allows a plain `http://` base URL whose host is not loopback.
    /// Defaults to `false`: such a URL is refused with
    /// [`ConfigError::InsecureHttp`], because anyone on the path could read
    /// the tokens and passwords sent, and inject the signing keys a verifier
    /// built from this config fetches. `http` to `localhost`, `127.0.0.0/8`
    /// or `::1` is always allowed. Only for test networks you control.
    #[must_use]
    pub fn insecure_allow_http(mut self, allow: bool) -> Self {
        self.insecure_allow_http = allow;
        self
    }

    /// Validates and builds.
    ///
    /// # Errors
    /// [`ConfigError::InvalidBaseUrl`] for a base URL that is not an absolute
    /// `http`/`https` URL with a host, or that has credentials, a query or a
    /// fragment; [`ConfigError::InsecureHttp`] for an `http` URL whose host
    /// is not loopback, without [`insecure_allow_http`](Self::insecure_allow_http);
    /// [`ConfigError::InvalidPublishableKey`] for a key that is not a
    /// non-empty, ASCII, header-safe value without surrounding whitespace.
    pub fn build(self) -> Result<Config, ConfigError> {
        let base_url = match self.base_url {
            Some(url) => validate_base_url(&url)?,
            None => DEFAULT_BASE_URL.to_owned(),
        };
        if let Ok(uri) = base_url.parse::<http::Uri>() {
            check_transport_security(&uri, self.insecure_allow_http)?;
        }
        if let Some(key) = &self.publishable_key {
            validate_publishable_key(key.expose_secret())?;
        }
        Ok(Config {
            base_url,
            publishable_key: self.publishable_key,
            insecure_allow_http: self.insecure_allow_http,
        })
    }
}

/// Refuses a plain `http` URL whose host is not loopback, unless `insecure`
/// (the caller's `insecure_allow_http(true)`). `https` URLs and URLs of
/// other schemes pass: checking the scheme itself is the caller's job. The
/// one rule for base URLs (here) and JWKS URLs (both drivers' verifier
/// builders).
///
/// ```
/// use inai_auth_core::check_transport_security;
///
/// let plain: http::Uri = "http://auth.example.com/.well-known/jwks.json".parse()?;
/// assert!(check_transport_security(&plain, false).is_err());
/// assert!(check_transport_security(&plain, true).is_ok());
/// let local: http::Uri = "http://127.0.0.1:8080/.well-known/jwks.json".parse()?;
/// assert!(check_transport_security(&local, false).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ConfigError::InsecureHttp`] naming the host.
pub fn check_transport_security(uri: &http::Uri, insecure: bool) -> Result<(), ConfigError> {
    let plain = uri
        .scheme_str()
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http"));
    let host = uri.host().unwrap_or_default();
    if plain && !insecure && !is_loopback(host) {
        return Err(ConfigError::InsecureHttp {
            host: host.to_owned(),
        });
    }
    Ok(())
}

fn validate_base_url(url: &str) -> Result<String, ConfigError> {
    let bad = |reason| ConfigError::InvalidBaseUrl { reason };
    if url.contains(['#', '?']) {
        return Err(bad("must not have a query or a fragment"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("must not contain whitespace or control characters"));
    }
    let trimmed = url.trim_end_matches('/');
    let uri: http::Uri = trimmed
        .parse()
        .map_err(|_| bad("not a valid absolute url"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(_) => return Err(bad("scheme must be http or https")),
        None => return Err(bad("must be absolute (start with http:// or https://)")),
    }
    let authority = uri.authority().ok_or_else(|| bad("must have a host"))?;
    if authority.as_str().contains('@') {
        return Err(bad("must not contain credentials"));
    }
    if authority.host().is_empty() {
        return Err(bad("must have a host"));
    }
    Ok(trimmed.to_owned())
}

fn validate_publishable_key(key: &str) -> Result<(), ConfigError> {
    let bad = |reason| ConfigError::InvalidPublishableKey { reason };
    if key.is_empty() {
        return Err(bad("must not be empty"));
    }
    if key.trim() != key {
        return Err(bad("must not have surrounding whitespace"));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return Err(bad("must be printable ascii"));
    }
    HeaderValue::from_str(key).map_err(|_| bad("not a valid header value"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_of(url: &str) -> Result<String, ConfigError> {
        Config::builder()
            .base_url(url)
            .build()
            .map(|c| c.base_url().to_owned())
    }

    #[test]
    fn trailing_slashes_are_trimmed_and_prefixes_kept() {
        assert_eq!(
            url_of("https://auth.example.com/").as_deref(),
            Ok("https://auth.example.com")
        );
        assert_eq!(
            url_of("http://127.0.0.1:8080//").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
        assert_eq!(
            url_of("https://proxy.example/inai/").as_deref(),
            Ok("https://proxy.example/inai")
        );
    }

    #[test]
    fn bad_base_urls_are_refused() {
        for url in [
            "",
            "auth.example.com",
            "ftp://auth.example.com",
            "https://",
            "https://user:pw@auth.example.com",
            "https://auth.example.com/?x=1",
            "https://auth.example.com/#frag",
            "https://auth example.com",
            "/api",
        ] {
            assert!(
                matches!(url_of(url), Err(ConfigError::InvalidBaseUrl { .. })),
                "{url:?} was accepted"
            );
        }
    }

    #[test]
    fn plain_http_is_refused_for_hosts_that_are_not_loopback() {
        for url in [
            "http://auth.example.com",
            "http://10.0.0.1:8080",
            "http://[2001:db8::1]",
            "HTTP://auth.example.com/prefix",
        ] {
            let built = Config::builder().base_url(url).build();
            assert!(
                matches!(&built, Err(ConfigError::InsecureHttp { host })
                    if url.to_ascii_lowercase().contains(host.as_str())),
                "{url:?}: {built:?}"
            );
            let message = Config::builder()
                .base_url(url)
                .build()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(message.contains("insecure_allow_http(true)"), "{message}");
            let opted_in = Config::builder()
                .base_url(url)
                .insecure_allow_http(true)
                .build();
            assert!(opted_in.is_ok_and(|c| c.insecure_allows_http()), "{url}");
        }
        for url in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9",
            "http://localhost:3000",
            "http://LOCALHOST",
            "https://auth.example.com",
        ] {
            let built = Config::builder().base_url(url).build();
            assert!(built.is_ok_and(|c| !c.insecure_allows_http()), "{url}");
        }
        let from_env = Config::from_lookup(|name| {
            Ok((name == "INAI_API_URL").then(|| "http://auth.example.com".to_owned()))
        });
        assert!(matches!(from_env, Err(ConfigError::InsecureHttp { .. })));
    }

    #[test]
    fn publishable_keys_must_be_header_safe() {
        for key in ["", " pk_x", "pk_x\n", "pk\u{e9}", "pk\0x"] {
            let built = Config::builder().publishable_key(key).build();
            assert!(
                matches!(built, Err(ConfigError::InvalidPublishableKey { .. })),
                "{key:?} was accepted"
            );
        }
        let ok = Config::builder().publishable_key("pk_live_abc123").build();
        assert!(ok.is_ok());
    }

    #[test]
    fn defaults_and_jwks_url() {
        let config = Config::default();
        assert_eq!(config.base_url(), "https://apiauth.inai.dev");
        assert_eq!(
            config.jwks_url(),
            "https://apiauth.inai.dev/.well-known/jwks.json"
        );
        assert!(config.publishable_key().is_none());
    }

    #[test]
    fn from_lookup_reads_both_variables_and_ignores_empty_ones() {
        let config = Config::from_lookup(|name| {
            Ok(match name {
                "INAI_API_URL" => Some("http://127.0.0.1:9/".to_owned()),
                "INAI_PUBLISHABLE_KEY" => Some("pk_test_1".to_owned()),
                _ => None,
            })
        });
        let config = config.unwrap_or_default();
        assert_eq!(config.base_url(), "http://127.0.0.1:9");
        assert_eq!(
            config.publishable_key().map(PublishableKey::expose_secret),
            Some("pk_test_1")
        );

        let empty = Config::from_lookup(|_| Ok(Some(String::new())));
        assert_eq!(empty, Ok(Config::default()));

        let not_unicode = Config::from_lookup(|name| {
            if name == "INAI_PUBLISHABLE_KEY" {
                Err(())
            } else {
                Ok(None)
            }
        });
        assert_eq!(
            not_unicode,
            Err(ConfigError::NotUnicode {
                name: "INAI_PUBLISHABLE_KEY"
            })
        );
    }

    #[test]
    fn debug_redacts_the_key() {
        let config = Config::builder()
            .publishable_key("pk_live_secretish")
            .build();
        let shown = format!("{config:?}");
        assert!(!shown.contains("secretish"), "{shown}");
    }
}
