package armswatch

// AliasKind says what an alias group names.
type AliasKind string

// The alias kinds.
const (
	AliasCountry     AliasKind = "country"     // North Korea = DPRK = Pyongyang
	AliasPlace       AliasKind = "place"       // Najin = Rajin
	AliasPerson      AliasKind = "person"      // Skibitskyi = Skibitsky
	AliasDesignation AliasKind = "designation" // KN-23 = Hwasong-11
	AliasTerm        AliasKind = "term"        // shells = artillery ammunition
	AliasOrg         AliasKind = "organisation"
)

// AliasKinds lists every valid alias kind.
var AliasKinds = []AliasKind{AliasCountry, AliasPlace, AliasPerson, AliasDesignation, AliasTerm, AliasOrg}

// AliasGroup is one canonical name and the other ways sources write it, as
// moderators edit them in data/aliases.yaml. Aliases are matched as phrases
// ("North Korean Iskander" is one alias, not three words). Category, when
// set, maps the group to an item category (shells -> artillery-shell).
type AliasGroup struct {
	Name     string    `yaml:"name" json:"name"`
	Kind     AliasKind `yaml:"kind" json:"kind"`
	Category Category  `yaml:"category" json:"category,omitempty"`
	Aliases  []string  `yaml:"aliases" json:"aliases"`

	Path string `yaml:"-" json:"-"`
	Line int    `yaml:"-" json:"-"`
}

// Names returns the canonical name followed by the aliases.
func (g AliasGroup) Names() []string {
	return append([]string{g.Name}, g.Aliases...)
}
