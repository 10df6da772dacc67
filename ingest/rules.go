package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// Rule names why a line was removed from the body (or, for a Kept entry,
// why it was noted although it stayed).
type Rule string

// The rules. Each removed line is reported with exactly one of them.
const (
	RuleNavigation       Rule = "navigation"        // skip links, menus, "Edit post", breadcrumbs
	RuleLanguageSwitcher Rule = "language switcher" // "ua en ru"
	RuleNewsletter       Rule = "newsletter box"    // "Enter your email", "* indicates required", "Subscribe"
	RuleDonation         Rule = "donation box"      // "Support independent journalism…", "Become a member"
	RulePaymentLogos     Rule = "payment logos"     // "visa masterCard americanExpress"
	RuleCounter          Rule = "counter"           // reaction, share and view counts: "+1", "0", "300", "1.2K views"
	RulePopularity       Rule = "popularity widget" // a lone "High views", "Most viewed", "Trending", "Popular now"
	RuleShare            Rule = "share widget"      // "Share it on", "Share on Facebook", "Copy link"
	RuleComments         Rule = "comment widget"    // "Comments0", "X's Profile image", and what follows
	RuleAudio            Rule = "audio widget"      // "This audio is created with AI assistance", "0:00"
	RuleTimestamp        Rule = "timestamp"         // "11:10 PM", "2 hours ago"
	RuleReadingTime      Rule = "reading time"      // "2 min read"
	RuleUpdated          Rule = "updated date"      // "Updated:" and the date after it
	RuleDate             Rule = "date line"         // the publication date, moved to the front matter
	RuleByline           Rule = "byline"            // "by Roman Cheplyk", "Author: …", moved to the front matter
	RuleCopyright        Rule = "copyright footer"  // "© 2024 Publisher. All rights reserved."
	RuleTitle            Rule = "headline"          // the title, moved to the front matter
	RuleRepeatedHeadline Rule = "repeated headline" // the headline printed again
	RuleGluedHeadline    Rule = "glued headline"    // the headline glued to the start of another line
	RuleRepeatedLine     Rule = "repeated line"     // a caption or paragraph printed twice
	RuleSidebar          Rule = "news-feed sidebar" // "News Feed", "MORE NEWS", "You will be interested" and all after
	RuleRelatedLink      Rule = "related link"      // "Read also: …"
	RuleMojibake         Rule = "mojibake debris"   // a line of nothing but mojibake leftovers
	RuleNoWords          Rule = "no words"          // a line of only punctuation or symbols
	RuleForum            Rule = "forum furniture"   // "Quote:", "Originally posted by…", "Reposted from…"
	RuleCart             Rule = "cart widget"       // "Add to cart", prices
	RuleCookie           Rule = "cookie banner"     // "We use cookies…", "Accept all"
	RuleAdvert           Rule = "advertisement"     // "Advertisement", "Sponsored"
	RuleUnrelatedTeaser  Rule = "unrelated teaser"  // a cut-off related-article card about something else
	RuleTeaserKept       Rule = "teaser kept"       // (Kept) an on-topic related-article card, left in the body
)

// lineRule is one pattern that marks a whole line as furniture. Patterns
// run on the line folded by matchForm: lower case, straight apostrophes and
// quotes, single spaces.
type lineRule struct {
	rule Rule
	re   *regexp.Regexp
	// maxWords, when set, limits the rule to lines of at most that many
	// words, so a sentence that merely mentions "subscribe" stays.
	maxWords int
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(s) }

