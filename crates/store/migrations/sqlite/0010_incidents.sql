-- インシデント対応: incidents (real ones and drills), their timelines and the institution's
-- targets per step. Nothing about an incident is ever changed in place: the incident's facts are
-- written once, and every step marked, note and correction is a new timeline entry,
-- hash-chained per incident (core::incident::timeline). Triggers refuse UPDATE and DELETE.
-- Times are Unix milliseconds.
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    kind TEXT NOT NULL CHECK (kind IN
        ('ransomware', 'unauthorized_access', 'data_leak', 'system_failure', 'suspicious_mail', 'other')),
    title TEXT NOT NULL,
    -- JSON array of system names, as in the systems register.
    systems TEXT NOT NULL,
    detected_by TEXT NOT NULL,
    detected_how TEXT NOT NULL,
    detected_at INTEGER NOT NULL,
    is_drill BOOLEAN NOT NULL DEFAULT FALSE,
    opened_at INTEGER NOT NULL,
    opened_by TEXT NOT NULL
);
CREATE INDEX incidents_list ON incidents (institution_id, is_drill, detected_at);

-- The tip of each incident's timeline; moves forward with every entry, never removed.
CREATE TABLE incident_heads (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE incident_timeline (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'step', 'note', 'correction', 'closed')),
    step TEXT,
    status TEXT CHECK (status IN ('done', 'not_done', 'not_applicable')),
    actor TEXT NOT NULL,
    done_at INTEGER,
    note TEXT NOT NULL,
    -- The entry a correction corrects.
    corrects INTEGER,
    -- For a step: the step's entry the change was based on (0: none yet).
    base INTEGER,
    payload TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (incident_id, seq)
);
CREATE INDEX incident_timeline_of ON incident_timeline (institution_id, incident_id, seq);

CREATE TABLE incident_targets (
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    step TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (institution_id, step)
);

CREATE TRIGGER incidents_no_update BEFORE UPDATE ON incidents
BEGIN
    SELECT RAISE(ABORT, 'incidents are written once');
END;
CREATE TRIGGER incidents_no_delete BEFORE DELETE ON incidents
BEGIN
    SELECT RAISE(ABORT, 'incidents are written once');
END;
CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline
BEGIN
    SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;
CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline
BEGIN
    SELECT RAISE(ABORT, 'incident_timeline is append-only');
END;
CREATE TRIGGER incident_heads_no_delete BEFORE DELETE ON incident_heads
BEGIN
    SELECT RAISE(ABORT, 'incident_heads rows are never deleted');
END;
