package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redpen-social/redpen/internal/llm"
	"github.com/redpen-social/redpen/internal/store"
)

func TestAIHiddenWithoutModel(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	sc := ts.critiqueScenario(t)
	learner, _ := ts.signedIn(t, store.RoleLearner)
	attempt := submitWithReason(t, learner, sc, "The note invents this.")

	// Ensure the feedback and the answer key carry no AI section.
	wantNotContains(t, learner.get(attempt).Body, "ai-features", "AI tutor")
	educator, _ := ts.signedIn(t, store.RoleEducator)
	preview := educator.get("/scenarios/" + sc.ID + "/preview")
	wantStatus(t, preview, http.StatusOK)
	wantNotContains(t, preview.Body, "ai-features", "draft-note")

	// Ensure every model route answers 404, to visitors too, and the checker still works.
	wantStatus(t, learner.postForm(attempt+"/tutor", nil), http.StatusNotFound)
	wantStatus(t, educator.postForm("/scenarios/"+sc.ID+"/draft-note", nil), http.StatusNotFound)
	wantStatus(t, learner.get("/sandbox"), http.StatusNotFound)
	wantStatus(t, learner.postForm("/sandbox/"+sc.ID, sandboxForm("note", "Write a note.")), http.StatusNotFound)
	wantStatus(t, ts.newClient(t).get("/sandbox/"+sc.ID), http.StatusNotFound)
	wantStatus(t, learner.get("/scan"), http.StatusOK)
}

func TestTutor(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "openai", llm.Config{})
	fake.SetReply("You spotted the invented referral. Next time, also look at what Aaliyah said.")
	sc := ts.critiqueScenario(t)
	learner, u := ts.signedIn(t, store.RoleLearner)
	attempt := submitWithReason(t, learner, sc, "Nobody agreed this; the worker only offered to talk.")

	t.Run("Offered", func(t *testing.T) {
		// Ensure the feedback page offers the tutor, labelled as AI and fallible.
		res := learner.get(attempt)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, `id="ai-features"`, `action="`+attempt+`/tutor"`, "AI-generated and can be wrong")
	})

	t.Run("OK", func(t *testing.T) {
		// Ensure the answer comes back labelled, and the prompt held the reason, the key's
		// explanation and the case, and nothing about the learner's account.
		res := learner.postForm(attempt+"/tutor", nil)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res.Body, "What the AI tutor said", "AI-generated", escText("You spotted the invented referral."), "gpt-test")
		prompts := fake.Prompts()
		last := prompts[len(prompts)-1]
		for _, want := range []string{"Nobody agreed this; the worker only offered to talk.", htmlText(sc.Flaws[0].Explanation)[:40],
			"## Source record (fictional)", strings.SplitN(sc.Source.Text, "\n", 2)[0]} {
			if !strings.Contains(last, want) {
				t.Errorf("the tutor prompt lacks %q", want)
			}
		}
		wantNeverSent(t, fake, u.Email, u.Name)
	})

	t.Run("NotYours", func(t *testing.T) {
		// Ensure another learner's attempt is not found, and nothing is sent.
		before := len(fake.Bodies())
		other, _ := ts.signedIn(t, store.RoleLearner)
		wantStatus(t, other.postForm(attempt+"/tutor", nil), http.StatusNotFound)
		if len(fake.Bodies()) != before {
			t.Error("a request reached the model for someone else's attempt")
		}
	})

	t.Run("Blocked", func(t *testing.T) {
		// Ensure a reason holding an NHS number never reaches the model, and the learner
		// sees it marked with why it matters.
		c, _ := ts.signedIn(t, store.RoleLearner)
		path := submitWithReason(t, c, sc, "This is like the child with NHS number "+validNHS+" I met on placement.")
		res := c.postForm(path+"/tutor", nil)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res.Body, "Your reasons were not sent", `<mark class="pii-mark">`+validNHS+`</mark><span class="pii-tag">[1: NHS number]</span>`,
			"identifies one person for life", `href="`+path+`"`)
		wantNeverSent(t, fake, validNHS, nhsDigits)
	})
}

func TestTutorRedacts(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "ollama", llm.Config{Mode: llm.ModeRedact})
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleLearner)
	path := submitWithReason(t, c, sc, "Like NHS "+validNHS+" at work.")
	res := c.postForm(path+"/tutor", nil)
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res.Body, "replaced what looked like personal data", "NHS number as [NHS-NUMBER]")
	wantNeverSent(t, fake, validNHS, nhsDigits)
	if !fake.Received("Like NHS [NHS-NUMBER] at work.") {
		t.Errorf("the redacted reason did not arrive: %q", fake.Prompts())
	}
}