var lineRules = []lineRule{
	// navigation and accessibility links
	{RuleNavigation, rx(`^(skip|jump) to (the )?(main )?(content|navigation|menu|search|footer|article)$`), 0},
	{RuleNavigation, rx(`^skip (navigation|links?)$`), 0},
	{RuleNavigation, rx(`^((quick|direct) access to .*)$`), 16},
	{RuleNavigation, rx(`^(edit( this)? (post|article|page)|log ?in|log ?out|sign ?in|sign ?out|register|my account|menu|main menu|open menu|close menu|toggle (navigation|menu)|navigation|search|search for:?|home|back to top|scroll to top|go to top|to top|print|print this (page|article)|close|next|previous|next (article|story|post)|previous (article|story|post)|load more|show more|more)$`), 0},
	{RuleNavigation, rx(`^home\s*[>»/›|]`), 0},

	// newsletter and subscription boxes
	{RuleNewsletter, rx(`\benter (your|a valid|a correct|correct|valid) e-?mail`), 0},
	{RuleNewsletter, rx(`^please,? enter (a )?(correct|valid) e-?mail`), 0},
	{RuleNewsletter, rx(`^(your )?e-?mail( address)?\*?:?$`), 0},
	{RuleNewsletter, rx(`indicates required`), 0},
	{RuleNewsletter, rx(`^subscribe( now| today| here| for free| to (our|the|this) (newsletter|channel|podcast))?[.!]?$`), 0},
	{RuleNewsletter, rx(`^(successfu?ll?y|you('ve| have) successfully|you are now|you're now) subscribed`), 0},
	{RuleNewsletter, rx(`^thank you for (signing up|subscribing)`), 0},
	{RuleNewsletter, rx(`we('ve| have) sent you a confirmation e-?mail`), 0},
	{RuleNewsletter, rx(`^(sign up|subscribe|register) (for|to) (our|the|a) .*newsletter`), 16},
	{RuleNewsletter, rx(`^(join|sign up for|subscribe to) our (mailing list|newsletter)`), 0},
	{RuleNewsletter, rx(`\b(in|to) your inbox[.!]?$`), 10},
	{RuleNewsletter, rx(`^(newsletter|newsletters|unsubscribe|sign up|sign up now)[.!]?$`), 0},
	{RuleNewsletter, rx(`^(by (subscribing|signing up), you agree|i agree to receive)`), 0},

	// donation boxes
	{RuleDonation, rx(`^support (independent|our|quality|free) journalism`), 0},
	{RuleDonation, rx(`^support us\b`), 12},
	{RuleDonation, rx(`^become a (member|patron|supporter|subscriber)\b`), 12},
	{RuleDonation, rx(`^(donate|donate now|make a donation|support)[.!]?$`), 0},
	{RuleDonation, rx(`^(please )?consider (supporting|donating|making a donation)`), 0},

	// reaction and share counters, share widgets
	{RuleCounter, rx(`^[+-]?\d{1,6}$`), 0},
	{RuleCounter, rx(`^\d[\d,]*(\.\d+)?\s?[km]?\s*(likes?|shares?|views?|reactions?|reads?)$`), 0},
	{RuleCounter, rx(`^(likes?|shares?|views?|reactions?|reads?)\s*:?\s*\d[\d,]*(\.\d+)?\s?[km]?$`), 0},
	// popularity widgets: a label alone on its line (in a sentence the
	// words stay); a label that opens a list after the article has begun
	// also starts a news-feed sidebar (sidebarHeaders)
	{RulePopularity, rx(`^(high|most|top) (views|viewed|reads?|read|shared|shares|commented|popular)[.:!]?$`), 0},
	{RulePopularity, rx(`^(trending|trending now|now trending|what's trending|popular|popular now|most popular now|hot now)[.:!]?$`), 0},
	{RuleShare, rx(`^share( (it|this|the|article|story|post|page|link|via|on|to|with)\b.*)?[:.!]?$`), 6},
	{RuleShare, rx(`^(copy link|link copied|copy url|copied!?|tweet|pin it|email this|send by e-?mail|follow us( on .*)?)$`), 0},

	// comment widgets
	{RuleComments, rx(`^comments?\s*\(?\d*\)?$`), 0},
	{RuleComments, rx(`^\d+\s+comments?$`), 0},
	{RuleComments, rx(`^(leave|add|post|write|submit|show|view|hide|load|see|read) (a |the |all |\d+ )?(comments?|replies|reply)\b`), 8},
	{RuleComments, rx(`^(be the first to comment|no comments yet|(log ?in|sign ?in) to (comment|reply)|you must be logged in to post a comment)`), 0},
	{RuleComments, rx(`profile (image|picture|photo)$`), 8},
	{RuleComments, rx(`^(reply|report|like|dislike|newest|oldest|most liked|top comments|sort by\b.*)$`), 0},
	{RuleComments, rx(`^(characters? (left|remaining)\b.*|\d+\s*/\s*\d+)$`), 0},

	// audio widgets, timestamps, reading times
	{RuleAudio, rx(`^this audio is (created|generated|produced)\b`), 0},
	{RuleAudio, rx(`^(listen to (this|the) (article|story|news)|listen|play|pause|audio( player)?|voiced by .*)$`), 0},
	{RuleAudio, rx(`^0:00(\s*/\s*\d{1,2}:\d{2})?$`), 0},
	{RuleAudio, rx(`^\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}$`), 0},
	{RuleTimestamp, rx(`^\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?$`), 0},
	{RuleTimestamp, rx(`^(\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s? ago$`), 0},
	{RuleTimestamp, rx(`^(today|yesterday|just now)(,?\s+\d{1,2}:\d{2}\s*([ap]\.?m\.?)?)?$`), 0},
	{RuleReadingTime, rx(`^(reading time:?\s*)?\d{1,3}\s*(min|mins|minutes?)\.?( read)?$`), 0},

	// forum furniture
	{RuleForum, rx(`^quote:?$`), 0},
	{RuleForum, rx(`^originally posted by\b`), 12},
	{RuleForum, rx(`^(reposted|re-posted|cross-?posted) (from|by)\b`), 16},
	{RuleForum, rx(`^(posted|submitted) by\b`), 16},
	{RuleForum, rx(`^[^\s:]+( [^\s:]+){0,3} wrote:$`), 0},
	{RuleForum, rx(`^(reply with quote|multi-?quote|quick reply|report post|report abuse|thanks|thanked|permalink|senior member|junior member|full member|registered user|moderator|administrator|super moderator|banned|new member|online|offline)$`), 0},
	{RuleForum, rx(`^(join date|posts|location|thanks|likes received|reputation|member since|joined|messages|reaction score|points)\s*:.*$`), 8},
	{RuleForum, rx(`^last edited by\b`), 16},
	{RuleForum, rx(`^(#\d+|post #?\d+)$`), 0},

	// cart widgets
	{RuleCart, rx(`^(add to (cart|basket|bag|wishlist|wish list)|buy now|buy it now|view (cart|basket)|checkout|proceed to checkout|in stock|out of stock|sold out|qty:?|quantity:?\s*\d*|free shipping.*|your (cart|basket) is empty|shopping (cart|bag)|cart\s*\(\d+\)|\d+ items? in (your )?(cart|basket))$`), 0},
	{RuleCart, rx(`^(price:?\s*)?[$€£₴]\s?\d[\d,]*(\.\d{2})?$`), 0},
	{RuleCart, rx(`^\d[\d,]*(\.\d{2})?\s?(usd|eur|gbp|uah|\$|€|£)$`), 0},

	// cookie banners
	{RuleCookie, rx(`^(we|this (web)?site|our (web)?site|this page) uses? cookies`), 0},
	{RuleCookie, rx(`\bcookie (policy|settings|preferences|consent|notice)\b`), 12},
	{RuleCookie, rx(`^(accept|accept all|accept cookies|accept all cookies|reject|reject all|decline|i agree|agree|got it|allow all|allow cookies|allow all cookies|manage (cookies|preferences|options|settings)|customi[sz]e|necessary only|only necessary|essential only)[.!]?$`), 0},

	// advertisements
	{RuleAdvert, rx(`^(advertisement|advertising|sponsored|sponsored content|promoted|partner content|ad|ads by .*|- advertisement -|scroll to continue with content)$`), 0},

	// links to other articles
	{RuleRelatedLink, rx(`^(read (also|more|next)|see also|also read|related|more on this( topic)?)\s*:\s*\S`), 30},
	{RuleRelatedLink, rx(`^(read more|read also|continue reading|see also)[.…]*$`), 0},
}

