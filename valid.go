package armswatch

import "slices"

// Valid reports whether c is one of the fixed item categories.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Valid reports whether s is one of the stances.
func (s Stance) Valid() bool { return slices.Contains(Stances, s) }

// Valid reports whether q is one of the qualifiers.
func (q Qualifier) Valid() bool { return slices.Contains(Qualifiers, q) }

// Valid reports whether m is one of the measures.
func (m Measure) Valid() bool { return slices.Contains(Measures, m) }

// Statuses lists every valid claim status; an empty status means active.
var Statuses = []Status{StatusActive, StatusRetracted, StatusSuperseded}

// Valid reports whether s is one of the statuses (empty counts as active).
func (s Status) Valid() bool { return s == "" || slices.Contains(Statuses, s) }

// Valid reports whether k is one of the alias kinds.
func (k AliasKind) Valid() bool { return slices.Contains(AliasKinds, k) }
