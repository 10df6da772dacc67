package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armswatch/armswatch"
)

func TestFindDate(t *testing.T) {
	tests := []struct {
		in        string
		want      string // date, "" for none
		ambiguous bool
	}{
		{"Thursday, January 18, 2024", "2024-01-18", false},
		{"November 14, 2023 12:42 PM", "2023-11-14", false},
		{"on Sept. 13, 2023.", "2023-09-13", false},
		{"Jan 5 2024", "2024-01-05", false},
		{"November 14th, 2023", "2023-11-14", false},
		{"18 January 2024", "2024-01-18", false},
		{"18th of January, 2024", "2024-01-18", false},
		{"2024-01-18", "2024-01-18", false},
		{"2024-02-05T08:30:00+00:00", "2024-02-05", false},
		{"10/26/2023", "2023-10-26", false}, // month first: only reading
		{"26/10/2023", "2023-10-26", false}, // day first: only reading
		{"26.10.2023", "2023-10-26", false}, // day first: only reading
		{"05/05/2024", "2024-05-05", false}, // both readings agree
		{"03/04/2023", "", true},            // March 4 or 3 April
		{"12.05.2024", "", true},            // December 5 or 12 May
		{"13/13/2023", "", false},           // neither
		{"February 30, 2024", "", false},    // no such day
		{"November 2023", "2023-11", false}, // month precision
		{"in early January", "", false},     // no year
		{"on the 21st (local time)", "", false},
		{"1,000 containers", "", false},
		{"May 2024 and May 5, 2024", "2024-05-05", false}, // a full date wins over a month
	}
	for _, tt := range tests {
		m, ok := findDate(tt.in)
		got := ""
		if ok {
			got = m.Date.String()
		}
		if got != tt.want || m.Ambiguous != tt.ambiguous {
			t.Errorf("findDate(%q) = %q ambiguous=%v, want %q ambiguous=%v", tt.in, got, m.Ambiguous, tt.want, tt.ambiguous)
		}
	}
}