// sidebarHeaders start a run of unrelated content (a news feed, related
// headlines) that lasts to the end of the page, once the article has begun.
var sidebarHeaders = rx(`^(news feed|more news|editors?'?s?'? picks?|editor's choice|you will be interested|you may (also )?(like|be interested( in)?)|you might (also )?(like|be interested( in)?)|related( articles| news| stories| posts| content| reading| coverage)?|most (read|popular|viewed|shared)|popular( now| news| stories| articles)?|latest( news| stories| articles| headlines)?|recommended( for you| stories| articles| reading)?|top stories|more stories|trending( now| stories| news)?|other news|more (from|on) .{1,40}|in other news|what to read next|don't miss)[.:]?$`)

// laterPostHeaders start the replies after the first post of a forum
// thread ("#2", "Post #3"), which last to the end of the page.
var laterPostHeaders = rx(`^(#|post #?)([2-9]|[1-9]\d+)$`)

// commentHeaders start a comment section, which lasts to the end of the page.
var commentHeaders = rx(`^(comments?\s*\(?\d*\)?|\d+\s+comments?|discussion|join the (conversation|discussion)|leave a (comment|reply))$`)

// donationLineHint marks a line inside a donation box's block.
var donationLineHint = rx(`support|donat|member|journalis|subscri|contribut|[$€£]\s?\d|paypal|visa|mastercard|independence|costly`)

