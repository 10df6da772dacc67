package propose

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/armswatch/armswatch"
)

// RecordsYAML writes claim records in the claims format, empty fields left
// out, headed by comment (each line gets "# "; empty: none).
func RecordsYAML(comment string, claims []armswatch.Claim) ([]byte, error) {
	var n yaml.Node
	if claims == nil {
		claims = []armswatch.Claim{}
	}
	if err := n.Encode(claims); err != nil {
		return nil, fmt.Errorf("write claim records: %w", err)
	}
	prune(&n)
	var b bytes.Buffer
	for _, line := range splitLines(comment) {
		b.WriteString("# " + line + "\n")
	}
	if err := encodeNode(&b, &n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func encodeNode(b *bytes.Buffer, n *yaml.Node) error {
	enc := yaml.NewEncoder(b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return fmt.Errorf("write claim records: %w", err)
	}
	return enc.Close()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return bytes2lines(s)
}

func bytes2lines(s string) []string {
	var out []string
	for _, l := range bytes.Split([]byte(s), []byte("\n")) {
		out = append(out, string(l))
	}
	return out
}

// prune removes the keys of empty values (null, "", false, empty lists and
// mappings) from every mapping under n.
func prune(n *yaml.Node) {
	for _, c := range n.Content {
		prune(c)
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	kept := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !empty(n.Content[i+1]) {
			kept = append(kept, n.Content[i], n.Content[i+1])
		}
	}
	n.Content = kept
}

func empty(v *yaml.Node) bool {
	switch v.Kind {
	case yaml.ScalarNode:
		switch v.Tag {
		case "!!null":
			return true
		case "!!str":
			return v.Value == ""
		case "!!bool":
			return v.Value == "false"
		}
	case yaml.SequenceNode, yaml.MappingNode:
		return len(v.Content) == 0
	}
	return false
}

// parseRecords decodes claim records without checking them (the loader
// checks them).
func parseRecords(data []byte) ([]armswatch.Claim, error) {
	var out []armswatch.Claim
	if err := yaml.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// mapValue returns the value of key in mapping m, nil when absent.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setValue sets key in mapping m, in place when present, else at the end.
func setValue(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func strNode(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
