package ingest

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlPage is an HTML page turned into text for the line rules, with what
// its markup says about it.
type htmlPage struct {
	text     string
	h1       string // the first <h1>
	ogTitle  string // <meta property="og:title">
	title    string // <title>
	findings []Finding
	removed  []Removal
}

var (
	reHTMLStart = regexp.MustCompile(`(?i)^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)`)
	reHTMLTag   = regexp.MustCompile(`(?i)</?(p|div|br|h[1-6]|body|article|section|li|ul|ol|span|a|meta|title|figure|figcaption|main|nav|footer|header|aside|table|tr|td|em|strong|b|i)(\s[^<>]*)?/?>`)
)

// looksLikeHTML reports whether the input is HTML: it starts like an HTML
// document, or it is full of tags (five or more). Text that merely mentions
// a tag or two stays text.
func looksLikeHTML(s string) bool {
	if reHTMLStart.MatchString(s) {
		return true
	}
	return len(reHTMLTag.FindAllStringIndex(s, 5)) >= 5
}

// silentTags hold no visible article text; they are dropped without a note.
var silentTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Head: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Img: true, atom.Canvas: true,
	atom.Video: true, atom.Audio: true, atom.Picture: true, atom.Source: true,
	atom.Object: true, atom.Embed: true, atom.Link: true, atom.Meta: true,
}

// furnitureTags are page furniture wherever they are.
var furnitureTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Dialog: true, atom.Menu: true,
}

// furnitureRoles are ARIA roles of page furniture.
var furnitureRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true,
}

// furnitureClassWords are words in class or id attributes that mark page
// furniture ("share-buttons", "cookie_banner", "related-posts").
var furnitureClassWords = wordSet(`cookie cookies consent gdpr share sharing social newsletter subscribe
	subscription signup comments comment related sidebar advert advertisement ads ad promo
	breadcrumb breadcrumbs menu navbar nav paywall donate donation cart popup modal outbrain
	taboola recommended trending popular mostread byline-share toolbar`)

// blockTags start a new paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Figure: true, atom.Figcaption: true,
	atom.Table: true, atom.Dl: true, atom.Pre: true, atom.Hr: true, atom.Address: true,
	atom.Header: true, atom.Details: true, atom.Summary: true, atom.Body: true,
}

// lineTags start a new line within the paragraph.
var lineTags = map[atom.Atom]bool{
	atom.Li: true, atom.Tr: true, atom.Dt: true, atom.Dd: true, atom.Br: true,
	atom.Caption: true,
}

// htmlWalker writes the visible text of an HTML page.
type htmlWalker struct {
	page    *htmlPage
	b       strings.Builder
	pending int // line breaks owed before the next text: 1 newline, 2 blank line
	pre     int // depth inside <pre>
	listNo  []int
	textLen map[*html.Node]int  // bytes of visible text under each node
	hasMain map[*html.Node]bool // node is or holds an <article>, <main>, <h1>, <body>
	root    *html.Node
}

// measure fills textLen and hasMain in one pass over the tree.
func (w *htmlWalker) measure(n *html.Node) (int, bool) {
	if w.root == nil {
		w.root = n
	}
	if n.Type == html.ElementNode && silentTags[n.DataAtom] {
		return 0, false
	}
	size := 0
	if n.Type == html.TextNode {
		size = len(strings.TrimSpace(n.Data))
	}
	main := n.Type == html.ElementNode && (n.DataAtom == atom.Article || n.DataAtom == atom.Main ||
		n.DataAtom == atom.H1 || n.DataAtom == atom.Body || n.DataAtom == atom.Html)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs, cm := w.measure(c)
		size += cs
		main = main || cm
	}
	w.textLen[n], w.hasMain[n] = size, main
	return size, main
}

