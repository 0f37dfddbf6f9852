-- End-of-support and known-exploited data imported as signed bundles (the shipped data lives in
-- the binary). Server-wide, like checklist editions: the facts are the same for every
-- institution. Only bundles whose signature was checked are stored; `payload` is the signed
-- text exactly as signed.
CREATE TABLE lifecycle_bundles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_on TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    source_name TEXT NOT NULL,
    payload TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    imported_by TEXT NOT NULL
);
