package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SpecEnv names the environment variable that may hold the path of
// Discord's OpenAPI spec.
const SpecEnv = "DISCORD_API_SPEC"

// ErrSpecNotFound is returned by FindSpec when no spec file exists.
var ErrSpecNotFound = errors.New("Discord OpenAPI spec not found")

// FindSpec returns the path of Discord's OpenAPI spec: $DISCORD_API_SPEC
// when set, else ../shared/discord-api-spec/openapi.json relative to the
// directory holding go.mod, found by walking up from the working directory.
// The spec is never copied into the project. The error wraps
// ErrSpecNotFound and says where it looked.
func FindSpec() (string, error) {
	if p := os.Getenv(SpecEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w at %s (from $%s): %v", ErrSpecNotFound, p, SpecEnv, err)
		}
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("%w: working directory: %v", ErrSpecNotFound, err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared", "discord-api-spec", "openapi.json")
			if _, err := os.Stat(p); err != nil {
				return "", fmt.Errorf("%w at %s (../shared/discord-api-spec/openapi.json from the module root; set $%s to override)", ErrSpecNotFound, p, SpecEnv)
			}
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: no go.mod above the working directory (set $%s)", ErrSpecNotFound, SpecEnv)
		}
		dir = parent
	}
}

// Spec is Discord's OpenAPI document compiled for validating the JSON
// bodies of requests. Schemas are compiled on first use and cached; a Spec
// is safe for concurrent use.
type Spec struct {
	path   string
	doc    any
	routes []specRoute

	mu       sync.Mutex
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema // by schema location
}

// specRoute is one path of the spec, split into segments; a segment in
// braces matches any value.
type specRoute struct {
	template string
	segs     []string
	methods  map[string]bool // methods whose request body has an application/json schema
	all      map[string]bool // every method the path declares
}

const specResource = "file:///discord-api-spec/openapi.json"

var (
	specCacheMu sync.Mutex
	specCache   = map[string]*Spec{}
)

