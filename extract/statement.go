package extract

// The statement: a record's summary, built only from its parts.

import (
	"fmt"
	"strings"

	"github.com/armswatch/armswatch"
)

var categoryLabels = map[armswatch.Category]string{
	armswatch.CategoryArtilleryShell:    "artillery shells",
	armswatch.CategoryRocket:            "rockets",
	armswatch.CategoryBallisticMissile:  "ballistic missiles",
	armswatch.CategoryLauncher:          "launchers",
	armswatch.CategoryContainer:         "containers",
	armswatch.CategoryDrone:             "drones",
	armswatch.CategoryMilitaryEquipment: "military equipment",
	armswatch.CategoryTechnology:        "technology",
	armswatch.CategoryTroops:            "troops",
	armswatch.CategoryOther:             "other items",
}

var stanceVerbs = map[armswatch.Stance]string{
	armswatch.StanceAsserts:   "says",
	armswatch.StanceEstimates: "estimates",
	armswatch.StanceConfirms:  "confirms",
	armswatch.StanceDenies:    "denies",
	armswatch.StanceWarns:     "warns",
	armswatch.StanceCondemns:  "condemns",
	armswatch.StanceReports:   "reports",
}

// statement restates a candidate in one neutral line built from its parts:
// the figures and items when there are figures, else the claimant's words.
func statement(c armswatch.Claim, content string, outlet bool) string {
	var b strings.Builder
	b.WriteString(statementSubject(c, outlet))
	hasQty := false
	for _, it := range c.Items {
		if it.Quantity != nil {
			hasQty = true
		}
	}
	if hasQty {
		b.WriteString(": ")
		b.WriteString(quantityParts(c))
		switch {
		case c.Supplier != "" && c.Recipient != "":
			fmt.Fprintf(&b, ", %s to %s", c.Supplier, c.Recipient)
		case c.Supplier != "":
			fmt.Fprintf(&b, ", from %s", c.Supplier)
		case c.Recipient != "":
			fmt.Fprintf(&b, ", to %s", c.Recipient)
		}
	} else if content != "" {
		b.WriteString(": ")
		b.WriteString(content)
	} else if len(c.Items) > 0 {
		var parts []string
		for _, it := range c.Items {
			parts = append(parts, itemLabel(it))
		}
		b.WriteString(": ")
		b.WriteString(strings.Join(parts, ", "))
	}
	if c.Hedged {
		b.WriteString(" (hedged)")
	}
	return strings.TrimSpace(b.String())
}

// statementSubject is who says it: "X says", "X deny", "X reports",
// "Unattributed report".
func statementSubject(c armswatch.Claim, outlet bool) string {
	switch {
	case outlet && c.Claimant == "unnamed reports":
		return "Unattributed report"
	case outlet:
		return c.Claimant + " reports"
	}
	v := stanceVerbs[c.Stance]
	if plural(c.Claimant) {
		v = strings.TrimSuffix(strings.TrimSuffix(v, "s"), "e") // "say", "deny"…
		switch c.Stance {
		case armswatch.StanceDenies:
			v = "deny"
		case armswatch.StanceEstimates:
			v = "estimate"
		}
	}
	return c.Claimant + " " + v
}

// quantityParts lists the record's figures with their item and measure:
// "6,700 containers shipped; more than 3 million artillery shells
// (capacity)".
func quantityParts(c armswatch.Claim) string {
	var parts []string
	for _, it := range c.Items {
		if it.Quantity == nil {
			continue
		}
		p := it.Quantity.Text + " " + itemLabel(it)
		switch it.Quantity.Measure {
		case armswatch.MeasureCapacity:
			p += " (capacity)"
		case armswatch.MeasureDelivered, armswatch.MeasureShipped, armswatch.MeasureFired, armswatch.MeasurePurchased:
			p += " " + string(it.Quantity.Measure)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// plural reports whether a claimant reads as plural: "North Korea and
// Russia", "South Korean military officials", "Defense Ministers".
func plural(name string) bool {
	if strings.Contains(name, " and ") || strings.Contains(name, ", ") {
		return true
	}
	w := lastWord(name)
	if len(w) <= 3 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") {
		return false
	}
	// A capitalised plural is a head noun such as "Officials",
	// "Defense Ministers" (not "United States", "Reuters").
	lo := strings.ToLower(w)
	return lo == w || claimantHeads[lo] || claimantHeads[strings.TrimSuffix(lo, "s")] || personTitles[strings.TrimSuffix(lo, "s")]
}

func itemLabel(it armswatch.Item) string {
	l := categoryLabels[it.Category]
	if it.Designation != "" {
		l = it.Designation + " " + l
	}
	if it.Caliber != "" {
		l = it.Caliber + " " + l
	}
	return l
}
