//! The [`Operation`] trait: one API call as a request builder and a parser.

use http::Method;

use crate::config::Config;
use crate::error::InAIAuthError;

/// One API call, without IO: it builds its request and parses its answer.
///
/// Every row of the API table is a type implementing this trait (see
/// [`ops`](crate::ops)); the trait is public and unsealed, so an endpoint the
/// SDK does not model can be added the same way and sent by any driver:
///
/// ```
/// use inai_auth_core::{
///     encode_path_segment, send, ApiError, Config, DecodeError, InAIAuthError,
///     InvalidRequestError, Operation,
/// };
///
/// /// `GET /api/platform/applications/{appId}/logo`, not modelled by the SDK.
/// struct GetLogoUrl {
///     app_id: String,
/// }
///
/// impl Operation for GetLogoUrl {
///     type Output = serde_json::Value;
///     const NAME: &'static str = "get_logo_url";
///
///     fn to_request(&self, config: &Config) -> Result<http::Request<Vec<u8>>, InAIAuthError> {
///         let app_id = encode_path_segment(Self::NAME, "appId", &self.app_id)?;
///         let url = format!("{}/api/platform/applications/{app_id}/logo", config.base_url());
///         http::Request::get(url)
///             .header("accept", "application/json")
///             .body(Vec::new())
///             .map_err(|e| {
///                 InvalidRequestError::Build { operation: Self::NAME, reason: e.to_string() }.into()
///             })
///     }
///
///     fn parse(&self, response: http::Response<Vec<u8>>) -> Result<Self::Output, InAIAuthError> {
///         if !response.status().is_success() {
///             return Err(ApiError::from_response(response).into());
///         }
///         serde_json::from_slice(response.body()).map_err(|e| {
///             DecodeError::new(Self::NAME, response.status(), ".", e.to_string(), Some(response.body()))
///                 .into()
///         })
///     }
/// }
///
/// let server = |request: http::Request<Vec<u8>>| {
///     assert_eq!(request.uri().path(), "/api/platform/applications/app%201/logo");
///     http::Response::builder().status(200).body(br#"{"url":"https://img.example/l.png"}"#.to_vec())
/// };
/// let answer = send(&server, &Config::default(), &GetLogoUrl { app_id: "app 1".into() })?;
/// assert_eq!(answer["url"], "https://img.example/l.png");
/// # Ok::<(), InAIAuthError>(())
/// ```
pub trait Operation {
    /// What a successful answer decodes to.
    type Output;

    /// The snake_case name of the operation, e.g. `list_applications`; also
    /// the name of the driver method that sends it.
    const NAME: &'static str;

    /// Builds the HTTP request: method, URL (base URL + path with
    /// percent-encoded parameters + query), headers and JSON body.
    ///
    /// # Errors
    /// [`InAIAuthError::InvalidRequest`] for input that cannot be sent (an
    /// empty path parameter, a token that is not a valid header value) and
    /// [`InAIAuthError::Config`] when the operation needs a publishable key
    /// and none is configured.
    fn to_request(&self, config: &Config) -> Result<http::Request<Vec<u8>>, InAIAuthError>;

    /// Parses the answer: 2xx decodes into [`Output`](Self::Output), anything
    /// else is an error.
    ///
    /// # Errors
    /// [`InAIAuthError::Api`] for a non-2xx status and
    /// [`InAIAuthError::Decode`] for a 2xx whose body is not the documented
    /// shape.
    fn parse(&self, response: http::Response<Vec<u8>>) -> Result<Self::Output, InAIAuthError>;
}

/// Who authenticates a request (besides the publishable key of `/api/v1/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Auth {
    /// No `Authorization` header.
    None,
    /// `Authorization: Bearer <access token>`; the operation's `new` takes
    /// the token first.
    Bearer,
}

/// What the table says about one operation; see [`OPERATIONS`](crate::OPERATIONS).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The snake_case name, equal to the type's [`Operation::NAME`].
    pub name: &'static str,
    /// The name of the operation type, e.g. `ListApplications`.
    pub type_name: &'static str,
    /// A one-line summary.
    pub summary: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template as ENDPOINTS.md writes it, e.g.
    /// `/api/platform/applications/{appId}`.
    pub path: &'static str,
    /// Who authenticates the request.
    pub auth: Auth,
    /// Whether the answer is a `PaginatedResult` (the type implements
    /// [`Paginated`](crate::Paginated)).
    pub paginated: bool,
    /// Whether the answer has no data to return: it decodes to
    /// [`Ack`](crate::models::Ack), and a 204 or an empty 2xx body is accepted.
    pub acknowledgement: bool,
    /// Its inputs besides the access token, by wire name: path parameters
    /// in path order, query parameters, then body fields (see
    /// [`wire`](crate::wire)); each type's `from_wire` builds it from them.
    pub fields: &'static [crate::wire::FieldInfo],
}

impl OperationInfo {
    /// Whether the request carries `X-Publishable-Key`: exactly the
    /// `/api/v1/` paths.
    #[must_use]
    pub fn sends_publishable_key(&self) -> bool {
        self.path.starts_with(crate::request::V1_PREFIX)
    }
}
