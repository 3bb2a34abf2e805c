//! A starting state for an emulator, in the JSON form that `--seed` files, `with_seed`
//! and `GET /__emulator/export` share.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A starting state for an emulator: tenants, platform users, applications with their
/// environments, permissions, roles, app users (password, roles, verified email, MFA
/// secret), organizations and API keys, each with the id a test refers to it by.
///
/// Read one with [`SeedData::from_json`] or [`SeedData::from_file`], start an emulator
/// from it with [`EmulatorConfig::with_seed`](crate::EmulatorConfig::with_seed), and get
/// a running emulator's state back in the same form with
/// [`EmulatorHandle::export`](crate::EmulatorHandle::export) (`GET /__emulator/export`).
/// Every reference is checked when the data is read, so an emulator never starts from a
/// half-loaded seed; the error names the bad field (`users[0].roles[1]`).
///
/// The format (camelCase; unknown fields are refused; lists may be left out):
///
/// ```
/// use inai_auth_emulator::SeedData;
///
/// let seed = SeedData::from_json(r#"{
///   "tenants": [{ "id": "ten_acme", "name": "Acme", "slug": "acme" }],
///   "platformUsers": [{ "id": "pusr_ops", "tenantId": "ten_acme",
///                       "email": "ops@acme.test", "password": "ops-password", "roles": ["owner"] }],
///   "applications": [{ "id": "app_shop", "tenantId": "ten_acme", "name": "Shop", "slug": "shop",
///                      "environments": [{ "id": "env_dev", "name": "development",
///                                         "publishableKey": "pk_test_shop" }] }],
///   "permissions": [{ "id": "perm_orders_read", "applicationId": "app_shop",
///                     "name": "orders:read" }],
///   "roles": [{ "id": "role_clerk", "applicationId": "app_shop", "name": "clerk",
///               "permissions": ["orders:read"] }],
///   "users": [{ "id": "usr_alice", "environmentId": "env_dev", "email": "alice@acme.test",
///               "password": "alice-password", "emailVerified": true, "roles": ["clerk"],
///               "mfaSecret": "JBSWY3DPEHPK3PXP" }],
///   "organizations": [{ "id": "org_north", "environmentId": "env_dev", "name": "North",
///                       "slug": "north", "members": [{ "userId": "usr_alice", "role": "owner" }] }],
///   "apiKeys": [{ "id": "key_ci", "tenantId": "ten_acme", "applicationId": "app_shop",
///                 "environmentId": "env_dev", "name": "ci", "keyPrefix": "sk_test_ab12" }]
/// }"#)?;
/// assert_eq!(seed.user_count(), 1);
/// # Ok::<(), inai_auth_emulator::SeedError>(())
/// ```
///
/// Rules: at least one tenant, one platform user and one application with one
/// environment (the first of each is the emulator's [`Seed`](crate::Seed)); ids unique
/// per kind; a user or platform user has either `password` (at least 8 characters) or
/// `passwordHash` (the form exports write), platform users need one of them; roles and
/// permissions are named by id or by name within the application; platform roles and
/// organization roles are `owner`, `admin` or `member`; `mfaSecret` is base32.
/// Exports write `passwordHash`, ids for roles and permissions, and leave out what is
/// not a starting state: sessions and tokens, the outbox, the audit log, invitations,
/// webhooks and email templates.
#[derive(Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct SeedData {
    pub(crate) doc: SeedDoc,
}

impl std::fmt::Debug for SeedData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Passwords and MFA secrets stay out.
        f.debug_struct("SeedData")
            .field("tenants", &self.doc.tenants.len())
            .field("platform_users", &self.doc.platform_users.len())
            .field("applications", &self.doc.applications.len())
            .field("users", &self.doc.users.len())
            .finish_non_exhaustive()
    }
}

/// Why seed data was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeedError {
    /// The file could not be read.
    #[error("could not read the seed file {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// The data is not valid JSON, has the wrong shape, or refers to records it lacks.
    #[error("{}{field}: {reason}", file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default())]
    Invalid {
        /// The file, when the data came from one.
        file: Option<PathBuf>,
        /// Where in the data: a path such as `users[0].roles[1]` (`.` for the whole).
        field: String,
        /// What is wrong there.
        reason: String,
    },
}

impl SeedError {
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            file: None,
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The path of the bad field (`users[0].roles[1]`), when the data was read but refused.
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } => Some(field),
            Self::Read { .. } => None,
        }
    }

    fn in_file(self, path: &Path) -> Self {
        match self {
            Self::Invalid { field, reason, .. } => Self::Invalid {
                file: Some(path.to_owned()),
                field,
                reason,
            },
            other => other,
        }
    }
}

