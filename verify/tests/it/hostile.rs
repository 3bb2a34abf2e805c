//! A table of hostile tokens, each with the error it must get.

use inai_auth_verify::{
    ClaimProblem, Jwks, Malformed, Part, Validation, VerifyError, verify_token,
};

use crate::support::*;

const N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

fn keys() -> Jwks {
    Jwks::from_json(jwks_json(&[&TestKey::new(1)]).as_bytes()).unwrap()
}

/// Checks the error on every backend, and that its message holds no token text.
fn check(name: &str, token: &str, expected: &VerifyError) {
    for backend in compiled_backends() {
        let validation = Validation::default().with_backend(backend).unwrap();
        let got = verify_token(token, &keys(), &validation, NOW);
        assert_eq!(got.as_ref().err(), Some(expected), "{name} on {backend}");
    }
    let got = verify_token(token, &keys(), &Validation::default(), NOW);
    // No token text in the message.
    let message = got.unwrap_err().to_string();
    for segment in token.split('.').filter(|s| s.len() >= 6) {
        assert!(
            !message.contains(segment),
            "{name}: message leaks token text"
        );
    }
}

fn malformed(m: Malformed) -> VerifyError {
    VerifyError::Malformed(m)
}

fn claim(claim: &'static str, problem: ClaimProblem) -> VerifyError {
    VerifyError::InvalidClaim { claim, problem }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The token with its signature replaced by `signature` (any length).
fn with_signature(token: &str, signature: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64(signature))
}

/// DER form of an `r || s` signature.
fn der(signature: &[u8; 64]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let v: Vec<u8> = v.iter().copied().skip_while(|&b| b == 0).collect();
        let mut out = vec![0x02];
        if v[0] & 0x80 != 0 {
            out.push(v.len() as u8 + 1);
            out.push(0);
        } else {
            out.push(v.len() as u8);
        }
        out.extend(v);
        out
    };
    let body = [int(&signature[..32]), int(&signature[32..])].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

