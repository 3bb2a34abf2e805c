//! The token store: the sessions `inai login` keeps between commands.
//!
//! One JSON file, `credentials.json`, in the config folder: `--config-dir`,
//! else `$INAI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/inai`, else
//! `$HOME/.config/inai` (`%APPDATA%\inai` on Windows). It holds named
//! profiles, each with at most one app and one platform session of one
//! server; by default a profile is named after its server (`127.0.0.1:8080`,
//! `apiauth.inai.dev`), so a session with an emulator never replaces a
//! production one.
//!
//! On Unix the folder is created with mode 0700 and the file with mode 0600,
//! written to a temporary file and renamed into place, so a crash never
//! leaves half a file. Refused, with a message saying which path and how to
//! fix it: a file that other users can read, a file that is a symbolic link
//! (never followed), and a folder that other users can write to or that
//! belongs to another user.
//!
//! Every read-modify-write (a refresh, a login, a logout) holds an advisory
//! exclusive lock on `credentials.lock` in the same folder, so two `inai`
//! processes never spend the same refresh token.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use inai_auth_core::secret::{AccessToken, PublishableKey, RefreshToken};
use serde::{Deserialize, Serialize};

/// The file name of the store inside the config folder.
pub(crate) const FILE_NAME: &str = "credentials.json";

/// The lock file beside it.
const LOCK_NAME: &str = "credentials.lock";

/// The largest store file read: 1 MiB.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Which kind of user a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionKind {
    /// An application's end user (`/api/v1/`).
    App,
    /// A platform (tenant administrator) user (`/api/platform/`).
    Platform,
}

impl SessionKind {
    /// The kind from the `--platform` flag.
    #[must_use]
    pub(crate) fn from_platform_flag(platform: bool) -> Self {
        if platform { Self::Platform } else { Self::App }
    }

    /// `an app` or `a platform`, to be followed by `user`.
    #[must_use]
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::App => "an app",
            Self::Platform => "a platform",
        }
    }

    /// The flag that selects this kind on the command line (with its
    /// leading space), or nothing for app users.
    #[must_use]
    pub(crate) fn login_flag(self) -> &'static str {
        match self {
            Self::App => "",
            Self::Platform => " --platform",
        }
    }

    /// `app` or `platform`, for `--json` output.
    #[must_use]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::App => "app",
            Self::Platform => "platform",
        }
    }
}

/// One signed-in user's tokens and where they were issued. `Debug`
/// redacts the tokens and the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredSession {
    /// The API base URL the session belongs to.
    pub(crate) api_url: String,
    /// The publishable key the app session was made with (app sessions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) publishable_key: Option<PublishableKey>,
    /// The user's email address.
    pub(crate) email: String,
    /// The user's id, when the login answer included the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) user_id: Option<String>,
    /// The current access token.
    pub(crate) access_token: AccessToken,
    /// The current refresh token.
    pub(crate) refresh_token: RefreshToken,
}

/// One profile: at most one app and one platform session of one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Profile {
    /// The API base URL of the profile.
    pub(crate) api_url: String,
    /// The app user session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) app: Option<StoredSession>,
    /// The platform user session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) platform: Option<StoredSession>,
}

impl Profile {
    /// An empty profile of `api_url`.
    pub(crate) fn new(api_url: impl Into<String>) -> Self {
        Self {
            api_url: api_url.into(),
            app: None,
            platform: None,
        }
    }

    /// The session of `kind`, if any.
    #[must_use]
    pub(crate) fn get(&self, kind: SessionKind) -> Option<&StoredSession> {
        match kind {
            SessionKind::App => self.app.as_ref(),
            SessionKind::Platform => self.platform.as_ref(),
        }
    }

    /// Replaces (or, with `None`, removes) the session of `kind`.
    pub(crate) fn set(&mut self, kind: SessionKind, session: Option<StoredSession>) {
        match kind {
            SessionKind::App => self.app = session,
            SessionKind::Platform => self.platform = session,
        }
    }
}

/// Everything in the store: the profiles, and the one used last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Credentials {
    /// The profile `inai login` wrote last: used when no profile and no
    /// API URL is asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) current: Option<String>,
    /// The profiles by name.
    #[serde(default)]
    pub(crate) profiles: BTreeMap<String, Profile>,
    /// A store written before profiles existed: read, then moved into a
    /// profile named after its server.
    #[serde(default, skip_serializing)]
    app: Option<StoredSession>,
    /// As `app`.
    #[serde(default, skip_serializing)]
    platform: Option<StoredSession>,
}

