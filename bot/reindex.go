package bot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/armswatch/armswatch/internal/prose"
	"github.com/bwmarrin/discordgo"
)

// handleReindex checks that a moderator asked, in a guild where reindexing
// is honoured, then defers (ephemeral) and reindexes in Then.
func (b *Bot) handleReindex(_ context.Context, req *request) (Response, error) {
	if err := b.requireModerator(req, cmdReindex, "reindex"); err != nil {
		return Response{}, err
	}
	b.log.Info("reindex requested", append(b.logAttrs(req), "moderator_id", req.userID)...)
	return Response{
		Initial: deferredResponse(true),
		Then: func(ctx context.Context) (*discordgo.WebhookEdit, error) {
			embeds, err := b.reindexNow(ctx, req)
			if err != nil {
				return nil, err
			}
			return embedEdit(embeds), nil
		},
	}, nil
}

// reindexNow reindexes and says how it went, as /reindex and a publish
// or a retraction from Discord reply: the report, or the validation
// problems that kept the previous index; an error (already worded for the
// user) otherwise.
func (b *Bot) reindexNow(ctx context.Context, req *request) ([]*discordgo.MessageEmbed, error) {
	start := b.now()
	rep, err := b.engine.Reindex(ctx)
	took := b.now().Sub(start)
	attrs := append(b.logAttrs(req), "moderator_id", req.userID, "duration", took.String())
	switch {
	case err == nil:
		b.log.Info("reindex finished", append(attrs,
			"documents", rep.Documents, "claims", rep.Claims,
			"documents_added", len(rep.DocumentsAdded), "documents_changed", len(rep.DocumentsChanged), "documents_removed", len(rep.DocumentsRemoved),
			"claims_added", len(rep.ClaimsAdded), "claims_changed", len(rep.ClaimsChanged), "claims_removed", len(rep.ClaimsRemoved))...)
		return renderReindexReport(rep, took), nil
	case errors.Is(err, armswatch.ErrReindexRunning):
		return nil, badInput("A reindex is already running. The index in service keeps answering; try again when it has finished.")
	case errors.Is(err, armswatch.ErrInvalidData):
		problems := validationProblems(err)
		b.log.Warn("reindex refused invalid data", append(attrs, "problems", len(problems), "err", Redact(err.Error(), b.secret()))...)
		return renderValidationProblems(problems), nil
	case notWritable(err):
		return nil, serverFailure(&toldFailure{msg: b.notWritableMessage(err), err: fmt.Errorf("reindex: %w", err)})
	}
	return nil, serverFailure(fmt.Errorf("reindex: %w", err))
}

// notWritable reports whether err is the index directory refusing writes:
// its permissions, or a read-only file system.
func notWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// notWritableMessage tells the moderator why a reindex could not write.
func (b *Bot) notWritableMessage(err error) string {
	dir := "The index directory"
	if p, ok := b.engine.(interface{ Path() string }); ok && p.Path() != "" {
		dir += " `" + strings.ReplaceAll(cleanMax(p.Path(), 200), "`", "'") + "`"
	}
	why := "permission denied"
	if errors.Is(err, syscall.EROFS) {
		why = "read-only file system"
	}
	return dir + " is not writable (" + why + "), so the new index could not be built. " +
		"The index in service keeps answering. Make the directory writable by armswatch " +
		"(or mount its volume read-write) and run /reindex again."
}

// requireModerator refuses a moderator command (name, e.g. "reindex") in a
// DM, in a guild where the moderator commands are not honoured, or from a
// member who is not a moderator; action says what only moderators can do.
func (b *Bot) requireModerator(req *request, name, action string) error {
	i := req.i
	if i.Member == nil || i.GuildID == "" {
		return forbidden("/%s works only in a server, not in direct messages.", name)
	}
	if !b.reindexAllowedIn(i.GuildID) {
		return forbidden("/%s is not available in this server.", name)
	}
	if !b.isModerator(i.Member) {
		return forbidden("Only moderators can %s: it needs the Manage Server permission or a moderator role.", action)
	}
	return nil
}

// deferredResponse acknowledges a command whose answer will be edited in,
// ephemeral or not: ephemerality is fixed here, by the first response.
func deferredResponse(ephemeral bool) *discordgo.InteractionResponse {
	d := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: d}
}

// isModerator: the Manage Server (or Administrator) permission, or one of
// the moderator roles.
func (b *Bot) isModerator(m *discordgo.Member) bool {
	if m.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range m.Roles {
		if slices.Contains(b.cfg.ModeratorRoleIDs, r) {
			return true
		}
	}
	return false
}

