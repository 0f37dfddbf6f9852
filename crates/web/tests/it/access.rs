//! Every route with every role: the route table is walked, so a route added without the
//! right access fails here.
use crate::harness::*;
use axum::http::{Method, StatusCode};
use iryosec_core::role::{Permission, Role};
use iryosec_web::{Access, route_table};

fn concrete(path: &str, t: &TestApp) -> String {
    path.replace("{id}", &t.users[&Role::Viewer].id.to_string())
        .replace("{file}", "app.css")
        .replace("{list}", "executive")
}

/// What a request by `role` (None: not logged in) must get on a route of `access`.
fn allowed(access: Access, role: Option<Role>) -> bool {
    match access {
        Access::Public | Access::Anonymous => true,
        Access::Setup => false,
        Access::LoggedIn => role.is_some(),
        Access::Allowed(p) => role.is_some_and(|r| r.allows(p)),
    }
}

#[tokio::test]
async fn every_route_checks_every_role() {
    let t = ready().await;
    let mut clients = vec![(None, Client::default())];
    for role in Role::ALL {
        clients.push((Some(role), logged_in(&t, role).await));
    }
    let mut checked = 0;
    // Logging out ends the session the other checks use, so it goes last.
    let mut table = route_table();
    table.sort_by_key(|(_, path, _)| *path == "/logout");
    for (method, path, access) in table {
        for (role, client) in &clients {
            let mut c = client.clone();
            let url = concrete(path, &t);
            let reply = if method == Method::GET {
                c.get(&t, &url).await
            } else {
                // A valid token: what is tested here is the role, not CSRF.
                let token_page = if role.is_some() { "/account" } else { "/login" };
                let csrf = c.get(&t, token_page).await.csrf();
                c.send(&t, method.clone(), &url, &[("csrf", csrf.as_str())]).await
            };
            let who = role.map_or("anonymous", |r| r.code());
            let ctx = format!("{method} {path} as {who}: {} {}", reply.status, reply.location());
            // The guard sends people who must log in to exactly "/login"; only these routes
            // go there by themselves.
            let sends_to_login = matches!(path, "/logout" | "/language");
            if allowed(access, *role) {
                assert_ne!(reply.status, StatusCode::FORBIDDEN, "{ctx}");
                assert!(reply.location() != "/login" || sends_to_login, "{ctx}");
            } else if access == Access::Setup {
                assert!(reply.location().starts_with("/login"), "{ctx}");
            } else if role.is_none() {
                assert_eq!(reply.status, StatusCode::SEE_OTHER, "{ctx}");
                assert!(reply.location().starts_with("/login"), "{ctx}");
            } else {
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{ctx}");
                assert!(reply.body.contains("この操作は許可されていません"), "{ctx}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, route_table().len() * 5);
}

#[tokio::test]
async fn the_route_table_is_complete_and_protected() {
    let table = route_table();
    // Every permission guards at least one route, and nothing but the login, setup, health
    // and asset routes and the staff check by code is reachable without logging in.
    for p in Permission::ALL {
        assert!(table.iter().any(|(_, _, a)| *a == Access::Allowed(p)), "{p:?} guards nothing");
    }
    let open: Vec<_> = table
        .iter()
        .filter(|(_, _, a)| matches!(a, Access::Public | Access::Anonymous | Access::Setup))
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    assert_eq!(
        open,
        vec![
            "GET /healthz",
            "GET /assets/{file}",
            "GET /setup",
            "POST /setup",
            "GET /login",
            "POST /login",
            "POST /language",
            "GET /check",
            "POST /check",
            "POST /check/answer"
        ]
    );
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_missing_or_wrong_csrf_token() {
    let t = ready().await;
    let admin = logged_in(&t, Role::Admin).await;
    // Access comes first and reads no body: once set up, the setup form only redirects (below).
    let state_changing =
        route_table().into_iter().filter(|(m, _, a)| *m != Method::GET && *a != Access::Setup);
    for (method, path, _) in state_changing {
        let url = concrete(path, &t);
        for token in [None, Some("wrong-token-wrong-token-wrong-token-x")] {
            let mut c = admin.clone();
            let form: Vec<(&str, &str)> = token.map(|tok| vec![("csrf", tok)]).unwrap_or_default();
            let reply = c.send(&t, method.clone(), &url, &form).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path} with {token:?}");
            assert!(reply.body.contains("画面の有効期限が切れました"), "{method} {path}");
        }
    }
    // Before login the token of the pre-login cookie is required too.
    let mut anon = Client::default();
    anon.get(&t, "/login").await;
    let reply = anon.send(&t, Method::POST, "/login", &[("login_id", "admin"), ("password", PASSWORD)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let setup_again = admin.clone().send(&t, Method::POST, "/setup", &[]).await;
    assert_eq!(setup_again.location(), "/login?notice=setup.already_done");
    // Before setup, the setup form needs its token too.
    let fresh = fresh().await;
    let reply = Client::default().send(&fresh, Method::POST, "/setup", &[("login_id", "admin")]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("画面の有効期限が切れました"));
}

#[tokio::test]
async fn before_setup_everything_leads_to_setup() {
    let t = fresh().await;
    let mut c = Client::default();
    for path in ["/", "/login", "/users", "/audit"] {
        let reply = c.get(&t, path).await;
        assert_eq!((reply.status, reply.location()), (StatusCode::SEE_OTHER, "/setup"), "{path}");
    }
    assert_eq!(c.get(&t, "/healthz").await.status, StatusCode::OK);
}
