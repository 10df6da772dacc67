package propose

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch/extract"
)

// Fields are the fields of a record a short form edits (Discord's Edit
// modal): the statement and claimant, said_on, and the first item's
// figure text and measure. An empty SaidOn or Measure removes the field.
type Fields struct {
	Statement, Claimant, SaidOn string
	Figure, Measure             string
}

// The refusals of EditFields; the record must then be edited whole
// (RecordYAML, Edit).
var (
	// ErrNotEditable: the YAML is not a list of one record.
	ErrNotEditable = errors.New("the record cannot be edited field by field")
	// ErrNoFigure: a figure or measure was given for a record without one.
	ErrNoFigure = errors.New("the record gives no figure to change")
	// ErrNotOneFigure: the new figure text is not one figure as the
	// extractor reads them ("more than 5,000", "about a million").
	ErrNotOneFigure = errors.New("the figure text is not one figure")
)

// EditFields sets f in a record (YAML, a list of one, as RecordYAML gives
// it) and returns the edited YAML, for Staging.Edit to check and keep. A
// changed figure text gets the numbers and qualifier it says, as the
// extractor reads a figure (extract.ParseFigure), and none of the old
// figure's, so that no record says "2 million" with the "up to" of the
// figure it replaced; an unchanged text keeps the record's numbers.
func EditFields(orig []byte, f Fields) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(orig, &root); err != nil || len(root.Content) == 0 ||
		root.Content[0].Kind != yaml.SequenceNode || len(root.Content[0].Content) != 1 || root.Content[0].Content[0].Kind != yaml.MappingNode {
		return nil, ErrNotEditable
	}
	rec := root.Content[0].Content[0]
	setValue(rec, "statement", strNode(strings.TrimSpace(f.Statement)))
	setValue(rec, "claimant", strNode(strings.TrimSpace(f.Claimant)))
	setOrDrop(rec, "said_on", f.SaidOn)
	figure, measure := strings.TrimSpace(f.Figure), strings.TrimSpace(f.Measure)
	var qty *yaml.Node
	if items := mapValue(rec, "items"); items != nil && items.Kind == yaml.SequenceNode && len(items.Content) > 0 && items.Content[0].Kind == yaml.MappingNode {
		qty = mapValue(items.Content[0], "quantity")
	}
	if qty == nil || qty.Kind != yaml.MappingNode {
		if figure != "" || measure != "" {
			return nil, ErrNoFigure
		}
	} else {
		if err := setFigure(qty, figure); err != nil {
			return nil, err
		}
		setOrDrop(qty, "measure", measure)
	}
	var buf bytes.Buffer
	if err := encodeNode(&buf, &root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// setOrDrop sets key to v, or removes it when v is blank.
func setOrDrop(m *yaml.Node, key, v string) {
	if strings.TrimSpace(v) == "" {
		m.Content = pruneKey(m.Content, key)
		return
	}
	setValue(m, key, strNode(strings.TrimSpace(v)))
}

// setFigure sets a quantity's text, and its numbers and qualifier from a
// changed text; an empty text is left to the checks.
func setFigure(qty *yaml.Node, figure string) error {
	if old := mapValue(qty, "text"); figure == "" || (old != nil && strings.TrimSpace(old.Value) == figure) {
		setValue(qty, "text", strNode(figure))
		return nil
	}
	f, ok := extract.ParseFigure(figure)
	if !ok {
		return ErrNotOneFigure
	}
	setValue(qty, "text", strNode(figure))
	for _, n := range []struct {
		key string
		v   *float64
	}{{"value", f.Value}, {"min", f.Min}, {"max", f.Max}} {
		if n.v == nil {
			qty.Content = pruneKey(qty.Content, n.key)
			continue
		}
		setValue(qty, n.key, &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(*n.v, 'f', -1, 64)})
	}
	if f.Qualifier == "" {
		qty.Content = pruneKey(qty.Content, "qualifier")
	} else {
		setValue(qty, "qualifier", strNode(string(f.Qualifier)))
	}
	return nil
}
