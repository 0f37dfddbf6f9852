-- Checklist editions imported by users (the shipped ones live in the binary). Server-wide:
-- an edition is the ministry's, the same for every institution on the server.
CREATE TABLE catalog_editions (
    id TEXT NOT NULL,
    version BIGINT NOT NULL,
    fiscal_year BIGINT NOT NULL,
    sheet TEXT NOT NULL,
    title TEXT NOT NULL,
    source_text TEXT NOT NULL,
    source_name TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
