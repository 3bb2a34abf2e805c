//! The cached-verifier target: arbitrary sequences of verifications, JWKS
//! answers, JWKS failures and clock moves, checked against a model.

use std::sync::OnceLock;
use std::time::Duration;

use inai_auth_verify::{
    CacheOptions, CachedVerifier, Claims, FetchId, Jwks, JwksFetchError, Validation, Verdict,
    VerifyError, decode_claims_unverified, verify_token,
};
use time::OffsetDateTime;

use crate::input::Input;
use crate::keys::{FixedKey, NOW_SECS, claims, jwks_of, now};

const URI: &str = "https://auth.example/.well-known/jwks.json";

/// The tokens a sequence verifies, by index.
fn tokens() -> &'static [String] {
    static TOKENS: OnceLock<Vec<String>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let far = 4_102_444_800 - NOW_SECS;
        let (k1, k2, k3) = (FixedKey::new(1), FixedKey::new(2), FixedKey::new(3));
        vec![
            k1.token(far, ""),
            k2.token(far, ""),
            k3.token(far, ""),
            k1.token(30, ""),
            FixedKey::with_kid(2, "key-1").token(far, ""),
            FixedKey::new(9).token(far, ""),
            "garbage".to_owned(),
            k1.token(far, &format!(r#","nbf":{}"#, NOW_SECS + 20)),
            k1.sign_token(&k1.header(), &claims(far, "").replace("app_user", "admin")),
            k1.token(far, r#","external_id":"x""#),
            k2.token(100, ""),
        ]
    })
}

/// The JWKS bodies answers carry, by index.
fn bodies() -> &'static [String] {
    static BODIES: OnceLock<Vec<String>> = OnceLock::new();
    BODIES.get_or_init(|| {
        let jwk = |n| FixedKey::new(n).jwk();
        vec![
            jwks_of(&[jwk(1)]),
            jwks_of(&[jwk(1), jwk(2)]),
            jwks_of(&[jwk(2), jwk(3)]),
            jwks_of(&[]),
            "not json".to_owned(),
            jwks_of(&[jwk(1), FixedKey::with_kid(2, "key-1").jwk()]),
            "{}".to_owned(),
            jwks_of(&[jwk(1), jwk(2), jwk(3)]),
        ]
    })
}

const STATUSES: [u16; 8] = [200, 200, 200, 201, 304, 404, 500, 503];
/// `Cache-Control` values and the `max-age` each means, in seconds.
const CACHE_CONTROL: [(Option<&str>, Option<u64>); 7] = [
    (None, None),
    (Some("max-age=0"), Some(0)),
    (Some("max-age=5"), Some(5)),
    (Some("max-age=60"), Some(60)),
    (Some("no-store"), None),
    (Some("max-age=99999999999"), Some(99_999_999_999)),
    (Some("public, max-age=20"), Some(20)),
];
/// Clock moves, in milliseconds.
const ADVANCES_MS: [i64; 18] = [
    500, 1_000, 4_000, 5_000, 9_000, 10_000, 11_000, 29_000, 30_000, 59_000, 60_000, 299_000,
    300_000, 301_000, 3_599_000, 3_600_000, 3_901_000, 86_400_000,
];

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn options(input: &mut Input<'_>) -> CacheOptions {
    let (a, b) = (input.byte(), input.byte());
    let pick = |byte: u8, shift: u8, values: [u64; 4]| {
        values
            .get(usize::from((byte >> shift) & 3))
            .copied()
            .unwrap_or(0)
    };
    CacheOptions::default()
        .with_key_ttl(secs(pick(a, 0, [300, 60, 5, 0])))
        .with_min_refetch_interval(secs(pick(a, 2, [10, 1, 30, 10])))
        .with_max_stale(secs(pick(a, 4, [3600, 0, 60, 600])))
        .with_token_cache_capacity(usize::try_from(pick(a, 6, [4096, 0, 1, 2])).unwrap_or(0))
        .with_fetch_timeout(secs(pick(b, 0, [10, 1, 30, 0])))
}

fn plus(t: OffsetDateTime, d: Duration) -> OffsetDateTime {
    t.saturating_add(time::Duration::try_from(d).unwrap_or(time::Duration::MAX))
}

/// What the verifier should hold, kept by the harness.
struct Model {
    now: OffsetDateTime,
    options: CacheOptions,
    validation: Validation,
    /// Every fetch handed out, in order.
    fetches: Vec<FetchId>,
    /// The fetch not yet reported, and when it started.
    outstanding: Option<(FetchId, OffsetDateTime)>,
    last_start: Option<OffsetDateTime>,
    /// The installed keys and until when they may serve.
    keys: Option<(Jwks, OffsetDateTime)>,
    /// How many key sets were installed (versions the memo below).
    installs: u64,
    /// Tokens checked by `verify_token` against key-set version: their
    /// claims when signature and claim types are good.
    signed: Vec<(String, u64, Option<Claims>)>,
}

