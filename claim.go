package armswatch

import "strings"

// Category is what kind of thing an item is; the list is fixed.
type Category string

// The item categories.
const (
	CategoryArtilleryShell    Category = "artillery-shell"
	CategoryRocket            Category = "rocket"
	CategoryBallisticMissile  Category = "ballistic-missile"
	CategoryLauncher          Category = "launcher"
	CategoryContainer         Category = "container"
	CategoryDrone             Category = "drone"
	CategoryMilitaryEquipment Category = "military-equipment"
	CategoryTechnology        Category = "technology"
	CategoryTroops            Category = "troops"
	CategoryVessel            Category = "vessel" // ships and boats themselves, not what they carry
	CategoryOther             Category = "other"
)

// Categories lists every valid category in display order.
var Categories = []Category{
	CategoryArtilleryShell, CategoryRocket, CategoryBallisticMissile, CategoryLauncher,
	CategoryContainer, CategoryDrone, CategoryMilitaryEquipment, CategoryTechnology,
	CategoryTroops, CategoryVessel, CategoryOther,
}

// Stance is what the claimant does with the assertion.
type Stance string

// The stances.
const (
	StanceAsserts   Stance = "asserts"
	StanceEstimates Stance = "estimates"
	StanceConfirms  Stance = "confirms"
	StanceDenies    Stance = "denies"
	StanceWarns     Stance = "warns"
	StanceCondemns  Stance = "condemns"
	StanceReports   Stance = "reports"
)

// Stances lists every valid stance.
var Stances = []Stance{StanceAsserts, StanceEstimates, StanceConfirms, StanceDenies, StanceWarns, StanceCondemns, StanceReports}

// Qualifier says how a figure relates to the number it gives.
type Qualifier string

// The qualifiers.
const (
	QualifierExact       Qualifier = "exact"
	QualifierAbout       Qualifier = "about"
	QualifierMoreThan    Qualifier = "more-than"
	QualifierAtLeast     Qualifier = "at-least"
	QualifierUpTo        Qualifier = "up-to"
	QualifierRange       Qualifier = "range"
	QualifierUnspecified Qualifier = "unspecified"
)

// Qualifiers lists every valid qualifier.
var Qualifiers = []Qualifier{QualifierExact, QualifierAbout, QualifierMoreThan, QualifierAtLeast, QualifierUpTo, QualifierRange, QualifierUnspecified}

// Measure says what a figure counts.
type Measure string

// The measures.
const (
	MeasureDelivered   Measure = "delivered"
	MeasureShipped     Measure = "shipped"
	MeasureCapacity    Measure = "capacity" // an upper bound: what containers could hold
	MeasureFired       Measure = "fired"
	MeasurePurchased   Measure = "purchased"
	MeasureUnspecified Measure = "unspecified"
)

// Measures lists every valid measure.
var Measures = []Measure{MeasureDelivered, MeasureShipped, MeasureCapacity, MeasureFired, MeasurePurchased, MeasureUnspecified}

// Status is a claim record's life-cycle state.
type Status string

// The statuses; empty means active.
const (
	StatusActive     Status = "active"
	StatusRetracted  Status = "retracted"
	StatusSuperseded Status = "superseded"
)

// Claim is one claimant's assertion (or denial), with every place it is
// reported. The same assertion by the same claimant reported by several
// outlets is one Claim with several Appearances; different claimants are
// different Claims. Figures of different claims are never added up.
type Claim struct {
	ID              string       `yaml:"id" json:"id"`
	Statement       string       `yaml:"statement" json:"statement"`
	Claimant        string       `yaml:"claimant" json:"claimant"`
	ClaimantRole    string       `yaml:"claimant_role" json:"claimant_role,omitempty"`
	ClaimantCountry StringList   `yaml:"claimant_country" json:"claimant_country,omitempty"`
	Stance          Stance       `yaml:"stance" json:"stance"`
	Hedged          bool         `yaml:"hedged" json:"hedged"`
	SaidOn          Date         `yaml:"said_on" json:"said_on,omitempty"`
	Supplier        string       `yaml:"supplier" json:"supplier,omitempty"`
	Recipient       string       `yaml:"recipient" json:"recipient,omitempty"`
	Items           []Item       `yaml:"items" json:"items,omitempty"`
	Appearances     []Appearance `yaml:"appearances" json:"appearances"`
	Status          Status       `yaml:"status" json:"status,omitempty"`
	SupersededBy    string       `yaml:"superseded_by" json:"superseded_by,omitempty"`
	Notes           string       `yaml:"notes" json:"notes,omitempty"`

	// The audit trail, written by "armswatch review" and "armswatch
	// retract" (package propose): who published the record and when, and
	// why it was retracted. Answers never show them.
	ReviewedBy string      `yaml:"reviewed_by" json:"-"`
	ReviewedOn Date        `yaml:"reviewed_on" json:"-"`
	Retraction *Retraction `yaml:"retraction" json:"-"`

	Path string `yaml:"-" json:"-"` // file within the data FS, for messages
	Line int    `yaml:"-" json:"-"` // line of the record's first key
}

// Active reports whether the claim is neither retracted nor superseded.
func (c Claim) Active() bool { return c.Status == "" || c.Status == StatusActive }

// Retraction says why, by whom and when a record was retracted (status
// retracted).
type Retraction struct {
	Reason string `yaml:"reason"`
	By     string `yaml:"by"`
	On     Date   `yaml:"on"`
}

// Item is one kind of thing a claim is about.
type Item struct {
	Category    Category  `yaml:"category" json:"category"`
	Designation string    `yaml:"designation" json:"designation,omitempty"` // e.g. KN-23
	Caliber     string    `yaml:"caliber" json:"caliber,omitempty"`         // e.g. 152 mm
	Quantity    *Quantity `yaml:"quantity" json:"quantity,omitempty"`
}

// Quantity is a figure exactly as reported. Text is the figure as written
// ("more than 1 million", "dozens of") and must appear verbatim in at least
// one of the claim's quotes. Numbers are set only where the text gives them:
// never a number for "dozens" or "a substantial amount".
type Quantity struct {
	Text      string    `yaml:"text" json:"text"`
	Value     *float64  `yaml:"value" json:"value,omitempty"`
	Min       *float64  `yaml:"min" json:"min,omitempty"`
	Max       *float64  `yaml:"max" json:"max,omitempty"`
	Qualifier Qualifier `yaml:"qualifier" json:"qualifier,omitempty"`
	Measure   Measure   `yaml:"measure" json:"measure,omitempty"`
}

// Appearance is one place a claim is reported: a document and a verbatim
// quote from its body.
type Appearance struct {
	Doc   string `yaml:"doc" json:"doc"`
	Quote string `yaml:"quote" json:"quote"`
}

// StringList is a YAML/JSON value that may be written as one string or a
// list of strings.
type StringList []string

// Label names the category in running text, in the plural: "artillery
// shells", "military equipment", "other items".
func (c Category) Label() string {
	switch c {
	case CategoryMilitaryEquipment, CategoryTechnology, CategoryTroops:
		return strings.ReplaceAll(string(c), "-", " ")
	case CategoryOther, "":
		return "other items"
	}
	return strings.ReplaceAll(string(c), "-", " ") + "s"
}
