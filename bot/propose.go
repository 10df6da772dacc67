package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/extract"
	"github.com/armswatch/armswatch/ingest"
	"github.com/bwmarrin/discordgo"
)

// MaxProposeBytes is the largest article /propose takes.
const MaxProposeBytes = 1 << 20

// maxProposeUpload bounds the two files /propose attaches together, below
// Discord's upload limit for bots (10 MiB).
const maxProposeUpload = 8 << 20

// maxProposeProblems is how many validation problems the summary lists.
const maxProposeProblems = 8

// handlePropose answers /propose: a moderator (as for /reindex) attaches an
// article; what the attachment says of itself (size, type, where it is) is
// checked at once, then the reply is deferred (ephemeral) and the article
// downloaded, cleaned and mined for candidate claim records in Then. The
// edit carries a short summary and two files, the cleaned document and the
// candidates as YAML. Nothing is written to disk.
func (b *Bot) handlePropose(_ context.Context, req *request) (Response, error) {
	if err := b.requireModerator(req, cmdPropose, "propose claims"); err != nil {
		return Response{}, err
	}
	att, err := proposeAttachment(req.i)
	if err != nil {
		return Response{}, err
	}
	name := displayName(att.Filename)
	req.query = att.Filename
	if att.Size > MaxProposeBytes {
		return Response{}, badInput("%s is %s: /propose takes articles of at most 1 MiB. Attach the article's text alone.", name, byteSize(int64(att.Size)))
	}
	if !textAttachment(att.ContentType, att.Filename) {
		return Response{}, badInput("%s is not a text or HTML file (Discord says it is %s). Save the article as .txt or .html and attach that.",
			name, describeType(att.ContentType))
	}
	u, err := b.attachmentURL(att)
	if err != nil {
		b.log.Warn("propose refused an attachment URL", append(b.logAttrs(req), "err", b.logErr(err))...)
		return Response{}, badInput("I can only download attachments from Discord's own servers; %s is elsewhere.", name)
	}
	b.log.Info("propose requested", append(b.logAttrs(req), "moderator_id", req.userID, "bytes", att.Size)...)
	return Response{
		Initial: deferredResponse(true),
		Then: func(ctx context.Context) (*discordgo.WebhookEdit, error) {
			return b.proposeEdit(ctx, req, att, u)
		},
	}, nil
}

// proposeAttachment finds the attachment of the file option among the
// interaction's resolved data.
func proposeAttachment(i *discordgo.Interaction) (*discordgo.MessageAttachment, error) {
	missing := badInput("Attach the article (a .txt or .html file) in the file option.")
	o := commandOptions(i)[optFile]
	if o == nil {
		return nil, missing
	}
	id, _ := o.Value.(string)
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	if id == "" || data.Resolved == nil || data.Resolved.Attachments[id] == nil {
		return nil, missing
	}
	return data.Resolved.Attachments[id], nil
}

// proposeEdit downloads, cleans and extracts; bad input becomes a message.
func (b *Bot) proposeEdit(ctx context.Context, req *request, att *discordgo.MessageAttachment, u string) (*discordgo.WebhookEdit, error) {
	name := displayName(att.Filename)
	raw, err := b.download(ctx, u, MaxProposeBytes)
	switch {
	case errors.Is(err, errTooLarge):
		return nil, badInput("%s is larger than 1 MiB: /propose takes articles of at most 1 MiB. Attach the article's text alone.", name)
	case errors.Is(err, context.DeadlineExceeded):
		return nil, badInput("Downloading %s took too long. Try again in a moment.", name)
	case err != nil:
		b.log.Warn("propose could not download the attachment", append(b.logAttrs(req), "err", b.logErr(err, req.i.Token))...)
		return nil, badInput("I couldn't download %s from Discord. Try attaching it again.", name)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, badInput("%s is empty.", name)
	}
	if !looksLikeText(raw) {
		return nil, badInput("%s does not look like text: it holds binary data (%s). Attach the article as a .txt or .html file.",
			name, describeType(http.DetectContentType(raw)))
	}
	res, err := ingest.Clean(raw, ingest.Meta{})
	switch {
	case errors.Is(err, ingest.ErrEmpty):
		return nil, badInput("%s holds no text.", name)
	case errors.Is(err, ingest.ErrNothingLeft):
		return nil, badInput("Nothing is left of %s after cleaning: every line looked like page furniture (menus, share buttons, newsletter boxes…). Is it the article itself?", name)
	case err != nil:
		return nil, fmt.Errorf("propose: clean the article: %w", err)
	}

	corpus, cerr := b.engine.Corpus()
	if cerr != nil {
		b.log.Warn("propose works without the data set", append(b.logAttrs(req), "err", Redact(cerr.Error(), b.secret()))...)
		corpus = &armswatch.Corpus{}
	}
	id := ingest.DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title)
	base := id
	for n := 2; ; n++ {
		if _, taken := corpus.Document(id); !taken {
			break
		}
		id = base + "-" + strconv.Itoa(n)
	}
	doc := res.Document(id, sourceFileName(att.Filename))
	cands := extract.Extract(doc, corpus.Aliases)
	origin := "the attachment " + sourceFileName(att.Filename) + " to /propose, cleaned as document " + id
	yml, err := extract.CandidatesYAML(doc, origin, cands)
	if err != nil {
		return nil, fmt.Errorf("propose: %w", err)
	}
	docFile := ingest.Render(doc)
	if len(docFile)+len(yml) > maxProposeUpload {
		return nil, badInput("The rules proposed %d candidates for %s, too many to attach (%s). Run `armswatch extract` on the article instead.",
			len(cands), name, byteSize(int64(len(docFile)+len(yml))))
	}
	problems := checkProposal(id, docFile, yml)
	b.log.Info("propose finished", append(b.logAttrs(req), "moderator_id", req.userID, "document", id,
		"removed", len(res.Removed), "candidates", len(cands), "problems", len(problems))...)
	return renderProposal(proposal{
		doc: doc, res: res, candidates: len(cands), problems: problems,
		aliases: cerr == nil, docFile: docFile, yaml: yml,
	}), nil
}