impl Credentials {
    /// Moves sessions of the old layout into profiles.
    fn migrate(mut self) -> Self {
        for (kind, session) in [
            (SessionKind::App, self.app.take()),
            (SessionKind::Platform, self.platform.take()),
        ] {
            if let Some(session) = session {
                let name = profile_name_for_url(&session.api_url);
                let profile = self
                    .profiles
                    .entry(name.clone())
                    .or_insert_with(|| Profile::new(session.api_url.clone()));
                profile.set(kind, Some(session));
                self.current.get_or_insert(name);
            }
        }
        self
    }

    /// The profile named `name`, if any.
    #[must_use]
    pub(crate) fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The names of every profile.
    #[must_use]
    pub(crate) fn names(&self) -> Vec<String> {
        self.profiles.keys().cloned().collect()
    }

    /// The session of `kind` in profile `name`, if any.
    #[must_use]
    pub(crate) fn get(&self, name: &str, kind: SessionKind) -> Option<&StoredSession> {
        self.profiles.get(name).and_then(|p| p.get(kind))
    }

    /// Replaces (or, with `None`, removes) the session of `kind` in profile
    /// `name`, creating the profile for the session's server if needed; an
    /// emptied profile goes.
    pub(crate) fn set(&mut self, name: &str, kind: SessionKind, session: Option<StoredSession>) {
        match session {
            Some(session) => {
                let profile = self
                    .profiles
                    .entry(name.to_owned())
                    .or_insert_with(|| Profile::new(session.api_url.clone()));
                profile.api_url.clone_from(&session.api_url);
                profile.set(kind, Some(session));
            }
            None => {
                if let Some(profile) = self.profiles.get_mut(name) {
                    profile.set(kind, None);
                    if profile.app.is_none() && profile.platform.is_none() {
                        self.profiles.remove(name);
                        if self.current.as_deref() == Some(name) {
                            self.current = None;
                        }
                    }
                }
            }
        }
    }
}

/// The default profile name of a server: its host and port, e.g.
/// `127.0.0.1:8080` or `apiauth.inai.dev`.
#[must_use]
pub(crate) fn profile_name_for_url(api_url: &str) -> String {
    let rest = api_url.split_once("://").map_or(api_url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    if host.is_empty() {
        api_url.to_owned()
    } else {
        host.to_ascii_lowercase()
    }
}

/// The token store could not be used. Messages name the file, never its
/// content.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum StoreError {
    /// No config folder could be worked out from the environment.
    #[error(
        "cannot find a config folder: pass --config-dir or set INAI_CONFIG_DIR, XDG_CONFIG_HOME or HOME"
    )]
    NoConfigDir,
    /// The store file can be read by other users, so it is not trusted.
    #[error(
        "refusing to read {path}: its mode is {mode:04o}, so other users can read it; \
         run `chmod 600 {path}` (or delete it and log in again)"
    )]
    Unsafe {
        /// The file.
        path: DisplayPath,
        /// Its permission bits.
        mode: u32,
    },
    /// The config folder can be written by other users, or belongs to
    /// another user, so the sessions in it are not trusted.
    #[error("refusing to use {path}: {problem}; {fix}")]
    UnsafeDir {
        /// The folder.
        path: DisplayPath,
        /// What is wrong.
        problem: String,
        /// How to fix it.
        fix: String,
    },
    /// The store file is a symbolic link, which is never followed.
    #[error(
        "refusing to read {path}: it is a symbolic link, which is never followed; \
         replace it with a regular file (or delete it and log in again)"
    )]
    Symlink {
        /// The link.
        path: DisplayPath,
    },
    /// The store file is not what this tool writes.
    #[error("{path} is not a valid token store ({reason}): delete it and log in again")]
    Corrupt {
        /// The file.
        path: DisplayPath,
        /// Where and what kind of problem (no file content).
        reason: String,
    },
    /// A file system operation failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: DisplayPath,
        /// The system's error.
        source: io::Error,
    },
}

/// A path, displayed as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DisplayPath(pub PathBuf);

impl fmt::Display for DisplayPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.display().fmt(f)
    }
}

/// The token store in one folder.
#[derive(Debug, Clone)]
pub(crate) struct TokenStore {
    dir: PathBuf,
}

impl TokenStore {
    /// The store in `dir`.
    #[must_use]
    pub(crate) fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The store in the default config folder (see the module docs); the
    /// `INAI_CONFIG_DIR` variable is handled by the command line.
    ///
    /// # Errors
    /// [`StoreError::NoConfigDir`] when neither `XDG_CONFIG_HOME` nor
    /// `HOME` (nor `APPDATA` on Windows) is set.
    pub(crate) fn in_default_dir() -> Result<Self, StoreError> {
        default_dir().map(Self::new).ok_or(StoreError::NoConfigDir)
    }

