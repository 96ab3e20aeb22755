package server

import (
	"encoding/json"
	"time"

	"github.com/redpen-social/redpen/internal/store"
)

// exportFormat names the shape of "download my data", so a later change can be told apart.
const exportFormat = "redpen-personal-data/1"

// The JSON of "download my data". Field names are spelt out for a reader, not a program.
type dataExport struct {
	Format            string              `json:"format"`
	ExportedAt        time.Time           `json:"exported_at"`
	About             string              `json:"about"`
	Account           exportAccount       `json:"account"`
	ModuleProgress    []exportModule      `json:"module_progress"`
	QuizAnswers       []exportQuizAnswer  `json:"knowledge_check_answers"`
	Attempts          []exportAttempt     `json:"critiques"`
	CPDEntries        []exportCPDEntry    `json:"cpd_entries"`
	Certificates      []exportCertificate `json:"certificates"`
	CohortMemberships []exportMembership  `json:"cohort_memberships"`
	APITokens         []exportToken       `json:"api_tokens"`
}

type exportAccount struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

type exportModule struct {
	ModuleID    string     `json:"module_id"`
	StartedAt   time.Time  `json:"started_at"`
	CompletedAt *time.Time `json:"completed_at"`
}

type exportQuizAnswer struct {
	ModuleID   string    `json:"module_id"`
	QuizID     string    `json:"knowledge_check_id"`
	Choices    []int     `json:"choices"`
	Correct    bool      `json:"correct"`
	AnsweredAt time.Time `json:"answered_at"`
}

type exportAttempt struct {
	ID          int64           `json:"id"`
	ScenarioID  string          `json:"case_id"`
	Status      string          `json:"status"`
	StartedAt   time.Time       `json:"started_at"`
	SubmittedAt *time.Time      `json:"submitted_at"`
	Score       *float64        `json:"score"`
	Result      json.RawMessage `json:"result,omitempty"`
	Reflection  string          `json:"reflection"`
	Flags       []exportFlag    `json:"flags"`
}

type exportFlag struct {
	ID        int64   `json:"id"`
	Document  string  `json:"document"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Quote     string  `json:"quote"`
	Category  string  `json:"category"`
	Rationale string  `json:"rationale"`
	Evidence  *[2]int `json:"evidence,omitempty"`
}

type exportCPDEntry struct {
	ID           int64      `json:"id"`
	AddedFrom    string     `json:"added_from"`
	ActivityType string     `json:"activity_type"`
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Date         string     `json:"date"`
	Minutes      int        `json:"minutes"`
	Learnt       string     `json:"what_i_learnt"`
	Impact       string     `json:"impact"`
	PeerWith     string     `json:"peer_reflection_with"`
	PeerDate     string     `json:"peer_reflection_date"`
	PeerOutcome  string     `json:"peer_reflection_outcome"`
	Standards    []string   `json:"standards"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	EditedAt     *time.Time `json:"edited_at"`
}

type exportCertificate struct {
	VerificationID string    `json:"verification_id"`
	CourseID       string    `json:"course_id"`
	CourseTitle    string    `json:"course_title"`
	CompletedAt    time.Time `json:"completed_at"`
	IssuedAt       time.Time `json:"issued_at"`
}

type exportMembership struct {
	CohortID int64  `json:"cohort_id"`
	Name     string `json:"cohort_name"`
	Role     string `json:"role"`
}

type exportToken struct {
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func optDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(store.DateLayout)
}

// exportFrom lays out what the store gathered; slices are never null, so a reader sees an
// empty list rather than a missing one. Verdicts of cases whose answer key is still held
// back (held, by scenario id) are left out until the due date, like on the feedback page.
func exportFrom(d store.AccountData, now time.Time, held map[string]bool) dataExport {
	x := dataExport{
		Format: exportFormat, ExportedAt: now.UTC(),
		About: "Everything Redpen holds about you. Your password is not included: only a one-way hash of it is stored. " +
			"Sign-in sessions and API token secrets are not included either. See docs/data-protection.md in the Redpen repository.",
		Account:        exportAccount{ID: d.User.ID, Name: d.User.Name, Email: d.User.Email, Role: d.User.Role, CreatedAt: d.User.CreatedAt},
		ModuleProgress: []exportModule{}, QuizAnswers: []exportQuizAnswer{}, Attempts: []exportAttempt{},
		CPDEntries: []exportCPDEntry{}, Certificates: []exportCertificate{}, CohortMemberships: []exportMembership{}, APITokens: []exportToken{},
	}
	for _, m := range d.Modules {
		x.ModuleProgress = append(x.ModuleProgress, exportModule{ModuleID: m.ModuleID, StartedAt: m.StartedAt, CompletedAt: optTime(m.CompletedAt)})
	}
	for _, a := range d.QuizAnswers {
		x.QuizAnswers = append(x.QuizAnswers, exportQuizAnswer{ModuleID: a.ModuleID, QuizID: a.QuizID, Choices: a.Choices, Correct: a.Correct, AnsweredAt: a.AnsweredAt})
	}
	for _, a := range d.Attempts {
		ea := exportAttempt{ID: a.ID, ScenarioID: a.ScenarioID, Status: a.Status, StartedAt: a.CreatedAt,
			SubmittedAt: optTime(a.SubmittedAt), Reflection: a.Reflection, Flags: []exportFlag{}}
		if a.Submitted() {
			score := a.Score
			ea.Score = &score
			if json.Valid(a.Result) && !held[a.ScenarioID] {
				ea.Result = a.Result
			}
		}
		for _, f := range a.Flags {
			ef := exportFlag{ID: f.ID, Document: f.Document, Start: f.Start, End: f.End, Quote: f.Quote, Category: f.Category, Rationale: f.Rationale}
			if f.HasEvidence() {
				ef.Evidence = &[2]int{f.EvidenceStart, f.EvidenceEnd}
			}
			ea.Flags = append(ea.Flags, ef)
		}
		x.Attempts = append(x.Attempts, ea)
	}
	for _, e := range d.CPDEntries {
		standards := e.Standards
		if standards == nil {
			standards = []string{}
		}
		x.CPDEntries = append(x.CPDEntries, exportCPDEntry{ID: e.ID, AddedFrom: e.Source, ActivityType: e.ActivityType, Title: e.Title,
			Description: e.Description, Date: optDate(e.Date), Minutes: e.Minutes, Learnt: e.Learnt, Impact: e.Impact,
			PeerWith: e.PeerWith, PeerDate: optDate(e.PeerDate), PeerOutcome: e.PeerOutcome, Standards: standards,
			CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt, EditedAt: optTime(e.EditedAt)})
	}
	for _, c := range d.Certificates {
		x.Certificates = append(x.Certificates, exportCertificate{VerificationID: c.ID, CourseID: c.CourseID, CourseTitle: c.CourseTitle, CompletedAt: c.CompletedAt, IssuedAt: c.IssuedAt})
	}
	for _, m := range d.Cohorts {
		x.CohortMemberships = append(x.CohortMemberships, exportMembership{CohortID: m.CohortID, Name: m.Name, Role: m.Role})
	}
	for _, t := range d.Tokens {
		x.APITokens = append(x.APITokens, exportToken{Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: optTime(t.LastUsedAt), RevokedAt: optTime(t.RevokedAt)})
	}
	return x
}