/// A header JSON whose base64url form contains both `-` and `_`.
fn header_with_url_chars(key: &TestKey) -> String {
    (0..10_000)
        .map(|i| format!(r#"{{"alg":"ES256","kid":"{}","pad":"{i}??>>"}}"#, key.kid))
        .find(|h| {
            let e = b64(h.as_bytes());
            e.contains('-') && e.contains('_')
        })
        .unwrap()
}

/// Sets the lowest bit of the last character of a segment whose length leaves
/// unused trailing bits, making its encoding non-canonical.
fn non_canonical(segment: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert_ne!(segment.len() % 4, 0);
    let last = *segment.as_bytes().last().unwrap();
    let index = ALPHABET.iter().position(|&c| c == last).unwrap();
    let mut out = segment[..segment.len() - 1].to_owned();
    out.push(ALPHABET[index | 1] as char);
    assert_ne!(out, segment);
    out
}

#[test]
fn algorithm_and_header_rules() {
    let key = TestKey::new(1);
    let claims = claims(3600);
    let cases: &[(&str, &str, VerifyError)] = &[
        (
            "alg none",
            r#"{"alg":"none","kid":"key-1"}"#,
            VerifyError::UnsupportedAlgorithm,
        ),
        (
            "alg HS256",
            r#"{"alg":"HS256","kid":"key-1"}"#,
            VerifyError::UnsupportedAlgorithm,
        ),
        (
            "alg es256",
            r#"{"alg":"es256","kid":"key-1"}"#,
            VerifyError::UnsupportedAlgorithm,
        ),
        (
            "alg missing",
            r#"{"kid":"key-1"}"#,
            VerifyError::UnsupportedAlgorithm,
        ),
        (
            "alg null",
            r#"{"alg":null,"kid":"key-1"}"#,
            VerifyError::UnsupportedAlgorithm,
        ),
        (
            "alg array",
            r#"{"alg":["ES256"],"kid":"key-1"}"#,
            VerifyError::UnsupportedAlgorithm,
        ),
        (
            "crit",
            r#"{"alg":"ES256","kid":"key-1","crit":["exp"]}"#,
            VerifyError::UnsupportedHeader { name: "crit" },
        ),
        (
            "jku",
            r#"{"alg":"ES256","kid":"key-1","jku":"https://evil.example/jwks"}"#,
            VerifyError::UnsupportedHeader { name: "jku" },
        ),
        (
            "jwk",
            r#"{"alg":"ES256","kid":"key-1","jwk":{"kty":"EC"}}"#,
            VerifyError::UnsupportedHeader { name: "jwk" },
        ),
        (
            "x5u",
            r#"{"alg":"ES256","kid":"key-1","x5u":"https://evil.example/c"}"#,
            VerifyError::UnsupportedHeader { name: "x5u" },
        ),
        (
            "x5c",
            r#"{"alg":"ES256","kid":"key-1","x5c":["MIIB"]}"#,
            VerifyError::UnsupportedHeader { name: "x5c" },
        ),
        (
            "x5c null",
            r#"{"alg":"ES256","kid":"key-1","x5c":null}"#,
            VerifyError::UnsupportedHeader { name: "x5c" },
        ),
        (
            "typ JOSE",
            r#"{"alg":"ES256","kid":"key-1","typ":"JOSE"}"#,
            VerifyError::UnsupportedHeader { name: "typ" },
        ),
        (
            "typ number",
            r#"{"alg":"ES256","kid":"key-1","typ":1}"#,
            VerifyError::UnsupportedHeader { name: "typ" },
        ),
        (
            "kid missing",
            r#"{"alg":"ES256"}"#,
            VerifyError::MissingKeyId,
        ),
        (
            "kid unknown",
            r#"{"alg":"ES256","kid":"key-9"}"#,
            VerifyError::UnknownKeyId,
        ),
        (
            "kid number",
            r#"{"alg":"ES256","kid":1}"#,
            malformed(Malformed::KeyId),
        ),
        (
            "kid empty",
            r#"{"alg":"ES256","kid":""}"#,
            malformed(Malformed::KeyId),
        ),
        (
            "header array",
            r#"["ES256"]"#,
            malformed(Malformed::NotAnObject { part: Part::Header }),
        ),
        (
            "header string",
            r#""ES256""#,
            malformed(Malformed::NotAnObject { part: Part::Header }),
        ),
        (
            "header not json",
            r#"{"alg":"ES256""#,
            malformed(Malformed::Json { part: Part::Header }),
        ),
        (
            "header trailing data",
            r#"{"alg":"ES256","kid":"key-1"}{}"#,
            malformed(Malformed::Json { part: Part::Header }),
        ),
        (
            "header duplicate alg",
            r#"{"alg":"ES256","alg":"ES256","kid":"key-1"}"#,
            malformed(Malformed::DuplicateMember { part: Part::Header }),
        ),
        (
            "header duplicate kid",
            r#"{"alg":"ES256","kid":"key-1","kid":"key-1"}"#,
            malformed(Malformed::DuplicateMember { part: Part::Header }),
        ),
    ];
    for (name, header, expected) in cases {
        check(name, &key.sign_token(header, &claims), expected);
    }
    let long_kid = format!(r#"{{"alg":"ES256","kid":"{}"}}"#, "k".repeat(257));
    check(
        "kid too long",
        &key.sign_token(&long_kid, &claims),
        &malformed(Malformed::KeyId),
    );

    // `typ` is compared case-insensitively; these verify.
    for typ in ["JWT", "jwt", "application/jwt", "Application/JWT"] {
        let header = format!(r#"{{"alg":"ES256","kid":"key-1","typ":"{typ}"}}"#);
        verify_token(
            &key.sign_token(&header, &claims),
            &keys(),
            &Validation::default(),
            NOW,
        )
        .unwrap();
    }
    // alg none with the empty signature such tokens carry.
    let none = key.sign_token(r#"{"alg":"none","kid":"key-1"}"#, &claims);
    let unsigned = format!("{}.", none.rsplit_once('.').unwrap().0);
    check(
        "alg none unsigned",
        &unsigned,
        &malformed(Malformed::Segments { count: 3 }),
    );
}

#[test]
fn signature_rules() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let (input, _) = token.rsplit_once('.').unwrap();
    let good: [u8; 64] = key.sign(input.as_bytes());
    let n = hex(N);
    let mut n_minus_1 = n.clone();
    n_minus_1[31] -= 1;

    let der = der(&good);
    assert!((68..=72).contains(&der.len()));
    check(
        "DER signature",
        &with_signature(&token, &der),
        &malformed(Malformed::SignatureLength { len: der.len() }),
    );
    for len in [0usize, 32, 63, 65, 96] {
        let sig = vec![1u8; len];
        let expected = if len == 0 {
            malformed(Malformed::Segments { count: 3 })
        } else {
            malformed(Malformed::SignatureLength { len })
        };
        check(
            &format!("signature of {len} bytes"),
            &with_signature(&token, &sig),
            &expected,
        );
    }
    let r = &good[..32];
    let s = &good[32..];
    let out_of_range = [
        ("r zero", [&[0u8; 32][..], s].concat()),
        ("s zero", [r, &[0u8; 32][..]].concat()),
        ("r = n", [&n[..], s].concat()),
        ("s = n", [r, &n[..]].concat()),
        ("s > n", [r, &[0xffu8; 32][..]].concat()),
        // s + n: a scalar that reduces to the valid s must still be refused.
        ("s + n", {
            let mut sum = [0u8; 32];
            let mut carry = 0u16;
            for i in (0..32).rev() {
                let v = u16::from(s[i]) + u16::from(n[i]) + carry;
                sum[i] = v as u8;
                carry = v >> 8;
            }
            if carry == 0 {
                [r, &sum[..]].concat()
            } else {
                [r, &n[..]].concat()
            }
        }),
    ];
    for (name, sig) in out_of_range {
        check(
            name,
            &with_signature(&token, &sig),
            &malformed(Malformed::SignatureOutOfRange),
        );
    }
    // In range, but wrong: refused by the signature check.
    check(
        "r = n - 1",
        &with_signature(&token, &[&n_minus_1[..], s].concat()),
        &VerifyError::BadSignature,
    );
    let other = TestKey::with_kid(2, "key-1");
    check(
        "signed by another key",
        &other.token(3600),
        &VerifyError::BadSignature,
    );
    // High-S is valid: (r, n - s) verifies too.
    let mut high = [0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut v = i16::from(n[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(v < 0);
        if v < 0 {
            v += 256;
        }
        high[i] = v as u8;
    }
    let flipped = with_signature(&token, &[r, &high[..]].concat());
    verify_token(&flipped, &keys(), &Validation::default(), NOW).unwrap();
}

#[test]
fn encoding_rules() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let segments: Vec<&str> = token.split('.').collect();
    let b64_err = |part| malformed(Malformed::Base64 { part });

    // `+` and `/` instead of `-` and `_`, in a header that has both.
    let header = b64(header_with_url_chars(&key).as_bytes());
    for (from, to) in [('-', "+"), ('_', "/")] {
        let bad = header.replacen(from, to, 1);
        let input = format!("{bad}.{}", segments[1]);
        let signed = format!("{input}.{}", b64(&key.sign(input.as_bytes())));
        check(
            &format!("header with {to}"),
            &signed,
            &b64_err(Part::Header),
        );
    }
    // Padding on each segment.
    let padded_header = format!("{}==", segments[0]);
    check(
        "padded header",
        &format!("{padded_header}.{}.{}", segments[1], segments[2]),
        &b64_err(Part::Header),
    );
    check(
        "padded payload",
        &format!("{}.{}=.{}", segments[0], segments[1], segments[2]),
        &b64_err(Part::Payload),
    );
    check(
        "padded signature",
        &format!("{token}=="),
        &b64_err(Part::Signature),
    );
    // Whitespace.
    check(
        "space in header",
        &token.replacen('.', " .", 1),
        &b64_err(Part::Header),
    );
    check(
        "newline in payload",
        &format!("{}.{}\n.{}", segments[0], segments[1], segments[2]),
        &b64_err(Part::Payload),
    );
    check(
        "trailing newline",
        &format!("{token}\n"),
        &b64_err(Part::Signature),
    );
    check(
        "leading space",
        &format!(" {token}"),
        &b64_err(Part::Header),
    );
    // Non-canonical trailing bits (a 64-byte signature leaves 4 unused bits).
    check(
        "non-canonical signature",
        &format!(
            "{}.{}.{}",
            segments[0],
            segments[1],
            non_canonical(segments[2])
        ),
        &b64_err(Part::Signature),
    );
    let header = [
        r#"{"alg":"ES256","kid":"key-1"}"#,
        r#"{"alg":"ES256","kid":"key-1" }"#,
    ]
    .into_iter()
    .find(|h| !b64(h.as_bytes()).len().is_multiple_of(4))
    .unwrap();
    let encoded = non_canonical(&b64(header.as_bytes()));
    let input = format!("{encoded}.{}", segments[1]);
    let signed = format!("{input}.{}", b64(&key.sign(input.as_bytes())));
    check("non-canonical header", &signed, &b64_err(Part::Header));
    // Not base64 at all.
    check(
        "percent in payload",
        &format!("{}.%41.{}", segments[0], segments[2]),
        &b64_err(Part::Payload),
    );
}

#[test]
fn segment_and_size_rules() {
    let key = TestKey::new(1);
    let token = key.token(3600);
    let seg = |count| malformed(Malformed::Segments { count });
    let parts: Vec<&str> = token.split('.').collect();
    check("empty", "", &seg(1));
    check("one segment", parts[0], &seg(1));
    check(
        "two segments",
        &format!("{}.{}", parts[0], parts[1]),
        &seg(2),
    );
    check("four segments", &format!("{token}.{}", parts[2]), &seg(4));
    check(
        "empty header",
        &format!(".{}.{}", parts[1], parts[2]),
        &seg(3),
    );
    check(
        "empty payload",
        &format!("{}..{}", parts[0], parts[2]),
        &seg(3),
    );
    // JWE compact form: five segments.
    let jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ";
    check("JWE", jwe, &seg(5));
    // Length is checked before decoding: garbage past the limit is TooLong, not Malformed.
    let huge = "~".repeat(8193);
    check(
        "oversized garbage",
        &huge,
        &VerifyError::TooLong {
            len: 8193,
            max: 8192,
        },
    );
    // A valid token just over a lowered limit, and at it.
    let at_limit = Validation::default().with_max_token_len(token.len());
    verify_token(&token, &keys(), &at_limit, NOW).unwrap();
    let below = Validation::default().with_max_token_len(token.len() - 1);
    assert_eq!(
        verify_token(&token, &keys(), &below, NOW).unwrap_err(),
        VerifyError::TooLong {
            len: token.len(),
            max: token.len() - 1
        }
    );
    // A correctly signed token over 8 KiB.
    let big = key.sign_token(
        &key.header(),
        &claims_with(3600, &format!(r#","pad":"{}""#, "x".repeat(6200))),
    );
    assert!(big.len() > 8192);
    check(
        "oversized signed token",
        &big,
        &VerifyError::TooLong {
            len: big.len(),
            max: 8192,
        },
    );
}

#[test]
fn payload_rules() {
    let key = TestKey::new(1);
    let h = key.header();
    let now = now_secs();
    let base = r#""sub":"u","type":"app_user","tenant_id":"t","email":"e""#;
    let cases: Vec<(&str, String, VerifyError)> = vec![
        (
            "payload array",
            "[1,2]".into(),
            malformed(Malformed::NotAnObject {
                part: Part::Payload,
            }),
        ),
        (
            "payload number",
            "17".into(),
            malformed(Malformed::NotAnObject {
                part: Part::Payload,
            }),
        ),
        (
            "payload not json",
            "{sub:1}".into(),
            malformed(Malformed::Json {
                part: Part::Payload,
            }),
        ),
        (
            "payload not utf-8 json",
            "{\"sub\":\"\\ud800\"}".into(),
            malformed(Malformed::Json {
                part: Part::Payload,
            }),
        ),
        (
            "duplicate exp",
            format!(r#"{{{base},"exp":{},"exp":{}}}"#, now + 60, now + 60),
            malformed(Malformed::DuplicateMember {
                part: Part::Payload,
            }),
        ),
        (
            "duplicate unknown member",
            format!(r#"{{{base},"exp":{},"x":1,"x":2}}"#, now + 60),
            malformed(Malformed::DuplicateMember {
                part: Part::Payload,
            }),
        ),
        (
            "exp missing",
            format!(r#"{{{base}}}"#),
            claim("exp", ClaimProblem::Missing),
        ),
        (
            "exp string",
            format!(r#"{{{base},"exp":"{}"}}"#, now + 60),
            claim("exp", ClaimProblem::WrongType),
        ),
        (
            "exp null",
            format!(r#"{{{base},"exp":null}}"#),
            claim("exp", ClaimProblem::WrongType),
        ),
        (
            "exp bool",
            format!(r#"{{{base},"exp":true}}"#),
            claim("exp", ClaimProblem::WrongType),
        ),
        (
            "exp huge",
            format!(r#"{{{base},"exp":1e300}}"#),
            claim("exp", ClaimProblem::OutOfRange),
        ),
        (
            "exp huge integer",
            format!(r#"{{{base},"exp":99999999999999999999999}}"#),
            claim("exp", ClaimProblem::OutOfRange),
        ),
        // JSON has no literal for infinity; a number that overflows f64 is invalid JSON to serde_json.
        (
            "exp non-finite",
            format!(r#"{{{base},"exp":1e999}}"#),
            malformed(Malformed::Json {
                part: Part::Payload,
            }),
        ),
        (
            "exp NaN literal",
            format!(r#"{{{base},"exp":NaN}}"#),
            malformed(Malformed::Json {
                part: Part::Payload,
            }),
        ),
        (
            "exp in the past",
            format!(r#"{{{base},"exp":{}}}"#, now - 1),
            VerifyError::Expired,
        ),
        (
            "exp negative",
            format!(r#"{{{base},"exp":-1}}"#),
            VerifyError::Expired,
        ),
        (
            "exp now",
            format!(r#"{{{base},"exp":{now}}}"#),
            VerifyError::Expired,
        ),
        (
            "nbf in the future",
            format!(r#"{{{base},"exp":{},"nbf":{}}}"#, now + 60, now + 1),
            VerifyError::NotYetValid,
        ),
        (
            "nbf string",
            format!(r#"{{{base},"exp":{},"nbf":"0"}}"#, now + 60),
            claim("nbf", ClaimProblem::WrongType),
        ),
        (
            "type unknown",
            format!(
                r#"{{"sub":"u","type":"admin","tenant_id":"t","email":"e","exp":{}}}"#,
                now + 60
            ),
            claim("type", ClaimProblem::UnknownValue),
        ),
        (
            "roles not strings",
            format!(r#"{{{base},"exp":{},"roles":[1]}}"#, now + 60),
            claim("roles", ClaimProblem::WrongType),
        ),
        (
            "sub missing",
            format!(
                r#"{{"type":"app_user","tenant_id":"t","email":"e","exp":{}}}"#,
                now + 60
            ),
            claim("sub", ClaimProblem::Missing),
        ),
    ];
    for (name, payload, expected) in &cases {
        check(name, &key.sign_token(&h, payload), expected);
    }
    // Fractions are allowed: expiring half a second from now is still valid.
    let half = key.sign_token(&h, &format!(r#"{{{base},"exp":{now}.5}}"#));
    verify_token(&half, &keys(), &Validation::default(), NOW).unwrap();
}
