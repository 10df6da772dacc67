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

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/ingest"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/armswatch/armswatch/propose"
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
// downloaded and proposed in Then (proposeArticle): staged, and answered
// with its first review page, when Config.Staging is set; otherwise a
// preview (a short summary and two files, the cleaned document and the
// candidates as YAML) that says how to enable staging.
func (b *Bot) handlePropose(_ context.Context, req *request) (Response, error) {
	if err := b.requireModerator(req, cmdPropose, "propose claims"); err != nil {
		return Response{}, err
	}
	link := strings.TrimSpace(stringOption(commandOptions(req.i), optURL))
	if link != "" {
		return b.proposeLink(req, link)
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

// proposeLink is /propose url:: deferred (ephemeral), then the page is
// fetched with propose.Fetch (https only, addresses on the host's own
// networks refused, size and time bounded; Config.FetchOptions) and
// proposed as an attachment is. A fetch refused says why and what to do.
func (b *Bot) proposeLink(req *request, link string) (Response, error) {
	req.query = link
	if commandOptions(req.i)[optFile] != nil {
		return Response{}, badInput("Give the article either as a file or as a url, not both.")
	}
	b.log.Info("propose requested", append(b.logAttrs(req), "moderator_id", req.userID, "from", "url")...)
	return Response{
		Initial: deferredResponse(true),
		Then: func(ctx context.Context) (*discordgo.WebhookEdit, error) {
			src, err := propose.Fetch(ctx, link, b.cfg.FetchOptions)
			if err != nil {
				if msg, ok := armswatch.ErrorMessage(err); ok {
					return nil, badInput("%s", escape(cleanMax(msg, 1500)))
				}
				if errors.Is(err, context.DeadlineExceeded) {
					return nil, badInput("Fetching the page took too long. Try again, or attach the article as a file.")
				}
				return nil, fmt.Errorf("propose: fetch: %w", err)
			}
			src.Origin = "the link " + src.URL + " given to /propose"
			return b.proposeArticle(ctx, req, src, "the page", src.URL)
		},
	}, nil
}

// proposeAttachment finds the attachment of the file option among the
// interaction's resolved data.
func proposeAttachment(i *discordgo.Interaction) (*discordgo.MessageAttachment, error) {
	missing := badInput("Attach the article (a .txt or .html file) in the file option, or give its https link in the url option.")
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
	origin := "the attachment " + sourceFileName(att.Filename) + " to /propose"
	return b.proposeArticle(ctx, req, propose.Source{Raw: raw, ContentType: att.ContentType, SourceFile: sourceFileName(att.Filename), Origin: origin}, name, origin)
}

// proposeArticle turns an article into a proposal (propose.Propose) and,
// with staging on, stages it (Staging.Save, by "discord:<user id>") and
// answers with its first review page; without staging, or when the data
// directory refuses the write, with the preview (two files).
func (b *Bot) proposeArticle(ctx context.Context, req *request, src propose.Source, name, source string) (*discordgo.WebhookEdit, error) {
	corpus, cerr := b.engine.Corpus()
	if cerr != nil {
		b.log.Warn("propose works without the data set", append(b.logAttrs(req), "err", Redact(cerr.Error(), b.secret()))...)
		corpus = &armswatch.Corpus{}
	}
	opt := propose.Options{Corpus: corpus}
	if b.cfg.Staging != nil {
		opt.Taken = b.cfg.Staging.Taken
	}
	p, err := propose.Propose(ctx, src, opt)
	switch {
	case errors.Is(err, ingest.ErrEmpty):
		return nil, badInput("%s holds no text.", name)
	case errors.Is(err, ingest.ErrNothingLeft):
		return nil, badInput("Nothing is left of %s after cleaning: every line looked like page furniture (menus, share buttons, newsletter boxes…). Is it the article itself?", name)
	case errors.Is(err, ingest.ErrNotText):
		return nil, badInput("%s does not look like text. Attach the article as a .txt or .html file.", name)
	case errors.Is(err, propose.ErrNoTitle):
		return nil, badInput("%s has no headline-like line to take the title from. Put the headline on the first line and try again.", name)
	case err != nil:
		return nil, fmt.Errorf("propose: %w", err)
	}
	problems := make([]string, len(p.Problems))
	for k, pr := range p.Problems {
		problems[k] = cleanMax(pr.Error(), 400)
	}
	b.log.Info("propose finished", append(b.logAttrs(req), "moderator_id", req.userID, "document", p.Doc.ID,
		"removed", len(p.Cleaning.Removed), "candidates", len(p.Candidates), "problems", len(problems))...)
	preview := proposal{doc: p.Doc, res: p.Cleaning, candidates: len(p.Candidates), problems: problems,
		aliases: cerr == nil, docFile: p.DocFile, yaml: p.CandidatesYAML, note: msgPreviewOnly}
	if b.cfg.Staging == nil {
		return b.renderPreview(preview, name)
	}
	return b.stage(req, p, preview, name, source)
}

// stage stages the proposal and answers with its first candidate's page;
// a document the checks refuse, or a read-only data directory, is said
// above the preview, nothing staged.
func (b *Bot) stage(req *request, p *propose.Proposal, preview proposal, name, source string) (*discordgo.WebhookEdit, error) {
	key, err := b.reviewKey()
	if err == nil {
		var st *propose.Staged
		if st, err = b.cfg.Staging.Save(p, source, by(req)); err == nil {
			b.log.Info("proposal staged", append(b.logAttrs(req), "moderator_id", req.userID, "document", st.ID)...)
			notice := "Staged for review. Cleaning: " + removedSummary(p.Cleaning) + "."
			if len(p.SameAs) > 0 {
				notice += " The data has " + escape(prose.And(p.SameAs)) + " with this title or url already: is this article published? If so, reject its candidates."
			}
			if len(preview.problems) > 0 {
				notice += " `armswatch check` refuses " + prose.Count(len(preview.problems), "problem", "problems") + " of the candidates as proposed: edit or reject those."
			}
			return reviewPage(st, 0, key, req.i.GuildID, notice).edit(), nil
		}
	}
	var invalid *propose.InvalidError
	switch {
	case errors.As(err, &invalid):
		b.log.Info("propose: not staged, the document does not pass the checks", append(b.logAttrs(req), "moderator_id", req.userID, "document", p.Doc.ID)...)
		preview.note = "Nothing was staged: the cleaned document does not pass the checks:\n" + problemLines(invalid.Problems, 1000) + "\nHere are the two files."
	case errors.Is(err, propose.ErrReadOnly):
		preview.note = "Nothing was staged: " + escape(cleanMax(err.Error(), 1200)) + " Meanwhile, here are the two files."
	default:
		return nil, b.stagingFailure("propose: stage", err)
	}
	return b.renderPreview(preview, name)
}

// msgPreviewOnly ends the preview when the bot has no staging area.
const msgPreviewOnly = "Nothing was saved: reviewing in Discord needs a writable data directory (set DATA_DIR to one; " +
	"`armswatch data export DIR` makes one). Meanwhile, review both files, copy them into `data/documents/` and `data/claims/`, then run /reindex."

// renderPreview is the preview, when its files fit an upload.
func (b *Bot) renderPreview(p proposal, name string) (*discordgo.WebhookEdit, error) {
	if n := len(p.docFile) + len(p.yaml); n > maxProposeUpload {
		return nil, badInput("The rules proposed %d candidates for %s, too many to attach (%s). Run `armswatch extract` on the article instead.",
			p.candidates, name, byteSize(int64(n)))
	}
	return renderProposal(p), nil
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
	note       string // the last line: what was saved, and what to do
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
		"**Candidates:** " + strconv.Itoa(p.candidates) + " claim " + prose.Plural(p.candidates, "record", "records") + " to review",
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
		"Attached: `"+docName+"` (the cleaned document) and `"+yamlName+"` (the candidates). "+p.note)
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
	out := "removed " + strconv.Itoa(n) + " " + prose.Plural(n, unit, unit+"s")
	var parts []string
	if len(moved) > 0 {
		parts = append(parts, strings.Join(moved, ", ")+" moved to the front matter")
	}
	if len(furniture) > 0 {
		parts = append(parts, "page furniture: "+strings.Join(furniture, ", "))
	}
	return out + " (" + strings.Join(parts, "; ") + ")"
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
	return strconv.FormatInt(n, 10) + " " + prose.Plural(int(n), "byte", "bytes")
}
