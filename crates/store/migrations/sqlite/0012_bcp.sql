-- サイバー攻撃を想定したBCP: the yearly self-check against the ministry's 確認表 and the prints
-- of the 初動対応カード. 代替運用, drills, their improvement actions, staff and training records
-- are registers (register_records). Times are Unix milliseconds.

-- One check per fiscal year: the BCP document it was made against and, per item key of
-- core::bcp::ITEMS, the status (done, not_done, not_applicable), evidence entry and note, as JSON.
CREATE TABLE bcp_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year INTEGER NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (institution_id, fiscal_year)
);

-- Each time the card was printed, with the fingerprint of the registers it was made from
-- (core::bcp::card::fingerprint): a later, different fingerprint means the paper is stale.
CREATE TABLE bcp_card_prints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    printed_at INTEGER NOT NULL,
    printed_by TEXT NOT NULL,
    fingerprint TEXT NOT NULL
);
CREATE INDEX bcp_card_prints_latest ON bcp_card_prints (institution_id, printed_at);