// checkProposal loads the two files as a data set of their own, as
// "armswatch check" would once they are copied into the data directory,
// and returns the problems it finds (none when they load).
func checkProposal(id string, docFile, yml []byte) []string {
	fsys := fstest.MapFS{
		armswatch.AliasesFile:                             {Data: []byte("[]\n")},
		path.Join(armswatch.DocumentsDir, id+".md"):       {Data: docFile},
		path.Join(armswatch.ClaimsDir, id+".claims.yaml"): {Data: yml},
	}
	if _, err := armswatch.Load(fsys); err != nil {
		if errors.Is(err, armswatch.ErrInvalidData) {
			return validationProblems(err)
		}
		return []string{err.Error()}
	}
	return nil
}

// proposal is what /propose made of an article.
type proposal struct {
	doc        armswatch.Document
	res        ingest.Result
	candidates int
	problems   []string
	aliases    bool // the alias data was used
	docFile    []byte
	yaml       []byte
}

// renderProposal is the edit: a summary embed and the two files.
func renderProposal(p proposal) *discordgo.WebhookEdit {
	docName, yamlName := p.doc.ID+".md", p.doc.ID+".claims.yaml"
	stated := func(v string) string {
		if v = clean(v); v == "" {
			return "*not stated*"
		}
		return oneLine(v, 300)
	}
	title := stated(p.doc.Title)
	if strings.TrimSpace(p.doc.Title) == "" {
		title = "*no headline found: add a title before copying the file*"
	}
	lines := []string{
		"**Document:** `" + p.doc.ID + "`",
		"**Title:** " + title,
		"**Publisher:** " + stated(p.doc.Publisher),
		"**Published:** " + stated(p.doc.Published.String()),
		"**Cleaning:** " + removedSummary(p.res),
		"**Candidates:** " + strconv.Itoa(p.candidates) + " claim " + pluralWord(p.candidates, "record", "records") + " to review",
	}
	if !p.aliases {
		lines = append(lines, "The alias data could not be read: items and claimants were found without it.")
	}
	if len(p.problems) > 0 {
		items := make([]string, 0, min(len(p.problems), maxProposeProblems))
		for _, pr := range p.problems[:min(len(p.problems), maxProposeProblems)] {
			items = append(items, "• "+truncateMarkdown(escape(clean(pr)), 300))
		}
		if n := len(p.problems) - len(items); n > 0 {
			items = append(items, "• … and "+strconv.Itoa(n)+" more")
		}
		lines = append(lines, "", "**`armswatch check` would refuse these files as they are:**")
		lines = append(lines, items...)
	}
	lines = append(lines, "",
		"Attached: `"+docName+"` (the cleaned document) and `"+yamlName+"` (the candidates). Nothing was saved. "+
			"Review both, copy them into `data/documents/` and `data/claims/`, then run /reindex.")
	colour := colourDone
	if len(p.problems) > 0 {
		colour = colourProblem
	}
	embeds := fitEmbeds([]*discordgo.MessageEmbed{{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Candidate claims to review",
		Description: strings.Join(lines, "\n"),
		Color:       colour,
	}})
	content := ""
	return &discordgo.WebhookEdit{
		Content:    &content,
		Embeds:     &embeds,
		Components: &[]discordgo.MessageComponent{},
		Files: []*discordgo.File{
			{Name: docName, ContentType: "text/markdown; charset=utf-8", Reader: bytes.NewReader(p.docFile)},
			{Name: yamlName, ContentType: "text/plain; charset=utf-8", Reader: bytes.NewReader(p.yaml)},
		},
		AllowedMentions: noMentions(),
	}
}

