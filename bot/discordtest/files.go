package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Files: Discord takes files with a message as a multipart/form-data body
// (a "payload_json" part holding the JSON body, and one "files[n]" part
// per file), serves attachments from its CDN, and hands the attachments of
// a command's attachment option to the bot in data.resolved.attachments,
// with CDN URLs. The fake does the same: multipart bodies are parsed and
// their payload_json validated like any JSON body (the spec's multipart
// schema is the JSON schema plus the files), uploaded files become the
// message's attachments, served at /attachments/…, and CDN URLs in the
// interactions it creates point at itself.

// DefaultMaxUploadBytes is the default bound on a multipart body (413,
// code 40005, beyond): Discord's upload limit for bots.
const DefaultMaxUploadBytes = 10 << 20

// maxFiles is how many files one message may carry.
const maxFiles = 10

// UploadedFile is a file the bot attached to a message, or an attachment
// put on the fake's CDN with PutAttachment.
type UploadedFile struct {
	ID          string
	Name        string
	ContentType string
	Data        []byte
	// URL is where the fake serves it.
	URL string
}

// cdnFile is one file the fake's CDN serves, by attachment id.
type cdnFile struct {
	name, contentType string
	data              []byte
}

// discordCDNHosts are the hosts of Discord's CDN, whose URLs in the
// interactions the fake creates are pointed at the fake.
var discordCDNHosts = []string{"cdn.discordapp.com", "media.discordapp.net"}

// PutAttachment puts a file on the fake's CDN under an attachment id, as
// the attachment a user gave a command's attachment option: interactions
// whose data.resolved.attachments name that id get URLs at the fake, which
// serves data with contentType. Putting an id again replaces the file.
func (s *Server) PutAttachment(id, contentType string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cdn == nil {
		s.cdn = map[string]cdnFile{}
	}
	s.cdn[id] = cdnFile{contentType: contentType, data: append([]byte(nil), data...)}
}

// AttachmentURL is the URL the fake serves an attachment at.
func (s *Server) AttachmentURL(channelID, id, name string) string {
	if channelID == "" {
		channelID = "0"
	}
	return s.srv.URL + "/attachments/" + channelID + "/" + id + "/" + url.PathEscape(name)
}

// serveAttachment serves GET /attachments/…/{id}/{name} (and
// /ephemeral-attachments/…, as Discord's CDN does for the files given to
// commands) from the CDN.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	segs := splitPath(r.URL.Path)
	if len(segs) < 3 {
		http.NotFound(w, r)
		return
	}
	id := segs[len(segs)-2]
	s.mu.Lock()
	f, ok := s.cdn[id]
	s.mu.Unlock()
	if !ok {
		http.Error(w, "This content is no longer available.", http.StatusNotFound)
		return
	}
	ct := f.contentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(f.data)
	}
}

// pointAttachmentsLocked points the CDN URLs of an interaction payload's
// resolved attachments at the fake. Callers hold s.mu.
func (s *Server) pointAttachmentsLocked(m map[string]any) {
	data, _ := m["data"].(map[string]any)
	resolved, _ := data["resolved"].(map[string]any)
	atts, _ := resolved["attachments"].(map[string]any)
	for _, v := range atts {
		a, _ := v.(map[string]any)
		for _, k := range []string{"url", "proxy_url"} {
			raw, _ := a[k].(string)
			u, err := url.Parse(raw)
			if err != nil || !slices.Contains(discordCDNHosts, strings.ToLower(u.Hostname())) {
				continue
			}
			a[k] = s.srv.URL + u.EscapedPath()
			if u.RawQuery != "" {
				a[k] = a[k].(string) + "?" + u.RawQuery
			}
		}
	}
}

// isMultipart reports whether a Content-Type is multipart/form-data.
func isMultipart(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "multipart/form-data"
}

// filesPart is the name of a file part: files[0] … files[9].
var filesPart = regexp.MustCompile(`^files\[(\d)\]$`)

// parseMultipart reads a multipart/form-data message body as Discord does:
// at most one payload_json part (JSON) and file parts named files[n], each
// with a file name, n from 0 to 9 and used once. Files come back in the
// order of n, their ID being n until they are stored.
func parseMultipart(ct string, body []byte) (payload []byte, files []UploadedFile, err error) {
	_, params, err := mime.ParseMediaType(ct)
	if err != nil || params["boundary"] == "" {
		return nil, nil, fmt.Errorf("multipart body without a boundary: %q", ct)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	seen := map[int]bool{}
	sawPayload := false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("malformed multipart body: %v", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, fmt.Errorf("malformed multipart body: %v", err)
		}
		name := p.FormName()
		switch {
		case name == "payload_json":
			if sawPayload {
				return nil, nil, errors.New("two payload_json parts")
			}
			sawPayload = true
			if !json.Valid(data) {
				return nil, nil, errors.New("payload_json is not JSON")
			}
			payload = data
		case filesPart.MatchString(name):
			n, _ := strconv.Atoi(filesPart.FindStringSubmatch(name)[1])
			if seen[n] {
				return nil, nil, fmt.Errorf("%s sent twice", name)
			}
			seen[n] = true
			if p.FileName() == "" {
				return nil, nil, fmt.Errorf("%s has no filename", name)
			}
			ctype := p.Header.Get("Content-Type")
			files = append(files, UploadedFile{ID: strconv.Itoa(n), Name: p.FileName(), ContentType: ctype, Data: data})
		default:
			return nil, nil, fmt.Errorf("unexpected form field %q (want payload_json and files[n])", name)
		}
	}
	if len(files) > maxFiles {
		return nil, nil, fmt.Errorf("%d files, at most %d", len(files), maxFiles)
	}
	if payload == nil {
		payload = []byte("{}")
	}
	return payload, files, nil
}

