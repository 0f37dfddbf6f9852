use crate::assets::Assets;
use iryosec_app::App;
use iryosec_app::throttle::LoginThrottle;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How the web layer behaves; from the configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (and name them `__Host-…`). On for anything but loopback HTTP.
    pub secure_cookies: bool,
    /// A demo server shows its login on the login page.
    pub demo_login: Option<(String, String)>,
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
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> AppState {
        AppState {
            app,
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
