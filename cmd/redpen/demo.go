package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redpen-social/redpen/internal/content"
	"github.com/redpen-social/redpen/internal/password"
	"github.com/redpen-social/redpen/internal/scenario"
	"github.com/redpen-social/redpen/internal/store"
)

// The demo educator's email: its presence marks a database that already holds the demo.
const demoEducatorEmail = "educator@demo.redpen.test"

// demoLearnerNames are the simulated learners, all fictional.
var demoLearnerNames = []string{
	"Amira Haddad", "Ben Okafor", "Chloe Price", "Dev Patel", "Ella Kowalski", "Femi Adeyemi",
	"Grace O'Neill", "Hassan Ali", "Isla Murray", "Jamal Reid", "Katie Evans", "Liam Byrne",
	"Maya Chen", "Nadia Rahman", "Owen Hughes", "Priya Sharma", "Rhys Morgan", "Sara Lindqvist",
	"Tom Fletcher", "Uma Nwosu", "Vikram Das", "Wren Taylor", "Yasmin Begum", "Zoe Campbell",
	"Aaron Mensah", "Bethan Jones", "Callum Fraser", "Daisy Walsh", "Ewan Kerr", "Fatima Sheikh",
}

// Modules and scenarios the demo assigns, when the content has them.
var (
	demoModules   = []string{"checking-ai-records", "privacy-and-data-protection"}
	demoScenarios = []string{"child-in-need-visit", "hospital-discharge", "kinship-assessment"}
)

