-- The audit log is sealed with a key kept outside the database (core::audit::AuditKey).
-- Each entry names the key that sealed it; entries written before the key existed keep
-- NULL here and their plain SHA-256 hash. Adding a column fires no row trigger, so the
-- log stays append-only.
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
