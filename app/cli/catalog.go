package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
	"marketdesk/db"
)

// Catalog is the opened data directory's catalog.
type Catalog struct {
	DB       *db.DB
	Syncer   *catalog.Syncer
	Searcher *catalog.Searcher
	Assets   *catalog.Assets
}

func runCatalog(ctx context.Context, inv Invocation, env Env) int {
	cat, err := env.OpenCatalog(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer cat.DB.Close()
	switch inv.Command {
	case "catalog sync":
		bar := newProgress(env, inv, "syncing")
		bar.follow(cat.Syncer)
		st := cat.Syncer.SyncAll(ctx)
		bar.done()
		return printOut(env, inv.JSON, st, syncText(st), !syncFailed(st))
	case "catalog sources":
		srcs, err := cat.Syncer.Sources(ctx)
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, srcs, sourcesText(srcs), true)
	case "catalog add", "catalog remove", "catalog trust":
		return changeSources(ctx, inv, env, cat)
	case "apps search":
		return searchApps(ctx, inv, env, cat)
	case "apps show":
		l, err := cat.Searcher.Listing(ctx, inv.Args[0])
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, l, listingText(l), true)
	}
	return usage(env, "unknown command "+inv.Command)
}

// changeSources runs the source commands that only marketplace managers may
// run, as the signed-in user (the service refuses anyone else).
func changeSources(ctx context.Context, inv Invocation, env Env, cat *Catalog) int {
	me, err := account.New(cat.DB, time.Now).Current(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	if inv.Command == "catalog add" {
		bar := newProgress(env, inv, "adding")
		bar.follow(cat.Syncer)
		res, err := cat.Syncer.AddSource(ctx, me, inv.Args[0])
		bar.done()
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, res, resultText(res), true)
	}
	id, err := strconv.ParseInt(inv.Args[0], 10, 64)
	if err != nil {
		return usage(env, inv.Command+" takes the numeric id that `catalog sources` shows")
	}
	if inv.Command == "catalog remove" {
		if err := cat.Syncer.RemoveSource(ctx, me, id); err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, map[string]int64{"removed": id}, fmt.Sprintf("removed source %d\n", id), true)
	}
	src, err := cat.Syncer.SetTrusted(ctx, me, id, inv.Flags["untrust"] != "true")
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	state := "trusted: its developers show as verified"
	if !src.Trusted {
		state = "not trusted: its developers are not verified"
	}
	return printOut(env, inv.JSON, src, fmt.Sprintf("source %d is %s\n", id, state), true)
}

func searchApps(ctx context.Context, inv Invocation, env Env, cat *Catalog) int {
	q := catalog.Query{Text: inv.Args[0], Category: inv.Flags["category"], Type: inv.Flags["type"], Sort: inv.Flags["sort"]}
	if t := q.Type; t != "" && t != catalog.TypeUser && t != catalog.TypeAccount {
		return usage(env, "--type is user or account")
	}
	if l := inv.Flags["limit"]; l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return usage(env, "--limit takes a positive number")
		}
		q.Limit = n
	}
	res, err := cat.Searcher.Search(ctx, q, 0)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	t := newTable("ID", "NAME", "TYPE", "DEVELOPER", "RATING")
	for _, c := range res.Items {
		t.row(c.ID, c.Name, c.Type, c.Developer.Name, ratingText(c.Stats.Rating, c.Stats.RatingCount))
	}
	var b strings.Builder
	b.WriteString(t.String())
	fprintCells(&b, "%d of %d\n", len(res.Items), res.Total)
	return printOut(env, inv.JSON, res, b.String(), true)
}

func usage(env Env, msg string) int {
	fmt.Fprintf(env.Stderr, "marketdesk: %s\n\n%s", Printable(msg), Usage)
	return 2
}

func syncFailed(st catalog.SyncStatus) bool {
	for _, r := range st.Results {
		if r.Error != "" {
			return true
		}
	}
	return false
}

func syncText(st catalog.SyncStatus) string {
	var b strings.Builder
	for _, r := range st.Results {
		b.WriteString(resultText(r))
	}
	if st.Offline {
		b.WriteString("offline: showing the cached catalog\n")
	}
	fprintCells(&b, "catalog last updated %s\n", orNever(st.LastUpdatedAt))
	return b.String()
}

func resultText(r catalog.SourceResult) string {
	var b strings.Builder
	switch {
	case r.Error != "":
		fprintCells(&b, "%s: FAILED, nothing changed: %s\n", r.Source, r.Error)
	case r.Unchanged:
		fprintCells(&b, "%s: unchanged\n", r.Source)
	default:
		fprintCells(&b, "%s: %d added, %d updated, %d removed, %d skipped\n", r.Source, r.Added, r.Updated, r.Removed, r.SkippedCount())
	}
	for _, p := range r.Skipped {
		fprintCells(&b, "  skipped %s: %s\n", p.Entry, p.Reason)
	}
	if r.SkippedMore > 0 {
		fprintCells(&b, "  ... and %d more skipped entries (only the first %d are named)\n", r.SkippedMore, len(r.Skipped))
	}
	return b.String()
}

func sourcesText(srcs []catalog.Source) string {
	t := newTable("ID", "KIND", "TRUSTED", "LISTINGS", "LAST UPDATED", "LOCATION")
	for _, s := range srcs {
		trusted := "no"
		if s.Trusted {
			trusted = "yes"
		}
		t.row(s.ID, s.Kind, trusted, s.ListingCount, orNever(s.LastSuccessAt), s.Location)
		if s.LastError != "" {
			t.row("", "", "", "", "", "last error: "+s.LastError)
		}
	}
	return t.String()
}

func listingText(l catalog.Listing) string {
	var b strings.Builder
	fprintCells(&b, "%s (%s)\n", l.Name, l.ID)
	verified := ""
	if l.Developer.Verified {
		verified = ", verified"
	}
	fprintCells(&b, "by %s%s, %s\n", l.Developer.Name, verified, l.Developer.Website)
	fprintCells(&b, "%s\n\n", l.Summary)
	who := "each user installs it for themselves"
	if l.Type == catalog.TypeAccount {
		who = "a marketplace manager installs it for the whole account"
	}
	fprintCells(&b, "type:        %s (%s)\n", l.Type, who)
	fprintCells(&b, "categories:  %s\n", strings.Join(l.Categories, ", "))
	fprintCells(&b, "version:     %s, updated %s\n", l.Version, l.UpdatedAt)
	fprintCells(&b, "rating:      %s (%d ratings), %d installs\n", ratingText(l.Stats.Rating, l.Stats.RatingCount), l.Stats.RatingCount, l.Stats.Installs)
	b.WriteString("asks for:\n")
	for _, s := range l.Scopes {
		mark := " "
		if s.Sensitive {
			mark = "!"
		}
		fprintCells(&b, "  %s %s: %s\n", mark, s.Name, s.Description)
	}
	fprintCells(&b, "privacy:     %s\nterms:       %s\n", l.Links.PrivacyPolicy, l.Links.Terms)
	return b.String()
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
}
