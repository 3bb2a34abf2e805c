//! Writes the seed corpora of `fuzz/corpus/<target>/`: valid tokens signed
//! with the fixed keys, the hostile tokens of the verify tests, real-shaped
//! JWKS documents, event sequences for the cached verifier, and (see
//! `answer_seeds`) one canned answer per operation.
//!
//! `cargo run -p inai-auth-fuzz-checks --example seeds`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use std::fs;
use std::path::{Path, PathBuf};

use inai_auth_fuzz_checks::{
    FixedKey, NOW_SECS, answer_operations, claims, differential_jwks, jwks_of, off_curve_jwk,
};
use serde_json::{Map, Value};

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target)
}

fn write(target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = corpus(target);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join(name), bytes)
}

fn b64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            n |= u32::from(*b) << (16 - 8 * i);
        }
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn b64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut bits, mut count) = (0u32, 0);
    for c in text.bytes() {
        bits = (bits << 6) | ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

fn with_signature(token: &str, signature: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64(signature))
}

/// Valid and hostile tokens, by name.
fn tokens() -> Vec<(String, String)> {
    let far = 4_102_444_800 - NOW_SECS;
    let (k1, k2) = (FixedKey::new(1), FixedKey::new(2));
    let header = k1.header();
    let mut out: Vec<(&str, String)> = vec![
        ("valid_key1", k1.token(far, "")),
        ("valid_key2", k2.token(3600, "")),
        ("valid_verify_tests_token", include_str!("../../verify/tests/data/token.txt").trim().to_owned()),
        ("valid_platform", k1.sign_token(&header, &claims(600, "").replace("app_user", "platform"))),
        ("valid_fraction_exp", k1.sign_token(&header, &format!(r#"{{"sub":"u","type":"app_user","tenant_id":"t","email":"e","exp":{NOW_SECS}.5}}"#))),
        ("valid_nbf_iat", k1.token(600, &format!(r#","nbf":{}"#, NOW_SECS - 1))),
        ("valid_nulls", k1.token(600, r#","org_slug":null,"external_id":"ext","extra":{"a":[1,{"b":null}]}"#)),
        ("valid_typ_lower", k1.sign_token(r#"{"alg":"ES256","typ":"application/jwt","kid":"key-1"}"#, &claims(600, ""))),
        ("leeway_edge_expired_30s", k1.token(-30, "")),
        ("nbf_in_30s", k1.token(600, &format!(r#","nbf":{}"#, NOW_SECS + 30))),
        ("expired", k1.token(-3600, "")),
        ("exp_now", k1.token(0, "")),
        ("alg_none", k1.sign_token(r#"{"alg":"none","kid":"key-1"}"#, &claims(600, ""))),
        ("alg_hs256", k1.sign_token(r#"{"alg":"HS256","kid":"key-1"}"#, &claims(600, ""))),
        ("alg_lowercase", k1.sign_token(r#"{"alg":"es256","kid":"key-1"}"#, &claims(600, ""))),
        ("crit", k1.sign_token(r#"{"alg":"ES256","kid":"key-1","crit":["exp"]}"#, &claims(600, ""))),
        ("jku", k1.sign_token(r#"{"alg":"ES256","kid":"key-1","jku":"https://evil.example/jwks"}"#, &claims(600, ""))),
        ("jwk", k1.sign_token(r#"{"alg":"ES256","kid":"key-1","jwk":{"kty":"EC"}}"#, &claims(600, ""))),
        ("x5c_null", k1.sign_token(r#"{"alg":"ES256","kid":"key-1","x5c":null}"#, &claims(600, ""))),
        ("typ_jose", k1.sign_token(r#"{"alg":"ES256","kid":"key-1","typ":"JOSE"}"#, &claims(600, ""))),
        ("kid_missing", k1.sign_token(r#"{"alg":"ES256"}"#, &claims(600, ""))),
        ("kid_unknown", FixedKey::new(9).token(600, "")),
        ("kid_ambiguous", FixedKey::with_kid(1, "dup").token(600, "")),
        ("kid_number", k1.sign_token(r#"{"alg":"ES256","kid":1}"#, &claims(600, ""))),
        ("kid_escaped_duplicate", k1.sign_token(r#"{"alg":"ES256","kid":"key-1","\u006bid":"key-2"}"#, &claims(600, ""))),
        ("header_array", k1.sign_token(r#"["ES256"]"#, &claims(600, ""))),
        ("signed_by_other_key", FixedKey::with_kid(2, "key-1").token(600, "")),
        ("payload_array", k1.sign_token(&header, "[1,2]")),
        ("payload_duplicate_exp", k1.sign_token(&header, &claims(600, &format!(r#","exp":{NOW_SECS}"#)))),
        ("exp_string", k1.sign_token(&header, &claims(600, "").replace(&format!("\"exp\":{}", NOW_SECS + 600), "\"exp\":\"1\""))),
        ("exp_huge", k1.sign_token(&header, r#"{"sub":"u","type":"app_user","tenant_id":"t","email":"e","exp":1e300}"#)),
        ("exp_missing", k1.sign_token(&header, r#"{"sub":"u","type":"app_user","tenant_id":"t","email":"e"}"#)),
        ("type_admin", k1.sign_token(&header, &claims(600, "").replace("app_user", "admin"))),
        ("roles_numbers", k1.sign_token(&header, &claims(600, "").replace(r#"["admin","member"]"#, "[1]"))),
        ("lone_surrogate", k1.sign_token(&header, &claims(600, r#","x":"\ud800""#))),
        ("iat_missing_app_other", k1.sign_token(&header, &format!(r#"{{"sub":"u","type":"app_user","tenant_id":"t","email":"e","app_id":"app_2","exp":{}}}"#, NOW_SECS + 600))),
        ("jwe_five_segments", "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ".to_owned()),
        ("empty", String::new()),
        ("oversized", "~".repeat(8193)),
    ];
    let valid = k1.token(600, "");
    let sig = b64_decode(valid.rsplit_once('.').unwrap().1);
    let (r, s) = sig.split_at(32);
    // High S: (r, n - s) is valid too.
    let mut high = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut v = i16::from(N[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(v < 0);
        if v < 0 {
            v += 256;
        }
        high[i] = v as u8;
    }
    out.push(("high_s", with_signature(&valid, &[r, &high[..]].concat())));
    out.push((
        "r_zero",
        with_signature(&valid, &[&[0u8; 32][..], s].concat()),
    ));
    out.push(("s_equals_n", with_signature(&valid, &[r, &N[..]].concat())));
    out.push(("signature_63_bytes", with_signature(&valid, &sig[..63])));
    out.push(("padded_signature", format!("{valid}==")));
    out.push(("trailing_newline", format!("{valid}\n")));
    out.push(("plus_slash", valid.replace('-', "+").replace('_', "/")));
    let (input, last) = valid.split_at(valid.len() - 1);
    out.push((
        "non_canonical_signature",
        format!("{input}{}", if last == "A" { "B" } else { "A" }),
    ));
    out.into_iter().map(|(n, t)| (n.to_owned(), t)).collect()
}

/// JWKS documents, by name.
fn jwks_documents() -> Vec<(&'static str, String)> {
    let jwk = |n| FixedKey::new(n).jwk();
    let rsa = r#"{"kty":"RSA","alg":"RS256","use":"sig","kid":"rsa-1","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB"}"#;
    let rfc = r#"{"kty":"EC","crv":"P-256","kid":"rfc7515","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    let too_many: Vec<String> = (0..101)
        .map(|i| FixedKey::with_kid(1, &format!("k{i}")).jwk())
        .collect();
    vec![
        (
            "verify_tests_jwks.json",
            include_str!("../../verify/tests/data/jwks.json")
                .trim()
                .to_owned(),
        ),
        ("differential.json", differential_jwks()),
        ("rotation_two_keys.json", jwks_of(&[jwk(1), jwk(2)])),
        ("mixed_rsa_ec.json", jwks_of(&[rsa.to_owned(), jwk(3)])),
        ("rfc7515_a3.json", jwks_of(&[rfc.to_owned()])),
        (
            "minimal_ec.json",
            jwks_of(&[rfc.replace(r#""kid":"rfc7515","#, r#""kid":"m","key_ops":["verify"],"#)]),
        ),
        (
            "private_d.json",
            jwks_of(&[jwk(1).replace(r#""kty""#, r#""d":"AAAA","kty""#)]),
        ),
        (
            "use_enc.json",
            jwks_of(&[jwk(1).replace(r#""use":"sig""#, r#""use":"enc""#)]),
        ),
        (
            "key_ops_sign.json",
            jwks_of(&[jwk(1).replace(r#""use":"sig""#, r#""key_ops":["sign"]"#)]),
        ),
        ("off_curve.json", jwks_of(&[off_curve_jwk("bad"), jwk(2)])),
        (
            "duplicate_kid.json",
            jwks_of(&[jwk(1), FixedKey::with_kid(2, "key-1").jwk()]),
        ),
        (
            "duplicate_member_in_key.json",
            jwks_of(&[jwk(1).replace(r#""kty":"EC""#, r#""kty":"EC","kty":"EC""#)]),
        ),
        (
            "short_x.json",
            jwks_of(&[r#"{"kty":"EC","crv":"P-256","kid":"s","x":"AQ","y":"AQ"}"#.to_owned()]),
        ),
        (
            "not_objects.json",
            r#"{"keys":[1,"a",null,[],{}]}"#.to_owned(),
        ),
        ("empty_keys.json", jwks_of(&[])),
        ("keys_not_array.json", r#"{"keys":{}}"#.to_owned()),
        (
            "top_level_duplicate.json",
            r#"{"keys":[],"keys":[]}"#.to_owned(),
        ),
        ("too_many_keys.json", jwks_of(&too_many)),
        ("not_json", "<html>502 Bad Gateway</html>".to_owned()),
    ]
}

/// Event sequences for the cached verifier (see its documentation for the
/// opcodes: 0 verify, 1 verify raw, 2 answer, 3 fail, 4 advance, 5 drive).
fn sequences() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        // Cold start, answer, verify again, then TTL expiry and refresh.
        (
            "cold_start",
            vec![
                0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 4, 12, 0, 0, 2, 0, 0, 1, 0, 0, 1,
            ],
        ),
        // Rotation: key-2 unknown, refetch, then throttled unknown kid floods.
        (
            "rotation",
            vec![
                0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 2, 0, 0, 2, 0, 0, 0, 5, 0, 5, 4, 5, 0, 5,
            ],
        ),
        // Outage: failures with stale keys, then past max-stale.
        (
            "outage",
            vec![
                0, 0, 0, 0, 2, 0, 0, 1, 0, 4, 13, 0, 0, 3, 0, 4, 11, 0, 1, 4, 16, 0, 0, 3, 0, 4,
                17, 0, 0,
            ],
        ),
        // Driver loops with every body.
        (
            "drive",
            vec![
                0, 0, 5, 0, 0, 0, 5, 1, 5, 0, 5, 2, 6, 4, 5, 4, 7, 1, 5, 3, 0, 1,
            ],
        ),
        // Small token cache, short TTL, zero fetch timeout.
        (
            "small_cache",
            vec![
                0b1100_0010,
                3,
                0,
                0,
                2,
                0,
                0,
                1,
                0,
                0,
                0,
                0,
                9,
                0,
                3,
                0,
                0,
                4,
                0,
                0,
                0,
                9,
            ],
        ),
        // Raw tokens and cache-control answers.
        (
            "raw_and_cache_control",
            vec![
                0, 0, 0, 1, 2, 0, 0, 1, 2, 1, 3, b'a', b'.', b'b', 4, 3, 0, 1, 0, 0,
            ],
        ),
    ]
}

/// Core's test fixtures with `"$name"` replaced by the resource of that name
/// and `{"$merge": [..]}` by the union of its objects.
fn expand(value: &Value, resources: &Map<String, Value>) -> Value {
    match value {
        Value::String(s) if s.starts_with('$') && resources.contains_key(&s[1..]) => {
            expand(&resources[&s[1..]], resources)
        }
        Value::Object(o) if o.len() == 1 && o.contains_key("$merge") => {
            let mut out = Map::new();
            for part in o["$merge"].as_array().unwrap() {
                if let Value::Object(part) = expand(part, resources) {
                    out.extend(part);
                }
            }
            Value::Object(out)
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), expand(v, resources)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| expand(v, resources)).collect()),
        other => other.clone(),
    }
}

/// An answer_parse input: operation index, status, header lines, body.
fn answer_input(operation: &str, status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let index = answer_operations()
        .iter()
        .position(|(name, _)| *name == operation)
        .unwrap();
    let mut out = u16::try_from(index).unwrap().to_be_bytes().to_vec();
    out.extend(status.to_be_bytes());
    for (name, value) in headers {
        out.extend(format!("{name}: {value}\n").bytes());
    }
    out.push(b'\n');
    out.extend(body);
    out
}

/// File name, operation, status, headers, body.
type ErrorSeed<'a> = (&'a str, &'a str, u16, &'a [(&'a str, &'a str)], &'a [u8]);

/// The canned answer of core's vectors for the first operation of each
/// output type, plus error answers.
fn answers() -> Vec<(String, Vec<u8>)> {
    let vectors: Map<String, Value> =
        serde_json::from_str(include_str!("../../core/tests/data/vectors.json")).unwrap();
    let resources: Map<String, Value> =
        serde_json::from_str(include_str!("../../core/tests/data/resources.json")).unwrap();
    let json = [("content-type", "application/json")];
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (name, output) in answer_operations() {
        if seen.contains(&output) {
            continue;
        }
        seen.push(output);
        let vector = &vectors[name];
        let status = u16::try_from(vector["status"].as_u64().unwrap()).unwrap();
        let body = match &vector["answer"] {
            Value::Null => Vec::new(),
            answer => serde_json::to_vec(&expand(answer, &resources)).unwrap(),
        };
        out.push((
            format!("ok_{name}"),
            answer_input(name, status, &json, &body),
        ));
    }
    let problem = br#"{"type":"RATE_LIMITED","title":"Too Many Requests","status":429,"detail":"Slow down","instance":"/api/v1/auth/login","retryIn":30}"#;
    let errors: [ErrorSeed<'_>; 8] = [
        (
            "err_429_problem_json",
            "login",
            429,
            &[
                ("content-type", "application/problem+json"),
                ("retry-after", "30"),
                ("x-request-id", "req-77"),
            ],
            problem,
        ),
        (
            "err_502_html",
            "get_me",
            502,
            &[("content-type", "text/html")],
            b"<html><body>Bad Gateway</body></html>",
        ),
        ("err_401_empty", "list_users", 401, &[], b""),
        (
            "err_503_retry_date",
            "list_applications",
            503,
            &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
            br#"{"type":"UNAVAILABLE","status":"503"}"#,
        ),
        (
            "ok_truncated_json",
            "get_application",
            200,
            &json,
            br#"{"data":{"id":"app_1","name":"Sh"#,
        ),
        ("ok_204_ack", "logout", 204, &[], b""),
        (
            "ok_wrong_shape_secret",
            "refresh",
            200,
            &[],
            br#"{"access_token":"at_1234567890abc","refresh_token":7,"expires_in":"soon"}"#,
        ),
        (
            "ok_page_empty",
            "list_users",
            200,
            &[],
            br#"{"data":[],"total":0,"page":1,"limit":20}"#,
        ),
    ];
    for (file, operation, status, headers, body) in errors {
        out.push((
            file.to_owned(),
            answer_input(operation, status, headers, body),
        ));
    }
    out
}

/// Header and payload JSON pairs for the assembled-token inputs.
fn parts() -> Vec<(&'static str, String, String)> {
    let far = 4_102_444_800 - NOW_SECS;
    let k1 = FixedKey::new(1);
    let base = r#""sub":"u","type":"app_user","tenant_id":"t","email":"e""#;
    vec![
        ("valid", k1.header(), claims(far, "")),
        (
            "valid_pinned_edges",
            k1.header(),
            claims(-59, &format!(r#","nbf":{}"#, NOW_SECS + 59)),
        ),
        (
            "minimal",
            r#"{"alg":"ES256","kid":"key-1"}"#.to_owned(),
            format!(r#"{{{base},"exp":{}.25}}"#, NOW_SECS + 1),
        ),
        (
            "typ_case",
            r#"{"typ":"Application/JWT","kid":"key-1","alg":"ES256"}"#.to_owned(),
            claims(60, "").replace(r#""roles":["admin","member"]"#, r#""roles":null"#),
        ),
        (
            "escaped_names",
            r#"{"alg":"ES256","kid":"key-1"}"#.to_owned(),
            format!(r#"{{{base},"exp":{}}}"#, NOW_SECS + 60),
        ),
        (
            "duplicate_escaped_claim",
            k1.header(),
            format!(r#"{{{base},"exp":{},"exp":1}}"#, NOW_SECS + 60),
        ),
        (
            "nested",
            k1.header(),
            claims(60, r#","meta":{"a":[{"b":[[]]}],"a":1}"#),
        ),
        (
            "exp_exponent",
            k1.header(),
            format!(r#"{{{base},"exp":1.8e9}}"#),
        ),
        (
            "iat_future",
            k1.header(),
            claims(60, "").replace(
                &format!("\"iat\":{}", NOW_SECS - 60),
                &format!("\"iat\":{}", NOW_SECS + 61),
            ),
        ),
    ]
}

fn main() -> std::io::Result<()> {
    for (name, header, payload) in parts() {
        let signed = [
            &[inai_auth_fuzz_checks::ASSEMBLE, 0][..],
            header.as_bytes(),
            &[0],
            payload.as_bytes(),
        ]
        .concat();
        write("verify_token", &format!("assembled_{name}"), &signed)?;
        let unsigned = [
            &[inai_auth_fuzz_checks::ASSEMBLE][..],
            header.as_bytes(),
            &[0],
            payload.as_bytes(),
            &[0],
            &[7u8; 64],
        ]
        .concat();
        write("token_decode", &format!("assembled_{name}"), &unsigned)?;
    }
    for (name, input) in answers() {
        write("answer_parse", &name, &input)?;
    }
    for (name, token) in tokens() {
        write("token_decode", &name, token.as_bytes())?;
        write("verify_token", &name, token.as_bytes())?;
    }
    for (name, document) in jwks_documents() {
        write("jwks", name, document.as_bytes())?;
    }
    for (name, events) in sequences() {
        write("cached_verifier", name, &events)?;
    }
    Ok(())
}