impl Model {
    /// The outstanding fetch, unless it timed out.
    fn live_fetch(&self) -> Option<FetchId> {
        self.outstanding
            .filter(|(_, start)| self.now < plus(*start, self.options.fetch_timeout()))
            .map(|(id, _)| id)
    }

    /// Whether `verify_token` with the installed keys accepts `token` now.
    ///
    /// The costly part (signature and claim types) runs once per token and
    /// key set; the time rules of the default validation are then applied
    /// here: valid while `now < exp`, and not before `nbf`.
    fn verify_token_accepts(&mut self, token: &str) -> Result<Claims, &'static str> {
        let Some((keys, _)) = &self.keys else {
            return Err("no keys installed");
        };
        let installs = self.installs;
        let known = self
            .signed
            .iter()
            .find(|(t, version, _)| t == token && *version == installs);
        let signed = match known {
            Some((_, _, signed)) => signed.clone(),
            None => {
                let signed = match verify_token(token, keys, &self.validation, self.now) {
                    Ok(claims) => Some(claims),
                    // Correctly signed and typed, outside its validity period now.
                    Err(VerifyError::Expired | VerifyError::NotYetValid) => {
                        decode_claims_unverified(token).ok()
                    }
                    Err(_) => None,
                };
                self.signed
                    .push((token.to_owned(), installs, signed.clone()));
                signed
            }
        };
        let claims = signed.ok_or("refused whatever the time")?;
        let started = claims.nbf.is_none_or(|nbf| self.now >= nbf);
        if self.now < claims.exp && started {
            Ok(claims)
        } else {
            Err("outside its validity period")
        }
    }

    fn check_verdict(&mut self, token: &str, verdict: Verdict) -> Option<FetchId> {
        match verdict {
            Verdict::NeedJwks(fetch) => {
                if let Some(last) = self.last_start {
                    let next = plus(last, self.options.min_refetch_interval());
                    assert!(
                        self.now >= next,
                        "a second fetch within the refetch interval"
                    );
                }
                assert_eq!(
                    self.live_fetch(),
                    None,
                    "a second fetch while one is outstanding"
                );
                let request = fetch.request();
                assert_eq!(request.method(), http::Method::GET);
                assert_eq!(request.uri(), URI);
                assert_eq!(request.headers()[http::header::ACCEPT], "application/json");
                self.outstanding = Some((fetch.id(), self.now));
                self.last_start = Some(self.now);
                assert!(!self.fetches.contains(&fetch.id()), "fetch id reused");
                self.fetches.push(fetch.id());
                Some(fetch.id())
            }
            Verdict::FetchInProgress { id } => {
                assert_eq!(
                    Some(id),
                    self.live_fetch(),
                    "waiting for a fetch that is not outstanding"
                );
                None
            }
            Verdict::Valid(auth) => {
                let Some((_, usable_until)) = &self.keys else {
                    panic!("valid without keys");
                };
                assert!(
                    self.now < *usable_until,
                    "valid with keys past their staleness limit"
                );
                match self.verify_token_accepts(token) {
                    Ok(claims) => assert_eq!(claims.sub, auth.user_id()),
                    Err(why) => panic!("valid for a token verify_token refuses ({why})"),
                }
                None
            }
            Verdict::Invalid(VerifyError::KeysUnavailable) => {
                let alive = self
                    .keys
                    .as_ref()
                    .is_some_and(|(_, until)| self.now < *until);
                assert!(
                    !alive,
                    "keys unavailable while the installed keys still serve"
                );
                None
            }
            Verdict::Invalid(error) => {
                let accepted = self.verify_token_accepts(token);
                assert!(
                    accepted.is_err(),
                    "refused ({error}) a token verify_token accepts"
                );
                None
            }
            // Valid with stale keys, and their background refresh: both
            // rules apply.
            Verdict::Revalidate { auth, fetch } => {
                let none = self.check_verdict(token, Verdict::Valid(auth));
                debug_assert!(none.is_none());
                self.check_verdict(token, Verdict::NeedJwks(*fetch))
            }
            other => panic!("a verdict the harness does not know: {other:?}"),
        }
    }

    fn answer(
        &mut self,
        verifier: &CachedVerifier,
        id: FetchId,
        status: u16,
        body: &str,
        cc: usize,
    ) {
        let (header, max_age) = CACHE_CONTROL.get(cc).copied().unwrap_or((None, None));
        let mut response = http::Response::new(body.as_bytes().to_vec());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or_default();
        if let Some(value) = header {
            response.headers_mut().insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static(value),
            );
        }
        let live = self.live_fetch() == Some(id);
        let result = verifier.handle_jwks_response(id, response, self.now);
        if !live {
            assert!(
                matches!(result, Err(JwksFetchError::NotOutstanding { .. })),
                "an answer to a fetch that is not outstanding: {result:?}"
            );
            return;
        }
        self.outstanding = None;
        let parsed = Jwks::from_json(body.as_bytes());
        // Only a 200 with at least one usable key installs (DESIGN.md §3).
        let installs = status == 200 && parsed.as_ref().is_ok_and(|jwks| !jwks.is_empty());
        let installed = match (result, parsed) {
            (Ok(installed), Ok(jwks)) if installs => (installed, jwks),
            (Err(_), _) if !installs => return,
            (result, _) => panic!("answer {status} {body:?} gave {result:?}"),
        };
        let (installed, jwks) = installed;
        let ttl = max_age.map_or(self.options.key_ttl(), |m| {
            secs(m).min(self.options.key_ttl())
        });
        let fresh_until = plus(self.now, ttl);
        assert_eq!(installed.fresh_until, fresh_until, "fresh until");
        assert_eq!(installed.keys, jwks.len());
        let changed = self.keys.as_ref().is_none_or(|(old, _)| *old != jwks);
        assert_eq!(installed.changed, changed, "changed");
        self.keys = Some((jwks, plus(fresh_until, self.options.max_stale())));
        self.installs += 1;
    }

    fn fail(&mut self, verifier: &CachedVerifier, id: FetchId) {
        let live = self.live_fetch() == Some(id);
        let result = verifier.handle_jwks_failure(id, self.now);
        assert_eq!(result.is_ok(), live, "failure report: {result:?}");
        if live {
            self.outstanding = None;
        }
    }
}

