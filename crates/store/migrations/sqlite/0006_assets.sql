-- 情報機器台帳. The whole record is kept as JSON in `data` (the domain owns its shape); the
-- columns beside it are what lists search, filter and sort by.
CREATE TABLE assets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    asset_no TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    zone TEXT,
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    search TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (institution_id, asset_no)
);
CREATE INDEX assets_list ON assets (institution_id, retired, asset_no);