// applyFilesLocked applies the files of an edit and its attachments field
// to a stored message, as Discord does: attachments listed by id (an
// existing attachment's, or the index n of files[n]) are what the message
// keeps; without the field, existing attachments stay and new files are
// added. Images in embeds named attachment://name must be among the
// message's attachments afterwards. It removes "attachments" from data, so
// that mergeMessage leaves them alone. Callers hold s.mu.
func (s *Server) applyFilesLocked(in *Interaction, m, data map[string]any, files []UploadedFile) error {
	existing := attachmentsOf(m)
	byIndex := map[string]UploadedFile{}
	for _, f := range files {
		byIndex[f.ID] = f
	}
	// The attachments after the edit: kept ones, or files to store.
	type slot struct {
		old  map[string]any
		file *UploadedFile
	}
	var plan []slot
	used := map[string]bool{}
	if list, ok := data["attachments"]; ok && list != nil {
		arr, _ := list.([]any)
		for _, e := range arr {
			a, _ := e.(map[string]any)
			id := fmt.Sprint(a["id"])
			if f, ok := byIndex[id]; ok {
				if used[id] {
					return fmt.Errorf("attachments: file %s listed twice", id)
				}
				used[id] = true
				plan = append(plan, slot{file: &f})
				continue
			}
			found := false
			for _, old := range existing {
				if old["id"] == id {
					plan = append(plan, slot{old: old})
					found = true
				}
			}
			if !found {
				return fmt.Errorf("attachments: %q is neither an attachment of the message nor the index of a file sent", id)
			}
		}
	} else {
		for _, old := range existing {
			plan = append(plan, slot{old: old})
		}
	}
	for _, f := range files {
		if !used[f.ID] {
			plan = append(plan, slot{file: &f})
		}
	}
	if len(plan) > maxFiles {
		return fmt.Errorf("the message would have %d attachments, at most %d", len(plan), maxFiles)
	}
	names := map[string]bool{}
	for _, p := range plan {
		if p.file != nil {
			names[p.file.Name] = true
		} else if n, ok := p.old["filename"].(string); ok {
			names[n] = true
		}
	}
	embeds, ok := data["embeds"].([]any)
	if !ok {
		embeds, _ = m["embeds"].([]any)
	}
	for k, e := range embeds {
		em, _ := e.(map[string]any)
		for _, field := range []string{"image", "thumbnail"} {
			img, _ := em[field].(map[string]any)
			u, _ := img["url"].(string)
			if name, ok := strings.CutPrefix(u, "attachment://"); ok && !names[name] {
				return fmt.Errorf("embeds[%d].%s.url is %q, but the message has no attachment of that name", k, field, u)
			}
		}
	}
	delete(data, "attachments")
	list := make([]any, len(plan))
	for k, p := range plan {
		if p.file != nil {
			list[k] = s.storeFileLocked(in, *p.file)
		} else {
			list[k] = p.old
		}
	}
	m["attachments"] = list
	return nil
}

// storeFileLocked puts an uploaded file on the CDN and returns the
// attachment object of the message.
func (s *Server) storeFileLocked(in *Interaction, f UploadedFile) map[string]any {
	id := s.snowflakeLocked()
	if s.cdn == nil {
		s.cdn = map[string]cdnFile{}
	}
	s.cdn[id] = cdnFile{name: f.Name, contentType: f.ContentType, data: f.Data}
	u := s.AttachmentURL(in.channelID, id, f.Name)
	a := map[string]any{
		"id": id, "filename": f.Name, "size": len(f.Data), "url": u, "proxy_url": u,
	}
	if f.ContentType != "" {
		a["content_type"] = f.ContentType
	}
	return a
}

func attachmentsOf(m map[string]any) []map[string]any {
	arr, _ := m["attachments"].([]any)
	var out []map[string]any
	for _, e := range arr {
		if a, ok := e.(map[string]any); ok {
			out = append(out, a)
		}
	}
	return out
}

// Files returns the attachments of the original response as it stands,
// with their contents.
func (in *Interaction) Files() []UploadedFile {
	in.srv.mu.Lock()
	defer in.srv.mu.Unlock()
	if in.original == nil {
		return nil
	}
	var out []UploadedFile
	for _, a := range attachmentsOf(in.original) {
		id, _ := a["id"].(string)
		f := in.srv.cdn[id]
		name, _ := a["filename"].(string)
		u, _ := a["url"].(string)
		out = append(out, UploadedFile{ID: id, Name: name, ContentType: f.contentType, Data: append([]byte(nil), f.data...), URL: u})
	}
	return out
}
