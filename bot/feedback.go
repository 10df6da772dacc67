package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/armswatch/armswatch"
	"github.com/bwmarrin/discordgo"
)

// Feedback buttons: with Config.Gaps set, each page of a /claims answer
// that shows claims gets 👍 and 👎. A press counts one vote for each claim
// id of that page, per day, at most once per user per answer.
//
// The custom_id cannot hold the page's claim ids (ids are slugs of up to
// dozens of characters, ten would not fit in 100), and a server-side map
// would not survive a restart. So it carries what the paging buttons
// carry (the filters, the asker, the question's hash: see customIDVersion)
// plus the page and a short hash of the page's claim ids:
//
//	fb1:<vote>:<ids hash>:<page>:<item>:<from>:<to>:<owner>:<hash>
//
// vote is u or d, ids hash is 8 hex digits (pageClaimsHash). On a press
// the question is read back from the message and answered again, like a
// page turn; the claim ids of that page are counted when their hash is the
// one the button carries (otherwise the data changed since, and the user
// is told to ask again). At most 4+2+9+76 = 91 characters, whatever the
// number of claims on the page.
const feedbackIDVersion = "fb1"

// Replies to a feedback press (ephemeral).
const (
	msgFeedbackCounted = "Thanks — counted."
	msgFeedbackAlready = "Already counted."
)

// voteMemoryTTL is how long a user's vote on an answer is remembered (in
// RAM only, as a hash of the user and answer): a second press within it is
// not counted.
const voteMemoryTTL = 24 * time.Hour

// maxVoteMemory bounds the votes remembered.
const maxVoteMemory = 100_000

// feedbackRef is what a feedback button's custom_id carries.
type feedbackRef struct {
	Up      bool
	IDsHash string
	claimsRef
}

func (r feedbackRef) customID() string {
	vote := "d"
	if r.Up {
		vote = "u"
	}
	ref := r.claimsRef
	ref.Action = actionSources
	rest := strings.TrimPrefix(ref.customID(), customIDVersion+":"+string(actionSources)+":")
	return feedbackIDVersion + ":" + vote + ":" + r.IDsHash + ":" + rest
}

// parseFeedbackID parses a custom_id written by feedbackRef.customID.
func parseFeedbackID(s string) (feedbackRef, bool) {
	var r feedbackRef
	parts := strings.SplitN(s, ":", 4)
	if len(s) > LimitCustomID || len(parts) != 4 || parts[0] != feedbackIDVersion {
		return r, false
	}
	switch parts[1] {
	case "u":
		r.Up = true
	case "d":
	default:
		return r, false
	}
	if len(parts[2]) != 8 || !isHex(parts[2]) {
		return r, false
	}
	r.IDsHash = parts[2]
	ref, err := parseCustomID(customIDVersion + ":" + string(actionSources) + ":" + parts[3])
	if err != nil {
		return r, false
	}
	r.claimsRef = ref
	return r, true
}

// isFeedbackID reports whether a custom_id is a feedback button's.
func isFeedbackID(s string) bool { return strings.HasPrefix(s, feedbackIDVersion+":") }

// pageClaimIDs are the ids of the claims a page shows.
func pageClaimIDs(p page) []string {
	ids := make([]string, 0, len(p.claims))
	for _, c := range p.claims {
		if c.ID != "" {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// pageClaimsHash is a short digest of a page's claim ids.
func pageClaimsHash(ids []string) string {
	h := sha256.New()
	for _, id := range ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// withFeedback adds the 👍 / 👎 row to the components of page index of an
// answer, when recording is on and the page shows claims.
func (b *Bot) withFeedback(q claimsQuery, a armswatch.Answer, index int, components []discordgo.MessageComponent) []discordgo.MessageComponent {
	if b.cfg.Gaps == nil {
		return components
	}
	p := pageOf(a, index)
	ids := pageClaimIDs(p)
	if len(ids) == 0 || len(components) >= LimitComponentRows {
		return components
	}
	ref := feedbackRef{IDsHash: pageClaimsHash(ids), claimsRef: claimsRef{
		Page: min(max(p.index, 0), maxPage), Item: q.Item, From: q.From, To: q.To, Owner: q.Owner, Hash: q.hash(),
	}}
	up, down := ref, ref
	up.Up = true
	row := discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "👍", Style: discordgo.SecondaryButton, CustomID: up.customID()},
		discordgo.Button{Label: "👎", Style: discordgo.SecondaryButton, CustomID: down.customID()},
	}}
	return append(components, row)
}

// handleFeedback counts a 👍 or 👎 for the claims of the page it was
// pressed under, once per user and answer.
func (b *Bot) handleFeedback(ctx context.Context, req *request) (Response, error) {
	data, _ := req.i.Data.(discordgo.MessageComponentInteractionData)
	ref, ok := parseFeedbackID(data.CustomID)
	if !ok {
		return Response{}, badInput("This button is no longer supported. Run /claims again.")
	}
	store := b.cfg.Gaps
	if store == nil {
		return Response{}, badInput("Feedback is not being recorded on this bot any more.")
	}
	q, ok := readBack(req.i.Message, ref.claimsRef)
	req.query = q.Text
	if !ok {
		return Response{}, badInput("This answer can no longer be rated. Run /claims again.")
	}
	a, err := b.answer(ctx, q)
	if err != nil {
		return Response{}, err
	}
	ids := pageClaimIDs(pageOf(a, ref.Page))
	if len(ids) == 0 || pageClaimsHash(ids) != ref.IDsHash {
		return Response{}, badInput("This answer has changed since it was shown (the data was updated). Run /claims again to rate the current answer.")
	}
	answerID := ref.Hash + ":" + itoa(ref.Page) + ":" + ref.IDsHash
	key := voteKey(req.userID, answerID)
	if !b.votes.claim(key, b.now()) {
		return Response{Initial: ephemeralMessage(msgFeedbackAlready)}, nil
	}
	if err := store.RecordVote(ids, ref.Up); err != nil {
		b.votes.forget(key)
		return Response{}, serverFailure(err)
	}
	vote := "down"
	if ref.Up {
		vote = "up"
	}
	if o, ok := b.cfg.Observer.(GapObserver); ok {
		o.Feedback(vote)
	}
	return Response{Initial: ephemeralMessage(msgFeedbackCounted)}, nil
}

// voteKey is what is remembered of a vote: a hash of who and which answer.
func voteKey(userID, answerID string) string {
	h := sha256.Sum256([]byte(userID + "\x00" + answerID))
	return hex.EncodeToString(h[:16])
}

// voteMemory remembers, in RAM and for voteMemoryTTL, which user has voted
// on which answer, as voteKey hashes. The zero value is ready.
type voteMemory struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// claim records key and reports whether it was new (or expired).
func (m *voteMemory) claim(key string, now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.until == nil {
		m.until = map[string]time.Time{}
	}
	if t, ok := m.until[key]; ok && now.Before(t) {
		return false
	}
	if len(m.until) >= maxVoteMemory {
		for k, t := range m.until {
			if !now.Before(t) {
				delete(m.until, k)
			}
		}
		for k := range m.until {
			if len(m.until) < maxVoteMemory {
				break
			}
			delete(m.until, k)
		}
	}
	m.until[key] = now.Add(voteMemoryTTL)
	return true
}

// forget drops key (its vote could not be stored).
func (m *voteMemory) forget(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.until, key)
}
