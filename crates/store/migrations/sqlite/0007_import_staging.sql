-- A file uploaded for import, kept between the preview (where the person checks how columns
-- are read) and the commit. Removed once imported, and after a day in any case.
CREATE TABLE import_staging (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    token TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
