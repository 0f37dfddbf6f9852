//! A full or read-only disk is told apart from every other database problem, so a person is
//! told to free space rather than to check a password.
use crate::harness::*;
use iryosec_core::role::Role;
use iryosec_store::{MigrateMode, SqlStore, StorageFault, StoreError, UserStore};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

async fn sqlite_at(path: &std::path::Path, read_only: bool) -> SqliteConnection {
    let options = SqliteConnectOptions::new().filename(path).create_if_missing(true).read_only(read_only);
    SqliteConnection::connect_with(&options).await.unwrap()
}

fn fault_of(e: sqlx::Error) -> Option<StorageFault> {
    match StoreError::from(e) {
        StoreError::Storage { fault, .. } => Some(fault),
        _ => None,
    }
}

#[tokio::test]
async fn sqlite_out_of_room_is_a_full_disk_and_a_read_only_file_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite3");
    let mut c = sqlite_at(&path, false).await;
    sqlx::query("CREATE TABLE t (x BLOB)").execute(&mut c).await.unwrap();
    // SQLite reports a database that may not grow exactly as it reports a full disk.
    sqlx::query("PRAGMA max_page_count = 3").execute(&mut c).await.unwrap();
    let full = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))").execute(&mut c).await.unwrap_err();
    assert_eq!(fault_of(full), Some(StorageFault::Full));
    c.close().await.unwrap();

    let mut ro = sqlite_at(&path, true).await;
    let refused = sqlx::query("INSERT INTO t VALUES (1)").execute(&mut ro).await.unwrap_err();
    assert_eq!(fault_of(refused), Some(StorageFault::ReadOnly));
    let other = sqlx::query("INSERT INTO missing VALUES (1)").execute(&mut ro).await.unwrap_err();
    assert_eq!(fault_of(other), None, "other problems stay database errors");
}

#[tokio::test]
async fn a_read_only_postgres_database_is_said_to_be_read_only() {
    let Some(db) = postgres().await else { return };
    let (inst, _) = institution(&db.store, "a").await;
    raw(
        &db,
        &["DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', \
           current_database()); END $$"],
    )
    .await
    .unwrap();
    // New connections take the setting (a standby, or a database switched to read-only).
    let store = SqlStore::connect(&db.url, MigrateMode::Leave).await.unwrap();
    let refused = store.create_user(inst.id, &new_user("late", Role::Editor), &actor(), NOW).await;
    assert!(matches!(refused, Err(StoreError::Storage { fault: StorageFault::ReadOnly, .. })), "{refused:?}");
}
