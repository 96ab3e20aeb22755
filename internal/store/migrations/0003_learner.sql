-- The learner's own record: CPD entries and certificates of completion.
-- Every table refers to users with ON DELETE CASCADE, so deleting an account removes it all.

-- A CPD entry follows the fields of Social Work England's CPD record. Entries made from a
-- completed module or a submitted critique name it in source/source_ref; a learner's own
-- entries have source 'manual'.
CREATE TABLE cpd_entries (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source        TEXT NOT NULL CHECK (source IN ('manual', 'module', 'attempt')),
    source_ref    TEXT NOT NULL DEFAULT '',
    activity_type TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    activity_date TEXT NOT NULL,             -- a calendar date, YYYY-MM-DD
    minutes       INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    learnt        TEXT NOT NULL DEFAULT '',
    impact        TEXT NOT NULL DEFAULT '',
    peer_with     TEXT NOT NULL DEFAULT '',
    peer_date     TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD or empty
    peer_outcome  TEXT NOT NULL DEFAULT '',
    standards     TEXT NOT NULL DEFAULT '[]', -- JSON array of standard numbers
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    edited_at     TEXT                       -- set when the learner first saves the entry
);
CREATE INDEX cpd_entries_user_date ON cpd_entries (user_id, activity_date);

-- Which activities have already been turned into entries, so an entry the learner deleted
-- is not added again.
CREATE TABLE cpd_imports (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source     TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    PRIMARY KEY (user_id, source, source_ref)
);

-- A certificate's id is its public verification id: random, unguessable, URL-safe.
CREATE TABLE certificates (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id    TEXT NOT NULL,
    course_title TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    issued_at    TEXT NOT NULL,
    UNIQUE (user_id, course_id)
);
