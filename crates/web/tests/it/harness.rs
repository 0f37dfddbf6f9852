use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use iryosec_app::accounts::NewUserInput;
use iryosec_app::setup::AdminInput;
use iryosec_app::{App, SessionPolicy};
use iryosec_core::Timestamp;
use iryosec_core::audit::Actor;
use iryosec_core::clock::ManualClock;
use iryosec_core::institution::InstitutionInput;
use iryosec_core::role::Role;
use iryosec_core::user::User;
use iryosec_store::{DatabaseUrl, MigrateMode, SqlStore};
use iryosec_web::{AppState, WebConfig};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "kaigishitsu-no-mado";

pub struct TestApp {
    pub router: Router,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub users: HashMap<Role, User>,
    /// The database itself, for the few checks no page or use case shows (what is stored).
    pub db: SqlStore,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    }

    /// The CSRF token the page asks forms to send back.
    pub fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("page has a CSRF field") + 19;
        self.body[at..].split('"').next().unwrap().to_owned()
    }
}

/// One part of a multipart form: a text field (name, value) or a file (name, file name, bytes).
#[derive(Clone, Copy)]
pub enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

/// A browser-like client: keeps its cookies, and connects from `peer` when it is set.
#[derive(Clone, Default)]
pub struct Client {
    pub cookies: HashMap<String, String>,
    pub peer: Option<std::net::SocketAddr>,
}

impl Client {
    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, reply: &Reply) {
        for c in reply.set_cookies() {
            let pair = c.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
    }

    pub async fn send(&mut self, t: &TestApp, method: Method, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let mut req =
            Request::builder().method(method.clone()).uri(path).header(header::COOKIE, self.cookie_header());
        if method == Method::POST {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        self.request(t, req.body(Body::from(body)).unwrap()).await
    }

    /// Sends a request the test built (its own body and headers) with this client's cookies.
    pub async fn request(&mut self, t: &TestApp, mut req: Request<Body>) -> Reply {
        req.headers_mut().insert(header::COOKIE, self.cookie_header().parse().unwrap());
        if let Some(peer) = self.peer {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        let res = t.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let reply = Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() };
        self.keep_cookies(&reply);
        reply
    }

    /// Uploads a file as a browser's multipart form would: the token first, then the file.
    pub async fn upload(
        &mut self,
        t: &TestApp,
        path: &str,
        csrf: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        self.upload_with(t, path, csrf, &[], file_name, bytes).await
    }

    /// An upload with more text fields after the token (and before the file).
    pub async fn upload_with(
        &mut self,
        t: &TestApp,
        path: &str,
        csrf: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: &[u8],
    ) -> Reply {
        let boundary = "----iryosecTestBoundary";
        let mut token = if csrf.is_empty() {
            String::new()
        } else {
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
        };
        for (name, value) in fields {
            token.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        let mut body = format!(
            "{token}--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.request(t, req).await
    }

    /// Posts a multipart form of several parts, the CSRF token first as a browser's form sends it.
    pub async fn multipart(&mut self, t: &TestApp, path: &str, csrf: &str, parts: &[Part<'_>]) -> Reply {
        let boundary = "----iryosecTestBoundary";
        let mut body = Vec::new();
        for part in std::iter::once(Part::Text("csrf", csrf)).chain(parts.iter().copied()) {
            let head = match part {
                Part::Text(name, _) => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
                Part::File(name, file, _) => format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ),
            };
            body.extend_from_slice(format!("--{boundary}\r\n{head}").as_bytes());
            body.extend_from_slice(match part {
                Part::Text(_, value) => value.as_bytes(),
                Part::File(_, _, bytes) => bytes,
            });
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.request(t, req).await
    }

    /// The raw bytes of a download.
    pub async fn download(&mut self, t: &TestApp, path: &str) -> (axum::http::HeaderMap, Vec<u8>) {
        let req = Request::builder()
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        let res = t.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let headers = res.headers().clone();
        (headers, res.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    pub async fn get(&mut self, t: &TestApp, path: &str) -> Reply {
        self.send(t, Method::GET, path, &[]).await
    }

    /// Posts a form with the CSRF token of the page at `form_page`.
    pub async fn post_form(
        &mut self,
        t: &TestApp,
        form_page: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> Reply {
        let csrf = self.get(t, form_page).await.csrf();
        let mut fields = vec![("csrf", csrf.as_str())];
        fields.extend_from_slice(form);
        self.send(t, Method::POST, path, &fields).await
    }

    pub async fn login(&mut self, t: &TestApp, login_id: &str, password: &str) -> Reply {
        self.post_form(t, "/login", "/login", &[("login_id", login_id), ("password", password)]).await
    }
}

pub async fn app_with(config: WebConfig) -> TestApp {
    app_with_policy(config, SessionPolicy::default()).await
}

pub async fn app_with_policy(config: WebConfig, sessions: SessionPolicy) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::connect(&DatabaseUrl::sqlite_in(dir.path()), MigrateMode::Run)
        .await
        .unwrap()
        .with_audit_key(iryosec_core::audit::AuditKey::from_bytes([42; 32]));
    let clock = Arc::new(ManualClock::at(Timestamp(1_747_353_600_000)));
    let app = App::new(Arc::new(store.clone()), clock.clone(), sessions);
    // Uploads wait in the test's own folder, so a test can see what is left there.
    let config = WebConfig { upload_dir: dir.path().join("uploads"), ..config };
    let router = iryosec_web::router(AppState::new(app.clone(), config));
    TestApp { router, app, clock, users: HashMap::new(), db: store, _dir: dir }
}

impl TestApp {
    /// Where this app's uploads wait while their request runs.
    pub fn upload_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("uploads")
    }
}

/// An app before first-run setup.
pub async fn fresh() -> TestApp {
    fresh_with(SessionPolicy::default()).await
}

async fn fresh_with(sessions: SessionPolicy) -> TestApp {
    app_with_policy(WebConfig::default(), sessions).await
}

/// An app with an institution and one user of every role (login id = role code).
pub async fn ready() -> TestApp {
    ready_with(SessionPolicy::default()).await
}

/// [`ready`] with other session lifetimes.
pub async fn ready_with(sessions: SessionPolicy) -> TestApp {
    let mut t = fresh_with(sessions).await;
    let institution = InstitutionInput {
        name: "さくら記念病院".into(),
        kind: "hospital".into(),
        prefecture: "13".into(),
        beds: "120".into(),
        medical_code: String::new(),
    };
    let admin = AdminInput {
        login_id: "admin".into(),
        display_name: "医療 一郎".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    };
    let (inst, admin) =
        t.app.create_institution(&institution, &admin, "ja", true, &Actor::default()).await.unwrap();
    t.users.insert(Role::Admin, admin);
    for role in [Role::Editor, Role::Viewer, Role::Auditor] {
        let input = NewUserInput {
            login_id: role.code().into(),
            display_name: format!("{} さん", role.name_ja()),
            role: role.code().into(),
            password: PASSWORD.into(),
            password_confirm: PASSWORD.into(),
        };
        let user = t.app.create_user(inst.id, &input, "ja", &Actor::default()).await.unwrap();
        t.users.insert(role, user);
    }
    t
}

/// A logged-in client of a role.
pub async fn logged_in(t: &TestApp, role: Role) -> Client {
    let mut c = Client::default();
    let reply = c.login(t, role.code(), PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{} could not log in: {}", role.code(), reply.body);
    c
}