impl SeedData {
    /// Reads seed data from JSON text and checks it.
    ///
    /// # Errors
    /// [`SeedError::Invalid`] with the path of the first bad field.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let doc: SeedDoc = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let field = e.path().to_string();
            SeedError::invalid(field, e.into_inner().to_string())
        })?;
        de.end()
            .map_err(|e| SeedError::invalid(".", e.to_string()))?;
        crate::state::load::check(&doc)?;
        Ok(Self { doc })
    }

    /// Reads seed data from a JSON value and checks it.
    ///
    /// # Errors
    /// [`SeedError::Invalid`] with the path of the first bad field.
    pub fn from_value(value: Value) -> Result<Self, SeedError> {
        let doc: SeedDoc = serde_path_to_error::deserialize(value).map_err(|e| {
            let field = e.path().to_string();
            SeedError::invalid(field, e.into_inner().to_string())
        })?;
        crate::state::load::check(&doc)?;
        Ok(Self { doc })
    }

    /// Reads seed data from a JSON file and checks it.
    ///
    /// # Errors
    /// [`SeedError::Read`] when the file cannot be read; [`SeedError::Invalid`] with the
    /// file and the path of the first bad field.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, SeedError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SeedError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&text).map_err(|e| e.in_file(path))
    }

    /// The data as pretty-printed JSON, the form [`SeedData::from_json`] reads.
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.doc).unwrap_or_default()
    }

    /// Writes [`SeedData::to_json_pretty`] to `path` atomically: into a temporary file in
    /// the same folder, flushed to disk, then renamed over `path` (and, on Unix, the folder
    /// synced). A crash leaves either the old file or the new one, never half of one.
    ///
    /// # Errors
    /// The operating system's error when the folder cannot be written.
    pub fn write_atomically(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        use std::io::Write as _;
        let path = path.as_ref();
        let name = path
            .file_name()
            .ok_or_else(|| std::io::Error::other("the path has no file name"))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = path.with_file_name(tmp_name);
        let written = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(self.to_json_pretty().as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)?;
            // Make the rename itself durable (Unix lets a folder be opened and synced).
            #[cfg(unix)]
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::File::open(dir)?.sync_all()?;
            }
            Ok(())
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    /// The data as a JSON value, the form [`SeedData::from_value`] reads.
    #[must_use]
    pub fn to_json_value(&self) -> Value {
        serde_json::to_value(&self.doc).unwrap_or_default()
    }

    /// How many app users the data holds.
    #[must_use]
    pub fn user_count(&self) -> usize {
        self.doc.users.len()
    }
}

fn yes() -> bool {
    true
}

fn is_true(v: &bool) -> bool {
    *v
}

fn is_false(v: &bool) -> bool {
    !*v
}

fn free() -> String {
    "free".to_owned()
}

/// The whole document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SeedDoc {
    #[serde(default)]
    pub(crate) tenants: Vec<TenantDoc>,
    #[serde(default)]
    pub(crate) platform_users: Vec<PlatformUserDoc>,
    #[serde(default)]
    pub(crate) applications: Vec<ApplicationDoc>,
    #[serde(default)]
    pub(crate) permissions: Vec<PermissionDoc>,
    #[serde(default)]
    pub(crate) roles: Vec<RoleDoc>,
    #[serde(default)]
    pub(crate) users: Vec<UserDoc>,
    #[serde(default)]
    pub(crate) organizations: Vec<OrganizationDoc>,
    #[serde(default)]
    pub(crate) api_keys: Vec<ApiKeyDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TenantDoc {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    #[serde(default = "free")]
    pub(crate) plan: String,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub(crate) settings: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PlatformUserDoc {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) password_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(default)]
    pub(crate) roles: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub(crate) is_active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) mfa_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) mfa_backup_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ApplicationDoc {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) home_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) callback_urls: Option<Vec<String>>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub(crate) is_active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) settings: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) auth_config: Option<Value>,
    #[serde(default)]
    pub(crate) environments: Vec<EnvironmentDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct EnvironmentDoc {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) publishable_key: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub(crate) is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PermissionDoc {
    pub(crate) id: String,
    pub(crate) application_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) environment_id: Option<String>,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) resource: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RoleDoc {
    pub(crate) id: String,
    pub(crate) application_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) environment_id: Option<String>,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) hierarchy_level: i64,
    #[serde(default)]
    pub(crate) permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UserDoc {
    pub(crate) id: String,
    pub(crate) environment_id: String,
    pub(crate) email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) password_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) email_verified: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub(crate) is_active: bool,
    #[serde(default)]
    pub(crate) roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) mfa_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) mfa_backup_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OrganizationDoc {
    pub(crate) id: String,
    pub(crate) environment_id: String,
    pub(crate) name: String,
    pub(crate) slug: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) metadata: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) created_by: Option<String>,
    #[serde(default)]
    pub(crate) members: Vec<MemberDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MemberDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    pub(crate) user_id: String,
    pub(crate) role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ApiKeyDoc {
    pub(crate) id: String,
    pub(crate) tenant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) application_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) environment_id: Option<String>,
    pub(crate) name: String,
    pub(crate) key_prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) key_type: Option<String>,
}
