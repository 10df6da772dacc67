package bot

// The review of a staged proposal in Discord: /propose stages the
// proposal (Config.Staging) and answers with its first candidate's page;
// the page's buttons accept, edit (a modal) or reject the candidate, turn
// the page, and publish. Every button and the modal carry a signed
// custom_id (reviewRef); each press checks the signature, then that the
// member is a moderator in a moderator guild, then that the proposal has
// not changed since the page was drawn.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/armswatch/armswatch/propose"
)

// Staging is the staging area of the data directory, as the review needs
// it. It is implemented by *propose.Staging; see package propose for what
// each method does and which errors it returns.
type Staging interface {
	Save(p *propose.Proposal, source, by string) (*propose.Staged, error)
	Taken(id string) bool
	List() ([]string, error)
	Get(id string) (*propose.Staged, error)
	RecordYAML(id, key string) ([]byte, error)
	Accept(id, key, by string) error
	Reject(id, key, by string) error
	Edit(id, key string, edited []byte, by string) error
	Publish(ctx context.Context, id, by string) (*propose.Published, error)
	Retract(ctx context.Context, claimID, reason, by string) (*propose.Retracted, error)
	// ReviewKey is the key that signs the review's custom_ids, created on
	// first use (propose.ReviewKeyFile).
	ReviewKey() ([]byte, error)
}

var _ Staging = (*propose.Staging)(nil)

// The custom_id of a review button or modal:
//
//	rv1:<action>:<doc>:<index>:<rev>:<mac>
//
// action is one reviewAction; doc is the first 12 hex digits of the
// SHA-256 of the document id (ids are too long to carry); index is the
// candidate's position in the proposal (the page to show, for ◀ and ▶);
// rev is reviewRev of the proposal as the page was drawn; mac is the first
// 96 bits, in hex, of HMAC-SHA256 under the data directory's review key
// over the guild id and everything before ":<mac>", so a forged id, or one
// copied to another guild, does nothing. At most 3+1+1+1+12+1+5+1+8+1+24
// = 58 characters, whatever the ids.
const reviewIDVersion = "rv1"

type reviewAction byte

const (
	reviewAccept  reviewAction = 'a'
	reviewReject  reviewAction = 'r'
	reviewEdit    reviewAction = 'e' // opens the modal
	reviewPrev    reviewAction = 'p'
	reviewNext    reviewAction = 'n'
	reviewPublish reviewAction = 'u'
	reviewSubmit  reviewAction = 'm' // the modal's submission
	reviewOpen    reviewAction = 'o' // /review's select menu: the value names the proposal
	reviewPageTo  reviewAction = 'l' // /review's ◀ and ▶: the index is the list's page
)

func (a reviewAction) String() string {
	switch a {
	case reviewAccept:
		return "accept"
	case reviewReject:
		return "reject"
	case reviewEdit:
		return "edit"
	case reviewPrev:
		return "prev"
	case reviewNext:
		return "next"
	case reviewPublish:
		return "publish"
	case reviewSubmit:
		return "edit_submit"
	case reviewOpen:
		return "open"
	case reviewPageTo:
		return "list"
	}
	return "unknown"
}

// changes reports whether the action changes the proposal: those are
// refused on a page drawn before the proposal last changed.
func (a reviewAction) changes() bool {
	return a != reviewPrev && a != reviewNext
}

const (
	reviewDocHexLen = 12
	reviewRevHexLen = 8
	reviewMACHexLen = 24 // 96 bits
	maxReviewIndex  = 99999
)

// msgReviewForged is the reply to a review id that is unsigned, forged or
// no longer resolvable: nothing is done.
const msgReviewForged = "This button is out of date or not armswatch's: nothing was changed. Run /propose again to stage an article."

// msgReviewStale is the reply to a signed id on a page drawn before the
// proposal changed.
const msgReviewStale = "This button is out of date or not armswatch's: the proposal changed since this page was drawn (another moderator's review?), so nothing was changed. Press ◀ or ▶ to redraw the page as it stands."

// record reports whether the action is on the candidate at the id's
// index.
func (a reviewAction) record() bool {
	return a == reviewAccept || a == reviewReject || a == reviewEdit || a == reviewSubmit
}

// reviewRef is what a review custom_id carries.
type reviewRef struct {
	Action reviewAction
	Doc    string // reviewDocHash of the document id
	Index  int
	Rev    string
}

