//! The deliberately simple strict check: DESIGN.md §3's token rules applied
//! one after the other, with a hand-written base64url decoder, a plain JSON
//! tree and `p256` called directly. It shares no code with the verifier.

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};

use crate::b64;
use crate::json::{Json, Members};

/// Longest token accepted by default.
const MAX_TOKEN_LEN: usize = 8 * 1024;
/// Earliest and latest time claims: years 0 to 9999.
const MIN_TIME: f64 = -62_167_219_200.0;
const MAX_TIME: f64 = 253_402_300_799.0;

/// A token that passed the form and header rules; signature not checked.
pub(crate) struct Parsed<'t> {
    pub(crate) kid: Option<String>,
    pub(crate) signing_input: &'t str,
    pub(crate) signature: Signature,
    pub(crate) payload: Vec<u8>,
}

/// The claims the rules look at.
#[derive(Debug)]
pub(crate) struct Claims {
    pub(crate) sub: String,
    pub(crate) token_type: String,
    pub(crate) tenant_id: String,
    pub(crate) email: String,
    pub(crate) app_id: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) exp: f64,
    pub(crate) nbf: Option<f64>,
    pub(crate) iat: Option<f64>,
}

/// Form, header and signature encoding.
pub(crate) fn parse(token: &str) -> Result<Parsed<'_>, &'static str> {
    if token.len() > MAX_TOKEN_LEN {
        return Err("too long");
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err("not three segments");
    };
    if header.is_empty() || payload.is_empty() || signature.is_empty() {
        return Err("empty segment");
    }
    let header = b64::decode(header).ok_or("header not base64url")?;
    let header = Members::parse(&header).ok_or("header not a json object")?;
    if header.has_duplicates() {
        return Err("duplicate header member");
    }
    if header.str("alg") != Some("ES256") {
        return Err("alg is not ES256");
    }
    for refused in ["crit", "jku", "jwk", "x5u", "x5c"] {
        if header.get(refused).is_some() {
            return Err("refused header");
        }
    }
    if let Some(typ) = header.get("typ") {
        let Json::String(typ) = typ else {
            return Err("typ not a string");
        };
        let typ = typ.to_ascii_lowercase();
        if typ != "jwt" && typ != "application/jwt" {
            return Err("typ not jwt");
        }
    }
    let kid = match header.get("kid") {
        None => None,
        Some(Json::String(kid)) if (1..=256).contains(&kid.len()) => Some(kid.clone()),
        Some(_) => return Err("bad kid"),
    };
    let signature = b64::decode(signature).ok_or("signature not base64url")?;
    if signature.len() != 64 {
        return Err("signature not 64 bytes");
    }
    // Refuses r or s equal to zero or not below the group order.
    let signature =
        Signature::from_slice(&signature).map_err(|_| "signature scalar out of range")?;
    let payload_bytes = b64::decode(payload).ok_or("payload not base64url")?;
    let signing_input = token
        .rsplit_once('.')
        .map(|(input, _)| input)
        .ok_or("no signing input")?;
    Ok(Parsed {
        kid,
        signing_input,
        signature,
        payload: payload_bytes,
    })
}

/// The claim types of the JWTClaims shape.
pub(crate) fn claims(payload: &[u8]) -> Result<Claims, &'static str> {
    let p = Members::parse(payload).ok_or("payload not a json object")?;
    if p.has_duplicates() {
        return Err("duplicate payload member");
    }
    let optional = |name: &str| match p.get(name) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err("string claim of another type"),
    };
    let required = |name: &str| optional(name)?.ok_or("required claim missing");
    let list = |name: &str| match p.get(name) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Array(items)) => items
            .iter()
            .map(|item| match item {
                Json::String(s) => Ok(s.clone()),
                _ => Err("list of something else than strings"),
            })
            .collect(),
        Some(_) => Err("list claim of another type"),
    };
    let time = |name: &str| match p.get(name) {
        None => Ok(None),
        Some(Json::Number(n)) if n.is_finite() && (MIN_TIME..=MAX_TIME).contains(n) => Ok(Some(*n)),
        Some(_) => Err("time claim not a number in range"),
    };
    let token_type = required("type")?;
    if token_type != "app_user" && token_type != "platform" {
        return Err("unknown type");
    }
    for name in ["env_id", "org_id", "org_slug", "org_role", "external_id"] {
        optional(name)?;
    }
    for name in ["permissions", "org_permissions"] {
        list(name)?;
    }
    Ok(Claims {
        sub: required("sub")?,
        token_type,
        tenant_id: required("tenant_id")?,
        email: required("email")?,
        app_id: optional("app_id")?,
        roles: list("roles")?,
        exp: time("exp")?.ok_or("exp missing")?,
        nbf: time("nbf")?,
        iat: time("iat")?,
    })
}

/// The time rules and pins of a validation, in whole seconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    pub(crate) leeway: f64,
    pub(crate) max_age: Option<f64>,
    pub(crate) app_user_of_app: Option<&'static str>,
}