// cookieLineHint marks a line inside a cookie banner's block.
var cookieLineHint = rx(`cookie|consent|privacy|personali[sz]|partners|accept|reject|preferences|gdpr`)

// paymentWords are the words of a payment-logo strip.
var paymentWords = wordSet("visa mastercard americanexpress amex american express paypal maestro discover applepay googlepay apple google pay gpay jcb unionpay stripe monobank privat24 bitcoin crypto")

// socialWords are the names a row of share buttons spells out.
var socialWords = wordSet("facebook twitter x telegram whatsapp linkedin reddit email e-mail viber pinterest vk tumblr threads bluesky flipboard messenger print copy link mastodon share")

// languageWords are the labels of a language switcher.
var languageWords = wordSet("ua uk en ru de fr es it pl ko kr ja jp zh cn ar pt tr nl cs ro hu be ka kk lt lv et fi sv da el he hi vi th bg sr hr sk sl eng ukr rus deu fra english українська укр русский рус deutsch français español polski 한국어 日本語 中文 italiano")

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func isWordSep(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("|/·•,", r) }

// allWordsIn reports whether s is at least min words, all in set.
func allWordsIn(s string, set map[string]bool, min int) bool {
	n := 0
	for _, w := range strings.FieldsFunc(s, isWordSep) {
		if !set[w] {
			return false
		}
		n++
	}
	return n >= min
}

// matchForm folds a line for the furniture patterns: lower case, straight
// apostrophes and quotes, single spaces, no surrounding space.
func matchForm(s string) string {
	s = strings.ToLower(s)
	s = quoteFolder.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "`", "'", "\u00a0", " ")

// furnitureRule returns the rule a line matches on its own, or "".
func furnitureRule(line string) Rule {
	f := matchForm(line)
	if f == "" {
		return ""
	}
	words := len(strings.Fields(f))
	for _, r := range lineRules {
		if r.maxWords > 0 && words > r.maxWords {
			continue
		}
		if r.re.MatchString(f) {
			return r.rule
		}
	}
	if words > 12 {
		return "" // no strip of labels or logos is this long
	}
	switch {
	case allWordsIn(f, languageWords, 2):
		return RuleLanguageSwitcher
	case allWordsIn(f, paymentWords, 2):
		return RulePaymentLogos
	case allWordsIn(f, socialWords, 2), words == 1 && socialWords[f] && f != "x" && f != "link" && f != "copy":
		return RuleShare
	}
	return ""
}
