//! `iryosec serve` (and `iryosec demo`).

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Out};
use clap::{Args, ValueEnum};
use iryosec_app::{App, SessionPolicy, SystemClock};
use iryosec_store::{SqlStore, Store};
use iryosec_web::{AppState, WebConfig};
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Args, Debug, Clone, Default)]
pub struct ServeOpts {
    /// 待ち受けアドレス (listen address) [default: 127.0.0.1]
    #[arg(long, env = "IRYOSEC_ADDRESS")]
    pub address: Option<String>,
    /// ポート (port; 0 picks a free one) [default: 8080]
    #[arg(long, env = "IRYOSEC_PORT")]
    pub port: Option<u16>,
    /// 無操作で自動ログアウトするまでの分数 (idle minutes before logout) [default: 30]
    #[arg(long, env = "IRYOSEC_SESSION_IDLE_MINUTES")]
    pub session_idle_minutes: Option<i64>,
    /// Cookie の Secure 属性 (auto: on unless listening on loopback)
    #[arg(long, env = "IRYOSEC_COOKIE_SECURE", value_enum)]
    pub cookie_secure: Option<CookieSecure>,
    /// 信頼するリバースプロキシの IP (trusted reverse proxy; its X-Forwarded-For names the client). Repeatable
    #[arg(long = "trusted-proxy", env = "IRYOSEC_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// デモデータ入りで起動 (separate data folder ./iryosec-demo)
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CookieSecure {
    Auto,
    Always,
    Never,
}

pub async fn run(global: &GlobalOpts, opts: ServeOpts, out: &Out) -> Result<ExitCode, CliError> {
    let resolved = config::resolve(global, opts.demo, out)?;
    let file = &resolved.file;
    let address = opts.address.clone().or_else(|| file.address.clone()).unwrap_or_else(|| "127.0.0.1".into());
    let ip: IpAddr = address
        .parse()
        .map_err(|_| CliError::unusable(out.t_args("cli.bad_address", &[("address", address.clone())])))?;
    let port = opts.port.or(file.port).unwrap_or(8080);
    let cookie_secure = match opts
        .cookie_secure
        .or_else(|| file.cookie_secure.as_deref().and_then(|s| CookieSecure::from_str(s, true).ok()))
    {
        Some(CookieSecure::Always) => true,
        Some(CookieSecure::Never) => false,
        Some(CookieSecure::Auto) | None => !ip.is_loopback(),
    };
    let proxies = if opts.trusted_proxies.is_empty() {
        file.trusted_proxies.clone()
    } else {
        opts.trusted_proxies.clone()
    };
    let trusted_proxies = proxies
        .iter()
        .map(|p| {
            p.trim()
                .parse::<IpAddr>()
                .map_err(|_| CliError::unusable(out.t_args("cli.bad_address", &[("address", p.clone())])))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let policy = SessionPolicy {
        idle_minutes: opts.session_idle_minutes.or(file.session_idle_minutes).unwrap_or(30).clamp(1, 24 * 60),
        max_hours: file.session_max_hours.unwrap_or(12).clamp(1, 7 * 24),
    };

    let _folder_lock = match &resolved.database {
        iryosec_store::DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                config::prepare_data_dir(dir, out)?;
            }
            Some(config::lock_database_folder(path, out)?)
        }
        iryosec_store::DatabaseUrl::Postgres(_) => None,
    };
    let store = crate::audit_key::open_for_writing(&resolved, out).await?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), policy);
    if opts.demo {
        // Demo data never goes into a database that holds a real institution.
        let institutions = app.store.institutions().await.map_err(|e| config::store_error(out, &e))?;
        if institutions.iter().any(|i| !i.is_demo) {
            return Err(CliError::unusable(
                out.t_args("cli.demo_into_real_data", &[("database", resolved.database.to_string())]),
            ));
        }
        app.load_demo().await.map_err(|e| out.app_failure(&e))?;
    }
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, port)).await.map_err(|e| {
        let key =
            if e.kind() == std::io::ErrorKind::AddrInUse { "cli.port_in_use" } else { "cli.cannot_listen" };
        CliError::unusable(
            out.t_args(key, &[("address", format!("{address}:{port}")), ("error", e.to_string())]),
        )
    })?;
    let cannot_listen = |e: std::io::Error| {
        let args = [("address", format!("{address}:{port}")), ("error", e.to_string())];
        CliError::unusable(out.t_args("cli.cannot_listen", &args))
    };
    let local = listener.local_addr().map_err(cannot_listen)?;
    announce(out, &resolved, local, &store, opts.demo, ip, cookie_secure);

    spawn_session_sweeper(app.clone());
    crate::witness::spawn_daily(app.clone(), resolved.data_dir.join(crate::witness::SERVER_WITNESS_FILE));
    let demo_login = opts
        .demo
        .then(|| (iryosec_app::demo::DEMO_ADMIN.to_owned(), iryosec_app::demo::DEMO_PASSWORD.to_owned()));
    let state = AppState::new(app, WebConfig { secure_cookies: cookie_secure, demo_login, trusted_proxies });
    iryosec_web::serve(listener, state)
        .await
        .map_err(|e| CliError::unusable(out.t_args("cli.server_stopped", &[("error", e.to_string())])))?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn announce(
    out: &Out,
    r: &config::Resolved,
    local: SocketAddr,
    store: &SqlStore,
    demo: bool,
    ip: IpAddr,
    secure: bool,
) {
    // Tests and scripts read this first line of stdout to find the port.
    out.line(&format!("listening on http://{local}/"));
    let args = [
        ("url", format!("http://{local}/")),
        ("data", r.data_dir.display().to_string()),
        ("database", store.backend().name().to_owned()),
    ];
    out.note(&out.t_args("cli.serving", &args));
    if demo {
        out.note(&out.t_args(
            "demo.hint",
            &[
                ("login", iryosec_app::demo::DEMO_ADMIN.into()),
                ("password", iryosec_app::demo::DEMO_PASSWORD.into()),
            ],
        ));
    }
    if !ip.is_loopback() {
        out.note(&out.t(if secure { "cli.not_loopback_secure" } else { "cli.not_loopback_insecure" }));
    }
}

/// Ended sessions, stale staged imports and old failed logins are removed every ten minutes.
fn spawn_session_sweeper(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            if let Err(e) = app.store.delete_expired_sessions(app.clock.now()).await {
                tracing::warn!(error = %e, "could not remove expired sessions");
            }
            if let Err(e) = app.store.forget_stale_login_attempts(app.clock.now()).await {
                tracing::warn!(error = %e, "could not forget old login attempts");
            }
            // Files uploaded for an import that was never committed are kept for a day.
            if let Err(e) = app.store.expire_staged(app.clock.now().plus_minutes(-24 * 60)).await {
                tracing::warn!(error = %e, "could not remove stale staged imports");
            }
        }
    });
}
