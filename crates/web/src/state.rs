use crate::assets::Assets;
use crate::limits::{Gates, Limits};
use iryosec_app::App;
use iryosec_app::throttle::LoginThrottle;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How the web layer behaves; from the configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// When cookies are marked `Secure` (and named `__Host-…`).
    pub secure_cookies: SecureCookies,
    /// A demo server shows its login on the login page.
    pub demo_login: Option<(String, String)>,
    /// Reverse proxies whose `X-Forwarded-For` names the real client (for throttling and
    /// the audit log) and whose `X-Forwarded-Proto`/`Forwarded` tells that the browser used
    /// HTTPS. Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Connections, uploads, jobs and timeouts.
    pub limits: Limits,
    /// Where uploads wait on disk while their request runs (`upload::folder_in` the data folder).
    pub upload_dir: PathBuf,
    /// A group's or prefecture's server: the 集計 page is in the navigation.
    pub aggregates: bool,
}

/// When cookies are `Secure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecureCookies {
    Always,
    Never,
    /// Only for requests a trusted proxy says came over HTTPS (plain HTTP on loopback otherwise).
    WhenForwardedHttps,
}

impl Default for WebConfig {
    /// Plain HTTP, no proxies, the default limits, uploads in the system's temporary folder.
    fn default() -> WebConfig {
        WebConfig {
            secure_cookies: SecureCookies::WhenForwardedHttps,
            demo_login: None,
            trusted_proxies: Vec::new(),
            limits: Limits::default(),
            upload_dir: std::env::temp_dir().join("iryosec-uploads"),
            aggregates: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub assets: Arc<Assets>,
    pub throttle: Arc<LoginThrottle>,
    /// Upload room and job slots shared by all requests.
    pub gates: Arc<Gates>,
    /// Once true it stays true, so a set-up server asks the database only once.
    set_up: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> AppState {
        AppState {
            app,
            gates: Arc::new(Gates::new(&config.limits)),
            config: Arc::new(config),
            assets: Arc::new(Assets::load()),
            throttle: Arc::new(LoginThrottle::default()),
            set_up: Arc::new(AtomicBool::new(false)),
        }
    }

    pub async fn is_set_up(&self) -> bool {
        if self.set_up.load(Ordering::Relaxed) {
            return true;
        }
        let done = self.app.is_set_up().await.unwrap_or(false);
        if done {
            self.set_up.store(true, Ordering::Relaxed);
        }
        done
    }
}
