-- The registers besides the ledger (医療情報システム, 事業者, バックアップ, 復元テスト, 連絡体制図).
-- The domain describes each register's fields; an entry is kept as JSON in `data`, with its
-- register, its key (unique within the register) and a search text beside it.
CREATE TABLE register_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    register TEXT NOT NULL,
    record_key TEXT NOT NULL,
    search TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (institution_id, register, record_key)
);

-- Files kept with an entry (a vendor's MDS/SDS). In the database, so backups carry them.
CREATE TABLE record_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    record_id INTEGER NOT NULL REFERENCES register_records (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX record_files_record ON record_files (institution_id, record_id);

-- 事業者確認用: the sheet sent to a vendor for one checklist edition, and its answers once
-- returned (JSON: item key → answer per scope).
CREATE TABLE vendor_sheets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    vendor_id INTEGER NOT NULL REFERENCES register_records (id),
    edition_id TEXT NOT NULL,
    sent_on TEXT,
    returned_on TEXT,
    answers TEXT,
    updated_at INTEGER NOT NULL,
    UNIQUE (institution_id, vendor_id, edition_id)
);

-- A person's confirmation or override of a suggested answer, per assessment item.
CREATE TABLE suggestion_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    item_key TEXT NOT NULL,
    suggested TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    decided_by TEXT NOT NULL,
    UNIQUE (institution_id, assessment_id, item_key)
);
