-- Cohorts run by educators, their members, assignments, and the anonymous results kept for
-- cohort analytics when a learner deletes their account.

CREATE TABLE cohorts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    join_code   TEXT NOT NULL UNIQUE,
    archived_at TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE cohort_members (
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('learner', 'educator')),
    joined_at TEXT NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_members_user ON cohort_members (user_id);

-- A key held back until the due date needs a due date.
CREATE TABLE assignments (
    id              INTEGER PRIMARY KEY,
    cohort_id       INTEGER NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('module', 'scenario')),
    item_id         TEXT NOT NULL,
    due_at          TEXT,
    feedback_policy TEXT NOT NULL DEFAULT 'immediate' CHECK (feedback_policy IN ('immediate', 'after_due')),
    created_at      TEXT NOT NULL,
    CHECK (feedback_policy = 'immediate' OR due_at IS NOT NULL)
);
CREATE UNIQUE INDEX assignments_item ON assignments (cohort_id, kind, item_id);

-- Rows of learners who deleted their accounts: the attempt's stored result JSON, which holds
-- only verdicts by flaw id, no text. Filled by account deletion; read by cohort analytics.
CREATE TABLE anonymous_results (
    id           INTEGER PRIMARY KEY,
    cohort_id    INTEGER REFERENCES cohorts (id) ON DELETE CASCADE,
    scenario_id  TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    score        REAL NOT NULL,
    result       TEXT NOT NULL
);
CREATE INDEX anonymous_results_cohort ON anonymous_results (cohort_id, scenario_id);