// LoadSpec reads and indexes the spec at path. Specs are cached per path
// for the life of the process, so every fake in a test binary shares one.
func LoadSpec(path string) (*Spec, error) {
	specCacheMu.Lock()
	defer specCacheMu.Unlock()
	if s, ok := specCache[path]; ok {
		return s, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load Discord OpenAPI spec: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("load Discord OpenAPI spec %s: %w", path, err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("load Discord OpenAPI spec %s: not a JSON object", path)
	}
	paths, ok := root["paths"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("load Discord OpenAPI spec %s: no paths", path)
	}
	s := &Spec{path: path, doc: doc, schemas: map[string]*jsonschema.Schema{}}
	for tmpl, v := range paths {
		ops, ok := v.(map[string]any)
		if !ok {
			continue
		}
		r := specRoute{template: tmpl, segs: splitPath(tmpl), methods: map[string]bool{}, all: map[string]bool{}}
		for m, op := range ops {
			method := strings.ToUpper(m)
			switch method {
			case "GET", "PUT", "POST", "PATCH", "DELETE":
			default:
				continue
			}
			r.all[method] = true
			if jsonBodySchema(op) != nil {
				r.methods[method] = true
			}
		}
		s.routes = append(s.routes, r)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(specResource, doc); err != nil {
		return nil, fmt.Errorf("load Discord OpenAPI spec %s: %w", path, err)
	}
	s.compiler = c
	specCache[path] = s
	return s, nil
}

// Path returns the file the spec was read from.
func (s *Spec) Path() string { return s.path }

func jsonBodySchema(op any) any {
	o, _ := op.(map[string]any)
	rb, _ := o["requestBody"].(map[string]any)
	content, _ := rb["content"].(map[string]any)
	aj, _ := content["application/json"].(map[string]any)
	return aj["schema"]
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// Route returns the spec's path template matching path (relative to the
// API base, e.g. "/applications/1/commands") for method, preferring the
// template with the most literal segments ("…/messages/@original" over
// "…/messages/{message_id}").
func (s *Spec) Route(method, path string) (string, bool) {
	r := s.route(method, path)
	if r == nil {
		return "", false
	}
	return r.template, true
}

func (s *Spec) route(method, path string) *specRoute {
	segs := splitPath(path)
	var best *specRoute
	bestLiterals := -1
	for i := range s.routes {
		r := &s.routes[i]
		if !r.all[method] || len(r.segs) != len(segs) {
			continue
		}
		literals := 0
		match := true
		for j, seg := range r.segs {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				if segs[j] == "" {
					match = false
					break
				}
				continue
			}
			if seg != segs[j] {
				match = false
				break
			}
			literals++
		}
		if match && literals > bestLiterals {
			best, bestLiterals = r, literals
		}
	}
	return best
}

// ValidateRequest checks a JSON request body against the spec's
// application/json request schema for method and path, after the
// conversions Discord's API performs itself (see Normalize), and checks
// the rules the spec does not encode (the 6000-character total over all
// embeds of a message). It returns the matched template.
func (s *Spec) ValidateRequest(method, path string, body []byte) (string, error) {
	r := s.route(method, path)
	if r == nil {
		return "", fmt.Errorf("%s %s: no such route in Discord's OpenAPI spec", method, path)
	}
	if !r.methods[method] {
		if len(bytes.TrimSpace(body)) > 0 {
			return r.template, fmt.Errorf("%s %s: the spec defines no JSON body for this route", method, r.template)
		}
		return r.template, nil
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return r.template, fmt.Errorf("%s %s: body is not JSON: %v", method, r.template, err)
	}
	inst = Normalize(r.template, inst)
	sch, err := s.schema(method, r.template)
	if err != nil {
		return r.template, err
	}
	if err := sch.Validate(inst); err != nil {
		return r.template, fmt.Errorf("%s %s: %v", method, r.template, err)
	}
	if err := CheckEmbedTotal(inst); err != nil {
		return r.template, fmt.Errorf("%s %s: %v", method, r.template, err)
	}
	return r.template, nil
}

func (s *Spec) schema(method, template string) (*jsonschema.Schema, error) {
	loc := specResource + "#/paths/" + pointerEscape(template) + "/" + strings.ToLower(method) +
		"/requestBody/content/application~1json/schema"
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.schemas[loc]; ok {
		return sch, nil
	}
	sch, err := s.compiler.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("compile the spec's schema for %s %s: %w", method, template, err)
	}
	s.schemas[loc] = sch
	return sch, nil
}

// pointerEscape escapes a JSON pointer token and percent-encodes what a
// URI fragment cannot hold.
func pointerEscape(tok string) string {
	tok = strings.ReplaceAll(tok, "~", "~0")
	tok = strings.ReplaceAll(tok, "/", "~1")
	tok = strings.ReplaceAll(tok, "{", "%7B")
	tok = strings.ReplaceAll(tok, "}", "%7D")
	return tok
}

// Normalize applies to a decoded request body (as from
// jsonschema.UnmarshalJSON) the conversions Discord's API does before
// validating: discordgo sends an application command's
// default_member_permissions as a decimal string (the documented wire form),
// while the spec types it as an integer, so on command routes a string of
// digits becomes a number. Anything else, including a string that is not a
// decimal integer, is left for the schema to reject.
func Normalize(template string, body any) any {
	if !strings.Contains(template, "/commands") {
		return body
	}
	fix := func(v any) {
		cmd, ok := v.(map[string]any)
		if !ok {
			return
		}
		if p, ok := cmd["default_member_permissions"].(string); ok && isDecimal(p) {
			cmd["default_member_permissions"] = json.Number(p)
		}
	}
	switch b := body.(type) {
	case []any:
		for _, c := range b {
			fix(c)
		}
	case map[string]any:
		fix(b)
	}
	return body
}

func isDecimal(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MaxEmbedTotal is Discord's limit on the characters of all embeds of one
// message together (titles, descriptions, field names and values, footer
// texts and author names), which the spec does not encode.
const MaxEmbedTotal = 6000

// CheckEmbedTotal checks the 6000-character total over the embeds of a
// message body: top-level "embeds" (webhook edits and follow-ups) or
// "data.embeds" (interaction callbacks). Characters are counted in runes.
func CheckEmbedTotal(body any) error {
	obj, _ := body.(map[string]any)
	if obj == nil {
		return nil
	}
	for _, where := range []struct {
		name string
		v    any
	}{{"embeds", obj["embeds"]}, {"data.embeds", dataEmbeds(obj)}} {
		embeds, _ := where.v.([]any)
		if n := EmbedTotal(embeds); n > MaxEmbedTotal {
			return fmt.Errorf("%s: %d characters over all embeds, more than %d", where.name, n, MaxEmbedTotal)
		}
	}
	return nil
}

func dataEmbeds(obj map[string]any) any {
	d, _ := obj["data"].(map[string]any)
	return d["embeds"]
}

// EmbedTotal counts the characters Discord counts towards the 6000 limit
// over decoded embeds.
func EmbedTotal(embeds []any) int {
	n := 0
	str := func(m map[string]any, k string) int {
		s, _ := m[k].(string)
		return utf8.RuneCountInString(s)
	}
	for _, e := range embeds {
		em, _ := e.(map[string]any)
		if em == nil {
			continue
		}
		n += str(em, "title") + str(em, "description")
		if f, _ := em["footer"].(map[string]any); f != nil {
			n += str(f, "text")
		}
		if a, _ := em["author"].(map[string]any); a != nil {
			n += str(a, "name")
		}
		fields, _ := em["fields"].([]any)
		for _, f := range fields {
			if fm, _ := f.(map[string]any); fm != nil {
				n += str(fm, "name") + str(fm, "value")
			}
		}
	}
	return n
}
