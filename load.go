package armswatch

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/armswatch/armswatch/internal/prose"

	"gopkg.in/yaml.v3"
)

// The layout of a data set, relative to the root of its fs.FS.
const (
	AliasesFile  = "aliases.yaml" // a YAML list of alias groups; absent: none
	DocumentsDir = "documents"    // <id>.md: YAML front matter, then the body
	ClaimsDir    = "claims"       // *.yaml: each a YAML list of claim records
)

// ValidationError is one problem in a data set, at a line of a file.
type ValidationError struct {
	Path    string // file within the data FS, e.g. "claims/kyiv.yaml"
	Line    int    // 1-based; 0 when the problem concerns the whole file
	Field   string // e.g. "appearances[0].quote"; empty for the file or record itself
	Message string
}

// Error formats the problem as "file:line: field: message"; the line is
// left out when it is 0, and the field when it is empty.
func (e ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ValidationErrors is every problem Load found, sorted by file then line.
// It matches errors.Is(err, ErrInvalidData).
type ValidationErrors []ValidationError

// Error lists the problems one per line.
func (v ValidationErrors) Error() string {
	lines := make([]string, len(v))
	for i, e := range v {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Is makes errors.Is(err, ErrInvalidData) true.
func (v ValidationErrors) Is(target error) bool { return target == ErrInvalidData }

func (v ValidationErrors) sort() {
	sort.SliceStable(v, func(i, j int) bool {
		a, b := v[i], v[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Field < b.Field
	})
}

// Load reads and validates a data set: AliasesFile, DocumentsDir/*.md and
// ClaimsDir/*.yaml (a data set without an alias file has no alias groups).
// Other files (raw/, a README) are ignored; a data file that is not a
// regular file, or is larger than MaxFileBytes, is reported without being
// opened, and so is a YAML value larger than MaxFieldBytes. It checks
// everything and reports every problem at once as ValidationErrors (which
// matches ErrInvalidData); any other error is a failure to read the FS. On
// success documents are sorted by id, claims and alias groups are in file
// order. Load never panics, whatever the files hold. It holds every
// document's body in memory; Stream reads a large data set one document at
// a time, with the same checks.
func Load(fsys fs.FS) (*Corpus, error) {
	s, err := OpenStream(fsys)
	if err != nil {
		return nil, err
	}
	s.keepBodies = true
	return s.Finish()
}

type loader struct {
	fsys    fs.FS
	errs    ValidationErrors
	aliases []AliasGroup
	claims  []*claimRec
	// docIDs are the ids of the document files (their names), known
	// before any is read; docList the same, sorted.
	docIDs  map[string]bool
	docList []string
	// citing lists, by document id, the appearances that quote it: their
	// quotes are checked when the document is read.
	citing map[string][]citation
}

// citation is appearance i of a claim record, with its quote normalised.
type citation struct {
	r     *claimRec
	i     int
	quote string
}

type loadedDoc struct {
	doc Document
	// checkable is false when the body could not be separated from the
	// front matter: quotes citing the document are then not checked, to
	// avoid an error for every quote on top of the one for the file.
	checkable bool
}

// claimRec is a decoded claim record with the line of each of its fields.
type claimRec struct {
	c      Claim
	index  int             // position in its file
	lines  map[string]int  // field path -> line of its value
	failed map[string]bool // fields whose value did not decode
}

// at returns the line for a field: the line of its value when present,
// else that of the nearest enclosing record (a missing field is reported at
// the record that lacks it).
func (r *claimRec) at(field string) int {
	return lineOf(r.lines, field, r.c.Line)
}

func lineOf(lines map[string]int, field string, fallback int) int {
	for {
		if n, ok := lines[field]; ok {
			return n
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			return fallback
		}
		field = field[:i]
	}
}

func (l *loader) add(path string, line int, field, format string, args ...any) {
	l.errs = append(l.errs, ValidationError{Path: path, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsKebabID reports whether s is a valid document or claim id: lowercase
// letters and digits in words joined by single hyphens.
func IsKebabID(s string) bool { return kebab.MatchString(s) }

// NormalizeSpace collapses every run of Unicode whitespace to one space and
// trims the ends. It is the only normalisation quotes get before they are
// looked up in their document: no case folding, no quote-character folding.
func NormalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = true
			continue
		}
		if pending && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
	}
	return b.String()
}

// listFiles lists the files of dir whose names end in ext, sorted, each
// checked (checkEntry) without being opened: those refused are reported
// and listed not ok. A missing dir holds no files. Files with the right
// extension in the wrong spelling (".yml", ".MD") are reported rather than
// silently skipped; other files and directories are ignored.
func (l *loader) listFiles(dir, ext string, near ...string) ([]dataFile, error) {
	entries, err := fs.ReadDir(l.fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load data: %w", err)
	}
	var out []dataFile
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := path.Join(dir, name)
		switch got := path.Ext(name); {
		case got == ext:
			f, err := l.checkEntry(p, e)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		case e.IsDir():
		case strings.EqualFold(got, ext) || containsFold(near, got):
			l.add(p, 0, "", "not loaded: files here must end in %q", ext)
		}
	}
	return out, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// ---- aliases ----

func (l *loader) loadAliases() error {
	f, err := l.aliasFile()
	if err != nil || !f.ok {
		return err // none (or refused, and reported): no alias groups
	}
	data, ok, err := l.readData(f)
	if err != nil || !ok {
		return err
	}
	root, line, err := parseYAML(data)
	if err != nil {
		l.add(AliasesFile, max(line, 1), "", "%v", err)
		return nil
	}
	if root == nil {
		return nil
	}
	if root.Kind != yaml.SequenceNode {
		l.add(AliasesFile, root.Line, "", "expected a list of alias groups (each starting with \"- \"), got %s", describeNode(root))
		return nil
	}
	type seenName struct {
		group string
		line  int
	}
	seen := map[string]seenName{}
	for i, n := range root.Content {
		if n.Kind == yaml.AliasNode {
			l.add(AliasesFile, n.Line, "", "alias group %d: YAML aliases (*%s) are not supported: write the group out", i+1, n.Value)
			continue
		}
		if n.Kind != yaml.MappingNode {
			l.add(AliasesFile, n.Line, "", "alias group %d: expected a mapping of fields (name, kind, category, aliases), got %s", i+1, describeNode(n))
			continue
		}
		lines, failed := map[string]int{}, map[string]bool{}
		l.checkFieldSizes(AliasesFile, 0, n, "", failed)
		dec := strictDecoder{path: AliasesFile, errs: &l.errs, lines: lines, failed: failed}
		var g AliasGroup
		dec.decode(n, reflect.ValueOf(&g).Elem(), "")
		g.Path, g.Line = AliasesFile, n.Line
		at := func(field string) int { return lineOf(lines, field, g.Line) }
		if strings.TrimSpace(g.Name) == "" && !failed["name"] {
			l.add(AliasesFile, at("name"), "name", "%s", missing(lines, "name"))
		}
		switch {
		case failed["kind"]:
		case g.Kind == "":
			l.add(AliasesFile, at("kind"), "kind", "%s", missing(lines, "kind"))
		case !g.Kind.Valid():
			l.add(AliasesFile, at("kind"), "kind", "unknown kind %q%s", g.Kind, oneOf(g.Kind, AliasKinds))
		}
		if g.Category != "" && !g.Category.Valid() {
			l.add(AliasesFile, at("category"), "category", "unknown category %q%s", g.Category, oneOf(g.Category, Categories))
		}
		if len(g.Aliases) == 0 && !failed["aliases"] {
			l.add(AliasesFile, at("aliases"), "aliases", "%s (at least one other way of writing the name)", missing(lines, "aliases"))
		}
		names := []struct{ field, value string }{{"name", g.Name}}
		for j, a := range g.Aliases {
			names = append(names, struct{ field, value string }{fmt.Sprintf("aliases[%d]", j), a})
		}
		for _, nm := range names {
			key := strings.ToLower(NormalizeSpace(nm.value))
			if key == "" {
				if nm.field != "name" && !failed[nm.field] {
					l.add(AliasesFile, at(nm.field), nm.field, "empty alias")
				}
				continue
			}
			if first, dup := seen[key]; dup {
				l.add(AliasesFile, at(nm.field), nm.field, "%q is already a name in group %q (line %d); names and aliases must be unique, ignoring case", nm.value, first.group, first.line)
				continue
			}
			seen[key] = seenName{group: g.Name, line: at(nm.field)}
		}
		l.aliases = append(l.aliases, g)
	}
	return nil
}

// missing says whether a required field is absent or present but empty.
func missing(lines map[string]int, field string) string {
	if _, present := lines[field]; present {
		return "empty (required)"
	}
	return "missing (required)"
}

// oneOf lists the valid values for a message, suggesting the nearest.
func oneOf[T ~string](got T, valid []T) string {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	s := "; one of " + strings.Join(names, ", ")
	if c := closest(string(got), names); c != "" {
		s = fmt.Sprintf(" (did you mean %q?)", c) + s
	}
	return s
}

// ---- documents ----

// frontMatter splits a document file into its front matter and body. The
// file must start with a line "---"; the front matter ends at the next line
// that is "---". bodyLine is the file line the body starts on.
func frontMatter(data []byte) (fm []byte, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	isDelim := func(line []byte) bool {
		return string(bytes.TrimRight(line, " \t\r")) == "---"
	}
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !isDelim(first) {
		return nil, nil, 0, errors.New(`the file must start with a line "---" that opens the front matter (title, publisher, …)`)
	}
	if !found {
		return nil, nil, 0, errors.New(`the front matter is not closed: no second line "---"`)
	}
	lineNo := 1
	start := rest
	off := 0
	for {
		lineNo++
		line, after, more := bytes.Cut(rest[off:], []byte("\n"))
		if isDelim(line) {
			return start[:off], after, lineNo + 1, nil
		}
		if !more {
			return nil, nil, 0, errors.New(`the front matter is not closed: no second line "---"`)
		}
		off += len(line) + 1
	}
}

func (l *loader) parseDocument(p string, data []byte) *loadedDoc {
	id := docIDOf(p)
	d := &loadedDoc{doc: Document{ID: id, Path: p}}
	if !IsKebabID(id) {
		l.add(p, 1, "id", "%q (the file name) is not a lowercase kebab-case id such as \"outlet-2023-11-14-some-title\"", id)
	}
	fm, body, bodyLine, err := frontMatter(data)
	if err != nil {
		l.add(p, 1, "", "%v", err)
		return d
	}
	if !utf8.Valid(body) {
		l.add(p, bodyLine, "body", "not valid UTF-8")
	} else {
		d.checkable = true
	}
	d.doc.Body = strings.TrimRight(strings.TrimLeft(string(body), "\r\n"), " \t\r\n")
	if isBlank(d.doc.Body) {
		l.add(p, min(bodyLine, lineCount(data)), "body", "empty: the article text goes after the closing \"---\"")
	}

	lines, failed := map[string]int{}, map[string]bool{}
	root, line, err := parseYAML(fm)
	if err != nil {
		l.add(p, max(line, 1)+1, "", "front matter: %v", err)
		return d
	}
	recLine := 1
	if root != nil {
		if root.Kind != yaml.MappingNode {
			l.add(p, root.Line+1, "", "front matter: expected a mapping of fields (title, publisher, …), got %s", describeNode(root))
			return d
		}
		recLine = root.Line + 1
		l.checkFieldSizes(p, 1, root, "", failed)
		dec := strictDecoder{path: p, offset: 1, errs: &l.errs, lines: lines, failed: failed}
		dec.decode(root, reflect.ValueOf(&d.doc).Elem(), "")
	}
	if strings.TrimSpace(d.doc.Title) == "" && !failed["title"] {
		l.add(p, lineOf(lines, "title", recLine), "title", "%s", missing(lines, "title"))
	}
	return d
}

// ---- claims ----

func (l *loader) loadClaims() error {
	files, err := l.listFiles(ClaimsDir, ".yaml", ".yml")
	if err != nil {
		return err
	}
	for _, f := range files {
		if !f.ok {
			continue // refused, and reported
		}
		data, ok, err := l.readData(f)
		if err != nil {
			return err
		}
		if ok {
			l.parseClaimFile(f.path, data)
		}
	}
	return nil
}

func (l *loader) parseClaimFile(p string, data []byte) {
	root, line, err := parseYAML(data)
	if err != nil {
		l.add(p, max(line, 1), "", "%v", err)
		return
	}
	if root == nil {
		return
	}
	if root.Kind != yaml.SequenceNode {
		l.add(p, root.Line, "", "expected a list of claim records (each starting with \"- \"), got %s", describeNode(root))
		return
	}
	for i, n := range root.Content {
		if n.Kind == yaml.AliasNode {
			l.add(p, n.Line, "", "claim record %d: YAML aliases (*%s) are not supported: write the record out", i+1, n.Value)
			continue
		}
		if n.Kind != yaml.MappingNode {
			l.add(p, n.Line, "", "claim record %d: expected a mapping of fields (id, statement, claimant, …), got %s", i+1, describeNode(n))
			continue
		}
		r := &claimRec{index: i, lines: map[string]int{}, failed: map[string]bool{}}
		l.checkFieldSizes(p, 0, n, "", r.failed)
		dec := strictDecoder{path: p, errs: &l.errs, lines: r.lines, failed: r.failed}
		dec.decode(n, reflect.ValueOf(&r.c).Elem(), "")
		r.c.Path, r.c.Line = p, n.Line
		l.claims = append(l.claims, r)
	}
}

// checkClaims validates every claim record, on its own and against the
// documents and the other claims.
func (l *loader) checkClaims() {
	byID := map[string]*claimRec{}
	for _, r := range l.claims {
		id := r.c.ID
		if id == "" {
			continue
		}
		if first, dup := byID[id]; dup {
			l.add(r.c.Path, r.at("id"), "id", "duplicate id %q (first at %s:%d)", id, first.c.Path, first.at("id"))
			continue
		}
		byID[id] = r
	}
	for _, r := range l.claims {
		l.checkClaim(r, byID)
	}
}

func (l *loader) checkClaim(r *claimRec, byID map[string]*claimRec) {
	c := &r.c
	bad := func(field, format string, args ...any) {
		if r.failed[field] {
			return // already reported: its value did not decode
		}
		l.add(c.Path, r.at(field), field, format, args...)
	}
	for _, f := range []struct {
		field, value string
	}{{"id", c.ID}, {"statement", c.Statement}, {"claimant", c.Claimant}} {
		if strings.TrimSpace(f.value) == "" {
			bad(f.field, "%s", missing(r.lines, f.field))
		}
	}
	if c.ID != "" && !IsKebabID(c.ID) {
		bad("id", "%q is not a lowercase kebab-case id such as \"us-more-than-1-million-shells\"", c.ID)
	}
	for i, country := range c.ClaimantCountry {
		if strings.TrimSpace(country) == "" {
			bad(fmt.Sprintf("claimant_country[%d]", i), "empty country")
		}
	}
	switch {
	case c.Stance == "":
		bad("stance", "%s", missing(r.lines, "stance"))
	case !c.Stance.Valid():
		bad("stance", "unknown stance %q%s", c.Stance, oneOf(c.Stance, Stances))
	}

	switch {
	case !c.Status.Valid():
		bad("status", "unknown status %q%s", c.Status, oneOf(c.Status, Statuses))
	case c.Status == StatusSuperseded && c.SupersededBy == "":
		bad("superseded_by", "missing: status superseded needs the id of the claim that supersedes it")
	case c.SupersededBy != "" && c.Status != StatusSuperseded:
		bad("superseded_by", "set, but status is %q: set status: superseded, or remove superseded_by", cmp.Or(string(c.Status), "active"))
	}
	if c.SupersededBy != "" {
		switch _, ok := byID[c.SupersededBy]; {
		case c.SupersededBy == c.ID:
			bad("superseded_by", "a claim cannot supersede itself")
		case !ok:
			bad("superseded_by", "unknown claim %q%s", c.SupersededBy, didYouMean(c.SupersededBy, mapKeys(byID)))
		}
	}

	switch {
	case !c.ReviewedOn.IsZero() && strings.TrimSpace(c.ReviewedBy) == "":
		bad("reviewed_by", "missing: reviewed_on is set, so say who reviewed the record")
	case c.ReviewedBy != "" && strings.TrimSpace(c.ReviewedBy) == "":
		bad("reviewed_by", "empty: name the reviewer, or remove reviewed_by")
	}
	if rt := c.Retraction; rt != nil {
		if c.Status != StatusRetracted {
			bad("retraction", "set, but status is %q: set status: retracted, or remove retraction", cmp.Or(string(c.Status), "active"))
		}
		if strings.TrimSpace(rt.Reason) == "" {
			bad("retraction.reason", "%s: why the record was retracted", missing(r.lines, "retraction.reason"))
		}
		if strings.TrimSpace(rt.By) == "" {
			bad("retraction.by", "%s: who retracted the record", missing(r.lines, "retraction.by"))
		}
	}

	if len(c.Appearances) == 0 {
		bad("appearances", "%s: at least one {doc, quote} where the claim is reported", missing(r.lines, "appearances"))
	}
	quotes := make([]string, 0, len(c.Appearances))
	for i, a := range c.Appearances {
		f := fmt.Sprintf("appearances[%d]", i)
		quote := NormalizeSpace(a.Quote)
		quotes = append(quotes, quote)
		if quote == "" {
			bad(f+".quote", "%s", missing(r.lines, f+".quote"))
		}
		if a.Doc == "" {
			bad(f+".doc", "%s", missing(r.lines, f+".doc"))
			continue
		}
		if !l.docIDs[a.Doc] {
			bad(f+".doc", "unknown document %q%s", a.Doc, didYouMean(a.Doc, l.docList))
			continue
		}
		if quote != "" {
			// checked when the document is read (checkQuotes)
			l.citing[a.Doc] = append(l.citing[a.Doc], citation{r: r, i: i, quote: quote})
		}
	}

	for i, it := range c.Items {
		f := fmt.Sprintf("items[%d]", i)
		switch {
		case it.Category == "":
			bad(f+".category", "%s", missing(r.lines, f+".category"))
		case !it.Category.Valid():
			bad(f+".category", "unknown category %q%s", it.Category, oneOf(it.Category, Categories))
		}
		if it.Quantity != nil {
			l.checkQuantity(r, f+".quantity", it.Quantity, quotes)
		}
	}
}

func (l *loader) checkQuantity(r *claimRec, f string, q *Quantity, quotes []string) {
	bad := func(field, format string, args ...any) {
		if r.failed[field] {
			return
		}
		l.add(r.c.Path, r.at(field), field, format, args...)
	}
	text := NormalizeSpace(q.Text)
	if text == "" {
		bad(f+".text", "%s: the figure exactly as written in the quote", missing(r.lines, f+".text"))
	} else {
		found := false
		for _, quote := range quotes {
			if strings.Contains(quote, text) {
				found = true
				break
			}
		}
		if !found {
			bad(f+".text", "%q not found in any quote of this claim (it must be the figure exactly as written)", q.Text)
		}
	}
	if q.Value != nil && (q.Min != nil || q.Max != nil) {
		bad(f+".value", "value together with min/max: give either value or min and/or max")
	}
	for _, n := range []struct {
		field string
		v     *float64
	}{{"value", q.Value}, {"min", q.Min}, {"max", q.Max}} {
		if n.v != nil && *n.v < 0 {
			bad(f+"."+n.field, "negative number %s", strconv.FormatFloat(*n.v, 'f', -1, 64))
		}
	}
	if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
		bad(f+".min", "min %s is greater than max %s", strconv.FormatFloat(*q.Min, 'f', -1, 64), strconv.FormatFloat(*q.Max, 'f', -1, 64))
	}
	if q.Qualifier != "" && !q.Qualifier.Valid() {
		bad(f+".qualifier", "unknown qualifier %q%s", q.Qualifier, oneOf(q.Qualifier, Qualifiers))
	}
	if q.Qualifier == QualifierRange && (q.Min == nil || q.Max == nil) && !r.failed[f+".min"] && !r.failed[f+".max"] {
		bad(f+".qualifier", "qualifier range needs both min and max")
	}
	if q.Measure != "" && !q.Measure.Valid() {
		bad(f+".measure", "unknown measure %q%s", q.Measure, oneOf(q.Measure, Measures))
	}
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func didYouMean(got string, known []string) string {
	if c := closest(got, known); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// quoteMismatch explains where a quote departs from its document, so that
// a moderator sees the one character to fix. Both arguments are
// whitespace-normalised.
func quoteMismatch(body, quote string) string {
	const enough = 8 // runes of agreement that make a match meaningful
	n := longestPrefixIn(body, quote)
	if utf8.RuneCountInString(quote[:n]) >= enough {
		return departure(body, quote, n)
	}
	// Perhaps only the first characters differ: a capital letter, a
	// typographic quotation mark.
	skip := 0
	for i := 1; i <= 3 && skip < len(quote); i++ {
		_, size := utf8.DecodeRuneInString(quote[skip:])
		skip += size
		rest := quote[skip:]
		m := longestPrefixIn(body, rest)
		if utf8.RuneCountInString(rest[:m]) < enough {
			continue
		}
		at := strings.Index(body, rest[:m])
		msg := fmt.Sprintf(": it begins %q where the document has %q", quote[:skip], lastN(body[:at], i))
		if m < len(rest) {
			msg += "; after that" + departure(body, rest, m)[1:]
		}
		return msg
	}
	if utf8.RuneCountInString(quote[:n]) < 3 {
		return ": not even its first words are in the body"
	}
	return departure(body, quote, n)
}

// longestPrefixIn returns the length in bytes of the longest prefix of
// quote (cut at a rune boundary) that body contains. Containment of
// prefixes is monotonic, so a binary search over rune boundaries finds it.
func longestPrefixIn(body, quote string) int {
	bounds := make([]int, 0, len(quote)+1)
	for i := range quote {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(quote))
	lo, hi := 0, len(bounds)-1
	if strings.Contains(body, quote) {
		return len(quote)
	}
	for hi-lo > 1 { // bounds[lo] is contained, bounds[hi] is not
		mid := (lo + hi) / 2
		if strings.Contains(body, quote[:bounds[mid]]) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return bounds[lo]
}

// departure describes what follows the first n bytes of quote, which body
// contains, in the quote and in the document.
func departure(body, quote string, n int) string {
	matched := quote[:n]
	at := strings.Index(body, matched) + len(matched)
	return fmt.Sprintf(": it matches up to %q, then the quote has %q where the document has %q",
		lastRunes(matched, 30), firstRunes(quote[n:], 20), firstRunes(body[at:], 20))
}

// lastN returns the last n runes of s.
func lastN(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

func lastRunes(s string, n int) string {
	count := 0
	for i := len(s); i > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		count++
		if count == n && i > 0 {
			return "…" + s[i:]
		}
	}
	return s
}

func firstRunes(s string, n int) string {
	if s == "" {
		return "(end)"
	}
	return prose.Shorten(s, n)
}