func TestParseDateLine(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when the line is not a date line
	}{
		{"Thursday, January 18, 2024", "2024-01-18"},
		{"10/26/2023", "2023-10-26"},
		{"Published: 2024-03-07", "2024-03-07"},
		{"Updated: Oct. 26, 2023 10:15 a.m. EST", "2023-10-26"},
		{"18 January 2024 | 10:15", "2024-01-18"},
		{"Posted on Monday 5 February 2024 at 08:30 (local time)", "2024-02-05"},
		{"November 14, 2023 12:42 PM 2 min read", "2023-11-14"},
		// sentences that mention a date are not date lines
		{"In December 2023, the White House announced that Russia had purchased ballistic missiles.", ""},
		{"Russian Foreign Minister Sergey Lavrov thanked North Korea on Oct. 18, 2023 during a visit.", ""},
		{"Vostochny Cosmodrome, on Sept. 13, 2023. (Mikhail Metzel/POOL/AFP via Getty Images)", ""},
		{"11:10 PM", ""},
	}
	for _, tt := range tests {
		m, ok := parseDateLine(tt.in)
		got := ""
		if ok {
			got = m.Date.String()
		}
		if got != tt.want {
			t.Errorf("parseDateLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseByline(t *testing.T) {
	tests := []struct {
		in                      string
		ok                      bool
		author, publisher, date string
	}{
		{"by Roman Cheplyk", true, "Roman Cheplyk", "", ""},
		{"Author: Liliana Oleniak", true, "Liliana Oleniak", "", ""},
		{"Written by: Oona Lind", true, "Oona Lind", "", ""},
		{"By Anna Kowalczyk and Tomasz Nowak", true, "Anna Kowalczyk and Tomasz Nowak", "", ""},
		{"By Mara Ellison · February 5, 2024", true, "Mara Ellison", "", "2024-02-05"},
		{"By Jane van der Berg | Thursday, January 18, 2024", true, "Jane van der Berg", "", "2024-01-18"},
		{"by Nate Ostiller and The Kyiv Independent news desk November 14, 2023 12:42 PM 2 min read", true,
			"Nate Ostiller and The Kyiv Independent news desk", "The Kyiv Independent", "2023-11-14"},
		{"By Reuters staff", true, "Reuters staff", "Reuters", ""},
		// not bylines
		{"By October, Russia had received more than 1,000 containers.", false, "", "", ""},
		{"by a Russian ship", false, "", "", ""},
		{"By December", false, "", "", ""},
		{"Byline", false, "", "", ""},
		{"Austin said that he feared Russia's military cooperation", false, "", "", ""},
	}
	for _, tt := range tests {
		b, ok := parseByline(tt.in)
		if ok != tt.ok {
			t.Errorf("parseByline(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		date := b.Date.String()
		if b.Author != tt.author || b.Publisher != tt.publisher || date != tt.date {
			t.Errorf("parseByline(%q) = author %q publisher %q date %q, want %q %q %q", tt.in, b.Author, b.Publisher, date, tt.author, tt.publisher, tt.date)
		}
	}
}

func TestFindTitle(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  int
	}{
		{"first line", []string{"US and South Korea agree to crack down on arms transfers between North Korea and Russia", "Author: Liliana Oleniak"}, 0},
		{"after a kicker", []string{"World", "North Korea Emerges as Russia’s Key Supplier for Weapons"}, 1},
		{"masthead of three words is not the title", []string{"The Northern Review", "Lighthouse keepers return to Skerry Point"}, 1},
		{"a question", []string{"Is North Korea arming Russia?"}, 0},
		{"a sentence is not a headline", []string{"The countries agreed to strictly combat the transfer.", "Short Headline Here Today"}, 1},
		{"a caption is not a headline", []string{"Pentagon chief Lloyd Austin (Getty Images)", "Austin meets his counterpart in Seoul"}, 1},
		{"colon inside is fine", []string{"Austin: South Korea's allies concerned that Russia, China aid North Korea's military"}, 0},
		{"ending with a colon is a label", []string{"North Korea's Involvement in the Conflict:"}, -1},
		{"lower case start", []string{"ua en ru news today"}, -1},
		{"two words as a last resort", []string{"Breaking News"}, 0},
		{"none", nil, -1},
	}
	for _, tt := range tests {
		if got := findTitle(tt.lines); got != tt.want {
			t.Errorf("%s: findTitle = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestDocumentID(t *testing.T) {
	tests := []struct {
		publisher string
		published string
		title     string
		want      string
	}{
		{"The Kyiv Independent", "2023-11-14", "Austin: South Korea's allies concerned that Russia, China aid North Korea's military",
			"kyivindependent-2023-11-14-austin-south-korea-allies"},
		{"", "2024-01-18", "US, South Korea, and Japan Criticize North Korea for Providing Weapons to Russia",
			"2024-01-18-us-south-korea-japan-criticize"},
		{"", "", "North Korea Emerges as Russia’s Key Supplier for Weapons", "north-korea-emerges-russia-key"},
		{"Yonhap", "2023-11", "N. Korea ships shells", "yonhap-2023-11-korea-ships-shells"},
		{"BBC News", "2024", "", "bbcnews-2024"},
		{"", "2024-03-04", "Seoul says Pyongyang shipped 1.5M rounds", "2024-03-04-seoul-pyongyang-shipped-1-5m"},
		{"", "", "DPRK sent 6,700 containers", "dprk-sent-6700-containers"},
		{"", "2024-03-07", "Café owners welcome the new pier", "2024-03-07-cafe-owners-welcome-pier"},
		{"Українська правда", "", "Північна Корея передала Росії снаряди", "ukrainskapravda-pivnichna-koreia-peredala-rosii-snariady"},
		{"연합뉴스", "", "북한 탄도미사일", "doc"},
		{"", "", "", "doc"},
		{"", "", "The and of", "doc"},
		{"A Very Long Publisher Name Indeed Incorporated", "2023-11-14", "Extraordinarily lengthy headline vocabulary demonstrating truncation behaviour",
			"averylongpublisherna-2023-11-14-extraordinarily-lengthy"},
		{"Associated Press via The Atlantic", "2023-10-13", "US: North Korea delivered 1,000 containers of munitions to Russia",
			"associatedpress-2023-10-13-us-north-korea-delivered-1000"},
	}
	for _, tt := range tests {
		got := DocumentID(tt.publisher, armswatch.MustDate(tt.published), tt.title)
		if got != tt.want {
			t.Errorf("DocumentID(%q, %q, %q) = %q, want %q", tt.publisher, tt.published, tt.title, got, tt.want)
		}
		if len(got) > MaxIDLength {
			t.Errorf("DocumentID(%q, %q, %q) = %q: longer than %d", tt.publisher, tt.published, tt.title, got, MaxIDLength)
		}
		if !armswatch.IsKebabID(got) {
			t.Errorf("DocumentID(%q, %q, %q) = %q: not a kebab-case id", tt.publisher, tt.published, tt.title, got)
		}
	}
}

func TestRepairMojibake(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"Russiaâ€™s war", "Russia’s war", true},                                // once
		{"Ã¢â‚¬â„¢", "’", true},                                                 // twice
		{"â€œWe held fares,â€\u009d he said", "“We held fares,” he said", true}, // 0x9D read as Latin-1
		{"cafÃ©", "café", true},
		{"Ã\u0085land", "Åland", true}, // 0x85 read as Latin-1
		{"Â£5", "£5", true},
		{"Russia’s war", "Russia’s war", false}, // already right
		{"café, naïve, Straße, Ñandú", "café, naïve, Straße, Ñandú", false},
		{"황준국 주유엔대표부 대사 ⓒ뉴시스", "황준국 주유엔대표부 대사 ⓒ뉴시스", false},
		{"Президент України", "Президент України", false},
		{"â€", "â€", false}, // a sequence cut short is left alone
		{"plain ASCII", "plain ASCII", false},
	}
	for _, tt := range tests {
		got, changed := repairMojibake(tt.in)
		if got != tt.want || changed != tt.changed {
			t.Errorf("repairMojibake(%q) = %q, %v, want %q, %v", tt.in, got, changed, tt.want, tt.changed)
		}
	}
}

func TestFurnitureRule(t *testing.T) {
	tests := []struct {
		line string
		want Rule
	}{
		{"Skip to content", RuleNavigation},
		{"Quick access to top menu Direct access to main contents Quick access to page bottom", RuleNavigation},
		{"Edit post", RuleNavigation},
		{"Home > News > World", RuleNavigation},
		{"ua en ru", RuleLanguageSwitcher},
		{"EN | UA", RuleLanguageSwitcher},
		{"Enter your email to subscribe", RuleNewsletter},
		{"* indicates required", RuleNewsletter},
		{"Subscribe", RuleNewsletter},
		{"Successfuly subscribed", RuleNewsletter},
		{"Thank you for signing up for this newsletter. We’ve sent you a confirmation email.", RuleNewsletter},
		{"News from Ukraine in your inbox", RuleNewsletter},
		{"Support independent journalism in Ukraine. Join us in this fight.", RuleDonation},
		{"Become a member Support us just once", RuleDonation},
		{"visa masterCard americanExpress", RulePaymentLogos},
		{"+1", RuleCounter},
		{"0", RuleCounter},
		{"300", RuleCounter},
		{"1.2k views", RuleCounter},
		{"1.2K views", RuleCounter},
		{"12,408 views", RuleCounter},
		{"3.4M reads", RuleCounter},
		{"Views: 1,204", RuleCounter},
		{"Views 1.2K", RuleCounter},
		{"High views", RulePopularity},
		{"Most viewed", RulePopularity},
		{"Most read", RulePopularity},
		{"Top shared:", RulePopularity},
		{"Trending", RulePopularity},
		{"Trending now", RulePopularity},
		{"Popular now", RulePopularity},
		{"POPULAR", RulePopularity},
		{"Share it on", RuleShare},
		{"Share on Facebook", RuleShare},
		{"Share on X", RuleShare},
		{"Copy link", RuleShare},
		{"Facebook Twitter Telegram", RuleShare},
		{"Comments0", RuleComments},
		{"Eugene Park's Profile image", RuleComments},
		{"This audio is created with AI assistance", RuleAudio},
		{"0:00", RuleAudio},
		{"11:10 PM", RuleTimestamp},
		{"2 hours ago", RuleTimestamp},
		{"2 min read", RuleReadingTime},
		{"Quote:", RuleForum},
		{"Originally Posted by tidefan", RuleForum},
		{"Reposted from The Coastal Herald", RuleForum},
		{"Join Date: Mar 2019", RuleForum},
		{"Add to cart", RuleCart},
		{"€4.99", RuleCart},
		{"We use cookies to personalise content and ads.", RuleCookie},
		{"Accept all", RuleCookie},
		{"Advertisement", RuleAdvert},
		{"Read also: Lighthouse open day draws record crowd", RuleRelatedLink},
		// article text stays
		{"DPRK transfers weapons to Russia", ""},
		{"North Korea's Involvement in the Conflict:", ""},
		{"Share prices fell in Seoul", ""},
		{"Russia: “The main factor hindering peaceful resolution is the support from the West.”", ""},
		{"Support for Ukraine is prolonging the war, Lavrov said.", ""},
		{"More than 40 countries, including South Korea, the U.S., and Japan, released a joint statement condemning the trade.", ""},
		{"Photo: Pentagon chief Lloyd Austin (Getty Images)", ""},
		{"The countries agreed to subscribe to the joint statement and urged others to sign up to it as well.", ""},
		{"Ukraine", ""},
		{"It was reported that the Russian occupiers had hit Kharkiv with North Korean missiles.", ""},
		{"The footage drew high views on Telegram within hours.", ""},
		{"High views of the front line were filmed from a drone.", ""},
		{"Most viewed the shipments as a breach of the sanctions.", ""},
		{"Trending on Weibo: the deal between Moscow and Pyongyang.", ""},
		{"Popular now among the troops, the drones cost about $500 each.", ""},
		{"1.2K views later, the post was deleted.", ""},
		{"Views differ on how many shells arrived", ""},
		{"Trending Topics In Seoul", ""},
	}
	for _, tt := range tests {
		if got := furnitureRule(tt.line); got != tt.want {
			t.Errorf("furnitureRule(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestCleanHintWins(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "data", "raw", "002_f5d1194017b818c5.txt"))
	if err != nil {
		t.Fatal(err)
	}
	hint := Meta{Title: "Allies criticise North Korea", Author: "R. Cheplyk", Publisher: "Example Outlet", Published: armswatch.MustDate("2024-01"), Language: "en"}
	res, err := Clean(raw, hint)
	if err != nil {
		t.Fatal(err)
	}
	if res.Meta != hint {
		t.Errorf("Meta = %+v, want the hint %+v", res.Meta, hint)
	}
	if res.Stated.Author != "Roman Cheplyk" || res.Stated.Published.String() != "2024-01-18" {
		t.Errorf("Stated = %+v, want the text's author and date", res.Stated)
	}
	// The text's headline still leaves the body, and its repetition too.
	if strings.Contains(res.Body, "Criticize North Korea for Providing Weapons") {
		t.Errorf("the text's headline stayed in the body:\n%s", res.Body)
	}
	notes := res.Notes("002.txt")
	for _, want := range []string{
		`From the moderator's flags: title, publisher, author, published, language.`,
		`The text states author "Roman Cheplyk"; the flag's "R. Cheplyk" was used.`,
		`The text states published "2024-01-18"; the flag's "2024-01" was used.`,
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestCleanHintTitleRemovesItsRepeats(t *testing.T) {
	raw := []byte("Ferry news\n\nFerry fares to rise in spring\n\nFerry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\nFerry fares to rise in spring\n")
	res, err := Clean(raw, Meta{Title: "Ferry fares to rise in spring"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Ferry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday."; res.Body != want {
		t.Errorf("Body = %q, want %q", res.Body, want)
	}
}

func TestCleanErrors(t *testing.T) {
	if _, err := Clean([]byte(" \n\t\n"), Meta{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("blank input: err = %v, want ErrEmpty", err)
	}
	res, err := Clean([]byte("Skip to content\nSubscribe\n* indicates required\n"), Meta{})
	if !errors.Is(err, ErrNothingLeft) {
		t.Errorf("all furniture: err = %v, want ErrNothingLeft", err)
	}
	if len(res.Removed) != 3 {
		t.Errorf("all furniture: %d removals reported, want 3", len(res.Removed))
	}
}

func TestCleanUpdatedIsNotPublished(t *testing.T) {
	raw := []byte("Lighthouse keepers return to Skerry Point\nUpdated: March 3, 2024\n\nThe Skerry Point lighthouse has not had a keeper since 1987, the trust that owns it said on Friday.\n")
	res, err := Clean(raw, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Meta.Published.IsZero() {
		t.Errorf("Published = %v, want empty: an update date is not a publication date", res.Meta.Published)
	}
	if !strings.Contains(res.Notes(""), "updated on 2024-03-03") {
		t.Errorf("notes do not mention the update date:\n%s", res.Notes(""))
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html><body><p>x</p></body></html>", true},
		{"<html lang=en><p>x", true},
		{"<div><h1>T</h1><p>a</p><p>b</p><p>c</p></div>", true},
		{"The <p> tag starts a paragraph, a <div> a block.", false},
		{"US and South Korea agree to crack down on arms transfers", false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML(tt.in); got != tt.want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRender(t *testing.T) {
	d := armswatch.Document{
		Title:      `He said "no": a \ test`,
		Publisher:  "The Kyiv Independent",
		Published:  armswatch.MustDate("2023-11"),
		Language:   "en",
		SourceFile: "004.txt",
		Notes:      "line one\nline two\u2028\ttab",
		Body:       "\n\nFirst paragraph.\n\nSecond.\n\n",
	}
	want := "---\n" +
		`title: "He said \"no\": a \\ test"` + "\n" +
		`publisher: "The Kyiv Independent"` + "\n" +
		`author: ""` + "\n" +
		`url: ""` + "\n" +
		`published: "2023-11"` + "\n" +
		`language: "en"` + "\n" +
		`source_file: "004.txt"` + "\n" +
		`notes: "line one\nline two\u2028\ttab"` + "\n" +
		"---\n\nFirst paragraph.\n\nSecond.\n"
	if got := string(Render(d)); got != want {
		t.Errorf("Render =\n%s\nwant\n%s", got, want)
	}
}

func TestCleanKeepsCutOffEnding(t *testing.T) {
	tests := []struct {
		name, raw, body string
		teaser          bool
	}{
		{
			name: "cut off mid-word with an ellipsis",
			raw: "Ferry fares to rise in spring\n\nFerry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\n" +
				"Season tickets bought before the rise will be honoured, the operator said in a state…\n",
			body: "Ferry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\n" +
				"Season tickets bought before the rise will be honoured, the operator said in a state…",
		},
		{
			name: "a section heading and a cut-off paragraph, apart",
			raw: "Ferry fares to rise in spring\n\nFerry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\n" +
				"Bakery prices climb again\n\nFlour has doubled in price since last spring, and bakers say they can no longer absorb the…\n",
			body: "Ferry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\n" +
				"Bakery prices climb again\n\nFlour has doubled in price since last spring, and bakers say they can no longer absorb the…",
		},
		{
			name: "cut off without punctuation",
			raw:  "Ferry fares to rise in spring\n\nFerry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday, and season tickets bought before",
			body: "Ferry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday, and season tickets bought before",
		},
		{
			name: "an on-topic teaser card stays",
			raw: "Ferry fares to rise in spring\n\nFerry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\n" +
				"Why ferry fares keep rising\nThe operator has raised ferry fares four times since 2019, each time…\n",
			body: "Ferry fares will rise by 5 per cent from 1 April, the operator announced on Tuesday.\n\n" +
				"Why ferry fares keep rising\n\nThe operator has raised ferry fares four times since 2019, each time…",
			teaser: true,
		},
	}
	for _, tt := range tests {
		res, err := Clean([]byte(tt.raw), Meta{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if res.Body != tt.body {
			t.Errorf("%s: body =\n%s\nwant\n%s", tt.name, res.Body, tt.body)
		}
		if got := len(res.Kept) == 1 && res.Kept[0].Rule == RuleTeaserKept; got != tt.teaser {
			t.Errorf("%s: teaser noted = %v, want %v (%+v)", tt.name, got, tt.teaser, res.Kept)
		}
	}
}

// FuzzClean: whatever the input, Clean returns (never panics), a success
// has a body, and a plain-text body holds nothing the input does not.
func FuzzClean(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "data", "raw", "*.txt"))
	pages, _ := filepath.Glob(filepath.Join("testdata", "pages", "*"))
	for _, p := range append(seeds, pages...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("Ã¢â‚¬â„¢\n<p>x</p>\n\n"))
	f.Add([]byte("<html><body><nav><article><h1></h1></article></nav>"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := Clean(raw, Meta{})
		if err != nil {
			return
		}
		if strings.TrimSpace(res.Body) == "" {
			t.Fatalf("no error but an empty body")
		}
		if id := DocumentID(res.Meta.Publisher, res.Meta.Published, res.Meta.Title); !armswatch.IsKebabID(id) || len(id) > MaxIDLength {
			t.Fatalf("bad id %q", id)
		}
		_ = Render(res.Document("doc", "x.txt"))
		if res.Format != FormatText {
			return
		}
		text := string(raw)
		if res.Encoding != "utf-8" {
			text = decodeNamed(raw, res.Encoding)
		}
		var input []string
		for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' }) {
			line, _ = normalizeLine(line)
			input = append(input, line)
		}
		// Body lines come in input order, each from one input line (a
		// glued headline cut off, a list marker rewritten).
		j := 0
		for _, line := range strings.Split(res.Body, "\n") {
			line = strings.TrimPrefix(line, "- ")
			if line == "" {
				continue
			}
			for j < len(input) && !strings.Contains(input[j], line) {
				j++
			}
			if j == len(input) {
				t.Fatalf("body line %q is not in the input, in order", line)
			}
		}
	})
}

func TestNormalizeLine(t *testing.T) {
	tests := []struct {
		in, want string
		repaired bool
	}{
		{"  two\u00a0 spaces\tand a tab  ", "two spaces and a tab", false},
		{"zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen", false},
		{"nul\x00 and bell\x07", "nul and bell", false},
		{"â€œquoted,â€\u009d he said", "“quoted,” he said", true}, // the C1 control is a byte of the mojibake
		{"Ã\u0085land", "Åland", true},
		{"Â\u00a0x", "x", true}, // a repaired no-break space is white space
		{"voilÃ\u00a0 tout", "voilà tout", true},
	}
	for _, tt := range tests {
		got, repaired := normalizeLine(tt.in)
		if got != tt.want || repaired != tt.repaired {
			t.Errorf("normalizeLine(%q) = %q, %v, want %q, %v", tt.in, got, repaired, tt.want, tt.repaired)
		}
	}
}

func TestCleanHTMLKeepsArticleWrapperWithFurnitureClass(t *testing.T) {
	page := `<html><body><h1>Harbour ferries return after the storm</h1>
<div class="entry ad-free layout-with-sidebar">
<p>The three harbour ferries are running again after four days in dock, the port office said on Monday.</p>
<p>Crews checked every mooring line before the first crossing, and the timetable is back to twelve crossings a day.</p>
</div>
<div class="share-tools">Share on X</div>
</body></html>`
	res, err := Clean([]byte(page), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	want := "The three harbour ferries are running again after four days in dock, the port office said on Monday.\n\n" +
		"Crews checked every mooring line before the first crossing, and the timetable is back to twelve crossings a day."
	if res.Body != want {
		t.Errorf("Body = %q, want %q", res.Body, want)
	}
	if len(res.Removed) != 2 || res.Removed[0].Rule != "html .share" || res.Removed[1].Rule != RuleTitle {
		t.Errorf("Removed = %+v, want the share tools and the headline", res.Removed)
	}
}

func TestParseBylineAmbiguousDate(t *testing.T) {
	b, ok := parseByline("By Jane Doe | 03/04/2023")
	if !ok || b.Author != "Jane Doe" || !b.DateAmbiguous || !b.Date.IsZero() || b.DateText != "03/04/2023" {
		t.Errorf("parseByline = %+v, %v; want Jane Doe with an ambiguous, unused date", b, ok)
	}
}

// A popularity widget left on its own line ("High views", a view count)
// goes, in text and in HTML; the article's sentences stay word for word.
func TestCleanRemovesPopularityWidgets(t *testing.T) {
	first := "The three harbour ferries are running again after four days in dock, the port office said on Monday."
	second := "Footage of the first crossing drew high views on the port's channel, and the timetable is back to twelve crossings a day."
	tests := []struct {
		name string
		raw  string
	}{
		{"text", "Harbour ferries return after the storm\n\nHigh views\n\n" + first + "\n\n1.2K views\n\n" + second + "\n"},
		{"text, widget lines in the paragraph block", "Harbour ferries return after the storm\n\n" + first + "\nHigh views\n12,408 views\n\n" + second + "\n"},
		{"html", "<html><body><h1>Harbour ferries return after the storm</h1><div class=\"stats\"><span>High views</span></div><p>" + first +
			"</p><div>1.2K views</div><p>" + second + "</p></body></html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Clean([]byte(tt.raw), Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if want := first + "\n\n" + second; res.Body != want {
				t.Errorf("Body = %q, want %q", res.Body, want)
			}
			removed := map[string]Rule{}
			for _, r := range res.Removed {
				removed[r.Text] = r.Rule
			}
			if removed["High views"] != RulePopularity {
				t.Errorf("Removed = %+v, want \"High views\" as a %s", res.Removed, RulePopularity)
			}
		})
	}
}
