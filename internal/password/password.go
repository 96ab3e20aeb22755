// Package password hashes and checks passwords with argon2id, storing the parameters in
// the hash (the PHC string format) so they can be raised later without locking anyone out.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost settings.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// Default follows OWASP's argon2id recommendation (19 MiB, 2 passes): about 40 ms here,
// slow for an attacker with a stolen database, quick enough for a sign-in.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// MinLength is the shortest password accepted at registration.
const MinLength = 10

// MaxLength bounds the work an attacker can make one sign-in do.
const MaxLength = 256

// ErrMismatch is returned by Verify when the password is wrong.
var ErrMismatch = errors.New("password does not match")

const keyLen = 32

// Hash hashes a password with a fresh random salt.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify checks pw against a hash made by Hash. It returns ErrMismatch for a wrong password
// and another error for a malformed hash.
func Verify(pw, hash string) error {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return errors.New("verify password: not an argon2id hash")
	}
	var version int
	var p Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return errors.New("verify password: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	// argon2 panics on zero passes or threads, and a corrupt memory cost could ask for
	// terabytes: a damaged hash must fail one sign-in, not take the server down.
	if p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > 1<<20 {
		return errors.New("verify password: malformed hash")
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return errors.New("verify password: malformed hash")
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrMismatch
	}
	return nil
}

// Dummy is a valid hash of a random password. Checking a password against it when no
// account has the given email makes sign-in take as long either way, so response times do
// not reveal which emails are registered.
var Dummy = sync.OnceValue(func() string {
	h, _ := Hash("no such account", Default)
	return h
})

// Temporary returns a random password in four groups of four, easy to read out and type:
// for demo accounts and for an admin to pass on after a reset. It has about 80 bits of
// entropy (crypto/rand's base32 text).
func Temporary() string {
	t := strings.ToLower(rand.Text()[:16])
	return t[:4] + "-" + t[4:8] + "-" + t[8:12] + "-" + t[12:]
}
