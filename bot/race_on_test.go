//go:build race

package bot

// raceEnabled: the race detector slows tests about tenfold; the property
// test runs fewer iterations under it.
const raceEnabled = true
