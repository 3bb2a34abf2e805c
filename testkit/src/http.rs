//! The testkit's own HTTP client: a plain ureq agent on loopback, so that
//! setting up a test never goes through the driver under test.

use std::time::Duration;

use inai_auth_core::SyncHttpClient;
use ureq::Agent;

/// A minimal [`SyncHttpClient`]: HTTP/1.1 over ureq, statuses as answers,
/// no redirects, every header kept, a 10 s timeout.
#[derive(Debug, Clone)]
pub struct Loopback {
    agent: Agent,
}

impl Default for Loopback {
    fn default() -> Self {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build();
        Self {
            agent: Agent::new_with_config(config),
        }
    }
}

impl SyncHttpClient for Loopback {
    type Error = ureq::Error;

    fn call(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, ureq::Error> {
        let (parts, mut body) = self.agent.run(request)?.into_parts();
        let bytes = body.with_config().limit(16 * 1024 * 1024).read_to_vec()?;
        Ok(http::Response::from_parts(parts, bytes))
    }
}
