//! An HTTPS server on loopback whose certificate comes from a private CA
//! made for the test, for the drivers' root-certificate tests.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SanType,
};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

/// The body of every answer: a 401 problem, so a client that got through
/// the TLS handshake sees an API error (status 401), not a transport one.
const PROBLEM: &str = r#"{"type":"UNAUTHORIZED","title":"Unauthorized","status":401}"#;

/// Why the server could not start.
pub type TlsServerError = Box<dyn std::error::Error + Send + Sync>;

/// An HTTPS server on `127.0.0.1` with a certificate for `127.0.0.1` and
/// `localhost`, issued by a CA that exists only in this test. It answers
/// every request `401` with a problem body and closes the connection.
#[derive(Debug)]
pub struct TlsServer {
    base_url: String,
    ca_pem: String,
}

impl TlsServer {
    /// Makes the CA and the server's certificate, and starts serving on a
    /// free port (a thread per connection, for the life of the process).
    ///
    /// # Errors
    /// When a certificate cannot be made, rustls refuses the configuration
    /// or no port can be bound.
    pub fn start() -> Result<Self, TlsServerError> {
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "inai-auth test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate()?)?;

        let mut params = CertificateParams::new(vec!["localhost".to_owned()])?;
        params
            .subject_alt_names
            .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &ca)?;

        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone(), ca.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )?;
        let config = Arc::new(config);

        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let base_url = format!("https://127.0.0.1:{}", listener.local_addr()?.port());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let config = Arc::clone(&config);
                thread::spawn(move || serve(&config, stream));
            }
        });
        Ok(Self {
            base_url,
            ca_pem: ca.pem(),
        })
    }

    /// `https://127.0.0.1:<port>`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The private CA's certificate, PEM.
    #[must_use]
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }
}

/// One connection: the handshake, one request head, the fixed answer. A
/// client that refuses the certificate ends the handshake; nothing to do.
fn serve(config: &Arc<ServerConfig>, stream: TcpStream) {
    let Ok(connection) = ServerConnection::new(Arc::clone(config)) else {
        return;
    };
    let mut tls = StreamOwned::new(connection, stream);
    let mut head = Vec::new();
    let mut buf = [0_u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match tls.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(buf.get(..n).unwrap_or_default()),
        }
    }
    let answer = format!(
        "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PROBLEM}",
        PROBLEM.len()
    );
    let _ = tls.write_all(answer.as_bytes());
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}
