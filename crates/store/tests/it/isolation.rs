//! One server, many institutions: nothing of one may reach another.
use crate::harness::*;
use iryosec_core::role::Role;
use iryosec_store::{AuditFilter, AuditStore, StoreError, UserChange, UserStore};

on_every_backend!(institutions_never_see_each_other, |db| {
    let s = &db.store;
    let (a, a_admin) = institution(s, "a").await;
    let (b, b_admin) = institution(s, "b").await;
    let b_nurse = user(s, b.id, "b-nurse", Role::Editor).await;

    let a_users: Vec<_> = s.users(a.id).await.unwrap().into_iter().map(|u| u.id).collect();
    assert_eq!(a_users, vec![a_admin.id]);
    assert!(s.user(a.id, b_nurse.id).await.unwrap().is_none());
    assert!(s.user(a.id, b_admin.id).await.unwrap().is_none());

    let change =
        UserChange { display_name: "hijack".into(), role: Role::Admin, disabled: false, unlock: true };
    let through_a = s.update_user(a.id, b_nurse.id, &change, &actor(), NOW).await;
    assert!(matches!(through_a, Err(StoreError::NotFound)), "{through_a:?}");
    assert_eq!(s.user(b.id, b_nurse.id).await.unwrap().unwrap().role, Role::Editor);
    let pw = s.set_password(a.id, b_nurse.id, "x", true, None, &actor(), NOW).await;
    assert!(matches!(pw, Err(StoreError::NotFound)));
    let prefs = s.set_preferences(a.id, b_nurse.id, "en", "western", &actor(), NOW).await;
    assert!(matches!(prefs, Err(StoreError::NotFound)));

    let (a_log, _) = s.audit_entries(a.id, &AuditFilter::default(), 100, 0).await.unwrap();
    assert!(!a_log.is_empty());
    assert!(a_log.iter().all(|e| e.institution_id == Some(a.id.get())));
    assert!(a_log.iter().all(|e| !e.after_json.as_deref().unwrap_or("").contains("b-")));
});

// Every table that holds institution data names the institution. A new table without
// `institution_id` fails here until it is added or listed as server-wide with a reason.
on_every_backend!(every_table_carries_the_institution_id, |db| {
    // `institutions` is keyed by the institution id itself; checklist editions and role lists
    // are the ministry's (or iryosec's), and lifecycle bundles public facts, shared by every
    // institution on the server.
    const SERVER_WIDE: [&str; 6] = [
        "institutions",
        "server_settings",
        "catalog_editions",
        "role_lists",
        "lifecycle_bundles",
        "_sqlx_migrations",
    ];
    let tables: Vec<(String, bool)> = match &db.url {
        iryosec_store::DatabaseUrl::Sqlite(path) => {
            use sqlx::Connection;
            let mut c =
                sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            let mut out = Vec::new();
            for n in names {
                let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                    .bind(&n)
                    .fetch_all(&mut c)
                    .await
                    .unwrap();
                out.push((n, cols.iter().any(|c| c == "institution_id")));
            }
            out
        }
        iryosec_store::DatabaseUrl::Postgres(url) => {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_as(
                "SELECT t.table_name::text, EXISTS (SELECT 1 FROM information_schema.columns c \
                 WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'institution_id') \
                 FROM information_schema.tables t WHERE t.table_schema = 'public'",
            )
            .fetch_all(&mut c)
            .await
            .unwrap()
        }
    };
    assert!(tables.len() >= 6, "{tables:?}");
    let missing: Vec<_> =
        tables.iter().filter(|(n, has)| !has && !SERVER_WIDE.contains(&n.as_str())).map(|(n, _)| n).collect();
    assert!(missing.is_empty(), "tables without institution_id: {missing:?}");
});
