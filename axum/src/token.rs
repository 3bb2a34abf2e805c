//! Where a request carries its access token: [`TokenSource`] and the search
//! through a request's headers.

use http::HeaderMap;
use http::header::AUTHORIZATION;

use crate::cookie;

/// The name of the header the official packages read a bare token from.
pub const DEFAULT_TOKEN_HEADER: &str = "x-inai-auth";
/// The name of the cookie that holds the access token.
pub const ACCESS_COOKIE: &str = "auth_token";
/// The name of the cookie that holds the refresh token.
pub const REFRESH_COOKIE: &str = "refresh_token";

/// A place in a request where the access token may be.
///
/// The layer looks in each configured source in turn; the first source that
/// has something (a token, or a value that cannot be one) decides. The
/// default order is the official packages':
/// [`Bearer`](Self::Bearer), then `Header("x-inai-auth")`, then
/// `Cookie("auth_token")` (see [`TokenSource::defaults`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenSource {
    /// `Authorization: Bearer <token>`, the scheme matched case-insensitively
    /// (RFC 6750 §2.1). A request with two `Authorization` headers, another
    /// scheme, `Bearer` with no token, or bytes that are not text is refused
    /// with a reason.
    Bearer,
    /// A header holding the bare token, such as `x-inai-auth`. Two such
    /// headers, an empty one, or one that is not text is refused.
    Header(&'static str),
    /// A cookie holding the bare token, such as `auth_token`. A `Cookie`
    /// header that is not text, or a cookie that cannot be a token, is
    /// ignored in optional mode and refused otherwise.
    Cookie(&'static str),
}

impl TokenSource {
    /// The default sources, in order: `Bearer`, `Header("x-inai-auth")`,
    /// `Cookie("auth_token")`.
    #[must_use]
    pub fn defaults() -> [Self; 3] {
        [
            Self::Bearer,
            Self::Header(DEFAULT_TOKEN_HEADER),
            Self::Cookie(ACCESS_COOKIE),
        ]
    }

    /// Whether the token comes from a cookie (a browser sends it on its own,
    /// so a bad one counts as absent in optional mode).
    #[must_use]
    pub fn is_cookie(&self) -> bool {
        matches!(self, Self::Cookie(_))
    }
}

/// What the search through the sources found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found<'a> {
    /// A token, and where it was.
    Token(&'a str, TokenSource),
    /// A value in a source that cannot be a token, with the reason.
    Malformed(&'static str, TokenSource),
    /// No source had anything.
    Nothing,
}

/// Looks for the token in `sources`, in order.
pub(crate) fn find<'a>(headers: &'a HeaderMap, sources: &[TokenSource]) -> Found<'a> {
    for source in sources {
        let found = match *source {
            TokenSource::Bearer => bearer(headers),
            TokenSource::Header(name) => bare_header(headers, name),
            TokenSource::Cookie(name) => cookie_token(headers, name),
        };
        match found {
            Ok(Some(token)) => return Found::Token(token, *source),
            Ok(None) => {}
            Err(reason) => return Found::Malformed(reason, *source),
        }
    }
    Found::Nothing
}

/// The one value of header `name`, as text; `Ok(None)` when absent.
fn single<'a>(
    headers: &'a HeaderMap,
    name: &str,
    twice: &'static str,
    not_text: &'static str,
) -> Result<Option<&'a str>, &'static str> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(twice);
    }
    // UTF-8 validation has a fast ASCII path, unlike `HeaderValue::to_str`;
    // a header value never holds control characters (the `http` crate
    // refuses them), and non-ASCII text cannot be a token (the verifier
    // refuses it).
    std::str::from_utf8(value.as_bytes())
        .map(Some)
        .map_err(|_| not_text)
}

