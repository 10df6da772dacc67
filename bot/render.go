package bot

import (
	"github.com/armswatch/armswatch/internal/prose"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// Rendering of a /claims answer. One embed: the query as its title, the
// filters as its author line, a description (the "showing results for"
// note, the summary or the no-answer message with suggestions, the page,
// the freshness line), then fields: on the first page one per comparison
// (figures side by side, never summed), one per claim of the page, and on
// the last page one per document passage no claim covers; the footer
// numbers the sources cited on the page. Every text from a user or the
// data is escaped for markdown.

// Colours of the embeds.
const (
	colourAnswer   = 0x2F6F9F
	colourNoAnswer = 0x8A8A8A
	colourProblem  = 0xB3261E
	colourDone     = 0x2E7D32
)

// Field budgets within Discord's limits: enough for several fields and a
// footer to share the 6000 runes of a message.
const (
	maxComparisonFields = 4
	maxDocFields        = 3
	maxItemsPerClaim    = 4
	statementBudget     = 300
	snippetMinBudget    = 120
	footerLineBudget    = 180
)

// page is the part of an answer one page shows, with its sources numbered
// in order of first citation.
type page struct {
	index, pages int
	lo, hi       int // claims [lo, hi) of the answer
	claims       []armswatch.ClaimHit
	docs         []armswatch.DocHit
	comparisons  []armswatch.Comparison
	sources      *sourceNumbers
}

func pageOf(a armswatch.Answer, index int) page {
	n := len(a.Claims)
	pages := max(1, (n+claimsPerPage-1)/claimsPerPage)
	index = min(max(index, 0), pages-1)
	p := page{index: index, pages: pages, sources: newSourceNumbers()}
	p.lo = min(index*claimsPerPage, n)
	p.hi = min(p.lo+claimsPerPage, n)
	p.claims = a.Claims[p.lo:p.hi]
	if index == 0 {
		p.comparisons = a.Comparisons[:min(len(a.Comparisons), maxComparisonFields)]
	}
	if index == pages-1 {
		p.docs = a.Documents[:min(len(a.Documents), maxDocFields)]
	}
	for _, c := range p.claims {
		for _, ci := range c.Citations {
			p.sources.add(ci)
		}
	}
	for _, d := range p.docs {
		p.sources.add(docCitation(d))
	}
	return p
}

// sourceNumbers numbers documents in order of first citation.
type sourceNumbers struct {
	list []armswatch.Citation // the first citation of each document
	num  map[string]int
}

func newSourceNumbers() *sourceNumbers { return &sourceNumbers{num: map[string]int{}} }

func (s *sourceNumbers) add(c armswatch.Citation) int {
	key := c.Doc
	if key == "" {
		key = "\x00" + c.Title
	}
	if n, ok := s.num[key]; ok {
		return n
	}
	s.list = append(s.list, c)
	s.num[key] = len(s.list)
	return len(s.list)
}

func (s *sourceNumbers) of(c armswatch.Citation) int { return s.add(c) }

func docCitation(d armswatch.DocHit) armswatch.Citation {
	return armswatch.Citation{Doc: d.Doc, Title: d.Title, Publisher: d.Publisher, Published: d.Published}
}

// renderClaims renders page index of an answer, with its buttons.
func renderClaims(q claimsQuery, a armswatch.Answer, index int) ([]*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	p := pageOf(a, index)
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: claimsTitle(q),
		Color: colourAnswer,
	}
	if a.NoAnswer() {
		e.Color = colourNoAnswer
	}
	if fl := filtersLine(q); fl != "" {
		e.Author = &discordgo.MessageEmbedAuthor{Name: fl}
	}
	for _, c := range p.comparisons {
		e.Fields = append(e.Fields, comparisonField(c))
	}
	for _, c := range p.claims {
		e.Fields = append(e.Fields, claimField(c, p.sources))
	}
	for _, d := range p.docs {
		e.Fields = append(e.Fields, docField(d, p.sources))
	}
	e.Description = claimsDescription(q, a, p)
	if f := sourcesFooter(p.sources); f != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: f}
	}
	return fitEmbeds([]*discordgo.MessageEmbed{e}), claimsButtons(q, p)
}

// noClaimAbout names the items asked about that no claim is about
// (“tanks” or “fighter jets”), "" when the answer names none.
func noClaimAbout(a armswatch.Answer) string {
	var quoted []string
	for _, w := range a.NoClaimAbout {
		if w = cleanMax(w, 60); w != "" {
			quoted = append(quoted, "“"+truncateMarkdown(escape(w), 60)+"”")
		}
	}
	return prose.Or(quoted)
}

