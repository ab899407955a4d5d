package catalog

import (
	"bytes"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Listing text is untrusted. goldmark renders Markdown without raw HTML and
// without javascript:/data: links; bluemonday then keeps only a small set of
// elements and attributes, in case a renderer bug lets something through.
// Images are dropped: a description must not load remote content.
var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))

	sanitizer = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em",
			"b", "i", "del", "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td")
		p.AllowAttrs("href").OnElements("a")
		p.AllowURLSchemes("https", "http", "mailto")
		p.RequireParseableURLs(true)
		p.RequireNoReferrerOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		return p
	})
)

// RenderDescription turns a listing's Markdown into HTML that is safe to insert.
func RenderDescription(md string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(md), &buf); err != nil {
		return sanitizer().Sanitize("<p>" + md + "</p>")
	}
	return sanitizer().Sanitize(buf.String())
}
