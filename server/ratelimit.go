package server

import (
	"sync"
	"time"
)

// limiter counts events per key in a sliding window, to slow down password guessing. It
// lives in memory: a restart forgets it, which is acceptable for a single-server app.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	hits   map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, now: time.Now, hits: map[string][]time.Time{}}
}

// prune drops hits older than the window; callers hold the lock.
func (l *limiter) prune(key string) []time.Time {
	cutoff := l.now().Add(-l.window)
	h := l.hits[key]
	i := 0
	for i < len(h) && h[i].Before(cutoff) {
		i++
	}
	h = h[i:]
	if len(h) == 0 {
		delete(l.hits, key)
	} else {
		l.hits[key] = h
	}
	return h
}

// Allow reports whether key is still under its limit.
func (l *limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.prune(key)) < l.max
}

// Add records an event for key.
func (l *limiter) Add(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits[key] = append(l.prune(key), l.now())
	if len(l.hits) > 100_000 { // bound memory under a flood of distinct keys
		for k := range l.hits {
			l.prune(k)
		}
	}
}

// Reset forgets key, after a successful sign-in.
func (l *limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, key)
}

// Sign-in limits: a person who mistypes gets several tries; a script guessing passwords for
// one account is slowed to a crawl. The per-address limits are generous because a whole
// seminar group may sign up and sign in together from behind one campus address.
const (
	signInWindow       = 15 * time.Minute
	failuresPerAccount = 5
	failuresPerAddress = 100
	signUpsPerAddress  = 60
	signUpWindow       = time.Hour
)

type limiters struct {
	account, address, signUp *limiter
}

func newLimiters() limiters {
	return limiters{
		account: newLimiter(failuresPerAccount, signInWindow),
		address: newLimiter(failuresPerAddress, signInWindow),
		signUp:  newLimiter(signUpsPerAddress, signUpWindow),
	}
}
