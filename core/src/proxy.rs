//! Which proxy, if any, a request goes through: the rules both drivers
//! apply, without IO.
//!
//! - `HTTP_PROXY`/`http_proxy` for `http://` targets and
//!   `HTTPS_PROXY`/`https_proxy` for `https://` targets, else
//!   `ALL_PROXY`/`all_proxy`; the upper-case name wins, an empty value counts
//!   as unset, a value that is not an `http(s)` proxy URL is ignored, and
//!   `HTTP_PROXY` is ignored when `REQUEST_METHOD` is set (a CGI program,
//!   where a request's `Proxy:` header would land in it).
//! - `NO_PROXY`/`no_proxy` lists the hosts reached directly: entries
//!   separated by commas, blanks around them ignored, case-insensitive. `*`
//!   lists every host; a domain lists itself and every name under it, with or
//!   without a leading `.` or `*.` (`example.com`, `.example.com` and
//!   `*.example.com` all list `example.com` and `api.example.com`, not
//!   `badexample.com`); an IP address lists that address (`::1` and `[::1]`
//!   alike), and an address with a prefix length a network (`10.0.0.0/8`); a
//!   port (`example.com:8080`) is ignored.
//! - Loopback hosts (`localhost` and names under it, `127.0.0.0/8`, `::1`,
//!   also IPv4-mapped) are always reached directly, whatever the rules say.
//!
//! The drivers take a [`ProxyRules`] in their builders and ask it
//! [`ProxyRules::proxy_for`] each request; the matching itself is private.

use std::fmt;
use std::net::IpAddr;

/// The proxy rules of a client: which proxy, if any, each request goes
/// through. Made from the environment ([`from_env`](Self::from_env)), for
/// one proxy ([`all`](Self::all)) or for none ([`none`](Self::none)).
///
/// `Debug` hides any user name and password in the proxy URLs.
///
/// ```
/// use inai_auth_core::proxy::ProxyRules;
///
/// let rules = ProxyRules::all("http://proxy.internal:3128")?;
/// assert_eq!(rules.proxy_for("https", "apiauth.inai.dev"), Some("http://proxy.internal:3128"));
/// assert_eq!(rules.proxy_for("http", "127.0.0.1"), None);
/// assert_eq!(ProxyRules::none().proxy_for("https", "apiauth.inai.dev"), None);
/// # Ok::<(), inai_auth_core::proxy::InvalidProxyUrl>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyRules {
    http: Option<String>,
    https: Option<String>,
    no_proxy: String,
}

/// A proxy URL that cannot be used: not `http(s)://host[:port]`.
///
/// The URL itself is not shown (it may hold a password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid proxy url: {reason}")]
pub struct InvalidProxyUrl {
    reason: &'static str,
}

impl ProxyRules {
    /// No proxy: every request goes directly to its host.
    #[must_use]
    pub fn none() -> Self {
        Self {
            http: None,
            https: None,
            no_proxy: String::new(),
        }
    }

    /// Every request goes through the proxy at `url` (`http://` or
    /// `https://`, with an optional `user:password@`; a URL without a scheme
    /// means `http://`), except those to loopback hosts. The proxy
    /// environment variables, `NO_PROXY` included, are not read.
    ///
    /// # Errors
    /// [`InvalidProxyUrl`] when `url` is not an `http(s)` URL with a host.
    pub fn all(url: impl AsRef<str>) -> Result<Self, InvalidProxyUrl> {
        let url = proxy_url(url.as_ref())?;
        Ok(Self {
            http: Some(url.clone()),
            https: Some(url),
            no_proxy: String::new(),
        })
    }