// claimsDescription is the answer's description.
func claimsDescription(q claimsQuery, a armswatch.Answer, p page) string {
	var lines []string
	summary := strings.TrimSpace(cleanLines(a.Summary))
	if s := cleanMax(a.ShowingFor, 300); s != "" && s != q.Text && !strings.Contains(summary, s) {
		lines = append(lines, "Showing results for “"+truncateMarkdown(escape(s), 300)+"”.")
	}
	if s := cleanMax(a.Error, 300); s != "" {
		lines = append(lines, "Note: "+truncateMarkdown(escape(s), 300))
	}
	if a.NoAnswer() {
		if about := noClaimAbout(a); about != "" {
			lines = append(lines, "**No sourced claim about "+about+".**")
		} else {
			lines = append(lines, "**Nothing in the data supports an answer to this question.**")
		}
		var sugg []string
		for _, s := range a.Suggestions {
			if s = cleanMax(s, 80); s != "" {
				sugg = append(sugg, "“"+truncateMarkdown(escape(s), 80)+"”")
			}
		}
		switch {
		case len(sugg) > 0:
			lines = append(lines, "Try: "+joinLimited(sugg, " · ", 500))
		case filtersLine(q) != "":
			lines = append(lines, "Try other words, or fewer filters.")
		default:
			lines = append(lines, "Try other words, such as a weapon (“shells”, “KN-23”) or a claimant.")
		}
	} else if summary != "" {
		lines = append(lines, truncateMarkdown(escapeLines(summary), 1200))
	}
	switch n := len(a.Claims); {
	case n == 0:
	case p.pages == 1 && n == 1:
		lines = append(lines, "1 claim.")
	case p.pages == 1:
		lines = append(lines, strconv.Itoa(n)+" claims.")
	default:
		lines = append(lines, "Claims "+strconv.Itoa(p.lo+1)+"–"+strconv.Itoa(p.hi)+" of "+strconv.Itoa(n)+
			" · page "+strconv.Itoa(p.index+1)+" of "+strconv.Itoa(p.pages)+".")
	}
	lines = append(lines, "*"+a.FreshnessLine()+"*")
	return strings.Join(lines, "\n")
}

// escapeLines escapes each line of s.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for k, l := range lines {
		lines[k] = escape(l)
	}
	return strings.Join(lines, "\n")
}

// comparisonField sets the figures of one category side by side.
func comparisonField(c armswatch.Comparison) *discordgo.MessageEmbedField {
	rows := make([]string, 0, len(c.Rows))
	for _, r := range c.Rows {
		rows = append(rows, truncateMarkdown(comparisonRow(r), 360))
	}
	return &discordgo.MessageEmbedField{
		Name:  capitalize(categoryLabel(c.Category)) + ": figures side by side, never added up",
		Value: joinLimited(rows, "\n", LimitFieldValue),
	}
}

func comparisonRow(r armswatch.ComparisonRow) string {
	var b strings.Builder
	b.WriteString("• ")
	what := escape(cleanMax(armswatch.Item{Caliber: r.Caliber, Designation: r.Designation}.Name(), 160))
	switch {
	case r.Quantity != nil:
		b.WriteString(itemPhrase(armswatch.Item{Caliber: r.Caliber, Designation: r.Designation, Quantity: r.Quantity}))
	case r.Stance == armswatch.StanceDenies:
		b.WriteString("*denies*")
		if what != "" {
			b.WriteString(" (" + what + ")")
		}
	default:
		b.WriteString("no figure")
		if what != "" {
			b.WriteString(" (" + what + ")")
		}
		b.WriteString(" — *" + stanceLabel(r.Stance) + "*")
	}
	if r.Hedged {
		b.WriteString(" · *hedged*")
	}
	if r.Partial {
		// Shorter than PartialNote: a field holds every row of the table.
		b.WriteString(" · *partial match*")
	}
	b.WriteString(" — " + who(r.Claimant, r.ClaimantRole) + " · " + r.When())
	return b.String()
}

