-- Users, sessions, module progress, critique attempts and API tokens.
-- Times are UTC RFC 3339 text. Emails are stored lower-cased so uniqueness is portable.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('learner', 'educator', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE module_progress (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module_id    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    completed_at TEXT,
    PRIMARY KEY (user_id, module_id)
);

-- Every answer is kept; the latest per quiz decides the module's state.
CREATE TABLE quiz_answers (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module_id   TEXT NOT NULL,
    quiz_id     TEXT NOT NULL,
    choices     TEXT NOT NULL,
    correct     INTEGER NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE INDEX quiz_answers_user_module ON quiz_answers (user_id, module_id, quiz_id, id);

CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scenario_id  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    submitted_at TEXT,
    score        REAL,
    result       TEXT,
    reflection   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attempts_user_scenario ON attempts (user_id, scenario_id);
-- A learner has at most one open draft per scenario.
CREATE UNIQUE INDEX attempts_one_draft ON attempts (user_id, scenario_id) WHERE status = 'draft';

CREATE TABLE flags (
    id             INTEGER PRIMARY KEY,
    attempt_id     INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    document       TEXT NOT NULL CHECK (document IN ('note', 'source')),
    start_pos      INTEGER NOT NULL,
    end_pos        INTEGER NOT NULL,
    quote          TEXT NOT NULL,
    category       TEXT NOT NULL,
    rationale      TEXT NOT NULL DEFAULT '',
    evidence_start INTEGER,
    evidence_end   INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX flags_attempt ON flags (attempt_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
