package catalog

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the feed format (docs/catalog-feed.md).
const (
	maxName        = 80
	maxSummary     = 200
	maxDescription = 20000
	maxCaption     = 200
	maxScopes      = 30
	maxCategories  = 4
	maxScreenshots = 8
	maxFields      = 40
)

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)
	fieldKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	fieldTypes      = map[string]bool{"text": true, "multiline": true, "number": true, "toggle": true,
		"select": true, "multiselect": true, "url": true, "email": true, "secret": true}
)

// origin says what kind of source an entry came from: local feeds may point
// at local files and the built-in sandbox, remote ones may not.
type origin struct {
	local bool
}

// maxReleaseNotes bounds "what's new" (release_notes): a few lines, not a changelog.
const maxReleaseNotes = 2000

// details is the part of a listing kept as one JSON document.
type details struct {
	Scopes             []Scope       `json:"scopes"`
	OAuth              OAuthClient   `json:"oauth"`
	Configuration      Configuration `json:"configuration"`
	Links              Links         `json:"links"`
	Screenshots        []Screenshot  `json:"screenshots"`
	DeauthorizationURL string        `json:"deauthorizationUrl"`
	ReleaseNotes       string        `json:"releaseNotes,omitempty"`
	// Keywords are only searched (the keywords column of the search index
	// reads them from here, see 0013_relevance.sql); no page shows them.
	Keywords []string `json:"keywords,omitempty"`
	// No signing secret: a feed reaches every desktop, so a secret in it is
	// no secret. A manager sets it per listing (app/manage/noticesecret.go).
}

// listingRow is a validated entry, ready for the listings table.
type listingRow struct {
	ID, Name, Summary, Description, Icon, Type, Version string
	Developer                                           Developer
	Categories                                          []string
	Details                                             details
	Stats                                               Stats
	PublishedAt, UpdatedAt                              string
}

// problems collects every reason an entry is refused, so the report is complete.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) Error() string { return strings.Join(p, "; ") }

// validate checks an entry against the feed rules and normalizes it.
func validate(e feedEntry, o origin) (listingRow, error) {
	var p problems
	row := listingRow{ID: e.ID, Type: e.Type, Version: e.Version}
	if !idPattern.MatchString(e.ID) {
		p.addf("id %q must match %s", clip(e.ID), idPattern)
	}
	row.Name = name(&p, "name", e.Name)
	row.Summary = text(&p, "summary", e.Summary, 1, maxSummary, true)
	row.Description = text(&p, "description", e.Description, 1, maxDescription, false)
	row.Version = text(&p, "version", e.Version, 1, 40, true)
	row.Details.ReleaseNotes = text(&p, "release_notes", e.ReleaseNotes, 0, maxReleaseNotes, false)
	if e.Type != TypeUser && e.Type != TypeAccount {
		p.addf("type must be \"user\" or \"account\", got %q", e.Type)
	}
	validateDeveloper(&p, e, &row)
	row.Icon = assetURL(&p, "icon", e.Icon, o, true)
	validateCategories(&p, e.Categories, &row)
	validateKeywords(&p, e.Keywords, &row)
	validateScreenshots(&p, e, o, &row)
	validateScopes(&p, e.Scopes, &row)
	validateOAuth(&p, e, o, &row)
	validateConfiguration(&p, e, &row)
	validateLinks(&p, e, &row)
	validateStatsAndDates(&p, e, &row)
	if len(p) > 0 {
		return row, p
	}
	return row, nil
}

// text checks length and encoding; oneLine refuses line breaks.
func text(p *problems, field, s string, minLen, maxLen int, oneLine bool) string {
	switch {
	case !utf8.ValidString(s):
		p.addf("%s is not valid UTF-8", field)
		return ""
	case utf8.RuneCountInString(strings.TrimSpace(s)) < minLen:
		p.addf("%s is required", field)
	case utf8.RuneCountInString(s) > maxLen:
		p.addf("%s is longer than %d characters", field, maxLen)
	case oneLine && strings.ContainsAny(s, "\r\n"):
		p.addf("%s must be one line", field)
	}
	return strings.TrimSpace(s)
}

