package armswatch

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/armswatch/armswatch/internal/prose"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// This file decodes YAML strictly. yaml.v3's own decoder neither rejects
// unknown fields when decoding from a yaml.Node nor keeps line numbers, and
// it stops at the first bad date. strictDecoder walks the node tree against
// the Go type by reflection instead: every mapping key must be one of the
// struct's yaml tags, every value must have the right shape, and each
// problem is recorded with the line of the node it concerns. It follows the
// types, not the input, so its recursion is bounded by the depth of the
// domain structs whatever the input's nesting.

// parseYAML parses one YAML document into a node tree. It returns nil for
// an empty document. A syntax error, a second document in the same file or
// a panic in the parser becomes an error that carries the line when the
// parser gives one (0 otherwise).
func parseYAML(data []byte) (root *yaml.Node, line int, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, line, err = nil, 0, fmt.Errorf("YAML parser failed: %v", r)
		}
		if line > 0 {
			line = mapLine(editorLines(data), line, data)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		line, msg := splitYAMLError(err)
		return nil, line, errors.New(msg)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		line, msg := splitYAMLError(err)
		return nil, line, errors.New(msg)
	default:
		return nil, extra.Line, errors.New(`a second YAML document starts here ("---"): a file holds one document`)
	}
	fixLines(&doc, editorLines(data), lineCount(data))
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, 0, nil
		}
		return doc.Content[0], 0, nil
	}
	return &doc, 0, nil
}

// editorLines maps the YAML parser's line numbers to the lines an editor
// shows. The parser also breaks lines at a lone "\r" and at U+0085, U+2028
// and U+2029 (text pasted from web pages carries them); editors, and this
// package's messages, count "\n" only. m[i] is the editor line of parser
// line i+1.
func editorLines(data []byte) []int {
	m := []int{1}
	line := 1
	for i := 0; i < len(data); {
		switch {
		case data[i] == '\n':
			line++
			i++
		case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
			line++
			i += 2
		case data[i] == '\r':
			i++
		case bytes.HasPrefix(data[i:], []byte("\u0085")):
			i += 2
		case bytes.HasPrefix(data[i:], []byte("\u2028")), bytes.HasPrefix(data[i:], []byte("\u2029")):
			i += 3
		default:
			i++
			continue
		}
		m = append(m, line)
	}
	return m
}

// mapLine converts a parser line to an editor line, keeping it within the
// text (the parser places problems at the end of input on the line after
// the last one).
func mapLine(m []int, n int, data []byte) int {
	if n < 1 {
		return 1
	}
	if n > len(m) {
		n = len(m)
	}
	return min(m[n-1], lineCount(data))
}

// fixLines rewrites the line of every node of the tree (not following
// aliases, which point back into it) to editor lines, at most last.
func fixLines(root *yaml.Node, m []int, last int) {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Line >= 1 {
			n.Line = min(m[min(n.Line, len(m))-1], last)
		}
		stack = append(stack, n.Content...)
	}
}

// lineCount is the number of lines in data, a final newline ending the last
// line rather than starting another; at least 1.
func lineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) == 0 || data[len(data)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// its scanner). yaml.v3 reports their line 0-based, and scanner errors'
// 1-based; splitYAMLError corrects for it.
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// splitYAMLError turns "yaml: line 4: did not find expected key" into the
// 1-based line (5 here: a parser error) and "YAML syntax: did not find
// expected key". Without a line in the message, the line is 1.
func splitYAMLError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			line, msg = n, m[2]
			if yamlParserProblems[msg] {
				line++
			}
		}
	}
	return line, "YAML syntax: " + msg
}

// strictDecoder decodes nodes into Go values, recording problems and the
// line of every field it meets.
type strictDecoder struct {
	path   string // file within the data FS, for messages
	offset int    // added to node lines (front matter starts below line 1)
	errs   *ValidationErrors
	// lines maps a field path ("items[0].quantity.text") to the line of its
	// value; failed holds the fields whose value could not be decoded (so
	// that later checks do not report them a second time as missing). Both
	// are per record, made by the caller.
	lines  map[string]int
	failed map[string]bool
}

func (d *strictDecoder) line(n *yaml.Node) int { return n.Line + d.offset }

