package bot

import (
	"slices"

	"github.com/armswatch/armswatch/propose"
	"github.com/bwmarrin/discordgo"
)

// Command names.
const (
	cmdClaims   = "claims"
	cmdSource   = "source"
	cmdAbout    = "about"
	cmdReindex  = "reindex"
	cmdTimeline = "timeline"
	cmdPropose  = "propose"
	cmdRetract  = "retract"
	cmdReview   = "review"
)

// Option lengths the commands accept. maxQueryRunes keeps the query, once
// escaped, inside the answer's embed title, where it is read back from for
// paging.
const (
	maxQueryRunes    = 120
	maxClaimantRunes = 100
)

// Commands returns the application commands to register with one bulk
// overwrite, for the given guild ("" = globally).
//
// The moderator commands (/reindex, /propose, /review, /retract, /gaps) are included when
// ModeratorGuildIDs is empty, or when guildID is one of them. So with
// ModeratorGuildIDs set and global registration, the global set has none:
// register ModeratorCommands(g) to each moderator guild g as well.
func (b *Bot) Commands(guildID string) []*discordgo.ApplicationCommand {
	cmds := []*discordgo.ApplicationCommand{claimsCommand(), sourceCommand(), aboutCommand(), timelineCommand()}
	if b.reindexAllowedIn(guildID) {
		cmds = append(cmds, moderatorCommands()...)
	}
	return cmds
}

// ModeratorCommands returns the commands that exist only in moderator
// guilds (/reindex, /propose, /review, /retract and /gaps) when ModeratorGuildIDs is set and guildID
// is one of them; otherwise nil. Use it to complete a global registration.
func (b *Bot) ModeratorCommands(guildID string) []*discordgo.ApplicationCommand {
	if len(b.cfg.ModeratorGuildIDs) == 0 || guildID == "" || !slices.Contains(b.cfg.ModeratorGuildIDs, guildID) {
		return nil
	}
	return moderatorCommands()
}

func moderatorCommands() []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{reindexCommand(), proposeCommand(), reviewOpenCommand(), retractCommand(), gapsCommand()}
}

// reindexAllowedIn reports whether the moderator commands (/reindex,
// /propose and its review buttons, /review, /retract, /gaps) are registered and
// honoured in guildID ("" = the global registration).
func (b *Bot) reindexAllowedIn(guildID string) bool {
	if len(b.cfg.ModeratorGuildIDs) == 0 {
		return true
	}
	return guildID != "" && slices.Contains(b.cfg.ModeratorGuildIDs, guildID)
}

func ptr[T any](v T) *T { return &v }

// everywhere and guildOnly are the contexts a command can be used in; each
// call returns a fresh slice.
func everywhere() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
}

func guildOnly() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
}

func claimsCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        cmdClaims,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Who claimed what about arms transfers, with quotes from named sources",
		Contexts:    everywhere(),
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optQuery, Required: true, Autocomplete: true,
				Description: "What to look for, e.g. shells, KN-23, Rason",
				MinLength:   ptr(1), MaxLength: maxQueryRunes,
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optItem, Autocomplete: true,
				Description: "Only claims about this kind of item",
				MaxLength:   40,
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optClaimant, Autocomplete: true,
				Description: "Only claims by this claimant",
				MaxLength:   maxClaimantRunes,
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optFrom,
				Description: "Only claims made from this date: YYYY, YYYY-MM or YYYY-MM-DD",
				MinLength:   ptr(4), MaxLength: 10,
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optTo,
				Description: "Only claims made up to this date: YYYY, YYYY-MM or YYYY-MM-DD",
				MinLength:   ptr(4), MaxLength: 10,
			},
			{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: optPublic,
				Description: "Post the answer for everyone in the channel (default: only you see it)",
			},
		},
	}
}

func sourceCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        cmdSource,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Show one source document: its metadata, an excerpt and its claims",
		Contexts:    everywhere(),
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optID, Required: true, Autocomplete: true,
				Description: "The document (start typing its title)",
				MinLength:   ptr(1), MaxLength: 100,
			},
		},
	}
}

func aboutCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        cmdAbout,
		Type:        discordgo.ChatApplicationCommand,
		Description: "What this bot is, what data it holds and how to cite it",
		Contexts:    everywhere(),
		Options:     []*discordgo.ApplicationCommandOption{},
	}
}

func reindexCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:                     cmdReindex,
		Type:                     discordgo.ChatApplicationCommand,
		Description:              "Moderators: rebuild the index from the data directory",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
		DMPermission:             ptr(false),
		Contexts:                 guildOnly(),
		Options:                  []*discordgo.ApplicationCommandOption{},
	}
}

func timelineCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:        cmdTimeline,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Chart of the quantities reported over time for one kind of item",
		Contexts:    everywhere(),
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optItem, Required: true, Autocomplete: true,
				Description: "A kind of item or a word for one, e.g. artillery-shell, shells, KN-23",
				MinLength:   ptr(1), MaxLength: maxTimelineItemRunes,
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optClaimant, Autocomplete: true,
				Description: "Only the figures of this claimant",
				MaxLength:   maxClaimantRunes,
			},
			{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: optPublic,
				Description: "Post the chart for everyone in the channel (default: only you see it)",
			},
		},
	}
}

func proposeCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:                     cmdPropose,
		Type:                     discordgo.ChatApplicationCommand,
		Description:              "Moderators: stage an article (a file or a link) and review its candidate claim records",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
		DMPermission:             ptr(false),
		Contexts:                 guildOnly(),
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionAttachment, Name: optFile,
				Description: "The article as a text or HTML file, at most 1 MiB (or give url)",
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optURL,
				Description: "The article's https link, to fetch it (or attach it as file)",
				MinLength:   ptr(8), MaxLength: propose.MaxURLLength,
			},
		},
	}
}

// Option names.
const (
	optQuery    = "query"
	optItem     = "item"
	optClaimant = "claimant"
	optFrom     = "from"
	optTo       = "to"
	optPublic   = "public"
	optID       = "id"
	optFile     = "file"
	optReason   = "reason"
	optURL      = "url"
)

// maxRetractReasonRunes bounds /retract's reason, written into the record.
const maxRetractReasonRunes = 300

func retractCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:                     cmdRetract,
		Type:                     discordgo.ChatApplicationCommand,
		Description:              "Moderators: retract a published claim record, with the reason",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
		DMPermission:             ptr(false),
		Contexts:                 guildOnly(),
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optID, Required: true,
				Description: "The claim record's id, e.g. 2024-01-18-ministry-shells-1",
				MinLength:   ptr(1), MaxLength: 100,
			},
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optReason, Required: true,
				Description: "Why it is retracted (kept in the record and the changelog)",
				MinLength:   ptr(3), MaxLength: maxRetractReasonRunes,
			},
		},
	}
}

func reviewOpenCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name:                     cmdReview,
		Type:                     discordgo.ChatApplicationCommand,
		Description:              "Moderators: list the staged proposals, or reopen one's review page",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
		DMPermission:             ptr(false),
		Contexts:                 guildOnly(),
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type: discordgo.ApplicationCommandOptionString, Name: optID, Autocomplete: true,
				Description: "The staged proposal (start typing its title or id); leave out to list them",
				MinLength:   ptr(1), MaxLength: 100,
			},
		},
	}
}
