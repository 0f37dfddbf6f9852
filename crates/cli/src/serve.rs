//! `iryosec serve` (and `iryosec demo`).

pub use crate::config::CookieSecure;
use crate::config::{self, GlobalOpts, ServerKind, Settings};
use crate::output::{CliError, Out};
use clap::Args;
use iryosec_app::{App, SystemClock};
use iryosec_store::{SqlStore, Store};
use iryosec_web::{AppState, SecureCookies, WebConfig};
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
    /// 無操作で自動ログアウトするまでの分数 (idle minutes before logout, 1–1440) [default: 30]
    #[arg(long, env = "IRYOSEC_SESSION_IDLE_MINUTES")]
    pub session_idle_minutes: Option<u64>,
    /// Cookie の Secure 属性 (auto: on unless listening on loopback)
    #[arg(long, env = "IRYOSEC_COOKIE_SECURE", value_enum)]
    pub cookie_secure: Option<CookieSecure>,
    /// 信頼するリバースプロキシの IP (trusted reverse proxy; its X-Forwarded-For names the client). Repeatable
    #[arg(long = "trusted-proxy", env = "IRYOSEC_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// 同時接続数の上限 (open connections at once; one more gets 503) [default: 256]
    #[arg(long, env = "IRYOSEC_MAX_CONNECTIONS")]
    pub max_connections: Option<u64>,
    /// 受信中・処理中のアップロードの合計の上限 MB (upload megabytes in flight over all requests) [default: 512]
    #[arg(long, env = "IRYOSEC_UPLOADS_IN_FLIGHT_MB")]
    pub uploads_in_flight_mb: Option<u64>,
    /// 同時に動かす取り込み・書き出し・集計の数 (imports, exports, aggregations at once) [default: 2]
    #[arg(long, env = "IRYOSEC_HEAVY_JOBS")]
    pub heavy_jobs: Option<u64>,
    /// リクエストの見出しを待つ秒数。待機中の接続もこの秒数で閉じる (seconds for a request head; idle keep-alive) [default: 10]
    #[arg(long, env = "IRYOSEC_HEADER_TIMEOUT_SECONDS")]
    pub header_timeout_seconds: Option<u64>,
    /// 送信の途切れを待つ秒数 (longest pause within a request body) [default: 30]
    #[arg(long, env = "IRYOSEC_BODY_IDLE_TIMEOUT_SECONDS")]
    pub body_idle_timeout_seconds: Option<u64>,
    /// 送信全体を待つ秒数 (longest whole request body) [default: 600]
    #[arg(long, env = "IRYOSEC_BODY_TIMEOUT_SECONDS")]
    pub body_timeout_seconds: Option<u64>,
    /// このサーバの使い方 (institution: one institution's server; group, prefecture: also aggregates many) [default: institution]
    #[arg(long, env = "IRYOSEC_SERVER_KIND", value_enum)]
    pub server_kind: Option<ServerKind>,
    /// デモデータ入りで起動 (separate data folder ./iryosec-demo)
    #[arg(long)]
    pub demo: bool,
}

pub async fn run(global: &GlobalOpts, opts: ServeOpts, out: &Out) -> Result<ExitCode, CliError> {
    let settings = Settings::resolve(global, &opts, out)?;
    let resolved = &settings.resolved;
    tracing::info!(settings = %settings.to_json(), "effective settings");
    let _folder_lock = match &resolved.database {
        iryosec_store::DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                config::prepare_data_dir(dir, out)?;
            }
            Some(config::lock_database_folder(path, out)?)
        }
        iryosec_store::DatabaseUrl::Postgres(_) => None,
    };
    let store = crate::audit_key::open_for_writing(resolved, out).await?;
    let app = App::new(Arc::new(store.clone()), Arc::new(SystemClock), settings.session);
    if opts.demo {
        // Demo data never goes into a database that holds a real institution.
        let institutions = app.institutions().await.map_err(|e| config::app_store_error(out, &e))?;
        if institutions.iter().any(|i| !i.is_demo) {
            return Err(CliError::unusable(
                out.t_args("cli.demo_into_real_data", &[("database", resolved.database.to_string())]),
            ));
        }
        app.load_demo().await.map_err(|e| out.app_failure(&e))?;
    }
    let (ip, port) = (settings.address, settings.port);
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, port)).await.map_err(|e| {
        let key =
            if e.kind() == std::io::ErrorKind::AddrInUse { "cli.port_in_use" } else { "cli.cannot_listen" };
        CliError::unusable(out.t_args(key, &[("address", format!("{ip}:{port}")), ("error", e.to_string())]))
    })?;
    let cannot_listen = |e: std::io::Error| {
        let args = [("address", format!("{ip}:{port}")), ("error", e.to_string())];
        CliError::unusable(out.t_args("cli.cannot_listen", &args))
    };
    let local = listener.local_addr().map_err(cannot_listen)?;
    let upload_dir = iryosec_web::upload::folder_in(&resolved.data_dir);
    iryosec_web::upload::clear_folder(&upload_dir).map_err(|e| {
        let args = [("path", upload_dir.display().to_string()), ("error", e.to_string())];
        CliError::unusable(out.t_args("cli.data_dir_unusable", &args))
    })?;
    let secure = settings.secure_cookies() == SecureCookies::Always;
    announce(out, resolved, local, &store, opts.demo, ip, secure);

    spawn_session_sweeper(app.clone());
    crate::witness::spawn_daily(app.clone(), resolved.data_dir.join(crate::witness::SERVER_WITNESS_FILE));
    let demo_login = opts
        .demo
        .then(|| (iryosec_app::demo::DEMO_ADMIN.to_owned(), iryosec_app::demo::DEMO_PASSWORD.to_owned()));
    let config = WebConfig {
        secure_cookies: settings.secure_cookies(),
        demo_login,
        trusted_proxies: settings.trusted_proxies.clone(),
        limits: settings.limits.clone(),
        upload_dir,
        aggregates: settings.server_kind != ServerKind::Institution,
    };
    let state = AppState::new(app, config);
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

/// Long-ended sessions, stale staged imports and old failed logins are removed every ten minutes.
fn spawn_session_sweeper(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            app.sweep().await;
        }
    });
}