// httpsURL accepts only absolute https URLs; empty is allowed unless required.
func httpsURL(p *problems, field, raw string, required bool) string {
	if raw == "" {
		if required {
			p.addf("%s is required", field)
		}
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || !utf8.ValidString(raw) {
		p.addf("%s must be an https:// URL, got %q", field, clip(raw))
		return ""
	}
	return u.String()
}

// assetURL accepts https, and for local feeds also file: URLs and relative paths.
func assetURL(p *problems, field, raw string, o origin, required bool) string {
	if !o.local || strings.HasPrefix(raw, "https:") || raw == "" {
		return httpsURL(p, field, raw, required)
	}
	if strings.HasPrefix(raw, "file:") {
		return raw
	}
	if strings.Contains(raw, ":") || strings.HasPrefix(raw, "/") || strings.Contains(path.Clean(raw), "..") {
		p.addf("%s must be https://, file: or a path inside the feed's folder, got %q", field, clip(raw))
		return ""
	}
	return path.Clean(raw)
}

// clip shortens a value quoted in a reason, on a character boundary.
func clip(s string) string { return clipRunes(s, 60) }

func validateDeveloper(p *problems, e feedEntry, row *listingRow) {
	if e.Developer == nil {
		p.addf("developer is required")
		return
	}
	// developer.verified is the feed's claim and is ignored: Marketdesk
	// decides who is verified (the embedded catalog, trusted sources; see
	// recomputeVerified).
	row.Developer = Developer{
		Name:    name(p, "developer.name", e.Developer.Name),
		Website: httpsURL(p, "developer.website", e.Developer.Website, true),
	}
}

func validateCategories(p *problems, cats []string, row *listingRow) {
	if len(cats) < 1 || len(cats) > maxCategories {
		p.addf("categories must have 1 to %d entries, has %d", maxCategories, len(cats))
	}
	seen := map[string]bool{}
	for _, c := range cats {
		c = text(p, "category", c, 2, 40, true)
		if c != "" && !seen[c] {
			seen[c] = true
			row.Categories = append(row.Categories, c)
		}
	}
}

// Keywords limits: a few words or short phrases each, as AppStream has them.
const (
	maxKeywords      = 20
	maxKeywordLength = 40
)

// validateKeywords checks the optional search keywords: up to maxKeywords
// one-line strings of 1 to maxKeywordLength characters.
func validateKeywords(p *problems, kws []string, row *listingRow) {
	if len(kws) > maxKeywords {
		p.addf("keywords must have at most %d entries, has %d", maxKeywords, len(kws))
		return
	}
	for i, k := range kws {
		if k = text(p, fmt.Sprintf("keywords[%d]", i), k, 1, maxKeywordLength, true); k != "" {
			row.Details.Keywords = append(row.Details.Keywords, k)
		}
	}
}

func validateScreenshots(p *problems, e feedEntry, o origin, row *listingRow) {
	if len(e.Screenshots) > maxScreenshots {
		p.addf("at most %d screenshots", maxScreenshots)
	}
	for i, s := range e.Screenshots {
		field := fmt.Sprintf("screenshots[%d]", i)
		row.Details.Screenshots = append(row.Details.Screenshots, Screenshot{
			URL:     assetURL(p, field+".url", s.URL, o, true),
			Caption: text(p, field+".caption", s.Caption, 0, maxCaption, true),
		})
	}
}

func validateScopes(p *problems, scopes []Scope, row *listingRow) {
	if len(scopes) < 1 || len(scopes) > maxScopes {
		p.addf("scopes must have 1 to %d entries, has %d", maxScopes, len(scopes))
	}
	for i, s := range scopes {
		field := fmt.Sprintf("scopes[%d]", i)
		name := text(p, field+".name", s.Name, 1, 100, true)
		if strings.ContainsAny(name, " \t") {
			p.addf("%s.name must not contain spaces", field)
		}
		row.Details.Scopes = append(row.Details.Scopes, Scope{
			Name:        name,
			Description: text(p, field+".description", s.Description, 1, maxCaption, true),
			Sensitive:   s.Sensitive,
		})
	}
}

func validateOAuth(p *problems, e feedEntry, o origin, row *listingRow) {
	if e.OAuth == nil {
		p.addf("oauth is required")
		return
	}
	a := e.OAuth
	c := OAuthClient{ClientID: text(p, "oauth.client_id", a.ClientID, 1, 200, true), Sandbox: a.Sandbox, RedirectPath: a.RedirectPath}
	if c.RedirectPath == "" {
		c.RedirectPath = "/callback"
	}
	if !strings.HasPrefix(c.RedirectPath, "/") || strings.ContainsAny(c.RedirectPath, "?#") {
		p.addf("oauth.redirect_path must be a path starting with /, got %q", clip(c.RedirectPath))
	}
	switch {
	case a.Sandbox && !o.local:
		p.addf("oauth.sandbox is only accepted from the embedded catalog and file feeds")
	case a.Sandbox && a.ClientID != e.ID:
		p.addf("a sandbox app's oauth.client_id must be its id %q", e.ID)
	case a.Sandbox:
	case a.Issuer != "":
		c.Issuer = httpsURL(p, "oauth.issuer", a.Issuer, true)
	default:
		c.AuthorizationEndpoint = httpsURL(p, "oauth.authorization_endpoint", a.AuthorizationEndpoint, true)
		c.TokenEndpoint = httpsURL(p, "oauth.token_endpoint", a.TokenEndpoint, true)
	}
	c.RevocationEndpoint = httpsURL(p, "oauth.revocation_endpoint", a.RevocationEndpoint, false)
	row.Details.OAuth = c
}

func validateConfiguration(p *problems, e feedEntry, row *listingRow) {
	cfg := Configuration{Kind: "none"}
	if e.Configuration != nil && e.Configuration.Kind != "" {
		cfg.Kind = e.Configuration.Kind
	}
	switch cfg.Kind {
	case "none":
	case "external":
		cfg.URL = httpsURL(p, "configuration.url", e.Configuration.URL, true)
	case "form":
		cfg.Fields = validateFields(p, e.Configuration.Fields)
	default:
		p.addf("configuration.kind must be none, form or external, got %q", cfg.Kind)
	}
	row.Details.Configuration = cfg
}

func validateFields(p *problems, fields []ConfigField) []ConfigField {
	if len(fields) < 1 || len(fields) > maxFields {
		p.addf("configuration.fields must have 1 to %d fields", maxFields)
	}
	keys := map[string]bool{}
	for i, f := range fields {
		field := fmt.Sprintf("configuration.fields[%d]", i)
		if !fieldKeyPattern.MatchString(f.Key) {
			p.addf("%s.key %q must match %s", field, clip(f.Key), fieldKeyPattern)
		} else if keys[f.Key] {
			p.addf("%s.key %q is used twice", field, f.Key)
		}
		keys[f.Key] = true
		f.Label = text(p, field+".label", f.Label, 1, maxName, true)
		f.Help = text(p, field+".help", f.Help, 0, maxCaption, false)
		f.Placeholder = text(p, field+".placeholder", f.Placeholder, 0, maxName, true)
		if !fieldTypes[f.Type] {
			p.addf("%s.type %q is not a known field type", field, clip(f.Type))
		}
		if (f.Type == "select" || f.Type == "multiselect") && len(f.Options) == 0 {
			p.addf("%s needs options", field)
		}
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			p.addf("%s.min is greater than max", field)
		}
		validateDefault(p, field, f)
		fields[i] = f
	}
	return fields
}

