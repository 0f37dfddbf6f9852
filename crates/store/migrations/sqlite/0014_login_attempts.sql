-- Logins lock per account and client address (core::lockout): what each account remembers of
-- each address it was tried from, so a guesser at one address cannot lock the owner out at
-- another. users.failed_logins now counts the account's failures from every address (each
-- within an hour of the one before, from last_failed_login_at); past a limit an unfamiliar
-- address may try again only from users.slowed_until. users.locked_until now says until when
-- some address is locked out (for administrators to see).
-- Left out of PostgreSQL dumps, like sessions: counts of failed logins need no restoring.

CREATE TABLE login_attempts (
    user_id INTEGER NOT NULL REFERENCES users (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    client TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    last_failed_at INTEGER,
    last_login_at INTEGER,
    PRIMARY KEY (user_id, client)
);

ALTER TABLE users ADD COLUMN last_failed_login_at INTEGER;
ALTER TABLE users ADD COLUMN slowed_until INTEGER;

-- Locks of whole accounts end with the old rule.
UPDATE users SET failed_logins = 0, locked_until = NULL;