// removedSummary says how many lines (elements, for HTML) cleaning took
// out of the body: those moved to the front matter (headline, byline,
// date), then the page furniture by rule, most frequent first.
func removedSummary(r ingest.Result) string {
	unit := "line"
	if r.Format == ingest.FormatHTML {
		unit = "element"
	}
	n := len(r.Removed)
	if n == 0 {
		return "nothing removed"
	}
	count := map[ingest.Rule]int{}
	for _, rm := range r.Removed {
		count[rm.Rule]++
	}
	named := func(rule ingest.Rule) string {
		if c := count[rule]; c > 1 {
			return escape(string(rule)) + " " + strconv.Itoa(c)
		}
		return escape(string(rule))
	}
	var moved, furniture []string
	for _, rule := range []ingest.Rule{ingest.RuleTitle, ingest.RuleByline, ingest.RuleDate} {
		if count[rule] > 0 {
			moved = append(moved, named(rule))
			delete(count, rule)
		}
	}
	rules := make([]ingest.Rule, 0, len(count))
	for rule := range count {
		rules = append(rules, rule)
	}
	sort.Slice(rules, func(i, j int) bool {
		if count[rules[i]] != count[rules[j]] {
			return count[rules[i]] > count[rules[j]]
		}
		return rules[i] < rules[j]
	})
	for k, rule := range rules {
		if k == 4 {
			furniture = append(furniture, "…")
			break
		}
		furniture = append(furniture, named(rule))
	}
	out := "removed " + strconv.Itoa(n) + " " + pluralWord(n, unit, unit+"s")
	var parts []string
	if len(moved) > 0 {
		parts = append(parts, strings.Join(moved, ", ")+" moved to the front matter")
	}
	if len(furniture) > 0 {
		parts = append(parts, "page furniture: "+strings.Join(furniture, ", "))
	}
	return out + " (" + strings.Join(parts, "; ") + ")"
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// textAttachment reports whether an attachment says it is text or HTML:
// by its content type, or by its name's extension when Discord gives no
// type.
func textAttachment(contentType, filename string) bool {
	if contentType != "" {
		mt, _, err := mime.ParseMediaType(contentType)
		if err != nil {
			return false
		}
		return strings.HasPrefix(mt, "text/") || mt == "application/xhtml+xml"
	}
	switch strings.ToLower(path.Ext(filename)) {
	case ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

// looksLikeText sniffs the downloaded bytes: text (in any 8-bit encoding
// ingest can read) or HTML, not binary data that only claims to be text.
func looksLikeText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	return strings.HasPrefix(http.DetectContentType(b), "text/")
}

// describeType names a content type for a message.
func describeType(ct string) string {
	if ct == "" {
		return "of no stated type"
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = ct
	}
	return "`" + strings.ReplaceAll(cleanMax(mt, 60), "`", "'") + "`"
}

// displayName is an attachment's file name for a message: cleaned,
// escaped, quoted.
func displayName(name string) string {
	n := cleanMax(path.Base(strings.ReplaceAll(name, `\`, "/")), 80)
	if n == "" || n == "." || n == "/" {
		return "the attachment"
	}
	return "“" + truncateMarkdown(escape(n), 80) + "”"
}

// sourceFileName is an attachment's file name as the document's
// source_file: its base name, cleaned.
func sourceFileName(name string) string {
	n := cleanMax(path.Base(strings.ReplaceAll(name, `\`, "/")), 100)
	if n == "." || n == "/" {
		return ""
	}
	return truncate(n, 100)
}

// attachmentSafeName keeps a name to the characters safe in a file name:
// ASCII letters, digits, ".", "-" and "_".
func attachmentSafeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "file"
	}
	return b.String()
}

// byteSize writes a size in bytes for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " " + pluralWord(int(n), "byte", "bytes")
}