func reviewDocHash(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])[:reviewDocHexLen]
}

// reviewRev digests a proposal's review state: when it was staged (a
// proposal staged again under the same id is another), every candidate's
// id, state and when it was set.
func reviewRev(st *propose.Staged) string {
	h := sha256.New()
	h.Write([]byte(strconv.FormatInt(st.ProposedAt.UnixNano(), 10) + "\x00"))
	for _, r := range st.Records {
		h.Write([]byte(r.ID + "\x00" + string(r.State) + "\x00" + strconv.FormatInt(r.At.UnixNano(), 10) + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:reviewRevHexLen]
}

func (r reviewRef) body() string {
	return reviewIDVersion + ":" + string(r.Action) + ":" + r.Doc + ":" + strconv.Itoa(r.Index) + ":" + r.Rev
}

func reviewMAC(key []byte, guildID, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(guildID + "\x00" + body))
	return hex.EncodeToString(m.Sum(nil))[:reviewMACHexLen]
}

// sign is the signed custom_id of r for guild guildID.
func (r reviewRef) sign(key []byte, guildID string) string {
	b := r.body()
	return b + ":" + reviewMAC(key, guildID, b)
}

// isReviewID reports whether a custom_id is a review's (signed or not).
func isReviewID(s string) bool { return strings.HasPrefix(s, reviewIDVersion+":") }

// parseReviewID parses and verifies a review custom_id (hmac.Equal); false
// for anything malformed or not signed by key for guildID.
func parseReviewID(s string, key []byte, guildID string) (reviewRef, bool) {
	var r reviewRef
	parts := strings.Split(s, ":")
	if len(s) > LimitCustomID || len(parts) != 6 || parts[0] != reviewIDVersion || len(parts[1]) != 1 {
		return r, false
	}
	r.Action = reviewAction(parts[1][0])
	if r.Action.String() == "unknown" || len(parts[2]) != reviewDocHexLen || !isHex(parts[2]) ||
		len(parts[4]) != reviewRevHexLen || !isHex(parts[4]) || len(parts[5]) != reviewMACHexLen {
		return r, false
	}
	n, err := strconv.Atoi(parts[3])
	if err != nil || n < 0 || n > maxReviewIndex || strconv.Itoa(n) != parts[3] {
		return r, false
	}
	r.Doc, r.Index, r.Rev = parts[2], n, parts[4]
	if len(key) == 0 || !hmac.Equal([]byte(parts[5]), []byte(reviewMAC(key, guildID, r.body()))) {
		return r, false
	}
	return r, true
}

// reviewKeys caches the review key once read (or made).
type reviewKeys struct {
	mu  sync.Mutex
	key []byte
}

// reviewKey returns the staging area's review key; a failure is not
// cached, so a directory made writable later works without a restart.
func (b *Bot) reviewKey() ([]byte, error) {
	b.keys.mu.Lock()
	defer b.keys.mu.Unlock()
	if b.keys.key != nil {
		return b.keys.key, nil
	}
	if b.cfg.Staging == nil {
		return nil, errors.New("review key: no staging area")
	}
	key, err := b.cfg.Staging.ReviewKey()
	if err != nil {
		return nil, err
	}
	b.keys.key = key
	return key, nil
}

// findStaged finds the staged proposal whose document id hashes to doc;
// nil when none does (published, or removed).
func (b *Bot) findStaged(doc string) (*propose.Staged, error) {
	ids, err := b.cfg.Staging.List()
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if reviewDocHash(id) == doc {
			st, err := b.cfg.Staging.Get(id)
			if errors.Is(err, propose.ErrNotFound) {
				return nil, nil
			}
			return st, err
		}
	}
	return nil, nil
}

// reviewCommand is the metric and log label of a review press:
// "propose.accept", "propose.edit_submit", …, "review.open" and
// "review.list" for /review's select menu and page buttons
// ("propose.review" when the action is unknown), read before the id is
// verified.
func reviewCommand(customID string) string {
	if parts := strings.SplitN(customID, ":", 3); len(parts) == 3 && len(parts[1]) == 1 {
		if a := reviewAction(parts[1][0]); a == reviewOpen || a == reviewPageTo {
			return cmdReview + "." + a.String()
		} else if a.String() != "unknown" {
			return cmdPropose + "." + a.String()
		}
	}
	return cmdPropose + ".review"
}
