-- Checklist edition drafts being made in the editor, one institution's each: the edition as
-- TOML (every item with its check against the official form), the edition it was started from,
-- and the official file it was read from, if any. Published drafts keep the edition id they
-- became. Times are Unix milliseconds.
CREATE TABLE catalog_drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    source_edition TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    sheet TEXT NOT NULL,
    content TEXT NOT NULL,
    official_name TEXT NOT NULL,
    official_sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    published_edition TEXT
);
CREATE INDEX catalog_drafts_institution ON catalog_drafts (institution_id, id);
