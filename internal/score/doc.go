// Package score matches a learner's flags to the flaws in a scenario's answer key and
// computes a mark that can be explained in plain words.
//
// It is pure: no I/O, no clock and no randomness, so the same key and the same set of flags
// always give the same Result, whatever order the flags arrive in. The rules are written
// down, with worked examples, in docs/scoring.md; the tests check those examples' numbers.
package score
