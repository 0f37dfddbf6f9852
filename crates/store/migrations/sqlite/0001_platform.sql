-- The platform: institutions, accounts, sessions and the audit log.
-- Column vocabulary shared with PostgreSQL: 64-bit integers, text, booleans.
-- Timestamps are Unix milliseconds (UTC); ids are integers.

CREATE TABLE server_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hospital', 'clinic', 'dental_clinic', 'pharmacy')),
    prefecture INTEGER NOT NULL CHECK (prefecture BETWEEN 1 AND 47),
    beds INTEGER,
    medical_code TEXT,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    login_id TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer', 'auditor')),
    password_hash TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'ja',
    date_style TEXT NOT NULL DEFAULT 'wareki',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    last_login_at INTEGER,
    password_changed_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX users_institution ON users (institution_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT
);
CREATE INDEX sessions_user ON sessions (institution_id, user_id);

CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    institution_id INTEGER REFERENCES institutions (id),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chain TEXT NOT NULL,
    seq INTEGER NOT NULL,
    institution_id INTEGER REFERENCES institutions (id),
    occurred_at INTEGER NOT NULL,
    actor_user_id INTEGER,
    actor_login TEXT NOT NULL,
    actor_ip TEXT,
    request_id TEXT,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_log_institution_time ON audit_log (institution_id, occurred_at);

-- Append-only: the application never updates or deletes an audit entry, and the database
-- refuses to. (Someone with the file can still drop these; the hash chain shows it then.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
