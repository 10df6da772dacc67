package index

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
)

// The summary: the answer's short paragraph, written from what the answer
// holds.

// summarize writes the answer's summary. The last besides claims are
// denials looked up to stand beside the figures, not matches of the query;
// the filled claims before them match only part of it (fill.go).
func summarize(a armswatch.Answer, filled, besides int, p plan, f filters) string {
	var b strings.Builder
	q := "“" + a.Query + "”"
	if a.Query == "" {
		q = "the filters given"
	}
	filterNote := describeFilters(f)
	if len(a.NoClaimAbout) > 0 {
		quoted := make([]string, len(a.NoClaimAbout))
		for i, w := range a.NoClaimAbout {
			quoted[i] = "“" + w + "”"
		}
		if len(a.Documents) > 0 {
			// The first page leads with the passages.
			fmt.Fprintf(&b, "No claim record names %s%s; the sources say:", prose.Or(quoted), filterNote)
			return b.String()
		}
		fmt.Fprintf(&b, "No sourced claim about %s%s.", prose.Or(quoted), filterNote)
		if len(a.Suggestions) > 0 {
			fmt.Fprintf(&b, " The data has claims about %s.", prose.And(a.Suggestions))
		}
		return b.String()
	}
	if a.NoAnswer() {
		fmt.Fprintf(&b, "No source in the data supports an answer to %s%s.", q, filterNote)
		if a.ShowingFor != "" {
			fmt.Fprintf(&b, " (Also tried “%s”.)", a.ShowingFor)
		}
		if len(a.Suggestions) > 0 {
			fmt.Fprintf(&b, " Closest terms in the data: %s.", strings.Join(a.Suggestions, ", "))
		}
		return b.String()
	}
	if a.ShowingFor != "" {
		fmt.Fprintf(&b, "Showing results for “%s”. ", a.ShowingFor)
	}
	if a.Match == matchRelaxed {
		fmt.Fprintf(&b, "Nothing matches every part of %s; showing what matches part of it. ", q)
	}
	for _, wf := range a.WordForms {
		fmt.Fprintf(&b, "Also searched “%s” for “%s”. ", wf.Searched, wf.Asked)
	}
	matched := a.Claims[:len(a.Claims)-besides-filled]
	if n := len(matched); n > 0 {
		fmt.Fprintf(&b, "%s %s%s", prose.Count(n, "claim matches", "claims match"), q, filterNote)
		var who []string
		seen := map[string]bool{}
		for _, c := range matched {
			if !seen[c.Claimant] {
				seen[c.Claimant] = true
				who = append(who, c.Claimant)
			}
		}
		switch {
		case len(who) <= 3:
			fmt.Fprintf(&b, ", from %s.", strings.Join(who, "; "))
		default:
			fmt.Fprintf(&b, ", from %s and %d other claimants.", strings.Join(who[:3], "; "), len(who)-3)
		}
		sup := 0
		for _, c := range a.Claims {
			if c.Status == armswatch.StatusSuperseded {
				sup++
			}
		}
		if sup > 0 {
			fmt.Fprintf(&b, " %s superseded by a later record.", prose.Count(sup, "claim is", "claims are"))
		}
		if len(a.Comparisons) > 0 {
			cats := make([]string, len(a.Comparisons))
			for i, c := range a.Comparisons {
				cats[i] = categoryLabel(c.Category)
			}
			fmt.Fprintf(&b, " Figures for %s are set side by side by claimant and date, never added up.", prose.And(cats))
		}
		if besides > 0 {
			verb := "stand"
			if besides == 1 {
				verb = "stands"
			}
			fmt.Fprintf(&b, " %s of the same transfer %s beside them.", prose.Count(besides, "denial", "denials"), verb)
		}
		if filled > 0 {
			fmt.Fprintf(&b, " %s below %s only part of the question.", prose.Count(filled, "claim", "claims"), prose.Plural(filled, "matches", "match"))
		}
		if len(a.Documents) > 0 {
			fmt.Fprintf(&b, " %s not covered by these claims.", prose.Count(len(a.Documents), "source has further passages", "sources have further passages"))
		}
	} else if filled > 0 {
		fmt.Fprintf(&b, "No claim record matches all of %s%s; %s below %s part of it.", q, filterNote,
			prose.Count(filled, "claim", "claims"), prose.Plural(filled, "matches", "match"))
	} else {
		fmt.Fprintf(&b, "No claim record matches %s%s; the sources say:", q, filterNote)
	}
	if !a.NoAnswer() {
		var unknown []string
		garbage := p.garbage()
		var left []string
		for i, c := range p.concepts {
			switch {
			case garbage[i]:
				left = append(left, "“"+c.word+"”")
			case c.unknown && !c.soft:
				unknown = append(unknown, "“"+c.word+"”")
			}
		}
		if len(unknown) > 0 {
			fmt.Fprintf(&b, " No source uses %s.", prose.And(unknown))
		}
		if len(left) > 0 {
			fmt.Fprintf(&b, " No source uses %s: left out.", prose.And(left))
		}
	}
	if p.dropped > 0 {
		fmt.Fprintf(&b, " (Only the first %d terms of the question were searched.)", maxConcepts)
	}
	return b.String()
}

func describeFilters(f filters) string {
	var parts []string
	if f.item != "" {
		parts = append(parts, "item "+string(f.item))
	}
	if f.claimant != "" {
		parts = append(parts, "claimant "+f.claimant)
	}
	switch {
	case !f.from.IsZero() && !f.to.IsZero():
		parts = append(parts, fmt.Sprintf("dated %s to %s", f.from, f.to))
	case !f.from.IsZero():
		parts = append(parts, fmt.Sprintf("dated from %s", f.from))
	case !f.to.IsZero():
		parts = append(parts, fmt.Sprintf("dated up to %s", f.to))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
