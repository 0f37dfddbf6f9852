-- What the ledger marks (core::ledger::marks), as day numbers (Julian days) beside the JSON so
-- that the list filters and the home page counts by them: the end of support (0 for support
-- ended on an unknown day) and the last confirmation.
ALTER TABLE assets ADD COLUMN support_end_day INTEGER;
ALTER TABLE assets ADD COLUMN confirmed_day INTEGER;

UPDATE assets SET
    support_end_day = CAST(julianday(json_extract(data, '$.support_ends_on')) + 0.5 AS INTEGER),
    confirmed_day = CAST(julianday(json_extract(data, '$.confirmed_on')) + 0.5 AS INTEGER);

-- How an institution's files were read, remembered from its last import of each kind of file
-- with the same headers (io::layout): the sheet, the header row and every column's field.
CREATE TABLE import_layouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    kind TEXT NOT NULL,
    signature TEXT NOT NULL,
    layout TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (institution_id, kind, signature)
);