    /// The store file.
    #[must_use]
    pub(crate) fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads the store; an absent file (or folder) is an empty store.
    ///
    /// # Errors
    /// [`StoreError::UnsafeDir`] for a folder others can write to or own,
    /// [`StoreError::Symlink`] when the file is a symbolic link,
    /// [`StoreError::Unsafe`] when other users can read the file,
    /// [`StoreError::Corrupt`] when it is not valid, [`StoreError::Io`]
    /// when it cannot be read.
    pub(crate) fn load(&self) -> Result<Credentials, StoreError> {
        match fs::metadata(&self.dir) {
            Ok(_) => check_dir(&self.dir)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Credentials::default()),
            Err(source) => return Err(io_error("inspect", &self.dir, source)),
        }
        let path = self.path();
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(StoreError::Symlink {
                    path: DisplayPath(path),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Credentials::default()),
            Err(source) => return Err(io_error("inspect", &path, source)),
        }
        let file = match open_no_follow(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Credentials::default()),
            Err(source) => return Err(io_error("read", &path, source)),
        };
        check_private(&file, &path)?;
        let mut text = String::new();
        file.take(MAX_FILE_BYTES)
            .read_to_string(&mut text)
            .map_err(|source| io_error("read", &path, source))?;
        serde_json::from_str::<Credentials>(&text)
            .map(Credentials::migrate)
            .map_err(|e| StoreError::Corrupt {
                path: DisplayPath(path),
                reason: format!(
                    "{:?} error at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                )
                .to_lowercase(),
            })
    }

    /// Takes the store's exclusive lock, waiting for another `inai` that
    /// holds it; creates the folder (mode 0700) when needed. The lock goes
    /// with the returned guard.
    ///
    /// # Errors
    /// [`StoreError::UnsafeDir`] and [`StoreError::Io`].
    pub(crate) fn lock(&self) -> Result<StoreLock, StoreError> {
        create_private_dir(&self.dir)?;
        check_dir(&self.dir)?;
        let path = self.dir.join(LOCK_NAME);
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options
                .mode(0o600)
                .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
        }
        let file = options
            .open(&path)
            .map_err(|source| io_error("open the lock", &path, source))?;
        fs4::fs_std::FileExt::lock_exclusive(&file)
            .map_err(|source| io_error("lock", &path, source))?;
        Ok(StoreLock { _file: file })
    }

    /// Loads the store under its lock, lets `change` edit it, and writes it
    /// back when `change` succeeds.
    ///
    /// # Errors
    /// Store errors, and `change`'s.
    pub(crate) fn update<T, E: From<StoreError>>(
        &self,
        change: impl FnOnce(&mut Credentials) -> Result<T, E>,
    ) -> Result<T, E> {
        let _lock = self.lock()?;
        let mut credentials = self.load()?;
        let value = change(&mut credentials)?;
        self.save(&credentials)?;
        Ok(value)
    }

    /// Writes the store, replacing the file atomically; the file is created
    /// with mode 0600 (and the folder, if new, 0700) on Unix.
    ///
    /// # Errors
    /// [`StoreError::UnsafeDir`] for an unsafe folder, [`StoreError::Io`]
    /// when the folder or the file cannot be written.
    pub(crate) fn save(&self, credentials: &Credentials) -> Result<(), StoreError> {
        create_private_dir(&self.dir)?;
        check_dir(&self.dir)?;
        let path = self.path();
        let temp = self
            .dir
            .join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
        let json = serde_json::to_vec_pretty(credentials).map_err(|e| StoreError::Corrupt {
            path: DisplayPath(path.clone()),
            reason: e.to_string(),
        })?;
        let written = write_private(&temp, &json);
        if let Err(error) = written {
            let _ = fs::remove_file(&temp);
            return Err(error);
        }
        fs::rename(&temp, &path).map_err(|source| {
            let _ = fs::remove_file(&temp);
            io_error("replace", &path, source)
        })
    }
}

/// The store's lock, held until dropped.
#[derive(Debug)]
pub(crate) struct StoreLock {
    _file: fs::File,
}

/// Opens `path` for reading without following a final symbolic link.
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits().cast_signed());
    }
    options.open(path)
}