// claimField shows one claim: who and when as the name; the stance and
// statement, each item's figure as reported with its qualifier and
// measure, and the quoted snippet with its source number as the value.
func claimField(c armswatch.ClaimHit, src *sourceNumbers) *discordgo.MessageEmbedField {
	role := c.ClaimantRole
	if c.Partial {
		role = prose.Cut(role, 60) // room for the note within LimitFieldName
	}
	name := who(c.Claimant, role) + " · " + c.When()
	switch c.Status {
	case armswatch.StatusRetracted:
		name += " (retracted)"
	case armswatch.StatusSuperseded:
		name += " (superseded)"
	}
	if note := c.PartialNote(); note != "" {
		name += " · " + note
	}

	head := "*" + capitalize(stanceLabel(c.Stance))
	if c.Hedged {
		head += ", hedged"
	}
	head += "*"
	if s := cleanMax(c.Statement, statementBudget); s != "" {
		head += ": " + truncateMarkdown(escape(s), statementBudget)
	}

	var items []string
	for _, it := range c.Items {
		items = append(items, truncateMarkdown(itemLine(it), 240))
	}
	itemText := ""
	if len(items) > 0 {
		shown := items[:min(len(items), maxItemsPerClaim)]
		itemText = strings.Join(shown, "\n")
		if rest := len(items) - len(shown); rest > 0 {
			itemText += "\n… and " + strconv.Itoa(rest) + " more"
		}
	}

	quote := ""
	if len(c.Citations) > 0 {
		first := c.Citations[0]
		cite := " [" + strconv.Itoa(src.of(first)) + "]"
		var also []string
		for _, ci := range c.Citations[1:] {
			n := "[" + strconv.Itoa(src.of(ci)) + "]"
			if !containsString(also, n) && n != strings.TrimSpace(cite) {
				also = append(also, n)
			}
		}
		if len(also) > 0 {
			cite += " · also " + joinLimited(also, " ", 60)
		}
		snippet := first.Snippet
		if strings.TrimSpace(snippet) == "" {
			snippet = first.Quote
		}
		used := runeLen(head) + runeLen(itemText) + runeLen(cite) + 8
		budget := max(LimitFieldValue-used, snippetMinBudget)
		quote = "> “" + truncateMarkdown(escapeSnippetMax(snippet, budget), budget) + "”" + cite
	}

	var parts []string
	for _, s := range []string{head, itemText, quote} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return &discordgo.MessageEmbedField{Name: name, Value: truncateMarkdown(strings.Join(parts, "\n"), LimitFieldValue)}
}

// itemLine is one item of a claim: its phrase, in Discord markdown.
func itemLine(it armswatch.Item) string { return "• " + itemPhrase(it) }

// itemPhrase is armswatch.Item.PhraseMarked in Discord markdown: the
// figure as reported in bold, every text from the data cleaned and escaped.
func itemPhrase(it armswatch.Item) string {
	return it.PhraseMarked(func(fig string) string {
		fig = cleanMax(fig, 120)
		if fig == "" {
			fig = "an unstated number"
		}
		return "**" + truncateMarkdown(escape(fig), 120) + "**"
	}, func(s string) string { return escape(cleanMax(s, 100)) })
}

func stanceLabel(s armswatch.Stance) string {
	if s == "" {
		return "says"
	}
	return escape(cleanMax(string(s), 40))
}

// who names a claimant with their role, escaped.
func who(claimant, role string) string {
	c := truncateMarkdown(escape(cleanMax(claimant, 120)), 120)
	if c == "" {
		c = "unnamed claimant"
	}
	if r := cleanMax(role, 100); r != "" {
		c += ", " + truncateMarkdown(escape(r), 100)
	}
	return c
}

func dateOrUnknown(d armswatch.Date) string {
	if d.IsZero() {
		return "date not stated"
	}
	return d.String()
}

// docField shows passages of a document that no shown claim covers.
func docField(d armswatch.DocHit, src *sourceNumbers) *discordgo.MessageEmbedField {
	n := src.of(docCitation(d))
	title := cleanMax(d.Title, 200)
	if title == "" {
		title = cleanMax(d.Doc, 200)
	}
	var snippets []string
	for _, s := range d.Snippets {
		if strings.TrimSpace(s) != "" {
			snippets = append(snippets, "> “"+truncateMarkdown(escapeSnippetMax(s, 320), 320)+"” ["+strconv.Itoa(n)+"]")
		}
	}
	value := "*No claim record covers these passages.*"
	if len(snippets) > 0 {
		value += "\n" + joinLimited(snippets, "\n", LimitFieldValue-runeLen(value)-1)
	}
	return &discordgo.MessageEmbedField{
		Name:  "From [" + strconv.Itoa(n) + "] " + truncateMarkdown(escape(title), 200),
		Value: value,
	}
}

// sourcesFooter numbers the sources of a page, in plain text (footers
// render no markdown).
func sourcesFooter(src *sourceNumbers) string {
	if len(src.list) == 0 {
		return ""
	}
	lines := make([]string, len(src.list))
	for k, c := range src.list {
		lines[k] = truncate("["+strconv.Itoa(k+1)+"] "+citationLine(c), footerLineBudget)
	}
	return joinLimited(lines, "\n", LimitFooter)
}

