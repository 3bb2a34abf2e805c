//! Reading `Cookie` headers and writing `Set-Cookie` values, by hand: the
//! few rules we need (RFC 6265 §4) are smaller than a dependency.

use http::header::COOKIE;
use http::{HeaderMap, HeaderValue};

/// The value of the first cookie called `name` among the request's `Cookie`
/// headers (HTTP/2 may split them), without surrounding quotes.
///
/// Pairs without `=` are skipped, as a user agent would. A `Cookie` header
/// that is not text is an error: nothing in it can be trusted.
pub(crate) fn find<'a>(
    headers: &'a HeaderMap,
    name: &str,
) -> Result<Option<&'a str>, &'static str> {
    for header in headers.get_all(COOKIE) {
        let text = header
            .to_str()
            .map_err(|_| "the Cookie header is not valid text")?;
        for pair in text.split(';') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            if key.trim() == name {
                let value = value.trim();
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                return Ok(Some(value));
            }
        }
    }
    Ok(None)
}

/// `SameSite` policy of a cookie we set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SameSite {
    Lax,
    Strict,
}

/// A `Set-Cookie` value for `name=value`, `HttpOnly`, `Path=/`, with the
/// given `SameSite`, `Secure` flag and lifetime in seconds (0 deletes it).
///
/// `None` when the value has bytes a header cannot carry (a token never
/// does; the caller treats it as a failed login).
pub(crate) fn set(
    name: &str,
    value: &str,
    same_site: SameSite,
    secure: bool,
    max_age: u64,
) -> Option<HeaderValue> {
    if !value.bytes().all(is_cookie_octet) {
        return None;
    }
    let same_site = match same_site {
        SameSite::Lax => "Lax",
        SameSite::Strict => "Strict",
    };
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite={same_site}{secure}"
    ))
    .ok()
}

/// A `Set-Cookie` value that deletes cookie `name`.
pub(crate) fn clear(name: &str, same_site: SameSite, secure: bool) -> Option<HeaderValue> {
    set(name, "", same_site, secure, 0)
}

/// RFC 6265 `cookie-octet`: visible ASCII except `"`, `,`, `;` and `\`.
fn is_cookie_octet(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn map(values: &[&[u8]]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(COOKIE, HeaderValue::from_bytes(value).unwrap());
        }
        headers
    }

    #[test]
    fn finds_a_cookie_among_others_and_across_headers() {
        let headers = map(&[b"a=1; junk; =x; b=\"2\"", b"auth_token=t; auth_token=later"]);
        assert_eq!(find(&headers, "a"), Ok(Some("1")));
        assert_eq!(find(&headers, "b"), Ok(Some("2")));
        assert_eq!(find(&headers, "auth_token"), Ok(Some("t")));
        assert_eq!(find(&headers, "junk"), Ok(None));
        assert_eq!(find(&headers, "missing"), Ok(None));
    }

    #[test]
    fn a_cookie_header_that_is_not_text_is_an_error() {
        let headers = map(&[b"auth_token=\xff"]);
        assert!(find(&headers, "auth_token").is_err());
    }

    #[test]
    fn set_cookie_values() {
        let value = set("auth_token", "abc.def", SameSite::Lax, true, 900).unwrap();
        assert_eq!(
            value,
            "auth_token=abc.def; Path=/; Max-Age=900; HttpOnly; SameSite=Lax; Secure"
        );
        let value = clear("refresh_token", SameSite::Strict, false).unwrap();
        assert_eq!(
            value,
            "refresh_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        );
        assert!(set("a", "x;y", SameSite::Lax, false, 1).is_none());
        assert!(set("a", "x y", SameSite::Lax, false, 1).is_none());
    }
}
