//go:build !linux

package propose

import "testing"

func readOnlyMount(*testing.T, string) func() { return nil }
