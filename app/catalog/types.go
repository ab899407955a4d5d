package catalog

// Types that cross the package line and reach the UI (Wails generates their
// TypeScript from these declarations).

// Type says who installs an app.
const (
	TypeUser    = "user"    // each user installs it for themselves
	TypeAccount = "account" // a marketplace manager installs it once for everyone
)

// Developer is who publishes a listing. Verified is Marketdesk's verdict,
// never the feed's claim (docs/catalog-feed.md, "Verified").
type Developer struct {
	Name     string `json:"name"`
	Website  string `json:"website"`
	Verified bool   `json:"verified"`
}

// Scope is one permission a listing asks for, in plain words.
type Scope struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Sensitive   bool   `json:"sensitive"`
}

// Screenshot of a listing; URL is servable by the app (cached for offline use).
type Screenshot struct {
	URL     string `json:"url"`
	Caption string `json:"caption"`
}

// Links of a listing.
type Links struct {
	PrivacyPolicy string `json:"privacyPolicy"`
	Terms         string `json:"terms"`
	Support       string `json:"support"`
	Documentation string `json:"documentation"`
}

// Stats of a listing.
type Stats struct {
	Installs    int64   `json:"installs"`
	Rating      float64 `json:"rating"`
	RatingCount int64   `json:"ratingCount"`
}

// FieldOption is one choice of a select or multiselect field.
type FieldOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// ConfigField is one field of an in-app configuration form.
type ConfigField struct {
	Key         string        `json:"key"`
	Label       string        `json:"label"`
	Help        string        `json:"help,omitempty"`
	Type        string        `json:"type"` // text multiline number toggle select multiselect url email secret
	Required    bool          `json:"required"`
	Default     any           `json:"default,omitempty"`
	Min         *float64      `json:"min,omitempty"`
	Max         *float64      `json:"max,omitempty"`
	Options     []FieldOption `json:"options,omitempty"`
	Placeholder string        `json:"placeholder,omitempty"`
}

// Configuration is what an app needs after install.
type Configuration struct {
	Kind   string        `json:"kind"` // none | form | external
	URL    string        `json:"url,omitempty"`
	Fields []ConfigField `json:"fields,omitempty"`
}

// OAuthClient is how an app authorizes.
type OAuthClient struct {
	ClientID              string `json:"clientId"`
	Issuer                string `json:"issuer,omitempty"`
	AuthorizationEndpoint string `json:"authorizationEndpoint,omitempty"`
	TokenEndpoint         string `json:"tokenEndpoint,omitempty"`
	RevocationEndpoint    string `json:"revocationEndpoint,omitempty"`
	RedirectPath          string `json:"redirectPath"`
	Sandbox               bool   `json:"sandbox"`
}

// Card is a listing as lists show it.
type Card struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Developer      Developer `json:"developer"`
	Summary        string    `json:"summary"`
	IconURL        string    `json:"iconUrl"`
	Categories     []string  `json:"categories"`
	Type           string    `json:"type"`
	Stats          Stats     `json:"stats"`
	UpdatedAt      string    `json:"updatedAt"`
	NoLongerListed bool      `json:"noLongerListed"`
}

// Listing is everything the detail page shows.
type Listing struct {
	Card
	DescriptionHTML string       `json:"descriptionHtml"` // sanitized; safe to insert
	Screenshots     []Screenshot `json:"screenshots"`
	Scopes          []Scope      `json:"scopes"`
	// ConsentScopes are every scope the consent page will show, in words
	// (the review before an install lists them all).
	ConsentScopes      []Scope       `json:"consentScopes"`
	OAuth              OAuthClient   `json:"oauth"`
	Configuration      Configuration `json:"configuration"`
	Links              Links         `json:"links"`
	DeauthorizationURL string        `json:"deauthorizationUrl"`
	Version            string        `json:"version"`
	ReleaseNotes       string        `json:"releaseNotes"` // "what's new" in this version, plain text ("" when the feed has none)
	PublishedAt        string        `json:"publishedAt"`
	SourceName         string        `json:"sourceName"`
	authorization      Authorization
}

