package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

func timelineInteraction(item, claimant string) *discordgo.Interaction {
	opts := stringOpts(optItem, item)
	if claimant != "" {
		opts = append(opts, stringOpts(optClaimant, claimant)...)
	}
	return commandInteraction(cmdTimeline, opts)
}

// hostileCorpus has n claims about shells whose claimants and sources are
// long and full of markdown and mentions, so that the caption cannot fit
// an embed.
func hostileCorpus(n int) *armswatch.Corpus {
	c := &armswatch.Corpus{Aliases: []armswatch.AliasGroup{{Name: "shells", Kind: armswatch.AliasTerm, Category: armswatch.CategoryArtilleryShell}}}
	for k := range n {
		doc := armswatch.Document{
			ID: fmt.Sprintf("hostile-doc-%d", k), Title: fmt.Sprintf("@everyone **Title** <@%d> `x` %s", k, strings.Repeat("word ", 20)),
			Publisher: "||Spoiler|| Press", Published: armswatch.Date{Year: 2023, Month: time.Month(1 + k%12), Day: 1 + k%28},
			URL: fmt.Sprintf("https://example.org/a_b/%d", k),
		}
		v := float64(1000 * (k + 1))
		c.Documents = append(c.Documents, doc)
		c.Claims = append(c.Claims, armswatch.Claim{
			ID: fmt.Sprintf("hostile-%d", k), Statement: "A statement.", Stance: armswatch.StanceAsserts,
			Claimant: fmt.Sprintf("<@&%d> Claimant @here number %d # heading 🇺🇦👩‍👩‍👧", k, k), SaidOn: doc.Published,
			Items: []armswatch.Item{{Category: armswatch.CategoryArtilleryShell, Quantity: &armswatch.Quantity{
				Text: fmt.Sprintf("%d", int(v)), Value: &v, Qualifier: armswatch.QualifierExact, Measure: armswatch.MeasureDelivered}}},
			Appearances: []armswatch.Appearance{{Doc: doc.ID, Quote: "A quote."}},
		})
	}
	return c
}

// TestTimelineCaptionFits: a caption too long for an embed is cut by
// timeline's own rules into the description (within the limits, escaped,
// pinging nobody) and attached whole as a text file, which the footer
// names; a short one is not attached.
func TestTimelineCaptionFits(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 60} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			eng := NewFixtureEngine()
			eng.CorpusValue = hostileCorpus(n)
			b, err := New(FixtureConfig(), eng)
			if err != nil {
				t.Fatal(err)
			}
			resp := b.Handle(context.Background(), timelineInteraction("shells", ""))
			checkReply(t, 0, "timeline", resp)
			edit, _ := resp.Then(context.Background())
			e := (*edit.Embeds)[0]
			checkNoLiveMentions(t, 0, "caption", "", []*discordgo.MessageEmbed{e})
			if n := runeLen(e.Description); n > LimitEmbedDesc || n < 100 {
				t.Errorf("description of %d runes", n)
			}
			long := n > 3
			if got := len(edit.Files); (got == 2) != long {
				t.Fatalf("%d files for %d claims", got, n)
			}
			if !long {
				if e.Footer != nil || !strings.Contains(e.Description, "hostile-2") {
					t.Errorf("a short caption is cut: %+v\n%s", e.Footer, e.Description)
				}
				return
			}
			txt := edit.Files[1]
			if txt.Name != "timeline-artillery-shell-caption.txt" || !strings.HasPrefix(txt.ContentType, "text/plain") {
				t.Errorf("caption file %q (%s)", txt.Name, txt.ContentType)
			}
			if e.Footer == nil || !strings.Contains(e.Footer.Text, txt.Name) {
				t.Errorf("the footer does not name the caption file: %+v", e.Footer)
			}
			if !strings.Contains(e.Description, "more lines left out for length") {
				t.Errorf("the description does not say lines were left out:\n%s", e.Description)
			}
			whole, _ := io.ReadAll(txt.Reader)
			for k := range n {
				if !strings.Contains(string(whole), fmt.Sprintf("[hostile-%d]", k)) {
					t.Fatalf("the caption file lacks claim hostile-%d", k)
				}
			}
		})
	}
}

// TestTimelineFailures: an engine that cannot give the corpus, and a
// claimant with no claims.
func TestTimelineFailures(t *testing.T) {
	t.Parallel()
	obs := &recordingObserver{}
	b, eng := newFixtureBot(t, obs)
	eng.CorpusErr = errors.New("fake engine: data unreadable")
	resp := b.Handle(context.Background(), timelineInteraction("shells", ""))
	edit, _ := resp.Then(context.Background())
	if got := EditText(edit); !strings.Contains(got, msgFailed) || len(edit.Files) != 0 {
		t.Errorf("edit %q with %d files", got, len(edit.Files))
	}
	if got := obs.last(); got != (observed{cmdTimeline, OutcomeError}) {
		t.Errorf("observed %+v", got)
	}

	eng.CorpusErr = nil
	resp = b.Handle(context.Background(), timelineInteraction("shells", "Nobody @everyone"))
	edit, _ = resp.Then(context.Background())
	got := EditText(edit)
	if !strings.Contains(got, "No claim in the data about artillery shells is by") || !strings.Contains(got, `\@everyone`) {
		t.Errorf("edit %q", got)
	}
	checkNoLiveMentions(t, 0, "no claims", *edit.Content, nil)
	if got := obs.last(); got != (observed{cmdTimeline, OutcomeBadInput}) {
		t.Errorf("observed %+v", got)
	}

	resp = b.Handle(context.Background(), timelineInteraction("  \u202e ", ""))
	if resp.Then != nil || !strings.Contains(ResponseText(resp.Initial), "Name an item to chart") {
		t.Errorf("an empty item: %s", ResponseText(resp.Initial))
	}
}

// TestTimelineAutocomplete: item choices are the categories and the alias
// data's words for them, in any script; a slow engine gives what is ready.
func TestTimelineAutocomplete(t *testing.T) {
	t.Parallel()
	b, _ := newFixtureBot(t, nil)
	choices := func(option, typed string) string {
		resp := b.Handle(context.Background(), autocompleteInteraction(cmdTimeline, option, typed))
		if err := CheckResponse(resp.Initial); err != nil {
			t.Fatal(err)
		}
		return ResponseText(resp.Initial)
	}
	if got := choices(optItem, "포"); !strings.Contains(got, "포탄 (artillery-shell)\t포탄") {
		t.Errorf("Hangul: %q", got)
	}
	if got := choices(optItem, "hwa"); !strings.Contains(got, "Hwasong-11 (ballistic-missile)\tHwasong-11") || strings.Contains(got, "shells") {
		t.Errorf("hwa: %q", got)
	}
	got := choices(optItem, "")
	if n := strings.Count(got, "\n"); n < 10 || n > LimitChoices+1 {
		t.Errorf("%d choices for nothing typed:\n%s", n, got)
	}
	if !strings.HasPrefix(strings.TrimSpace(got), "Artillery shells (artillery-shell)") {
		t.Errorf("categories do not come first:\n%s", got)
	}
}