// holdsMostText reports whether n holds half the page's text or more: a
// wrapper of the article whatever its class says ("has-sidebar").
func (w *htmlWalker) holdsMostText(n *html.Node) bool {
	total := w.textLen[w.root]
	return total > 0 && 2*w.textLen[n] >= total
}

// keeps reports whether n must not be removed as furniture on its class or
// role alone: it holds the article's markers or most of the page's text.
func (w *htmlWalker) keeps(n *html.Node) bool { return w.hasMain[n] || w.holdsMostText(n) }

func (w *htmlWalker) breakAt(n int) {
	if n > w.pending {
		w.pending = n
	}
}

func (w *htmlWalker) write(s string) {
	if w.pre == 0 {
		s = collapseSpace(s)
		if strings.TrimSpace(s) == "" && w.pending > 0 {
			return
		}
	}
	if s == "" {
		return
	}
	if w.pending > 0 && w.b.Len() > 0 {
		w.b.WriteString(strings.Repeat("\n", w.pending))
		s = strings.TrimLeft(s, " ")
	}
	w.pending = 0
	w.b.WriteString(s)
}

var reSpaceRun = regexp.MustCompile(`\s+`)

func collapseSpace(s string) string { return reSpaceRun.ReplaceAllString(s, " ") }

// extractHTML turns an HTML page into text: block elements become
// paragraphs, <br> and list items lines; scripts and styles are dropped;
// navigation, footers, asides, forms, buttons and elements whose class or
// id names furniture (share, cookie, newsletter, related, comments…) are
// removed and reported. It also reads what the markup states: <html lang>,
// <title>, <h1>, Open Graph and article metadata, the canonical URL.
func extractHTML(s string) (htmlPage, error) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return htmlPage{}, fmt.Errorf("parse HTML: %w", err)
	}
	page := &htmlPage{}
	readHead(doc, page)
	w := &htmlWalker{page: page, textLen: map[*html.Node]int{}, hasMain: map[*html.Node]bool{}}
	w.measure(doc)
	w.walk(doc, false)
	page.text = w.b.String()
	return *page, nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// textOf is the visible text of a node, on one line.
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.ElementNode && silentTags[n.DataAtom] {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.TrimSpace(collapseSpace(b.String()))
}

// furnitureClass returns the furniture word in n's class or id, or "".
func furnitureClass(n *html.Node) string {
	for _, key := range []string{"class", "id"} {
		for _, tok := range strings.Fields(strings.ToLower(attr(n, key))) {
			for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
				if furnitureClassWords[part] {
					return part
				}
			}
		}
	}
	return ""
}

func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

func (w *htmlWalker) remove(n *html.Node, rule Rule) {
	if t := textOf(n); t != "" {
		w.page.removed = append(w.page.removed, Removal{Rule: rule, Text: t})
	}
}

func (w *htmlWalker) walk(n *html.Node, inArticle bool) {
	switch n.Type {
	case html.TextNode:
		w.write(n.Data)
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, inArticle)
		}
		return
	default:
		return
	}
	tag := n.DataAtom
	name := n.Data
	switch {
	case silentTags[tag]:
		return
	case isHidden(n):
		w.remove(n, Rule("html hidden <"+name+">"))
		return
	case furnitureTags[tag]:
		w.remove(n, Rule("html <"+name+">"))
		return
	case tag == atom.Header && !inArticle && !w.hasMain[n]:
		w.remove(n, Rule("html <header>"))
		return
	case furnitureRoles[strings.ToLower(attr(n, "role"))] && !w.keeps(n):
		w.remove(n, Rule(`html role="`+strings.ToLower(attr(n, "role"))+`"`))
		return
	}
	if word := furnitureClass(n); word != "" && !w.keeps(n) {
		w.remove(n, Rule("html ."+word))
		return
	}
	if tag == atom.Article || tag == atom.Main {
		inArticle = true
	}
	if tag == atom.H1 && w.page.h1 == "" {
		w.page.h1 = textOf(n)
	}
	switch {
	case blockTags[tag]:
		w.breakAt(2)
	case lineTags[tag]:
		w.breakAt(1)
	case tag == atom.Td || tag == atom.Th:
		w.write(" ")
	}
	if tag == atom.Pre {
		w.pre++
	}
	switch tag {
	case atom.Ul:
		w.listNo = append(w.listNo, 0)
	case atom.Ol:
		w.listNo = append(w.listNo, 1)
	case atom.Li:
		if k := len(w.listNo); k > 0 && w.listNo[k-1] > 0 {
			w.write(fmt.Sprintf("%d. ", w.listNo[k-1]))
			w.listNo[k-1]++
		} else {
			w.write("- ")
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, inArticle)
	}
	switch tag {
	case atom.Ul, atom.Ol:
		if len(w.listNo) > 0 {
			w.listNo = w.listNo[:len(w.listNo)-1]
		}
	case atom.Pre:
		w.pre--
	}
	switch {
	case blockTags[tag]:
		w.breakAt(2)
	case lineTags[tag] && tag != atom.Br:
		w.breakAt(1)
	}
}