/// Refuses a folder that other users can write to or that another user
/// owns: whoever can write there can swap the store for their own.
#[cfg(unix)]
fn check_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(dir).map_err(|source| io_error("inspect", dir, source))?;
    let mode = meta.mode() & 0o7777;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(StoreError::UnsafeDir {
            path: DisplayPath(dir.to_owned()),
            problem: format!("it belongs to user {}, not to you (user {me})", meta.uid()),
            fix: "use a folder of your own with --config-dir or INAI_CONFIG_DIR".to_owned(),
        });
    }
    if mode & 0o022 != 0 {
        return Err(StoreError::UnsafeDir {
            path: DisplayPath(dir.to_owned()),
            problem: format!("its mode is {mode:04o}, so other users can write to it"),
            fix: format!("run `chmod 700 {}`", dir.display()),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_dir(_dir: &Path) -> Result<(), StoreError> {
    Ok(())
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: DisplayPath(path.to_owned()),
        source,
    }
}

/// The default config folder, from the environment.
fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(xdg) = var("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(xdg).join("inai"));
    }
    if cfg!(windows) {
        if let Some(appdata) = var("APPDATA") {
            return Some(PathBuf::from(appdata).join("inai"));
        }
    }
    var("HOME").map(|home| PathBuf::from(home).join(".config").join("inai"))
}

#[cfg(unix)]
fn check_private(file: &fs::File, path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|source| io_error("inspect", path, source))?
        .permissions()
        .mode()
        & 0o7777;
    if mode & 0o077 != 0 {
        return Err(StoreError::Unsafe {
            path: DisplayPath(path.to_owned()),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_file: &fs::File, _path: &Path) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|source| io_error("create the folder", dir, source))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    fs::create_dir_all(dir).map_err(|source| io_error("create the folder", dir, source))
}

/// Writes `bytes` to a new file at `path`, readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let _ = fs::remove_file(path);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|source| io_error("create", path, source))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|source| io_error("write", path, source))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("inai-cli-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn session(token: &str) -> StoredSession {
        StoredSession {
            api_url: "http://127.0.0.1:1".to_owned(),
            publishable_key: Some(PublishableKey::new("pk_test_x")),
            email: "ada@example.com".to_owned(),
            user_id: Some("usr_1".to_owned()),
            access_token: AccessToken::new(token),
            refresh_token: RefreshToken::new("rt-secret-value"),
        }
    }

    #[test]
    fn an_absent_file_is_an_empty_store() {
        let store = TokenStore::new(temp_dir("absent"));
        assert_eq!(store.load().unwrap(), Credentials::default());
    }

    #[test]
    fn saves_and_loads_both_kinds_per_profile() {
        let dir = temp_dir("roundtrip");
        let store = TokenStore::new(dir.join("nested"));
        let mut credentials = Credentials::default();
        credentials.set("a", SessionKind::App, Some(session("app-token")));
        credentials.set("a", SessionKind::Platform, Some(session("platform-token")));
        credentials.set("b", SessionKind::App, Some(session("other")));
        store.save(&credentials).unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded, credentials);
        assert_eq!(
            loaded
                .get("a", SessionKind::Platform)
                .unwrap()
                .access_token
                .expose_secret(),
            "platform-token"
        );
        let mut emptied = loaded;
        emptied.set("b", SessionKind::App, None);
        assert_eq!(emptied.names(), ["a"]);
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn a_store_without_profiles_moves_into_one_per_server() {
        let dir = temp_dir("legacy");
        let store = TokenStore::new(&dir);
        store.save(&Credentials::default()).unwrap();
        let old = serde_json::json!({ "platform": session("old-token") });
        fs::write(store.path(), old.to_string()).unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.current.as_deref(), Some("127.0.0.1:1"));
        assert!(loaded.get("127.0.0.1:1", SessionKind::Platform).is_some());
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn profile_names_are_host_and_port() {
        assert_eq!(
            profile_name_for_url("https://apiauth.inai.dev"),
            "apiauth.inai.dev"
        );
        assert_eq!(
            profile_name_for_url("http://127.0.0.1:8080/x"),
            "127.0.0.1:8080"
        );
        assert_eq!(profile_name_for_url("http://u@Host:1"), "host:1");
    }

    #[cfg(unix)]
    #[test]
    fn file_is_private_and_a_readable_one_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("modes");
        let store = TokenStore::new(&dir);
        store.save(&Credentials::default()).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store.path()), 0o600);
        assert_eq!(mode(&dir), 0o700);

        fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).unwrap();
        let error = store.load().unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, StoreError::Unsafe { mode: 0o644, .. }),
            "{message}"
        );
        assert!(message.contains("chmod 600"), "{message}");
        assert!(message.contains(FILE_NAME), "{message}");
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn a_corrupt_file_is_reported_without_its_content() {
        let dir = temp_dir("corrupt");
        let store = TokenStore::new(&dir);
        store.save(&Credentials::default()).unwrap();
        fs::write(
            store.path(),
            r#"{"app": {"access_token": 42, "refresh_token": "SECRET"}}"#,
        )
        .unwrap();
        let message = store.load().unwrap_err().to_string();
        assert!(message.contains("not a valid token store"), "{message}");
        assert!(!message.contains("SECRET"), "{message}");
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn debug_hides_tokens() {
        let shown = format!("{:?}", session("very-secret-access"));
        assert!(!shown.contains("very-secret-access"), "{shown}");
        assert!(!shown.contains("rt-secret-value"), "{shown}");
    }
}
