package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/redpen-social/redpen/internal/store"
)

func TestSignInLimits(t *testing.T) {
	t.Parallel()
	const tooMany = "Too many failed sign-in attempts"

	t.Run("PerAccount", func(t *testing.T) {
		// Ensure guessing one account's password is stopped after a few tries, even with
		// the right password, and even from another address.
		ts := newTestServer(t)
		u, pw := ts.createUser(t, store.RoleLearner)
		c := ts.newClient(t)
		for i := range failuresPerAccount {
			res := c.login(u.Email, fmt.Sprintf("wrong guess %d", i), "")
			wantStatus(t, res, http.StatusUnprocessableEntity)
		}
		res := c.login(u.Email, pw, "")
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res.Body, tooMany)
		if res.cookie(sessionCookie) != nil {
			t.Error("a blocked sign-in set a session cookie")
		}
		elsewhere := ts.newClient(t)
		elsewhere.remoteAddr = "198.51.100.7:4000"
		wantStatus(t, elsewhere.login(u.Email, pw, ""), http.StatusTooManyRequests)

		// Other accounts are unaffected.
		v, vpw := ts.createUser(t, store.RoleLearner)
		wantStatus(t, ts.newClient(t).login(v.Email, vpw, ""), http.StatusSeeOther)
	})

	t.Run("SuccessResets", func(t *testing.T) {
		// Ensure a learner who mistypes now and then is never locked out.
		ts := newTestServer(t)
		u, pw := ts.createUser(t, store.RoleLearner)
		c := ts.newClient(t)
		for range 3 {
			for i := range failuresPerAccount - 1 {
				wantStatus(t, c.login(u.Email, fmt.Sprintf("typo %d", i), ""), http.StatusUnprocessableEntity)
			}
			wantStatus(t, c.login(u.Email, pw, ""), http.StatusSeeOther)
		}
	})

	t.Run("PerAddress", func(t *testing.T) {
		// Ensure one address guessing across many accounts is stopped, and a forged
		// X-Forwarded-For does not get round it.
		ts := newTestServer(t)
		c := ts.newClient(t)
		c.remoteAddr = "10.1.2.3:40000" // a campus network: private, but not a proxy Redpen trusts
		n := 0
		for n < failuresPerAddress {
			u, _ := ts.createUser(t, store.RoleLearner)
			for i := 0; i < failuresPerAccount-1 && n < failuresPerAddress; i++ {
				c.header = http.Header{"X-Forwarded-For": {fmt.Sprintf("203.0.113.%d", n)}, "X-Real-Ip": {fmt.Sprintf("203.0.113.%d", n)}}
				wantStatus(t, c.login(u.Email, "not the password", ""), http.StatusUnprocessableEntity)
				n++
			}
		}
		u, pw := ts.createUser(t, store.RoleLearner)
		c.header = http.Header{"X-Forwarded-For": {"203.0.113.250"}}
		res := c.login(u.Email, pw, "")
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res.Body, tooMany)

		other := ts.newClient(t)
		other.remoteAddr = "198.51.100.9:5000"
		wantStatus(t, other.login(u.Email, pw, ""), http.StatusSeeOther)
	})

	t.Run("SignUps", func(t *testing.T) {
		// Ensure one address cannot create accounts without end.
		ts := newTestServer(t)
		for i := range signUpsPerAddress {
			res := ts.newClient(t).register("Learner", fmt.Sprintf("new%d@example.ac.uk", i), "three random words here")
			wantStatus(t, res, http.StatusSeeOther)
		}
		res := ts.newClient(t).register("One Too Many", "extra@example.ac.uk", "three random words here")
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res.Body, "Too many accounts have been created from your network recently", `value="One Too Many"`)
		if _, err := ts.store.FindUserByEmail(context.Background(), "extra@example.ac.uk"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("account created over the limit: %v", err)
		}
		other := ts.newClient(t)
		other.remoteAddr = "198.51.100.10:6000"
		wantStatus(t, other.register("Elsewhere", "elsewhere@example.ac.uk", "three random words here"), http.StatusSeeOther)
	})
}