func (d *strictDecoder) errorf(line int, field, format string, args ...any) {
	if d.failed != nil {
		d.failed[field] = true
	}
	*d.errs = append(*d.errs, ValidationError{Path: d.path, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

var (
	dateType       = reflect.TypeOf(Date{})
	stringListType = reflect.TypeOf(StringList(nil))
)

// joinField appends a struct field name to a field path.
func joinField(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

// describeNode names a node's shape for messages.
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			return "the number " + strconv.Quote(n.Value)
		case "!!bool":
			return "the boolean " + n.Value
		}
		return "the text " + strconv.Quote(prose.Shorten(n.Value, 40))
	}
	return "an unexpected YAML node"
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// decode decodes n into v (addressable), naming it field in messages.
func (d *strictDecoder) decode(n *yaml.Node, v reflect.Value, field string) {
	if n == nil {
		return
	}
	line := d.line(n)
	d.lines[field] = line
	if n.Kind == yaml.AliasNode {
		d.errorf(line, field, "YAML aliases (*%s) are not supported: write the value out", n.Value)
		return
	}
	if isNull(n) {
		return // absent: the zero value; required fields are checked later
	}
	t := v.Type()
	switch t {
	case dateType:
		if n.Kind != yaml.ScalarNode {
			d.errorf(line, field, "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got %s", describeNode(n))
			return
		}
		date, err := ParseDate(n.Value)
		if err != nil {
			d.errorf(line, field, "%v", err)
			return
		}
		v.Set(reflect.ValueOf(date))
		return
	case stringListType:
		switch n.Kind {
		case yaml.ScalarNode:
			v.Set(reflect.ValueOf(StringList{n.Value}))
		case yaml.SequenceNode:
			list := make(StringList, 0, len(n.Content))
			for i, item := range n.Content {
				f := fmt.Sprintf("%s[%d]", field, i)
				d.lines[f] = d.line(item)
				if item.Kind != yaml.ScalarNode || isNull(item) {
					d.errorf(d.line(item), f, "expected a string, got %s", describeNode(item))
					continue
				}
				list = append(list, item.Value)
			}
			v.Set(reflect.ValueOf(list))
		default:
			d.errorf(line, field, "expected a string or a list of strings, got %s", describeNode(n))
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(line, field, "expected a string, got %s", describeNode(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.errorf(line, field, "expected true or false, got %s", describeNode(n))
			return
		}
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			d.errorf(line, field, "expected true or false, got %s", describeNode(n))
			return
		}
		v.SetBool(b)
	case reflect.Float64:
		tag := n.ShortTag()
		if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
			d.errorf(line, field, "expected a number, got %s", describeNode(n))
			return
		}
		var f float64
		if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(line, field, "expected a finite number, got %s", describeNode(n))
			return
		}
		v.SetFloat(f)
	case reflect.Pointer:
		// Set the pointer only when the value decoded cleanly, so that a
		// bad number stays absent instead of becoming 0.
		before := len(*d.errs)
		p := reflect.New(t.Elem())
		d.decode(n, p.Elem(), field)
		if len(*d.errs) == before || t.Elem().Kind() == reflect.Struct {
			v.Set(p)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(line, field, "expected a list, got %s", describeNode(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", field, i))
		}
		v.Set(s)
	case reflect.Struct:
		d.decodeStruct(n, v, field)
	default:
		d.errorf(line, field, "cannot decode into %s", t)
	}
}

// yamlField is one struct field that YAML can set.
type yamlField struct {
	name  string
	index int
}

// yamlFields lists the fields of struct type t by their yaml tag names,
// skipping `yaml:"-"` and unexported fields.
func yamlFields(t reflect.Type) []yamlField {
	var out []yamlField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, yamlField{name: name, index: i})
	}
	return out
}

func (d *strictDecoder) decodeStruct(n *yaml.Node, v reflect.Value, field string) {
	line := d.line(n)
	if n.Kind != yaml.MappingNode {
		what := "a mapping of fields"
		if field != "" {
			what = "a mapping of fields for " + field
		}
		d.errorf(line, field, "expected %s, got %s", what, describeNode(n))
		return
	}
	fields := yamlFields(v.Type())
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		keyLine := d.line(key)
		if key.Kind != yaml.ScalarNode {
			d.errorf(keyLine, field, "a field name must be plain text, got %s", describeNode(key))
			continue
		}
		name := key.Value
		sub := joinField(field, name)
		if first, dup := seen[name]; dup {
			d.errorf(keyLine, sub, "duplicate field (first at line %d)", first)
			continue
		}
		seen[name] = keyLine
		idx := -1
		for _, f := range fields {
			if f.name == name {
				idx = f.index
				break
			}
		}
		if idx < 0 {
			names := make([]string, len(fields))
			for j, f := range fields {
				names[j] = f.name
			}
			msg := "unknown field"
			if s := closest(name, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorf(keyLine, sub, "%s; known fields: %s", msg, strings.Join(names, ", "))
			continue
		}
		d.decode(val, v.Field(idx), sub)
	}
}

// closest returns the candidate nearest to s by edit distance, or "" when
// none is near enough to be a likely typo.
func closest(s string, candidates []string) string {
	if len(candidates) > 2000 {
		return "" // suggestions are a courtesy; keep huge inputs cheap
	}
	best, bestDist := "", -1
	for _, c := range candidates {
		dist := editDistance(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	n := len([]rune(s))
	limit := min(max(n/3, 2), 4)
	if bestDist < 0 || bestDist > limit || bestDist >= n {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance in runes. Long inputs are cut
// to keep it cheap: it only serves suggestions.
func editDistance(a, b string) int {
	ra, rb := []rune(prose.Shorten(a, 100)), []rune(prose.Shorten(b, 100))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// UnmarshalYAML accepts one string or a list of strings, so that StringList
// also decodes with plain yaml.Unmarshal.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) {
			*l = nil
			return nil
		}
		*l = StringList{n.Value}
		return nil
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			return err
		}
		*l = list
		return nil
	}
	return fmt.Errorf("line %d: expected a string or a list of strings, got %s", n.Line, describeNode(n))
}
