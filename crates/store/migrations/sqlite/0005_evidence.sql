-- Files attached to an assessment's items as evidence (a ledger printout, a signed appointment,
-- a screenshot of a setting). Kept in the database, so backups carry them.
CREATE TABLE evidence_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    item_key TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX evidence_files_assessment ON evidence_files (institution_id, assessment_id, item_key);
