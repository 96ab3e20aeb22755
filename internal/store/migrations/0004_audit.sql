-- Who did what, when: educators viewing a learner's work and admins' actions.
-- actor_id is kept as a plain number (no foreign key) so the trail survives the actor's
-- account being deleted; actor_name and subject are copied at the time for the same reason.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
