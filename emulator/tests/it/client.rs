//! A small blocking test client over ureq, and an emulator with a manual clock.

use std::collections::HashMap;
use std::sync::Arc;

use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle, ManualClock};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// 2026-01-01T00:00:00Z.
pub fn start_time() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap()
}

pub struct Api {
    pub emu: EmulatorHandle,
    pub clock: ManualClock,
    agent: ureq::Agent,
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(10)))
        .build()
        .into()
}

impl Api {
    pub fn start() -> Self {
        Self::start_with(EmulatorConfig::default())
    }

    pub fn start_with(config: EmulatorConfig) -> Self {
        let clock = ManualClock::new(start_time());
        let emu = Emulator::start(config.with_clock(Arc::new(clock.clone()))).unwrap();
        Self {
            emu,
            clock,
            agent: agent(),
        }
    }

    pub fn pk(&self) -> String {
        self.emu.seed().publishable_key.clone()
    }

    pub fn req(&self, method: &str, path: &str) -> Req<'_> {
        Req {
            api: self,
            method: method.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn get(&self, path: &str) -> Req<'_> {
        self.req("GET", path)
    }

    pub fn post(&self, path: &str, body: Value) -> Req<'_> {
        self.req("POST", path).json(body)
    }

    pub fn patch(&self, path: &str, body: Value) -> Req<'_> {
        self.req("PATCH", path).json(body)
    }

    pub fn put(&self, path: &str, body: Value) -> Req<'_> {
        self.req("PUT", path).json(body)
    }

    pub fn delete(&self, path: &str) -> Req<'_> {
        self.req("DELETE", path)
    }

    /// Logs the seeded admin in; returns the access token.
    pub fn admin_token(&self) -> String {
        let seed = self.emu.seed();
        let r = self
            .post(
                "/api/platform/auth/login",
                json!({ "email": seed.admin_email, "password": seed.admin_password }),
            )
            .send()
            .ok();
        r["access_token"].as_str().unwrap().to_owned()
    }

    /// Registers an app user in the seed environment; returns the LoginResult.
    pub fn register(&self, email: &str) -> Value {
        self.post(
            "/api/v1/auth/register",
            json!({ "email": email, "password": "password-123", "firstName": "Test" }),
        )
        .pk()
        .send()
        .status(201)
    }

    /// `POST /api/v1/auth/refresh` with the publishable key.
    pub fn refresh(&self, refresh_token: &str) -> Resp {
        self.post(
            "/api/v1/auth/refresh",
            json!({ "refresh_token": refresh_token }),
        )
        .pk()
        .send()
    }

    /// Registers a user and returns its access token.
    pub fn user_token(&self, email: &str) -> String {
        self.register(email)["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

pub struct Req<'a> {
    api: &'a Api,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Req<'_> {
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body.to_string().into_bytes());
        self
    }

    pub fn raw(mut self, body: &str) -> Self {
        self.body = Some(body.as_bytes().to_vec());
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// With the seed environment's publishable key.
    pub fn pk(self) -> Self {
        let key = self.api.pk();
        self.header("X-Publishable-Key", &key)
    }

    pub fn key(self, key: &str) -> Self {
        self.header("X-Publishable-Key", key)
    }

    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    /// As an app user of the seed environment: its publishable key and `token`.
    pub fn user_auth(self, token: &str) -> Self {
        self.pk().bearer(token)
    }

    pub fn try_send(self) -> Result<Resp, ureq::Error> {
        let url = format!("{}{}", self.api.emu.base_url(), self.path);
        let mut b = ureq::http::Request::builder()
            .method(self.method.as_str())
            .uri(url)
            .header("Content-Type", "application/json");
        for (n, v) in &self.headers {
            b = b.header(n.as_str(), v.as_str());
        }
        let mut resp = match self.body {
            Some(body) => self.api.agent.run(b.body(body).unwrap())?,
            None => self.api.agent.run(b.body(()).unwrap())?,
        };
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    v.to_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let text = resp.body_mut().read_to_string()?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Resp {
            status,
            headers,
            text,
            body,
        })
    }

    pub fn send(self) -> Resp {
        let what = format!("{} {}", self.method, self.path);
        self.try_send().unwrap_or_else(|e| panic!("{what}: {e}"))
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub text: String,
    pub body: Value,
}

impl Resp {
    /// Asserts a 2xx with a JSON body; returns it.
    pub fn ok(self) -> Value {
        assert!(
            (200..300).contains(&self.status),
            "expected 2xx, got {}: {}",
            self.status,
            self.text
        );
        assert!(
            !self.body.is_null(),
            "success without a JSON body: {:?}",
            self.text
        );
        self.body
    }

    /// Asserts exactly `status` with a JSON body; returns it.
    pub fn status(self, status: u16) -> Value {
        assert_eq!(self.status, status, "body: {}", self.text);
        assert!(!self.body.is_null(), "no JSON body: {:?}", self.text);
        self.body
    }

    /// Asserts a problem+json error with `status`; returns the problem.
    pub fn problem(self, status: u16) -> Value {
        assert_eq!(self.status, status, "body: {}", self.text);
        assert_eq!(
            self.headers.get("content-type").map(String::as_str),
            Some("application/problem+json"),
            "{}",
            self.text
        );
        let p = &self.body;
        assert!(
            p["type"].is_string() && p["title"].is_string() && p["detail"].is_string(),
            "{p}"
        );
        assert_eq!(p["status"], status);
        assert!(
            p["instance"].as_str().is_some_and(|i| i.starts_with('/')),
            "{p}"
        );
        self.body
    }
}

pub fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}
