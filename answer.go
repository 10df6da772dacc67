package armswatch

// Query is a question in a user's words plus explicit filters. Filters are
// parameters, never query syntax: Text is only ever searched as words.
type Query struct {
	Text     string   `json:"query"`
	Item     Category `json:"item,omitempty"`     // only claims with an item of this category
	Claimant string   `json:"claimant,omitempty"` // only claims by this claimant (name or alias)
	From     Date     `json:"from,omitempty"`     // only claims said in a period overlapping [From, To]
	To       Date     `json:"to,omitempty"`
	// Limit caps the claims returned (0: the engine's default). The bot
	// pages over the claims of one Answer itself.
	Limit int `json:"limit,omitempty"`
}

// Answer is everything armswatch says about a query: claims first, then
// comparisons of their figures, then document passages no shown claim
// covers. It is a plain value that the command line (text and JSON) and the
// bot render. The JSON field names are a documented interface
// (`armswatch ask --json`): change them only with the README.
type Answer struct {
	Query       string       `json:"query"`
	TookMS      float64      `json:"took_ms"`
	Summary     string       `json:"summary"`
	SourcesUpTo Date         `json:"sources_up_to"`
	Comparisons []Comparison `json:"comparisons"`
	Claims      []ClaimHit   `json:"claims"`
	Documents   []DocHit     `json:"documents"`
	Suggestions []string     `json:"suggestions"`
	// ShowingFor is set when typo tolerance changed the query: the answer is
	// for this text instead ("showing results for ballistic missiles").
	ShowingFor string `json:"showing_results_for,omitempty"`
	// Intent is what the question asks for, read from its words: it orders
	// the claims (figures, denials or dated records first).
	Intent Intent `json:"intent"`
	// Match is how the records matched: "informative" (the words that tell
	// records apart; the usual case), "relaxed" (nothing matched enough of
	// them, so records matching one are shown, and the summary says so),
	// "background" (the question has only words most records share, such
	// as "North Korea Russia": an overview), or "" with no words.
	Match string `json:"match"`
	// WordForms are other forms of the question's words that were searched
	// too ("denial" for "deny"), said in the summary.
	WordForms []WordForm `json:"word_forms,omitempty"`
	// NoClaimAbout is set when the question names items (tanks, troops)
	// that no claim record is about: the words, as asked.
	NoClaimAbout []string `json:"no_claim_about,omitempty"`
	Error        string   `json:"error,omitempty"`
}

// When says when a claim was made as every front end shows it: its said_on,
// else "reported <date>" (the first publication of its sources: when it was
// reported, not when it was said), else "date not stated".
func When(saidOn, reported Date) string {
	switch {
	case !saidOn.IsZero():
		return saidOn.String()
	case !reported.IsZero():
		return "reported " + reported.String()
	}
	return "date not stated"
}

// When is the claim's date as shown (see When).
func (h ClaimHit) When() string { return When(h.SaidOn, h.Reported) }

// When is the row's date as shown (see When).
func (r ComparisonRow) When() string { return When(r.SaidOn, r.Reported) }

// WordForm is a form of a question's word that the stemmer keeps apart
// and that was searched too: Searched "denial" for Asked "deny".
type WordForm struct {
	Asked    string `json:"asked"`
	Searched string `json:"searched"`
}

// UndatedSources is the freshness line of an answer none of whose sources
// states a date.
const UndatedSources = "The sources' dates are not stated."

// FreshnessLine is the sentence every front end shows for how recent an
// answer's sources are ("Sources up to 2024-01-18."); the summary does not
// repeat it.
func (a Answer) FreshnessLine() string {
	if a.SourcesUpTo.IsZero() {
		return UndatedSources
	}
	return "Sources up to " + a.SourcesUpTo.String() + "."
}

// NoAnswer reports whether nothing in the data supports an answer.
func (a Answer) NoAnswer() bool { return len(a.Claims) == 0 && len(a.Documents) == 0 }

// ClaimHit is a matched claim record with its score and citations.
type ClaimHit struct {
	Claim
	Score     float64    `json:"score"`
	Citations []Citation `json:"citations"`
	// Reported is the earliest publication date of the claim's sources,
	// when the record states no said_on: shown as "reported <date>", never
	// as the date the claim was made.
	Reported Date `json:"reported,omitempty"`
	// Partial is true for a claim that matches only part of the question:
	// an answer with few claims matching the whole question is followed
	// by the claims of the item or names asked, and each says so
	// (PartialNote), so that none is shown as if it answered the question.
	Partial bool `json:"partial"`
}