    /// The rules of the process environment (read now): see the
    /// [module documentation](self).
    #[must_use]
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), with the variables read through
    /// `lookup` (`None`: unset or not Unicode). For tests.
    #[must_use]
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let first = |names: &[&str]| {
            names
                .iter()
                .filter_map(|name| lookup(name))
                .find(|value| !value.trim().is_empty())
        };
        let first_url = |names: &[&str]| first(names).and_then(|value| proxy_url(&value).ok());
        let cgi = lookup("REQUEST_METHOD").is_some();
        let http_names: &[&str] = if cgi {
            &["http_proxy"]
        } else {
            &["HTTP_PROXY", "http_proxy"]
        };
        let all = first_url(&["ALL_PROXY", "all_proxy"]);
        Self {
            http: first_url(http_names).or_else(|| all.clone()),
            https: first_url(&["HTTPS_PROXY", "https_proxy"]).or(all),
            no_proxy: first(&["NO_PROXY", "no_proxy"]).unwrap_or_default(),
        }
    }

    /// The proxy URL a request to `scheme://host` goes through, or `None`
    /// to go directly: always `None` for a loopback host, a host listed in
    /// `NO_PROXY`, or a scheme other than `http` and `https`. `host` may
    /// carry IPv6 brackets (`[::1]`), as in a URI.
    #[must_use]
    pub fn proxy_for(&self, scheme: &str, host: &str) -> Option<&str> {
        let proxy = self.proxy_url(scheme)?;
        if is_loopback(host) || no_proxy_matches(&self.no_proxy, host) {
            return None;
        }
        Some(proxy)
    }

    /// The proxy URL of `scheme` (`http` or `https`, any case), whatever
    /// the host: what [`proxy_for`](Self::proxy_for) answers for a host
    /// that is not exempt. Lets a driver parse each proxy once.
    ///
    /// ```
    /// use inai_auth_core::proxy::ProxyRules;
    ///
    /// let rules = ProxyRules::all("proxy.internal:3128")?;
    /// assert_eq!(rules.proxy_url("HTTPS"), Some("http://proxy.internal:3128"));
    /// assert_eq!(rules.proxy_url("ftp"), None);
    /// # Ok::<(), inai_auth_core::proxy::InvalidProxyUrl>(())
    /// ```
    #[must_use]
    pub fn proxy_url(&self, scheme: &str) -> Option<&str> {
        if scheme.eq_ignore_ascii_case("https") {
            self.https.as_deref()
        } else if scheme.eq_ignore_ascii_case("http") {
            self.http.as_deref()
        } else {
            None
        }
    }

    /// Whether no request can go through a proxy.
    #[must_use]
    pub fn is_none(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }
}

impl fmt::Debug for ProxyRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyRules")
            .field("http", &self.http.as_deref().map(without_userinfo))
            .field("https", &self.https.as_deref().map(without_userinfo))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// Checks a proxy URL and gives it a scheme (`http://` when it has none).
fn proxy_url(raw: &str) -> Result<String, InvalidProxyUrl> {
    let raw = raw.trim();
    let url = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let uri: http::Uri = url.parse().map_err(|_| InvalidProxyUrl {
        reason: "not a url",
    })?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(InvalidProxyUrl {
            reason: "the scheme is not http or https",
        });
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(InvalidProxyUrl { reason: "no host" });
    }
    Ok(url)
}

/// `url` with any `user:password@` replaced by `[redacted]@`.
fn without_userinfo(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let rest = url.get(start..).unwrap_or_default();
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_len).unwrap_or_default();
    match authority.rfind('@') {
        Some(at) => format!(
            "{}[redacted]{}",
            url.get(..start).unwrap_or_default(),
            rest.get(at..).unwrap_or_default()
        ),
        None => url.to_owned(),
    }
}

/// Whether `host` is a loopback host: `localhost` or a name under it,
/// an address in `127.0.0.0/8`, or `::1` (also IPv4-mapped, with or without
/// brackets). Case-insensitive.
#[must_use]
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = bare_host(host);
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.to_canonical().is_loopback(),
        Err(_) => is_same_or_subdomain(host, "localhost"),
    }
}

/// Whether `host` is listed in `no_proxy`, a `NO_PROXY` value: entries
/// separated by commas, blanks around them ignored, case-insensitive.
///
/// - `*` lists every host;
/// - a domain lists itself and every name under it, with or without a
///   leading `.` or `*.` (`example.com`, `.example.com` and `*.example.com`
///   all list `example.com` and `api.example.com`, not `badexample.com`);
/// - an IP address lists that address (`::1` and `[::1]` alike), and an
///   address with a prefix length a network (`10.0.0.0/8`);
/// - a port (`example.com:8080`, `[::1]:8080`) is ignored.
#[must_use]
pub(crate) fn no_proxy_matches(no_proxy: &str, host: &str) -> bool {
    let host = bare_host(host);
    let host_ip = host.parse::<IpAddr>().ok().map(|ip| ip.to_canonical());
    no_proxy
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| entry == "*" || entry_lists(without_port(entry), host, host_ip))
}