/// The outcome of the strict check. `borderline` is set when a time claim
/// lies within a second of a limit, where rounding may legitimately differ.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) result: Result<(), &'static str>,
    pub(crate) borderline: bool,
}

/// Every rule, signature included, with keys chosen by `key_of(kid)`.
pub(crate) fn verify(
    token: &str,
    key_of: impl Fn(&str) -> Result<&'static VerifyingKey, &'static str>,
    rules: Rules,
    now: f64,
) -> Outcome {
    let mut borderline = false;
    let result = verify_inner(token, key_of, rules, now, &mut borderline);
    Outcome { result, borderline }
}

fn verify_inner(
    token: &str,
    key_of: impl Fn(&str) -> Result<&'static VerifyingKey, &'static str>,
    rules: Rules,
    now: f64,
    borderline: &mut bool,
) -> Result<(), &'static str> {
    let parsed = parse(token)?;
    let key = key_of(parsed.kid.as_deref().ok_or("no kid")?)?;
    key.verify(parsed.signing_input.as_bytes(), &parsed.signature)
        .map_err(|_| "bad signature")?;
    let claims = claims(&parsed.payload)?;
    // `a < b`, noting when the two are within a second of each other.
    let mut before = |a: f64, b: f64| {
        *borderline |= (a - b).abs() < 1.0;
        a < b
    };
    if !before(now, claims.exp + rules.leeway) {
        return Err("expired");
    }
    if let Some(nbf) = claims.nbf {
        if before(now, nbf - rules.leeway) {
            return Err("not yet valid");
        }
    }
    if let Some(max_age) = rules.max_age {
        let iat = claims.iat.ok_or("iat missing")?;
        if before(now, iat - rules.leeway) {
            return Err("iat in the future");
        }
        if !before(now, iat + max_age + rules.leeway) {
            return Err("too old");
        }
    }
    if let Some(app) = rules.app_user_of_app {
        if claims.token_type != "app_user" || claims.app_id.as_deref() != Some(app) {
            return Err("pin mismatch");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{FixedKey, NOW_SECS, claims, differential_key};

    #[allow(clippy::cast_precision_loss)]
    const NOW: f64 = NOW_SECS as f64;
    const DEFAULT: Rules = Rules {
        leeway: 0.0,
        max_age: None,
        app_user_of_app: None,
    };

    fn verdict(token: &str, rules: Rules) -> Result<(), &'static str> {
        verify(token, differential_key, rules, NOW).result
    }

    #[test]
    fn accepts_valid_tokens_and_refuses_each_broken_rule() {
        let k1 = FixedKey::new(1);
        let header = k1.header();
        assert_eq!(verdict(&k1.token(60, ""), DEFAULT), Ok(()));
        assert_eq!(verdict(&FixedKey::new(2).token(60, ""), DEFAULT), Ok(()));
        let pinned = Rules {
            leeway: 60.0,
            max_age: Some(3600.0),
            app_user_of_app: Some("app_1"),
        };
        assert_eq!(
            verdict(&k1.token(-30, ""), pinned),
            Ok(()),
            "within the leeway"
        );
        let cases = [
            (k1.token(0, ""), "expired"),
            (
                k1.token(60, &format!(r#","nbf":{}"#, NOW_SECS + 1)),
                "not yet valid",
            ),
            (
                k1.sign_token(r#"{"alg":"none","kid":"key-1"}"#, &claims(60, "")),
                "alg is not ES256",
            ),
            (
                k1.sign_token(
                    r#"{"alg":"ES256","kid":"key-1","x5c":null}"#,
                    &claims(60, ""),
                ),
                "refused header",
            ),
            (
                k1.sign_token(
                    r#"{"alg":"ES256","kid":"key-1","typ":"JOSE"}"#,
                    &claims(60, ""),
                ),
                "typ not jwt",
            ),
            (
                k1.sign_token(r#"{"alg":"ES256"}"#, &claims(60, "")),
                "no kid",
            ),
            (FixedKey::new(9).token(60, ""), "unknown kid"),
            (FixedKey::with_kid(1, "dup").token(60, ""), "ambiguous kid"),
            (
                FixedKey::with_kid(2, "key-1").token(60, ""),
                "bad signature",
            ),
            (
                k1.sign_token(&header, &claims(60, r#","exp":1"#)),
                "duplicate payload member",
            ),
            (
                k1.sign_token(&header, &claims(60, "").replace("app_user", "admin")),
                "unknown type",
            ),
            (format!("{}==", k1.token(60, "")), "signature not base64url"),
        ];
        for (token, reason) in cases {
            assert_eq!(verdict(&token, DEFAULT), Err(reason));
        }
        let other_app = k1.sign_token(&header, &claims(60, "").replace("app_1", "app_2"));
        assert_eq!(verdict(&other_app, DEFAULT), Ok(()));
        assert_eq!(verdict(&other_app, pinned), Err("pin mismatch"));
    }
}
