-- アカウント点検: a review of the systems' account lists against the staff roster, and what was
-- decided about each finding. The files themselves are not kept; their names and counts are.
-- Dates of the review are civil dates ('YYYY-MM-DD'); times are Unix milliseconds.
CREATE TABLE account_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    reviewed_on TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    unused_days INTEGER NOT NULL,
    -- JSON: [{"system", "file_name", "accounts"}], one per account list.
    sources TEXT NOT NULL,
    roster_file TEXT NOT NULL,
    account_count INTEGER NOT NULL,
    staff_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX account_reviews_list ON account_reviews (institution_id, fiscal_year, reviewed_on);

CREATE TABLE account_review_findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    review_id INTEGER NOT NULL REFERENCES account_reviews (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('leaver_enabled', 'on_leave_enabled', 'unused', 'generic', 'no_owner')),
    system TEXT NOT NULL,
    login TEXT NOT NULL,
    account_name TEXT NOT NULL,
    -- The matched person of the roster, if any.
    employee_no TEXT,
    staff_name TEXT,
    idle_days INTEGER,
    decision TEXT CHECK (decision IN ('delete', 'disable', 'keep')),
    reason TEXT NOT NULL DEFAULT '',
    decided_at INTEGER,
    decided_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_review_findings_review ON account_review_findings (institution_id, review_id, position);