fn entry_lists(entry: &str, host: &str, host_ip: Option<IpAddr>) -> bool {
    if let Some(ip) = host_ip {
        return network(entry).is_some_and(|(net, prefix)| in_network(ip, net, prefix));
    }
    let domain = entry
        .strip_prefix("*.")
        .or_else(|| entry.strip_prefix('.'))
        .unwrap_or(entry)
        .trim_end_matches('.');
    !domain.is_empty() && is_same_or_subdomain(host, domain)
}

/// `host` equals `domain` or ends with `.domain`, ignoring ASCII case.
fn is_same_or_subdomain(host: &str, domain: &str) -> bool {
    if host.eq_ignore_ascii_case(domain) {
        return true;
    }
    let Some(start) = host.len().checked_sub(domain.len()) else {
        return false;
    };
    host.get(start..)
        .is_some_and(|tail| tail.eq_ignore_ascii_case(domain))
        && host.get(..start).is_some_and(|head| head.ends_with('.'))
}

/// A host without IPv6 brackets or a trailing dot.
fn bare_host(host: &str) -> &str {
    let host = host.trim();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.strip_suffix('.').unwrap_or(host)
}

/// A `NO_PROXY` entry without its port: `[::1]:80` → `::1`,
/// `example.com:80` → `example.com`; a bare IPv6 address stays whole.
fn without_port(entry: &str) -> &str {
    if let Some(rest) = entry.strip_prefix('[') {
        return rest.split_once(']').map_or(rest, |(host, _)| host);
    }
    match entry.split_once(':') {
        Some((host, port)) if !port.contains(':') => host,
        _ => entry,
    }
}

/// An address or `address/prefix` entry, as (network, prefix length).
fn network(entry: &str) -> Option<(IpAddr, u32)> {
    let (addr, prefix) = match entry.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix.parse::<u32>().ok()?)),
        None => (entry, None),
    };
    let ip = addr.parse::<IpAddr>().ok()?.to_canonical();
    let bits = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(bits);
    (prefix <= bits).then_some((ip, prefix))
}

