//! The OAuth start URL.

use crate::Config;
use crate::encode::{encode_component, encode_path_segment};
use crate::error::InAIAuthError;

/// The name `oauth_init_url` uses in errors.
const NAME: &str = "oauth_init_url";

/// The URL that starts an OAuth login with `provider` (e.g. `github`,
/// `google`): `<base>/api/v1/auth/oauth/{provider}?redirect_uri=..[&tenant_id=..]`.
///
/// This is not an [`Operation`](crate::Operation): the SDK never sends it. A
/// browser navigates to it and is redirected through the provider back to
/// `redirect_uri`, so there is no answer to parse (and a browser navigation
/// cannot carry an `X-Publishable-Key` header; the URL carries what the API
/// documents, `redirect_uri` and `tenant_id`).
///
/// ```
/// use inai_auth_core::{Config, oauth_init_url};
///
/// let url = oauth_init_url(&Config::default(), "github", "https://app.example/cb?x=1", None)?;
/// assert_eq!(
///     url,
///     "https://apiauth.inai.dev/api/v1/auth/oauth/github?redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"
/// );
/// # Ok::<(), inai_auth_core::InAIAuthError>(())
/// ```
///
/// # Errors
/// [`InAIAuthError::InvalidRequest`] when `provider` is empty, `.` or `..`.
pub fn oauth_init_url(
    config: &Config,
    provider: &str,
    redirect_uri: &str,
    tenant_id: Option<&str>,
) -> Result<String, InAIAuthError> {
    let provider = encode_path_segment(NAME, "provider", provider)?;
    let mut url = format!(
        "{}/api/v1/auth/oauth/{provider}?redirect_uri={}",
        config.base_url(),
        encode_component(redirect_uri)
    );
    if let Some(tenant_id) = tenant_id {
        url.push_str("&tenant_id=");
        url.push_str(&encode_component(tenant_id));
    }
    Ok(url)
}
