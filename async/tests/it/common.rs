//! Shared set-up: an emulator, clients with short backoff, raw test servers.

use std::sync::Arc;
use std::time::Duration;

use inai_auth_async::Client;
use inai_auth_core::ops::PlatformLogin;
use inai_auth_core::secret::AccessToken;
use inai_auth_core::{Config, RetryPolicy};
use inai_auth_emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Mutex;

/// A fresh emulator on a free loopback port.
pub fn emulator() -> EmulatorHandle {
    Emulator::start(EmulatorConfig::default()).expect("the emulator starts")
}

/// The config pointing at `emu`, with its publishable key.
pub fn config(emu: &EmulatorHandle) -> Config {
    Config::builder()
        .base_url(emu.base_url())
        .publishable_key(emu.seed().publishable_key.as_str())
        .build()
        .expect("a valid config")
}

/// A retry policy with the default rules and millisecond backoff.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

/// A client for `emu` whose backoff takes milliseconds.
pub fn client(emu: &EmulatorHandle) -> Client {
    Client::builder()
        .config(config(emu))
        .retry_policy(fast_retries())
        .build()
        .expect("the client builds")
}

/// The seeded platform admin's access token.
pub async fn admin_token(client: &Client, emu: &EmulatorHandle) -> AccessToken {
    let seed = emu.seed();
    let login = client
        .platform_login(PlatformLogin::new(
            seed.admin_email.as_str(),
            seed.admin_password.as_str(),
        ))
        .await
        .expect("the admin logs in");
    login
        .into_tokens()
        .expect("no MFA for the admin")
        .access_token
}

/// What a raw test server saw.
#[derive(Debug, Default)]
pub struct Seen {
    /// Connections accepted.
    pub connections: usize,
    /// The head (request line and headers) of every request read.
    pub heads: Vec<String>,
}

/// A one-purpose HTTP/1.1 server on loopback: for every connection it reads
/// one request head and writes `answer` (raw bytes), then closes. With
/// `answer = None` it accepts and stays silent forever.
pub async fn raw_server(answer: Option<Vec<u8>>) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        let mut silent = Vec::new();
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            record.lock().await.connections += 1;
            let Some(answer) = answer.clone() else {
                silent.push(socket); // keep it open, answer nothing
                continue;
            };
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                record
                    .lock()
                    .await
                    .heads
                    .push(String::from_utf8_lossy(&head).into_owned());
                let _ = socket.write_all(&answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), seen)
}

/// A config for a raw server (no publishable key needed for platform paths).
pub fn raw_config(base_url: &str) -> Config {
    Config::builder()
        .base_url(base_url)
        .publishable_key("pk_test_raw")
        .build()
        .expect("a valid config")
}

/// The current TOTP code of a base32 secret (RFC 6238, as the emulator checks it).
pub fn totp(secret_base32: &str) -> String {
    inai_auth_testkit::totp_code(secret_base32, std::time::SystemTime::now(), 0)
        .expect("a base32 secret")
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// A server answering 200 with `body`, announced by its length, one byte
/// every `interval`.
pub async fn dripping_server(body: &'static [u8], interval: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for byte in body {
                    tokio::time::sleep(interval).await;
                    if socket.write_all(&[*byte]).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}
