//go:build !linux

package bot

import "testing"

func readOnlyMount(*testing.T, string) bool { return false }