func TestDraftNote(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "openai", llm.Config{})
	fake.SetReply("The worker visited the family. Everyone agreed the plan.")
	sc := ts.critiqueScenario(t)
	educator, _ := ts.signedIn(t, store.RoleEducator)

	// Ensure the answer key offers the draft.
	preview := educator.get("/scenarios/" + sc.ID + "/preview")
	wantContains(t, preview.Body, `action="/scenarios/`+sc.ID+`/draft-note"`)

	// Ensure the draft comes back in a new scenario file built from the case.
	res := educator.postForm("/scenarios/"+sc.ID+"/draft-note", nil)
	wantStatus(t, res, http.StatusOK)
	wantContains(t, res.Body, "AI-generated", "The worker visited the family.", "id: "+sc.ID+"-ai-draft",
		"## Source\n"+escText(strings.SplitN(sc.Source.Text, "\n", 2)[0]), "## AI note\nThe worker visited the family. Everyone agreed the plan.",
		"flaws:\n  # Read the AI note", "scenarios/"+sc.ID+"-ai-draft.md")
	if p := fake.Prompts(); len(p) != 1 || !strings.Contains(p[0], sc.Source.Units[0].Speaker) {
		t.Errorf("the draft prompt did not carry the source: %q", p)
	}

	// Ensure learners cannot ask for drafts.
	learner, _ := ts.signedIn(t, store.RoleLearner)
	wantStatus(t, learner.postForm("/scenarios/"+sc.ID+"/draft-note", nil), http.StatusForbidden)
	wantStatus(t, educator.postForm("/scenarios/no-such-case/draft-note", nil), http.StatusNotFound)
}

func TestModelTroubleKeepsTheLoopWorking(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "openai", llm.Config{})
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleLearner)
	attempt := submitWithReason(t, c, sc, "Invented.")
	fake.SetStatus(http.StatusInternalServerError)

	// Ensure a failing model gives a plain message and leaves the feedback intact.
	res := c.postForm(attempt+"/tutor", nil)
	wantStatus(t, res, http.StatusServiceUnavailable)
	wantContains(t, res.Body, "The AI model is not available at the moment", "Your feedback, mark and reflection are not affected")
	wantNotContains(t, res.Body, fake.URL())
	wantStatus(t, c.get(attempt), http.StatusOK)

	res = c.postForm("/sandbox/"+sc.ID, sandboxForm("note", "Write a short note."))
	wantStatus(t, res, http.StatusServiceUnavailable)
	wantContains(t, res.Body, "The AI model is not available", `name="prompt"`, "Write a short note.")
}

func TestModelTimeout(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "ollama", llm.Config{Timeout: 200 * time.Millisecond})
	fake.SetDelay(3*time.Second, 0)
	sc := ts.critiqueScenario(t)
	c, _ := ts.signedIn(t, store.RoleLearner)
	res := c.postForm("/sandbox/"+sc.ID, sandboxForm("summary", "Summarise it."))
	wantStatus(t, res, http.StatusGatewayTimeout)
	wantContains(t, res.Body, "The AI model took too long to answer")
}

func TestTutorWaitsForTheKey(t *testing.T) {
	t.Parallel()
	ts, fake := newAIServer(t, "openai", llm.Config{})
	ctx := context.Background()
	educator, _ := ts.signedIn(t, store.RoleEducator)
	learner, _ := ts.signedIn(t, store.RoleLearner)
	sc := ts.critiqueScenario(t)
	id := educator.createCohort("Year 2")
	co, _ := ts.store.FindCohort(ctx, id)
	wantStatus(t, educator.assign(id, "scenario:"+sc.ID, localDue(time.Now().Add(48*time.Hour)), store.PolicyAfterDue), http.StatusSeeOther)
	wantRedirect(t, learner.postForm("/join/"+co.JoinCode, nil), "/assignments")
	path := learner.critiqueCase(sc, sc.Flaws[0])

	// Ensure that while the answer key is held back the tutor is neither offered nor asked,
	// since comparing the flags with the key would give the key away.
	wantNotContains(t, learner.get(path).Body, "ai-features", "/tutor")
	res := learner.postForm(path+"/tutor", nil)
	wantStatus(t, res, http.StatusConflict)
	wantContains(t, res.Body, "after the assignment")
	if n := len(fake.Bodies()); n != 0 {
		t.Errorf("the model received %d request(s) while the key was held back", n)
	}
}
