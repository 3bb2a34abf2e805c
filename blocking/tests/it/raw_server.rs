//! Tiny servers on raw sockets, for what the emulator cannot do: never
//! answer, answer a redirect, stream an unbounded body.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A server on 127.0.0.1: its base URL, how many connections it accepted,
/// and the request heads it read.
pub struct RawServer {
    pub base_url: String,
    pub accepted: Arc<AtomicUsize>,
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    /// Accepts connections and never answers (holds them open).
    pub fn silent() -> Self {
        Self::spawn(|stream, _head| {
            thread::sleep(Duration::from_secs(5));
            drop(stream);
        })
    }

    /// Answers every request with `response`, raw bytes written as they are.
    pub fn answering(response: Vec<u8>) -> Self {
        Self::spawn(move |mut stream, _head| {
            let _ = stream.write_all(&response);
            let _ = stream.flush();
        })
    }

    /// Answers 200 with a chunked body that never ends (1 KiB chunks until
    /// the client hangs up).
    pub fn endless_chunked() -> Self {
        Self::spawn(|mut stream, _head| {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = format!("400\r\n{}\r\n", "a".repeat(1024));
            for _ in 0..100_000 {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
        })
    }

    /// Answers 200 with `body`, announced by its `content-length`, one
    /// byte every `interval` (a server that drips its answer).
    pub fn dripping(body: Vec<u8>, interval: Duration) -> Self {
        Self::spawn(move |mut stream, _head| {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            for byte in &body {
                thread::sleep(interval);
                if stream
                    .write_all(&[*byte])
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
            }
        })
    }

    fn spawn(handler: impl Fn(TcpStream, String) + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let (count, seen) = (accepted.clone(), heads.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                count.fetch_add(1, Ordering::SeqCst);
                let (handler, seen) = (handler.clone(), seen.clone());
                thread::spawn(move || {
                    let head = read_head(&mut stream);
                    seen.lock().unwrap().push(head.clone());
                    handler(stream, head);
                });
            }
        });
        Self {
            base_url,
            accepted,
            heads,
        }
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// Reads up to the end of the request head (bodies are ignored).
fn read_head(stream: &mut TcpStream) -> String {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}