fn in_network(ip: IpAddr, net: IpAddr, prefix: u32) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - prefix).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - prefix).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(vars: &[(&str, &str)]) -> ProxyRules {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ProxyRules::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn loopback_hosts_never_use_a_proxy_even_with_http_proxy_set() {
        let rules = env(&[("HTTP_PROXY", "http://127.0.0.1:9")]);
        for host in [
            "127.0.0.1",
            "127.8.9.10",
            "localhost",
            "LocalHost",
            "api.localhost",
            "[::1]",
            "::1",
            "[::ffff:127.0.0.1]",
        ] {
            assert_eq!(rules.proxy_for("http", host), None, "{host}");
        }
        assert_eq!(
            rules.proxy_for("http", "example.com"),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            rules.proxy_for("http", "128.0.0.1"),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(
            rules.proxy_for("http", "notlocalhost"),
            Some("http://127.0.0.1:9")
        );
    }

    #[test]
    fn each_scheme_reads_its_variable_then_all_proxy() {
        let rules = env(&[
            ("HTTP_PROXY", "http://plain:1"),
            ("https_proxy", "http://secure:2"),
            ("ALL_PROXY", "http://every:3"),
        ]);
        assert_eq!(rules.proxy_for("http", "a.test"), Some("http://plain:1"));
        assert_eq!(rules.proxy_for("HTTPS", "a.test"), Some("http://secure:2"));
        assert_eq!(rules.proxy_for("ftp", "a.test"), None);

        let all_only = env(&[("all_proxy", "every:3")]);
        assert_eq!(all_only.proxy_for("http", "a.test"), Some("http://every:3"));
        assert_eq!(
            all_only.proxy_for("https", "a.test"),
            Some("http://every:3")
        );
    }

    #[test]
    fn upper_case_wins_empty_and_invalid_values_count_as_unset() {
        let rules = env(&[
            ("HTTP_PROXY", "http://upper:1"),
            ("http_proxy", "http://lower:2"),
        ]);
        assert_eq!(rules.proxy_for("http", "a.test"), Some("http://upper:1"));

        let rules = env(&[("HTTPS_PROXY", " "), ("https_proxy", "http://lower:2")]);
        assert_eq!(rules.proxy_for("https", "a.test"), Some("http://lower:2"));

        let rules = env(&[("HTTPS_PROXY", "socks5://s:1"), ("HTTP_PROXY", "http://")]);
        assert!(rules.is_none());
    }

    #[test]
    fn http_proxy_in_upper_case_is_ignored_under_cgi() {
        let rules = env(&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(rules.proxy_for("http", "a.test"), None);
        let rules = env(&[("http_proxy", "http://ok:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(rules.proxy_for("http", "a.test"), Some("http://ok:1"));
    }

    #[test]
    fn no_proxy_from_the_environment_is_honoured() {
        let rules = env(&[
            ("HTTPS_PROXY", "http://p:1"),
            ("no_proxy", "internal.test, 10.0.0.0/8"),
        ]);
        assert_eq!(rules.proxy_for("https", "api.internal.test"), None);
        assert_eq!(rules.proxy_for("https", "10.1.2.3"), None);
        assert_eq!(
            rules.proxy_for("https", "external.test"),
            Some("http://p:1")
        );
    }

    #[test]
    fn no_proxy_entries() {
        let cases: &[(&str, &str, bool)] = &[
            ("*", "anything.test", true),
            ("a.test,*", "b.test", true),
            ("example.com", "example.com", true),
            ("example.com", "API.Example.COM", true),
            ("Example.Com", "example.com", true),
            (".example.com", "example.com", true),
            (".example.com", "api.example.com", true),
            ("*.example.com", "api.example.com", true),
            ("example.com", "badexample.com", false),
            ("example.com", "example.com.evil.test", false),
            ("example.com:8080", "example.com", true),
            ("  example.com  ,other.test", "other.test", true),
            ("example.com", "example.com.", true),
            ("192.168.1.5", "192.168.1.5", true),
            ("192.168.1.5", "192.168.1.50", false),
            ("192.168.1.5:80", "192.168.1.5", true),
            ("192.168.0.0/16", "192.168.44.1", true),
            ("192.168.0.0/16", "192.169.0.1", false),
            ("0.0.0.0/0", "8.8.8.8", true),
            ("::1", "[::1]", true),
            ("[::1]:8080", "::1", true),
            ("fd00::/8", "[fd12::7]", true),
            ("fd00::/8", "[fe80::1]", false),
            ("2001:db8::1", "2001:DB8:0::1", true),
            ("10.0.0.0/40", "10.0.0.1", false),
            ("", "a.test", false),
            (" , ,", "a.test", false),
            (".", "a.test", false),
            ("10.0.0.1", "10.0.0.1.example", false),
        ];
        for (list, host, expected) in cases {
            assert_eq!(
                no_proxy_matches(list, host),
                *expected,
                "NO_PROXY={list:?} host={host:?}"
            );
        }
    }

    #[test]
    fn an_explicit_proxy_ignores_the_environment_but_not_loopback() {
        let rules = ProxyRules::all("proxy.test:3128").expect("valid");
        assert_eq!(
            rules.proxy_for("https", "apiauth.inai.dev"),
            Some("http://proxy.test:3128")
        );
        assert_eq!(rules.proxy_for("http", "localhost"), None);
        assert!(!rules.is_none());
        assert!(ProxyRules::none().is_none());
    }

    #[test]
    fn bad_proxy_urls_are_refused_without_echoing_them() {
        for url in ["", "socks5://h:1", "http://", "http://a b:1"] {
            let error = ProxyRules::all(url).expect_err(url);
            assert!(
                error.to_string().starts_with("invalid proxy url: "),
                "{error}"
            );
        }
        let error = ProxyRules::all("ftp://user:hunter2@h:1").expect_err("ftp");
        assert!(!error.to_string().contains("hunter2"));
    }

    #[test]
    fn debug_hides_proxy_credentials() {
        let rules = ProxyRules::all("http://user:hunter2@proxy.test:3128/").expect("valid");
        let shown = format!("{rules:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("user"), "{shown}");
        assert!(
            shown.contains("http://[redacted]@proxy.test:3128/"),
            "{shown}"
        );
        let plain = format!(
            "{:?}",
            ProxyRules::all("http://proxy.test:1").expect("valid")
        );
        assert!(plain.contains("http://proxy.test:1"), "{plain}");
    }
}
