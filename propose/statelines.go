package propose

import (
	"bytes"
	"encoding/json"
	"errors"
)

// stateLines finds where a state file says what: the line of each key of
// each candidate (candidates[i][key]), for problems at file:line. A file
// that is not JSON gives what was read before the error.
func stateLines(raw []byte) []map[string]int {
	dec := json.NewDecoder(bytes.NewReader(raw))
	line := func() int { return 1 + bytes.Count(raw[:dec.InputOffset()], []byte("\n")) }
	if !isDelim(dec, '{') {
		return nil
	}
	var out []map[string]int
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return out
		}
		if key != "candidates" {
			if skipValue(dec) != nil {
				return out
			}
			continue
		}
		if !isDelim(dec, '[') {
			return out
		}
		for dec.More() {
			if !isDelim(dec, '{') {
				return out
			}
			m := map[string]int{"": line()}
			for dec.More() {
				k, err := dec.Token()
				s, ok := k.(string)
				if err != nil || !ok {
					return append(out, m)
				}
				m[s] = line()
				if skipValue(dec) != nil {
					return append(out, m)
				}
			}
			out = append(out, m)
			if !isDelim(dec, '}') {
				return out
			}
		}
		return out
	}
	return out
}

// stateLine is the line of candidates[i][key] (of candidates[i] when key
// is absent); 0 when unknown.
func stateLine(lines []map[string]int, i int, key string) int {
	if i < 0 || i >= len(lines) {
		return 0
	}
	if n, ok := lines[i][key]; ok {
		return n
	}
	return lines[i][""]
}

// jsonErrorLine is the line a JSON decoding error is at; 0 when it does
// not say.
func jsonErrorLine(raw []byte, err error) int {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(raw)) {
		return 0
	}
	return 1 + bytes.Count(raw[:off], []byte("\n"))
}

func isDelim(dec *json.Decoder, d json.Delim) bool {
	tok, err := dec.Token()
	return err == nil && tok == d
}

// skipValue reads one value, however deep.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}