// citationLine is "Publisher, date — Title" in plain text.
func citationLine(c armswatch.Citation) string {
	var meta []string
	if p := cleanMax(c.Publisher, footerLineBudget); p != "" {
		meta = append(meta, p)
	}
	meta = append(meta, dateOrUnknown(c.Published))
	title := cleanMax(c.Title, footerLineBudget)
	if title == "" {
		title = cleanMax(c.Doc, footerLineBudget)
	}
	return strings.Join(meta, ", ") + " — " + title
}

// claimsButtons are Previous / Next (when there are several pages) and
// Sources (when the page cites any). The custom_ids carry the filters, the
// asker and the hash; see customIDVersion.
func claimsButtons(q claimsQuery, p page) []discordgo.MessageComponent {
	ref := func(a buttonAction, page int) string {
		return claimsRef{
			Action: a, Page: min(max(page, 0), maxPage), Item: q.Item, From: q.From, To: q.To,
			Owner: q.Owner, Hash: q.hash(),
		}.customID()
	}
	var buttons []discordgo.MessageComponent
	if p.pages > 1 {
		buttons = append(buttons,
			discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: ref(actionPrev, p.index-1), Disabled: p.index == 0},
			discordgo.Button{Label: "Next", Style: discordgo.SecondaryButton, CustomID: ref(actionNext, p.index+1), Disabled: p.index >= p.pages-1},
		)
	}
	if len(p.sources.list) > 0 {
		buttons = append(buttons, discordgo.Button{Label: "Sources", Style: discordgo.PrimaryButton, CustomID: ref(actionSources, p.index)})
	}
	if len(buttons) == 0 {
		return []discordgo.MessageComponent{}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// renderSources is the full citations of one page of an answer: for each
// source its metadata, a link and the verbatim quotes the page uses.
func renderSources(q claimsQuery, a armswatch.Answer, index int) []*discordgo.MessageEmbed {
	p := pageOf(a, index)
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: truncateMarkdown("Sources: "+escape(q.Text), LimitEmbedTitle),
		Color: colourAnswer,
	}
	if len(p.sources.list) == 0 {
		e.Description = "Nothing on this page cites a source."
		return fitEmbeds([]*discordgo.MessageEmbed{e})
	}
	e.Description = "Full citations for page " + strconv.Itoa(p.index+1) + " of " + strconv.Itoa(p.pages) +
		". Quotes are verbatim from the source.\n*" + a.FreshnessLine() + "*"
	quotes := map[int][]string{}
	for _, c := range p.claims {
		for _, ci := range c.Citations {
			n := p.sources.of(ci)
			if q := cleanMax(ci.Quote, 700); q != "" {
				quotes[n] = append(quotes[n], q)
			}
		}
	}
	for _, d := range p.docs {
		n := p.sources.of(docCitation(d))
		for _, s := range d.Snippets {
			if s = cleanMax(strings.ReplaceAll(s, "**", ""), 700); s != "" {
				quotes[n] = append(quotes[n], s)
			}
		}
	}
	for k, c := range p.sources.list {
		if len(e.Fields) == LimitEmbedFields {
			break
		}
		n := k + 1
		title := cleanMax(c.Title, 200)
		if title == "" {
			title = cleanMax(c.Doc, 200)
		}
		var lines []string
		meta := cleanMax(c.Publisher, 200)
		if meta == "" {
			meta = "publisher not stated"
		}
		lines = append(lines, escape(meta)+" · "+dateOrUnknown(c.Published)+" · id "+escape(cleanMax(c.Doc, 100)))
		if u, ok := linkURL(c.URL); ok {
			lines = append(lines, "[Open the source]("+u+")")
		} else {
			lines = append(lines, "*No URL stated.*")
		}
		head := strings.Join(lines, "\n")
		var qs []string
		for _, s := range dedupe(quotes[n]) {
			qs = append(qs, "> “"+truncateMarkdown(escape(s), 700)+"”")
		}
		value := head
		if len(qs) > 0 {
			value += "\n" + joinLimited(qs, "\n", LimitFieldValue-runeLen(head)-1)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  "[" + strconv.Itoa(n) + "] " + truncateMarkdown(escape(title), 200),
			Value: value,
		})
	}
	return fitEmbeds([]*discordgo.MessageEmbed{e})
}

// linkURL returns u fit for a markdown link target or an embed URL: an
// absolute http(s) URL, with the characters that would end the link
// percent-encoded.
func linkURL(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" || runeLen(u) > 1000 || !utf8.ValidString(u) {
		return "", false
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil {
		return "", false
	}
	for _, r := range u {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", false
		}
	}
	return strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "@", "%40").Replace(u), true
}

func dedupe(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