// embedEdit replaces the original response with embeds.
func embedEdit(embeds []*discordgo.MessageEmbed) *discordgo.WebhookEdit {
	content := ""
	return &discordgo.WebhookEdit{
		Content:         &content,
		Embeds:          &embeds,
		Components:      &[]discordgo.MessageComponent{},
		AllowedMentions: noMentions(),
	}
}

// renderReindexReport says what a reindex changed.
func renderReindexReport(r armswatch.ReindexReport, took time.Duration) []*discordgo.MessageEmbed {
	if r.Seconds > 0 {
		took = time.Duration(r.Seconds * float64(time.Second))
	}
	counts := func(what string, total int, added, changed, removed []string) string {
		return "**" + what + ":** " + strconv.Itoa(total) + " — added " + strconv.Itoa(len(added)) +
			", changed " + strconv.Itoa(len(changed)) + ", removed " + strconv.Itoa(len(removed))
	}
	lines := []string{
		"This instance now serves the new index.",
		counts("Documents", r.Documents, r.DocumentsAdded, r.DocumentsChanged, r.DocumentsRemoved),
		counts("Claims", r.Claims, r.ClaimsAdded, r.ClaimsChanged, r.ClaimsRemoved),
		"Took " + formatDuration(took) + ".",
	}
	e := &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: "Reindex finished",
		Color: colourDone,
	}
	for _, l := range []struct {
		name string
		ids  []string
	}{
		{"Documents added", r.DocumentsAdded}, {"Documents changed", r.DocumentsChanged}, {"Documents removed", r.DocumentsRemoved},
		{"Claims added", r.ClaimsAdded}, {"Claims changed", r.ClaimsChanged}, {"Claims removed", r.ClaimsRemoved},
	} {
		if len(l.ids) == 0 {
			continue
		}
		names := make([]string, len(l.ids))
		for k, id := range l.ids {
			names[k] = truncateMarkdown(escape(cleanMax(id, 100)), 100)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  l.name + " (" + strconv.Itoa(len(l.ids)) + ")",
			Value: joinLimited(names, ", ", LimitFieldValue),
		})
	}
	if len(e.Fields) == 0 {
		lines = append(lines, "Nothing changed.")
	}
	e.Description = strings.Join(lines, "\n")
	return fitEmbeds([]*discordgo.MessageEmbed{e})
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
	}
	return d.Round(time.Second).String()
}

// renderValidationProblems lists why the data was refused (file:line and
// what is wrong), as many as fit.
func renderValidationProblems(problems []string) []*discordgo.MessageEmbed {
	head := "The previous index is still serving. Fix these problems in the data and run /reindex again:"
	items := make([]string, len(problems))
	for k, p := range problems {
		items[k] = "• " + truncateMarkdown(escape(p), 400)
	}
	desc := head
	if len(items) > 0 {
		desc += "\n" + joinLimited(items, "\n", LimitEmbedDesc-runeLen(head)-1)
	}
	return fitEmbeds([]*discordgo.MessageEmbed{{
		Type:        discordgo.EmbedTypeRich,
		Title:       "Reindex refused: " + prose.Count(len(problems), "problem", "problems") + " in the data",
		Description: desc,
		Color:       colourProblem,
	}})
}

// validationProblems lists the problems of a validation error: the
// armswatch.ValidationErrors it wraps ("file:line: field: message"), or
// else the leaves of its tree of joined errors (the ErrInvalidData sentinel
// itself left out), one per line.
func validationProblems(err error) []string {
	var verrs armswatch.ValidationErrors
	if errors.As(err, &verrs) && len(verrs) > 0 {
		out := make([]string, len(verrs))
		for k, e := range verrs {
			out[k] = cleanMax(e.Error(), 400)
		}
		return out
	}
	var out []string
	var walk func(e error)
	walk = func(e error) {
		if e == nil || e == armswatch.ErrInvalidData {
			return
		}
		if m, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range m.Unwrap() {
				walk(c)
			}
			return
		}
		for _, l := range strings.Split(e.Error(), "\n") {
			l = cleanMax(l, 400)
			if l != "" && l != armswatch.ErrInvalidData.Error() && l != armswatch.ErrInvalidData.Error()+":" {
				out = append(out, l)
			}
		}
	}
	// Find the first error in the chain that is a join of several.
	for e := err; e != nil; e = errors.Unwrap(e) {
		if _, ok := e.(interface{ Unwrap() []error }); ok {
			walk(e)
			return out
		}
	}
	walk(err)
	return out
}
