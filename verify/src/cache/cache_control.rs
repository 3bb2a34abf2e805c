//! The `max-age` of a `Cache-Control` header.

use std::time::Duration;

use http::HeaderMap;
use http::header::CACHE_CONTROL;

/// The smallest `max-age` among all `Cache-Control` headers, if any is valid.
pub(crate) fn max_age(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get_all(CACHE_CONTROL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|directive| {
            let (name, value) = directive.split_once('=')?;
            if !name.trim().eq_ignore_ascii_case("max-age") {
                return None;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // More digits than a u64 holds: as good as forever.
            Some(
                value
                    .parse::<u64>()
                    .map_or(Duration::MAX, Duration::from_secs),
            )
        })
        .min()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use http::HeaderValue;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(CACHE_CONTROL, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn reads_the_smallest_valid_max_age() {
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(max_age(&headers(&["public, max-age=60"])), secs(60));
        assert_eq!(
            max_age(&headers(&["Max-Age = \"30\" , no-transform"])),
            secs(30)
        );
        assert_eq!(max_age(&headers(&["max-age=600", "max-age=20"])), secs(20));
        assert_eq!(max_age(&headers(&["s-maxage=5, max-age=90"])), secs(90));
        assert_eq!(max_age(&headers(&["max-age=0"])), secs(0));
        assert_eq!(
            max_age(&headers(&["max-age=99999999999999999999999"])),
            Some(Duration::MAX)
        );
    }

    #[test]
    fn ignores_what_is_not_a_max_age() {
        for v in [
            "no-store",
            "max-age",
            "max-age=",
            "max-age=-1",
            "max-age=1.5",
            "max-age=abc",
        ] {
            assert_eq!(max_age(&headers(&[v])), None, "{v}");
        }
        assert_eq!(max_age(&HeaderMap::new()), None);
    }
}
