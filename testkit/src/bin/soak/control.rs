//! The emulator the soak runs against: a child process (this binary with
//! `--serve-emulator`), so that the memory the soak measures is the SDK's
//! and not the emulator's ever-growing store; and its `/__emulator/` routes
//! (faults, request counts, key rotation) over HTTP.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use inai_auth_emulator::{EmulatorConfig, Fault};
use serde_json::{Value, json};

/// What the soak needs of the emulator's seed.
pub(crate) struct Seed {
    pub(crate) admin_email: String,
    pub(crate) admin_password: String,
    pub(crate) application_id: String,
    pub(crate) publishable_key: String,
}

impl Seed {
    fn from_json(seed: &Value) -> Result<Self, String> {
        let field = |name: &str| {
            seed[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("the seed has no {name}"))
        };
        Ok(Self {
            admin_email: field("adminEmail")?,
            admin_password: field("adminPassword")?,
            application_id: field("applicationId")?,
            publishable_key: field("publishableKey")?,
        })
    }
}

/// Runs the emulator in this process until stdin closes (the parent soak
/// exited or killed us), after printing one JSON line: base URL and seed.
pub(crate) fn serve() -> Result<(), String> {
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        std::process::exit(0);
    });
    inai_auth_emulator::run(EmulatorConfig::default(), |seed, base_url| {
        let line = json!({ "base_url": base_url, "seed": seed });
        println!("{line}");
    })
    .map_err(|e| e.to_string())
}

/// The child emulator: killed when dropped.
pub(crate) struct ChildEmulator {
    child: Child,
    pub(crate) base_url: String,
    pub(crate) seed: Seed,
    http: reqwest::Client,
}

impl Drop for ChildEmulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ChildEmulator {
    pub(crate) fn start() -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .arg("--serve-emulator")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the emulator: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let ready: Value = serde_json::from_str(&line)
            .map_err(|e| format!("the emulator did not start: {e}: {line:?}"))?;
        let base_url = ready["base_url"].as_str().ok_or("no base url")?.to_owned();
        let seed = Seed::from_json(&ready["seed"])?;
        Ok(Self {
            child,
            base_url,
            seed,
            http: reqwest::Client::new(),
        })
    }

    /// Resident memory of the emulator process, in bytes.
    pub(crate) fn rss_bytes(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/statm", self.child.id()))
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or(0, |pages| pages * 4096)
    }

    async fn call(&self, method: reqwest::Method, path: &str) -> Result<Value, String> {
        self.call_with(method, path, None).await
    }

    async fn call_with(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Value, String> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }

    pub(crate) async fn inject(&self, fault: &Fault) -> Result<(), String> {
        let body = serde_json::to_vec(fault).map_err(|e| e.to_string())?;
        self.call_with(reqwest::Method::POST, "/__emulator/faults", Some(body))
            .await
            .map(drop)
    }

    /// Removes the pending faults; answers how many there were.
    pub(crate) async fn clear_faults(&self) -> Result<u64, String> {
        let answer = self
            .call(reqwest::Method::DELETE, "/__emulator/faults")
            .await?;
        Ok(answer["cleared"].as_u64().unwrap_or(0))
    }

    /// Adds a signing key; answers its kid.
    pub(crate) async fn rotate(&self) -> Result<String, String> {
        let answer = self
            .call(reqwest::Method::POST, "/__emulator/rotate-keys")
            .await?;
        answer["kid"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no kid in {answer}"))
    }

    /// The kids of the JWKS now.
    pub(crate) async fn kids(&self) -> Result<Vec<String>, String> {
        let answer = self
            .call(reqwest::Method::GET, "/.well-known/jwks.json")
            .await?;
        Ok(answer["keys"]
            .as_array()
            .map(|keys| {
                keys.iter()
                    .filter_map(|k| k["kid"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Requests received per `METHOD path`.
    pub(crate) async fn request_counts(&self) -> Result<BTreeMap<String, u64>, String> {
        let answer = self
            .call(reqwest::Method::GET, "/__emulator/requests")
            .await?;
        let rows = answer.as_array().ok_or("request counts are not a list")?;
        Ok(rows
            .iter()
            .filter_map(|row| {
                let method = row["method"].as_str()?;
                let path = row["path"].as_str()?;
                Some((format!("{method} {path}"), row["count"].as_u64()?))
            })
            .collect())
    }
}
