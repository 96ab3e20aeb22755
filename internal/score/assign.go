package score

import "math"

// lex is a value compared lexicographically: credit first, then the number of pairs, then
// overlap. Lexicographically ordered integer tuples form an ordered group, which is all the
// Hungarian algorithm needs, so tie-breaks never leak into the credit the way a weighted
// sum of floats could.
type lex [3]int64

func (a lex) add(b lex) lex { return lex{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }
func (a lex) sub(b lex) lex { return lex{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

func (a lex) less(b lex) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// assign returns, for each row of value, the column matched to it or -1, so that the total
// value of the one-to-one matching is maximal. A zero value marks a pair that may not be
// matched; allowed pairs must be positive.
func assign(value [][]lex) []int {
	n, m := len(value), 0
	if n > 0 {
		m = len(value[0])
	}
	transposed := n > m
	cost := func(i, j int) lex { return lex{}.sub(value[i][j]) }
	if transposed {
		n, m = m, n
		cost = func(i, j int) lex { return lex{}.sub(value[j][i]) }
	}
	rowToCol := hungarian(n, m, cost)

	out := make([]int, len(value))
	for i := range out {
		out[i] = -1
	}
	for i, j := range rowToCol {
		r, c := i, j
		if transposed {
			r, c = j, i
		}
		if value[r][c] != (lex{}) {
			out[r] = c
		}
	}
	return out
}

// hungarian solves the n×m (n <= m) minimum-cost assignment exactly in O(n²m), returning the
// column of each row. It is the shortest-augmenting-path form with potentials u and v
// described at cp-algorithms.com ("Hungarian algorithm"), 1-indexed with row and column 0 as
// sentinels.
func hungarian(n, m int, cost func(i, j int) lex) []int {
	inf := lex{math.MaxInt64 / 2}
	u := make([]lex, n+1)
	v := make([]lex, m+1)
	p := make([]int, m+1) // p[j]: the row matched to column j, 0 if none
	way := make([]int, m+1)
	minv := make([]lex, m+1)
	used := make([]bool, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = inf, false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1).sub(u[i0]).sub(v[j]); cur.less(minv[j]) {
					minv[j], way[j] = cur, j0
				}
				if minv[j].less(delta) {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] = u[p[j]].add(delta)
					v[j] = v[j].sub(delta)
				} else {
					minv[j] = minv[j].sub(delta)
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	rowToCol := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] > 0 {
			rowToCol[p[j]-1] = j - 1
		}
	}
	return rowToCol
}
