-- The yearly self-assessment of a checklist edition, and its answers per item and scope.
-- Dates of the form (確認日, 目標日) are civil dates, stored as 'YYYY-MM-DD' text.

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    edition_id TEXT NOT NULL,
    vendor_contract BOOLEAN NOT NULL DEFAULT TRUE,
    carried_from INTEGER REFERENCES assessments (id),
    carry_flags TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (institution_id, fiscal_year, edition_id)
);

CREATE TABLE assessment_answers (
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    item_key TEXT NOT NULL,
    scope TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('yes', 'no')),
    confirmed_1 TEXT,
    confirmed_2 TEXT,
    target_date TEXT,
    note TEXT NOT NULL DEFAULT '',
    confirmed_by TEXT NOT NULL DEFAULT '',
    draft BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_key, scope)
);
CREATE INDEX assessment_answers_institution ON assessment_answers (institution_id, assessment_id);