// readHead collects what the markup states about the page, in order of
// preference per field.
func readHead(doc *html.Node, page *htmlPage) {
	var lang, canonical, ogURL, siteName, metaAuthor, published, modified string
	var publishedTag, modifiedTag, authorTag string
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang = attr(n, "lang")
			case atom.Title:
				if page.title == "" {
					page.title = textOf(n)
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Meta:
				key := strings.ToLower(cmpOr(attr(n, "property"), cmpOr(attr(n, "name"), attr(n, "itemprop"))))
				val := collapseSpace(attr(n, "content"))
				if val == "" {
					break
				}
				tag := fmt.Sprintf(`<meta %s>`, metaKeyAttr(n, key))
				switch key {
				case "og:title":
					page.ogTitle = cmpOr(page.ogTitle, val)
				case "og:url":
					ogURL = cmpOr(ogURL, val)
				case "og:site_name":
					siteName = cmpOr(siteName, val)
				case "author", "article:author", "dc.creator", "sailthru.author", "parsely-author":
					if metaAuthor == "" && !strings.Contains(val, "://") {
						metaAuthor, authorTag = val, tag
					}
				case "article:published_time", "date", "pubdate", "publishdate", "publish-date", "dc.date", "dcterms.date", "datepublished", "parsely-pub-date", "sailthru.date":
					if published == "" {
						published, publishedTag = val, tag
					}
				case "article:modified_time", "datemodified", "last-modified", "dcterms.modified":
					if modified == "" {
						modified, modifiedTag = val, tag
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(doc)
	add := func(field, value, text string) {
		if value != "" {
			page.findings = append(page.findings, Finding{Field: field, Value: value, Text: text})
		}
	}
	add(FieldAuthor, metaAuthor, authorTag)
	add(FieldPublisher, siteName, `<meta property="og:site_name">`)
	if strings.HasPrefix(canonical, "http") {
		add(FieldURL, canonical, `<link rel="canonical">`)
	}
	if strings.HasPrefix(ogURL, "http") {
		add(FieldURL, ogURL, `<meta property="og:url">`)
	}
	if published != "" {
		if m, ok := findDate(published); ok && !m.Ambiguous {
			add(FieldPublished, m.Date.String(), publishedTag)
		}
	}
	if modified != "" {
		if m, ok := findDate(modified); ok && !m.Ambiguous {
			add(FieldUpdated, m.Date.String(), modifiedTag)
		}
	}
	add(FieldLanguage, lang, `<html lang>`)
}

func metaKeyAttr(n *html.Node, key string) string {
	for _, k := range []string{"property", "name", "itemprop"} {
		if strings.EqualFold(attr(n, k), key) {
			return fmt.Sprintf(`%s=%q`, k, attr(n, k))
		}
	}
	return ""
}
