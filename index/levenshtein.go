package index

import (
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
)

// A Levenshtein automaton built as the vocabulary is walked.
//
// vocab.near finds the vocabulary words within one or two edits of a
// query word. vellum's Levenshtein automaton builds the whole DFA first: a
// millisecond and 600 KB for a word of eight letters at distance two,
// most of a typo answer's time at 100,000 documents, while the walk of the
// vocabulary then visits fewer than 2,000 of its states. levAutomaton
// computes a state only when the walk reaches it: one row of the edit
// distance table per rune read.

// levAutomaton accepts the words within max edits of q: insertions,
// deletions, substitutions and transpositions of two adjacent runes, the
// edited runes not edited again (the optimal string alignment distance,
// what vellum's automaton with transpositions counts), in runes. It
// implements vellum.Automaton over the bytes of UTF-8 words.
type levAutomaton struct {
	q      []rune
	max    uint8
	rows   []uint8 // row i is rows[i*(len(q)+1):][:len(q)+1]
	states []levState
}

// levState is a state: after whole runes (complete), or inside a rune
// (pending bytes, on top of the complete state base).
type levState struct {
	base   int32 // the complete state: itself when complete
	at     int32 // the row of base
	parent int32 // the row one rune before base's (-1 at the start)
	r      rune  // the rune that led to base (-1 at the start)
	buf    [utf8.UTFMax]byte
	nbuf   uint8
	min    uint8 // the least value of its row
}

func newLevAutomaton(q string, max uint8) *levAutomaton {
	a := &levAutomaton{}
	a.reset(q, max)
	return a
}

// reset makes a the automaton of q within max edits, keeping the memory of
// its tables: a walk of the vocabulary reaches some 2,000 states, whose
// rows and states were half of a typo answer's allocations when each walk
// had its own (see levWalk).
func (a *levAutomaton) reset(q string, max uint8) {
	a.q, a.max = a.q[:0], max
	for _, r := range q {
		a.q = append(a.q, r)
	}
	n := len(a.q)
	if a.states == nil {
		a.states = make([]levState, 0, 2048)
	}
	if cap(a.rows) < 2048*(n+1) {
		a.rows = make([]uint8, 0, 2048*(n+1))
	}
	a.states, a.rows = a.states[:0], a.rows[:n+1]
	for j := range a.rows {
		a.rows[j] = a.clip(j)
	}
	a.states = append(a.states,
		levState{base: 0, at: 0, parent: -1, r: -1, min: a.rows[0]},
		levState{base: levDead, at: 0, parent: -1, r: -1, min: max + 1})
}

// levDead is the state every rune that leaves no match leads to: most of
// the transitions a walk tries, which then need neither a row nor a state
// of their own.
const levDead = 1

// clip caps a distance at max+1: nothing beyond it matters.
func (a *levAutomaton) clip(d int) uint8 {
	if d > int(a.max)+1 {
		return a.max + 1
	}
	return uint8(d)
}

func (a *levAutomaton) row(i int32) []uint8 {
	n := len(a.q) + 1
	return a.rows[int(i)*n : int(i)*n+n]
}

func (a *levAutomaton) Start() int { return 0 }

func (a *levAutomaton) IsMatch(s int) bool {
	st := a.states[s]
	return st.nbuf == 0 && st.min <= a.max && a.row(st.at)[len(a.q)] <= a.max
}

// CanMatch: a row whose least value is over max has no match after it (a
// transposition reaches back one row, and that row's value bounds this
// one's: see step).
func (a *levAutomaton) CanMatch(s int) bool { return a.states[s].min <= a.max }

func (a *levAutomaton) WillAlwaysMatch(int) bool { return false }

// Accept reads one byte: a rune's last byte steps the table, others are
// kept pending.
func (a *levAutomaton) Accept(s int, b byte) int {
	st := a.states[s]
	if st.min > a.max {
		return s // dead: stays dead
	}
	next := st
	next.buf[next.nbuf] = b
	next.nbuf++
	if !utf8.FullRune(next.buf[:next.nbuf]) {
		a.states = append(a.states, next)
		return len(a.states) - 1
	}
	r, _ := utf8.DecodeRune(next.buf[:next.nbuf])
	return a.step(st.base, r)
}

// step is the complete state after reading rune c in complete state p.
func (a *levAutomaton) step(p int32, c rune) int {
	n := len(a.q)
	ps := a.states[p]
	a.rows = slices.Grow(a.rows, n+1)[:len(a.rows)+n+1]
	at := int32(len(a.rows)/(n+1) - 1)
	prev, cur := a.row(ps.at), a.row(at)
	var pp []uint8
	if ps.parent >= 0 {
		pp = a.row(ps.parent)
	}
	cur[0] = a.clip(int(prev[0]) + 1)
	least := cur[0]
	for j := 1; j <= n; j++ {
		sub := int(prev[j-1])
		if a.q[j-1] != c {
			sub++
		}
		d := min(int(prev[j])+1, int(cur[j-1])+1, sub)
		if pp != nil && j > 1 && a.q[j-1] == ps.r && a.q[j-2] == c {
			d = min(d, int(pp[j-2])+1)
		}
		cur[j] = a.clip(d)
		least = min(least, cur[j])
	}
	if least > a.max {
		a.rows = a.rows[:len(a.rows)-n-1]
		return levDead
	}
	id := int32(len(a.states))
	a.states = append(a.states, levState{base: id, at: at, parent: ps.at, r: c, min: least})
	return int(id)
}

// levWalk is an automaton and the FST iterator walking the vocabulary
// with it, kept in levWalks between walks so that their memory is reused.
// What a walk found is not kept: each walk starts over.
type levWalk struct {
	aut levAutomaton
	it  vellum.FSTIterator
}

var levWalks = sync.Pool{New: func() any { return new(levWalk) }}

// maxPooledStates keeps a walk that grew unusually large out of the pool.
const maxPooledStates = 1 << 16

// putLevWalk returns w to the pool once its iterator is no longer used.
// (The iterator holds on to the FST it walked until it is reset for
// another walk, or the pool drops it at a collection.)
func putLevWalk(w *levWalk) {
	if cap(w.aut.states) <= maxPooledStates {
		levWalks.Put(w)
	}
}