fn bearer(headers: &HeaderMap) -> Result<Option<&str>, &'static str> {
    let Some(value) = single(
        headers,
        AUTHORIZATION.as_str(),
        "the request has more than one Authorization header",
        "the Authorization header is not valid text",
    )?
    else {
        return Ok(None);
    };
    let value = value.trim_matches(is_space);
    // Byte searches (the header is ASCII once `to_str` accepted it): a token
    // is long, and this runs on every request.
    let (scheme, rest) = match value.bytes().position(|b| b == b' ' || b == b'\t') {
        Some(at) => value.split_at(at),
        None => (value, ""),
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err("the Authorization header does not use the Bearer scheme");
    }
    let token = rest.trim_matches(is_space);
    if token.is_empty() {
        return Err("the Authorization header has the Bearer scheme but no token");
    }
    if token.as_bytes().contains(&b' ') || token.as_bytes().contains(&b'\t') {
        return Err("the Authorization header has more than one Bearer credential");
    }
    Ok(Some(token))
}

fn bare_header<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, &'static str> {
    let Some(value) = single(
        headers,
        name,
        "the request has more than one token header",
        "the token header is not valid text",
    )?
    else {
        return Ok(None);
    };
    let token = value.trim_matches(is_space);
    if token.is_empty() {
        return Err("the token header is empty");
    }
    Ok(Some(token))
}

fn cookie_token<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, &'static str> {
    match cookie::find(headers, name) {
        Ok(Some("")) => Err("the access token cookie is empty"),
        other => other,
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        }
        map
    }

    fn defaults(pairs: &[(&str, &[u8])]) -> String {
        format!("{:?}", find(&headers(pairs), &TokenSource::defaults()))
    }

    #[test]
    fn bearer_scheme_is_case_insensitive_and_trimmed() {
        for value in [
            "Bearer abc",
            "bearer abc",
            "BEARER   abc  ",
            "\tBearer\tabc",
        ] {
            let map = headers(&[("authorization", value.as_bytes())]);
            assert_eq!(
                find(&map, &[TokenSource::Bearer]),
                Found::Token("abc", TokenSource::Bearer),
                "{value}"
            );
        }
    }

    #[test]
    fn bad_authorization_headers_have_reasons() {
        type Case<'a> = (&'a [(&'a str, &'a [u8])], &'a str);
        let cases: [Case<'_>; 6] = [
            (&[("authorization", b"Basic dTpw")], "Bearer scheme"),
            (&[("authorization", b"Bearer")], "no token"),
            (&[("authorization", b"Bearer   ")], "no token"),
            (&[("authorization", b"Bearer a b")], "more than one Bearer"),
            (
                &[
                    ("authorization", b"Bearer a"),
                    ("authorization", b"Bearer a"),
                ],
                "more than one Authorization",
            ),
            (&[("authorization", b"Bearer \xff\xfe")], "not valid text"),
        ];
        for (pairs, reason) in cases {
            let shown = defaults(pairs);
            assert!(shown.starts_with("Malformed"), "{shown}");
            assert!(shown.contains(reason), "{shown} lacks {reason}");
        }
    }

    #[test]
    fn sources_are_tried_in_order() {
        let map = headers(&[
            ("cookie", b"auth_token=from-cookie"),
            ("x-inai-auth", b"from-header"),
        ]);
        assert_eq!(
            find(&map, &TokenSource::defaults()),
            Found::Token("from-header", TokenSource::Header("x-inai-auth"))
        );
        assert_eq!(
            find(
                &map,
                &[TokenSource::Cookie("auth_token"), TokenSource::Bearer]
            ),
            Found::Token("from-cookie", TokenSource::Cookie("auth_token"))
        );
        assert_eq!(find(&map, &[TokenSource::Bearer]), Found::Nothing);
        assert_eq!(find(&map, &[]), Found::Nothing);
    }

    #[test]
    fn header_source_rules() {
        assert!(defaults(&[("x-inai-auth", b"  ")]).contains("empty"));
        assert!(
            defaults(&[("x-inai-auth", b"a"), ("x-inai-auth", b"b")]).contains("more than one")
        );
        assert!(defaults(&[("cookie", b"auth_token=")]).contains("cookie is empty"));
    }
}
