-- Role checklists (core::roles) and the director's page. Times are Unix milliseconds.

-- Role lists imported by users (the shipped ones live in the binary). Server-wide, like
-- catalog_editions: an official list is the same for every institution on the server.
CREATE TABLE role_lists (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    audience TEXT NOT NULL,
    title TEXT NOT NULL,
    source_text TEXT NOT NULL,
    source_name TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

-- The answers of a list answered once a fiscal year (経営層向け, システム管理者向け, the
-- nine-area self-check): per item key, the mark and a note, as JSON; the list they answer.
CREATE TABLE role_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    audience TEXT NOT NULL,
    list_id TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (institution_id, fiscal_year, audience)
);

-- The per-year codes staff answer the staff check with, without an account. Only the SHA-256
-- of a code is kept; a code is found by it before anyone is logged in, so it is unique across
-- the server. A revoked code takes no more answers.
CREATE TABLE staff_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    departments TEXT NOT NULL,
    list_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at INTEGER,
    revoked_by TEXT
);
CREATE INDEX staff_codes_year ON staff_codes (institution_id, fiscal_year);

-- One staff member's answers: the department and job role only, never a name or an address.
-- code_id is the code it came through, or NULL for a paper sheet typed in (entered_by says by
-- whom). received_on is the day (YYYY-MM-DD), not the moment, so that an answer cannot be
-- matched to a person by the time they were seen at a terminal.
CREATE TABLE staff_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    list_id TEXT NOT NULL,
    code_id INTEGER REFERENCES staff_codes (id),
    department TEXT NOT NULL,
    job_role TEXT NOT NULL,
    body TEXT NOT NULL,
    received_on TEXT NOT NULL,
    entered_by TEXT
);
CREATE INDEX staff_answers_year ON staff_answers (institution_id, fiscal_year);

-- The director's 「確認しました」 for a fiscal year's page; never changed, a later one is added.
CREATE TABLE director_signoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    signed_on TEXT NOT NULL,
    comment TEXT NOT NULL,
    signed_as TEXT NOT NULL,
    director_name TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX director_signoffs_year ON director_signoffs (institution_id, fiscal_year);
