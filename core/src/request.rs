//! Assembling an operation's `http::Request`: the one place that knows the
//! header rules.

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderValue, Method};

use crate::config::Config;
use crate::encode::{encode_component, fill_path};
use crate::error::{ConfigError, InAIAuthError, InvalidRequestError};
use crate::secret::AccessToken;

/// Paths that carry `X-Publishable-Key`.
pub(crate) const V1_PREFIX: &str = "/api/v1/";

/// The name of the publishable key header.
pub const PUBLISHABLE_KEY_HEADER: &str = "x-publishable-key";

/// Everything an operation contributes to its request.
pub(crate) struct RequestSpec<'a> {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    pub(crate) path_params: &'a [(&'static str, &'a str)],
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) bearer: Option<&'a AccessToken>,
    pub(crate) body: Vec<u8>,
}

impl RequestSpec<'_> {
    /// Builds the request against `config`.
    pub(crate) fn build(self, config: &Config) -> Result<http::Request<Vec<u8>>, InAIAuthError> {
        let operation = self.operation;
        let mut url = config.base_url().to_owned();
        url.push_str(&fill_path(operation, self.template, self.path_params)?);
        let mut separator = '?';
        for (name, value) in &self.query {
            url.push(separator);
            url.push_str(&encode_component(name));
            url.push('=');
            url.push_str(&encode_component(value));
            separator = '&';
        }

        let json = HeaderValue::from_static("application/json");
        let mut builder = http::Request::builder()
            .method(self.method)
            .uri(url)
            .header(CONTENT_TYPE, json.clone())
            .header(ACCEPT, json);
        if self.template.starts_with(V1_PREFIX) {
            let key = config
                .publishable_key()
                .ok_or(ConfigError::MissingPublishableKey { operation })?;
            let mut value = HeaderValue::from_str(key.expose_secret())
                .map_err(|e| build_error(operation, &e))?;
            value.set_sensitive(true);
            builder = builder.header(PUBLISHABLE_KEY_HEADER, value);
        }
        if let Some(token) = self.bearer {
            builder = builder.header(AUTHORIZATION, bearer_value(operation, token)?);
        }
        builder
            .body(self.body)
            .map_err(|e| InAIAuthError::from(build_error(operation, &e)))
    }
}

/// `Bearer <token>`, marked sensitive.
pub(crate) fn bearer_value(
    operation: &'static str,
    token: &AccessToken,
) -> Result<HeaderValue, InvalidRequestError> {
    let token = token.expose_secret();
    let invalid = InvalidRequestError::InvalidAccessToken { operation };
    // Tokens are base64url JWTs or opaque ASCII: no spaces, controls or
    // non-ASCII bytes (which `HeaderValue` would otherwise let through).
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid);
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| invalid)?;
    value.set_sensitive(true);
    Ok(value)
}

fn build_error(operation: &'static str, error: &dyn std::fmt::Display) -> InvalidRequestError {
    InvalidRequestError::Build {
        operation,
        reason: error.to_string(),
    }
}