func validateLinks(p *problems, e feedEntry, row *listingRow) {
	if e.Links == nil {
		p.addf("links is required")
		return
	}
	row.Details.Links = Links{
		PrivacyPolicy: httpsURL(p, "links.privacy_policy", e.Links.PrivacyPolicy, true),
		Terms:         httpsURL(p, "links.terms", e.Links.Terms, true),
		Support:       httpsURL(p, "links.support", e.Links.Support, false),
		Documentation: httpsURL(p, "links.documentation", e.Links.Documentation, false),
	}
	row.Details.DeauthorizationURL = httpsURL(p, "deauthorization_url", e.DeauthorizationURL, false)
	// deauthorization_secret, if a feed still sends it, is ignored (not even
	// parsed): see docs/deauthorization.md.
}

func validateStatsAndDates(p *problems, e feedEntry, row *listingRow) {
	if s := e.Stats; s != nil {
		if s.Installs < 0 || s.RatingCount < 0 || s.Rating < 0 || s.Rating > 5 {
			p.addf("stats must be installs ≥ 0, rating 0–5, rating_count ≥ 0")
		}
		row.Stats = Stats{Installs: s.Installs, Rating: s.Rating, RatingCount: s.RatingCount}
	}
	published, err1 := time.Parse(time.RFC3339, e.PublishedAt)
	updated, err2 := time.Parse(time.RFC3339, e.UpdatedAt)
	if err1 != nil {
		p.addf("published_at must be an RFC 3339 time, got %q", clip(e.PublishedAt))
	}
	if err2 != nil {
		p.addf("updated_at must be an RFC 3339 time, got %q", clip(e.UpdatedAt))
	}
	if err1 == nil && err2 == nil && updated.Before(published) {
		p.addf("updated_at is before published_at")
	}
	row.PublishedAt, row.UpdatedAt = published.UTC().Format(time.RFC3339), updated.UTC().Format(time.RFC3339)
}

// validateDefault: a default must be a value the field can hold, and a
// secret field has none (a feed reaches every desktop: a secret in it is no
// secret, and a form must not come pre-filled with one).
func validateDefault(p *problems, field string, f ConfigField) {
	if f.Default == nil {
		return
	}
	want := ""
	switch v := f.Default; f.Type {
	case "secret":
		p.addf("%s.default is not allowed on a secret field", field)
		return
	case "number":
		n, ok := v.(float64)
		if !ok {
			want = "a number"
		} else if (f.Min != nil && n < *f.Min) || (f.Max != nil && n > *f.Max) {
			p.addf("%s.default is outside min and max", field)
		}
	case "toggle":
		if _, ok := v.(bool); !ok {
			want = "true or false"
		}
	case "multiselect":
		list, ok := v.([]any)
		for _, item := range list {
			if s, isText := item.(string); !isText || !hasOption(f.Options, s) {
				ok = false
			}
		}
		if !ok {
			want = "a list of the field's option values"
		}
	case "select":
		if s, ok := v.(string); !ok || !hasOption(f.Options, s) {
			want = "one of the field's option values"
		}
	default: // text, multiline, url, email
		if s, ok := v.(string); !ok {
			want = "text"
		} else {
			text(p, field+".default", s, 0, maxDescription, false)
		}
	}
	if want != "" {
		p.addf("%s.default must be %s for a %s field", field, want, f.Type)
	}
}

func hasOption(options []FieldOption, value string) bool {
	for _, o := range options {
		if o.Value == value {
			return true
		}
	}
	return false
}