/// The cached verifier driven by events read from `data`: the first two
/// bytes choose the cache options, then each event is an opcode byte and its
/// arguments (verify a token of a fixed set or one from the input, answer or
/// fail a fetch, move the clock, or run a whole driver loop).
///
/// # Panics
/// When the verifier starts a fetch within the refetch interval or while one
/// is outstanding, answers `Valid` for a token `verify_token` refuses with
/// the installed keys (or with keys past their staleness limit), refuses a
/// token it accepts, accepts an answer to a fetch that is not outstanding,
/// installs keys wrongly, or a driver loop needs more than four rounds.
pub fn cached_verifier(data: &[u8]) {
    let mut input = Input::new(data);
    let options = options(&mut input);
    let validation = Validation::default();
    let verifier = CachedVerifier::new(
        URI.parse().unwrap_or_default(),
        validation.clone(),
        options.clone(),
    );
    let mut model = Model {
        now: now(),
        options,
        validation,
        fetches: Vec::new(),
        outstanding: None,
        last_start: None,
        keys: None,
        installs: 0,
        signed: Vec::new(),
    };
    while let Some(op) = input.next() {
        match op % 6 {
            0 => {
                let token = input.pick(tokens());
                let verdict = verifier.verify(token, model.now);
                model.check_verdict(token, verdict);
            }
            1 => {
                let len = usize::from(input.byte());
                let Ok(token) = std::str::from_utf8(input.take(len)) else {
                    continue;
                };
                let verdict = verifier.verify(token, model.now);
                model.check_verdict(token, verdict);
            }
            2 => {
                let id = model
                    .fetches
                    .len()
                    .checked_sub(1 + usize::from(input.byte() % 2));
                let (status, body) = (*input.pick(&STATUSES), input.pick(bodies()));
                let cc = usize::from(input.byte()) % CACHE_CONTROL.len();
                if let Some(&id) = id.and_then(|i| model.fetches.get(i)) {
                    model.answer(&verifier, id, status, body, cc);
                }
            }
            3 => {
                let id = model
                    .fetches
                    .len()
                    .checked_sub(1 + usize::from(input.byte() % 2));
                if let Some(&id) = id.and_then(|i| model.fetches.get(i)) {
                    model.fail(&verifier, id);
                }
            }
            4 => {
                let ms = *input.pick(&ADVANCES_MS);
                model.now = model.now.saturating_add(time::Duration::milliseconds(ms));
            }
            _ => drive(&verifier, &mut model, &mut input),
        }
    }
}

/// A single-threaded driver loop answering every fetch at once: it must end
/// within four rounds.
fn drive(verifier: &CachedVerifier, model: &mut Model, input: &mut Input<'_>) {
    let token = input.pick(tokens());
    let (status, body) = (*input.pick(&STATUSES), input.pick(bodies()));
    for _ in 0..4 {
        let verdict = verifier.verify(token, model.now);
        // Valid, Invalid and FetchInProgress end the loop; NeedJwks is answered.
        match model.check_verdict(token, verdict) {
            Some(id) => model.answer(verifier, id, status, body, 0),
            None => return,
        }
    }
    panic!("the driver loop did not finish in four rounds");
}