// PartialNote is what renderers show beside a claim that matches only
// part of the question; "" for a claim that matches the whole question.
func (c ClaimHit) PartialNote() string {
	if c.Partial {
		return "matches only part of the question"
	}
	return ""
}

// Citation is one appearance of a claim, with its source's metadata and a
// snippet of the verbatim quote in which the matched terms are **bold**.
type Citation struct {
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published Date   `json:"published"`
	URL       string `json:"url"`
	Quote     string `json:"quote"`
	Snippet   string `json:"snippet"`
}

// Comparison sets side by side the figures that several claims give for the
// same item category, ordered by date (undated last). Figures are never
// summed or merged; denials of the same transfer stand beside them.
type Comparison struct {
	Category Category        `json:"category"`
	Rows     []ComparisonRow `json:"rows"`
}

// ComparisonRow is one claim's figure (or denial) in a Comparison.
type ComparisonRow struct {
	ClaimID      string    `json:"claim_id"`
	Claimant     string    `json:"claimant"`
	ClaimantRole string    `json:"claimant_role,omitempty"`
	SaidOn       Date      `json:"said_on,omitempty"`
	Reported     Date      `json:"reported,omitempty"` // without said_on: the first source's publication date
	Stance       Stance    `json:"stance"`
	Hedged       bool      `json:"hedged"`
	Designation  string    `json:"designation,omitempty"`
	Caliber      string    `json:"caliber,omitempty"`
	Quantity     *Quantity `json:"quantity,omitempty"` // nil for a denial
	UpperBound   bool      `json:"upper_bound"`        // a capacity: at most this many
	// Partial is the claim's ClaimHit.Partial: its figure is set beside the
	// others, but the claim matches only part of the question.
	Partial bool `json:"partial"`
}

// PartialNote is what renderers show beside a row of a claim that matches
// only part of the question, as beside the claim; "" otherwise.
func (r ComparisonRow) PartialNote() string {
	return ClaimHit{Partial: r.Partial}.PartialNote()
}

// DocHit is a source document with passages that no shown claim covers.
type DocHit struct {
	Doc       string   `json:"doc"`
	Title     string   `json:"title"`
	Publisher string   `json:"publisher"`
	Published Date     `json:"published"`
	Snippets  []string `json:"snippets"`
	Score     float64  `json:"score"`
}

// Stats describes the data an index serves, for /about and logs.
type Stats struct {
	Documents   int    `json:"documents"`
	Claims      int    `json:"claims"`
	Earliest    Date   `json:"earliest"` // earliest dated source or claim
	Latest      Date   `json:"latest"`   // latest dated source or claim
	BuiltAt     string `json:"built_at"` // RFC 3339
	Fingerprint string `json:"fingerprint"`
}

// ReindexReport says what a reindex changed.
type ReindexReport struct {
	DocumentsAdded   []string `json:"documents_added"`
	DocumentsChanged []string `json:"documents_changed"`
	DocumentsRemoved []string `json:"documents_removed"`
	ClaimsAdded      []string `json:"claims_added"`
	ClaimsChanged    []string `json:"claims_changed"`
	ClaimsRemoved    []string `json:"claims_removed"`
	Documents        int      `json:"documents"`
	Claims           int      `json:"claims"`
	Seconds          float64  `json:"seconds"`
}

// DocumentView is one document with the claims citing it, for /source.
type DocumentView struct {
	Document Document `json:"document"`
	Excerpt  string   `json:"excerpt"`
	Claims   []Claim  `json:"claims"`
}

// CompletionKind says what a completion completes.
type CompletionKind string

// The completion kinds: free query text (aliases, designations, frequent
// terms), item categories, claimants, and documents (id and title).
const (
	CompleteQuery    CompletionKind = "query"
	CompleteItem     CompletionKind = "item"
	CompleteClaimant CompletionKind = "claimant"
	CompleteDocument CompletionKind = "document"
)

// Completion is one autocomplete choice: what is shown and what is sent.
type Completion struct {
	Label string `json:"label"`
	Value string `json:"value"`
}
