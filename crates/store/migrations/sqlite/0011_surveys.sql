-- G-MIS 調査の回答: one set of answers per institution, fiscal year and survey edition, kept as
-- the answer file holds them (question id → answer), with the ids a person confirmed and where
-- prefilled answers came from. An archive keeps the bundle (`iryosec-survey` v1) of a year's
-- answers as they were when someone settled them. Times are Unix milliseconds.
CREATE TABLE survey_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    edition_id TEXT NOT NULL,
    -- JSON object: question id → answer (answer-file convention).
    answers TEXT NOT NULL,
    -- JSON array of question ids.
    confirmed TEXT NOT NULL,
    -- JSON object: question id → where the prefilled answer came from.
    sources TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (institution_id, fiscal_year, edition_id)
);

CREATE TABLE survey_archives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    edition_id TEXT NOT NULL,
    -- The bundle as JSON text.
    bundle TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX survey_archives_year ON survey_archives (institution_id, fiscal_year, id);
