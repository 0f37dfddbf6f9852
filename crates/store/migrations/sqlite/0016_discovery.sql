-- Devices seen on the network. A ledger entry's latest sighting (when, in which file) says
-- since when an entry was not seen; each applied discovery import is kept with what it read
-- (counts, and the Windows update status per machine as JSON) as evidence. Times are Unix
-- milliseconds.
CREATE TABLE asset_sightings (
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    asset_id INTEGER NOT NULL REFERENCES assets (id),
    seen_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (institution_id, asset_id)
);

CREATE TABLE discovery_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    imported_at INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    files TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX discovery_imports_latest ON discovery_imports (institution_id, imported_at);
