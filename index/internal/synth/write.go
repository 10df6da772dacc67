package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/extract"
)

// WriteData writes the generator's whole corpus under dir as a data set in
// the layout armswatch.Load reads (aliases.yaml, documents/<id>.md, one
// claims file), one document at a time, so that a benchmark can build from
// files as a moderator's reindex does. dir must not hold a data set yet.
func (g *Generator) WriteData(dir string) error {
	for _, sub := range []string{armswatch.DocumentsDir, armswatch.ClaimsDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	var aliases strings.Builder
	for _, a := range g.Aliases() {
		fmt.Fprintf(&aliases, "- name: %s\n  kind: %s\n  aliases:\n", armswatch.QuoteYAML(a.Name), a.Kind)
		for _, x := range a.Aliases {
			fmt.Fprintf(&aliases, "    - %s\n", armswatch.QuoteYAML(x))
		}
	}
	if err := os.WriteFile(filepath.Join(dir, armswatch.AliasesFile), []byte(aliases.String()), 0o644); err != nil {
		return err
	}
	claims, err := os.Create(filepath.Join(dir, armswatch.ClaimsDir, "synth.yaml"))
	if err != nil {
		return err
	}
	defer claims.Close()
	for i := 0; i < g.cfg.Documents; i++ {
		d, c := g.Next()
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s\npublisher: %s\npublished: %s\nlanguage: %s\n---\n%s\n",
			armswatch.QuoteYAML(d.Title), armswatch.QuoteYAML(d.Publisher), d.Published, d.Language, d.Body)
		if err := os.WriteFile(filepath.Join(dir, d.Path), []byte(b.String()), 0o644); err != nil {
			return err
		}
		if c == nil {
			continue
		}
		y, err := extract.YAML(d, []armswatch.Claim{*c})
		if err != nil {
			return err
		}
		if _, err := claims.Write(y); err != nil {
			return err
		}
	}
	return claims.Close()
}
