-- The chain heads are moved forward by every append, but never removed: removing a head
-- would hide its chain from verification.
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN
    SELECT RAISE(ABORT, 'audit_heads rows are never deleted');
END;
