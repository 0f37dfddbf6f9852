use crate::assets::Assets;
use iryosec_app::App;
use iryosec_app::throttle::LoginThrottle;
use iryosec_store::AuditVerification;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How the web layer behaves; from the configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (and name them `__Host-…`). On for anything but loopback HTTP.
    pub secure_cookies: bool,
    /// A demo server shows its login on the login page.
    pub demo_login: Option<(String, String)>,
    /// Reverse proxies whose `X-Forwarded-For` names the real client (for throttling and
    /// the audit log). Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub assets: Arc<Assets>,
    pub throttle: Arc<LoginThrottle>,
    /// Once true it stays true, so a set-up server asks the database only once.
    set_up: Arc<AtomicBool>,
    /// The last chain check per institution, by the head it checked (see `routes::audit`).
    pub audit_checks: Arc<Mutex<HashMap<i64, AuditCheck>>>,
}

/// A verified chain head and what the check found.
#[derive(Clone)]
pub struct AuditCheck {
    pub head_seq: i64,
    pub head_hash: String,
    pub result: AuditVerification,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> AppState {
        AppState {
            app,
            config: Arc::new(config),
            assets: Arc::new(Assets::load()),
            throttle: Arc::new(LoginThrottle::default()),
            set_up: Arc::new(AtomicBool::new(false)),
            audit_checks: Arc::default(),
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