// Category is one entry of the category rail.
type Category struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// Sort orders of a search.
const (
	SortRelevance  = "relevance"
	SortPopularity = "popularity"
	SortRating     = "rating"
	SortName       = "name"
	SortNewest     = "newest"
)

// Query is a search with its filters; every field is optional.
type Query struct {
	Text     string `json:"text"`
	Category string `json:"category"`
	// Developer keeps the listings of the developer named exactly so (the
	// developer page); it browses, so Text is ignored with it.
	Developer       string `json:"developer"`
	Type            string `json:"type"` // "", user, account
	PreApprovedOnly bool   `json:"preApprovedOnly"`
	InstalledOnly   bool   `json:"installedOnly"`
	Sort            string `json:"sort"` // default: relevance with text, popularity without
	Offset          int    `json:"offset"`
	Limit           int    `json:"limit"` // default 50, at most 200
}

// Results is one page of a search.
type Results struct {
	Items []Card `json:"items"`
	Total int64  `json:"total"`
	// Notices explain filters that cannot apply yet (e.g. pre-approval before
	// the account has approvals).
	Notices []string `json:"notices"`
	// Suggestion is "Did you mean …?": the query with its unknown words
	// replaced by the nearest words of the catalog, when it found few
	// results ("" otherwise).
	Suggestion string `json:"suggestion"`
}

// Home is what the Discover page opens with.
type Home struct {
	Categories      []Category `json:"categories"`
	Popular         []Card     `json:"popular"`
	RecentlyUpdated []Card     `json:"recentlyUpdated"`
	Total           int64      `json:"total"`
}

// Source is one catalog source as Settings lists it.
type Source struct {
	ID            int64  `json:"id"`
	Kind          string `json:"kind"` // embedded | url | file
	Location      string `json:"location"`
	Name          string `json:"name"`
	ListingCount  int64  `json:"listingCount"`
	LastSyncAt    string `json:"lastSyncAt"`
	LastSuccessAt string `json:"lastSuccessAt"`
	LastError     string `json:"lastError"`
	// Trusted: a marketplace manager vouches for this source, so its
	// developers show as verified (always true for the embedded catalog).
	Trusted bool `json:"trusted"`
}

// EntryProblem is one feed entry that was skipped, and why.
type EntryProblem struct {
	Source string `json:"source"`
	Entry  string `json:"entry"` // the listing id, or "#N" when it has none
	Reason string `json:"reason"`
}

// SourceResult is the outcome of syncing one source.
type SourceResult struct {
	Source    string         `json:"source"`
	Unchanged bool           `json:"unchanged"`
	Added     int            `json:"added"`
	Updated   int            `json:"updated"`
	Removed   int            `json:"removed"`
	Skipped   []EntryProblem `json:"skipped"` // the first 100 (maxReportedSkips)
	// SkippedMore counts the skipped entries past the first 100, which the
	// report does not name (50 000 bad entries make a short report).
	SkippedMore int    `json:"skippedMore"`
	Error       string `json:"error,omitempty"` // the whole source failed; nothing changed
	Offline     bool   `json:"offline"`
}

// SyncStatus is what the status area shows.
type SyncStatus struct {
	// Seq grows with every change of the status within this process, so that
	// the window can drop an event that arrives after a newer one (events are
	// not ordered end to end: the dev-served UI receives them over a socket).
	Seq           uint64         `json:"seq"`
	Running       bool           `json:"running"`
	Phase         string         `json:"phase"` // fetching, applying, icons, done
	Source        string         `json:"source"`
	Done          int            `json:"done"`
	Total         int            `json:"total"`
	LastUpdatedAt string         `json:"lastUpdatedAt"`
	Offline       bool           `json:"offline"`
	Results       []SourceResult `json:"results"`
}

// SyncEvent is the name of the event that carries SyncStatus while a sync runs.
const SyncEvent = "catalog:sync"