func runDemo(ctx context.Context, args []string, e env) error {
	var db string
	var seed uint64
	fs := newFlagSet("demo", "demo [--db FILE] [--seed N]\n\nSeeds the database with an educator, a cohort of 30 simulated learners whose\nattempts at real cases vary, and assignments, so cohort analytics can be seen\nat once. Prints how to sign in.", e)
	fs.dbFlag(&db)
	fs.Uint64Var(&seed, "seed", 1, "seed for the simulated learners; the same seed gives the same demo")
	if err := fs.parse(args, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	lib, err := content.Load(embedded())
	if err != nil {
		return fmt.Errorf("demo: the built-in content has problems: %w", err)
	}
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.FindUserByEmail(ctx, demoEducatorEmail); err == nil {
		return fmt.Errorf("demo: %s already holds the demo data (%s has an account); use another --db file", db, demoEducatorEmail)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	pw := demoPassword()
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		return err
	}
	co, err := seedDemo(ctx, st, lib, hash, rand.New(rand.NewPCG(seed, seed^0x5eed)))
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(e.stdout, `Demo data is ready in %s.

Start Redpen on it:
  redpen serve --db %s
then open http://127.0.0.1:8080/login and sign in as the educator:
  Email:    %s
  Password: %s

The cohort "%s" is at http://127.0.0.1:8080/cohorts/%d (choose Analytics).
Its %d learners (learner01@demo.redpen.test to learner%02d@demo.redpen.test) share the same password.
`, db, db, demoEducatorEmail, pw, co.Name, co.ID, len(demoLearnerNames), len(demoLearnerNames))
	return nil
}

// demoPassword is random, in groups of four so it can be typed.
func demoPassword() string { return password.Temporary() }

// demoClock moves the store's clock through the demo's three weeks.
type demoClock struct {
	start, end time.Time
	rng        *rand.Rand
}

// at returns a time some days after the start, at a working hour, never after the end.
func (c demoClock) at(day float64) time.Time {
	t := c.start.Add(time.Duration(day * 24 * float64(time.Hour)))
	t = time.Date(t.Year(), t.Month(), t.Day(), 9+c.rng.IntN(9), c.rng.IntN(60), 0, 0, time.UTC)
	if t.After(c.end) {
		return c.end
	}
	return t
}

func seedDemo(ctx context.Context, st *store.Store, lib *content.Library, hash string, rng *rand.Rand) (store.Cohort, error) {
	realNow := st.Now
	defer func() { st.Now = realNow }()
	now := realNow()
	clk := demoClock{start: now.Add(-21 * 24 * time.Hour), end: now, rng: rng}
	set := func(t time.Time) { st.Now = func() time.Time { return t } }

	set(clk.at(0))
	ed, err := st.CreateUser(ctx, store.User{Email: demoEducatorEmail, Name: "Dr Sam Ellison", Role: store.RoleEducator, PasswordHash: hash})
	if err != nil {
		return store.Cohort{}, err
	}
	co, err := st.CreateCohort(ctx, "Demo: BA Social Work, Year 2", ed.ID)
	if err != nil {
		return store.Cohort{}, err
	}
	modules, scenarios := pickDemoContent(lib)
	dues := []time.Time{dueDay(now, -10), dueDay(now, 5)}
	for i, m := range modules {
		if _, err := st.CreateAssignment(ctx, store.Assignment{CohortID: co.ID, Kind: store.KindModule, ItemID: m, DueAt: dues[i%2]}); err != nil {
			return store.Cohort{}, err
		}
	}
	// The first case is past its due date, the second soon due, and the third holds its
	// key back until its due date, so learners' feedback pages show each policy.
	caseDues := []time.Time{dueDay(now, -7), dueDay(now, 3), dueDay(now, 10)}
	for i, sc := range scenarios {
		a := store.Assignment{CohortID: co.ID, Kind: store.KindScenario, ItemID: sc.ID, DueAt: caseDues[i%3], FeedbackPolicy: store.PolicyImmediate}
		if i == 2 {
			a.FeedbackPolicy = store.PolicyAfterDue
		}
		if _, err := st.CreateAssignment(ctx, a); err != nil {
			return store.Cohort{}, err
		}
	}
	for i, name := range demoLearnerNames {
		set(clk.at(1 + rng.Float64()*2))
		u, err := st.CreateUser(ctx, store.User{Email: fmt.Sprintf("learner%02d@demo.redpen.test", i+1), Name: name, Role: store.RoleLearner, PasswordHash: hash})
		if err != nil {
			return store.Cohort{}, err
		}
		if _, err := st.JoinCohort(ctx, co.ID, u.ID); err != nil {
			return store.Cohort{}, err
		}
		l := demoLearner{id: u.ID, skill: 0.1 + 0.85*(rng.Float64()+rng.Float64())/2, rng: rng}
		if err := l.study(ctx, st, clk, set, modules); err != nil {
			return store.Cohort{}, err
		}
		for k, sc := range scenarios {
			if err := l.practise(ctx, st, lib, clk, set, sc, k); err != nil {
				return store.Cohort{}, err
			}
		}
	}
	return co, nil
}

// dueDay is 5 pm UTC some days from now.
func dueDay(now time.Time, days int) time.Time {
	d := now.AddDate(0, 0, days)
	return time.Date(d.Year(), d.Month(), d.Day(), 17, 0, 0, 0, time.UTC)
}

// pickDemoContent returns the demo's modules and scenarios, or the first ones the content has.
func pickDemoContent(lib *content.Library) ([]string, []*scenario.Scenario) {
	var modules []string
	for _, id := range demoModules {
		if _, err := lib.Catalog.Module(id); err == nil {
			modules = append(modules, id)
		}
	}
	for _, m := range lib.Catalog.Modules() {
		if len(modules) < 2 && (len(modules) == 0 || modules[0] != m.ID) {
			modules = append(modules, m.ID)
		}
	}
	var scs []*scenario.Scenario
	for _, id := range demoScenarios {
		if sc, err := lib.Scenarios.Get(id); err == nil {
			scs = append(scs, sc)
		}
	}
	for _, sc := range lib.Scenarios.All() {
		if len(scs) < 3 && !containsScenario(scs, sc) {
			scs = append(scs, sc)
		}
	}
	return modules, scs
}

func containsScenario(list []*scenario.Scenario, sc *scenario.Scenario) bool {
	for _, x := range list {
		if x.ID == sc.ID {
			return true
		}
	}
	return false
}
