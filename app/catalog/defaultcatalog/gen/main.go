//go:build ignore

// Command gen writes Marketdesk's embedded default catalog: catalog.json,
// icons/*.svg and screenshots/*.svg in the folder above this one.
//
//	go run app/catalog/defaultcatalog/gen/main.go
//
// Everything comes from the hand-written tables below; the numbers (installs,
// ratings, dates, versions) come from a fixed-seed generator, so running it
// again gives the same bytes. Every company, product and domain is invented.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// ---------------------------------------------------------------------------
// Developers

type dev struct {
	Name, Domain string
	Verified     bool
}

var developers = map[string]dev{
	"tidepool":     {"Tidepool Software", "tidepool.example", true},
	"kindling":     {"Kindling Labs", "kindling.example", false},
	"pebble":       {"Pebblestack", "pebblestack.example", true},
	"quillon":      {"Quillon Software", "quillon.example", true},
	"cairn":        {"Cairn Systems", "cairn-systems.example", true},
	"copperkite":   {"Copper Kite Studio", "copperkite.example", true},
	"marigold":     {"Marigold Apps", "marigold-apps.example", true},
	"bramble":      {"Bramble & Co.", "bramble.example", false},
	"larkspur":     {"Larkspur Metrics", "larkspur.example", true},
	"murmur":       {"Murmur Voice", "murmur-voice.example", false},
	"plover":       {"Plover & Finch", "ploverfinch.example", false},
	"pennant":      {"Pennant Marketing Cloud", "pennant.example", true},
	"teal":         {"Teal Meridian", "tealmeridian.example", true},
	"hopscotch":    {"Hopscotch Games", "hopscotch-games.example", false},
	"orbitrail":    {"Orbitrail", "orbitrail.example", false},
	"velvet":       {"Velvet Loop", "velvetloop.example", true},
	"greyfinch":    {"Greyfinch", "greyfinch.example", true},
	"sparrow":      {"Sparrowhawk Labs", "sparrowhawk.example", false},
	"tamarack":     {"Tamarack CRM", "tamarack-crm.example", true},
	"oriel":        {"Oriel Analytics", "oriel-analytics.example", true},
	"vantage":      {"Vantage Row", "vantagerow.example", false},
	"inkwell":      {"Inkwell Forms", "inkwell.example", false},
	"gannet":       {"Gannet Works", "gannetworks.example", false},
	"bluefen":      {"Bluefen Studio", "bluefen.example", false},
	"thistle":      {"Thistle & Thread", "thistlethread.example", false},
	"orchard":      {"Orchard Row", "orchardrow.example", true},
	"glasswing":    {"Glasswing Design", "glasswing.example", true},
	"harborlight":  {"Harborlight", "harborlight.example", true},
	"brightwater":  {"Brightwater Support", "brightwater.example", true},
	"trestle":      {"Trestle Dev", "trestle.example", true},
	"paperlantern": {"Paper Lantern", "paperlantern.example", false},
	"saltmarsh":    {"Saltmarsh Systems", "saltmarsh.example", true},
	"amberline":    {"Amberline Data", "amberline.example", true},
	"pinegrove":    {"Pinegrove Dev", "pinegrove.example", false},
	"cobalt":       {"Cobalt Arc", "cobaltarc.example", true},
	"ridgeback":    {"Ridgeback IT", "ridgeback.example", true},
	"tangent":      {"Tangent Nine", "tangentnine.example", false},
	"quorum":       {"Quorum Works", "quorumworks.example", true},
	"rookery":      {"Rookery HR", "rookery.example", true},
	"stonebridge":  {"Stonebridge Payroll", "stonebridge-payroll.example", true},
	"cedarline":    {"Cedarline Education", "cedarline.example", true},
	"ledgerline":   {"Ledgerline Inc.", "ledgerline.example", true},
	"windrow":      {"Windrow Finance", "windrow.example", true},
	"fernhill":     {"Fernhill Labs", "fernhill-labs.example", false},
	"quartzline":   {"Quartzline", "quartzline.example", false},
	"hollowoak":    {"Hollow Oak Learning", "hollowoak.example", true},
	"junebug":      {"Junebug Tools", "junebug.example", false},
	"kelpie":       {"Kelpie Labs", "kelpie.example", false},
	"mapleway":     {"Mapleway Health", "mapleway-health.example", true},
	"foxglove":     {"Foxglove Clinical", "foxglove-clinical.example", false},
	"kestrel":      {"Kestrel Security", "kestrel-security.example", true},
	"ironbark":     {"Ironbark Archive", "ironbark.example", true},
	"halyard":      {"Halyard Compliance", "halyard.example", true},
	"wrenfield":    {"Wrenfield Audio", "wrenfield.example", true},
	"meadowlark":   {"Meadowlark Media", "meadowlark.example", true},
	"ember":        {"Emberline", "emberline.example", false},
	"beacon":       {"Beacon Spaces", "beaconspaces.example", true},
	"sundial":      {"Sundial Scheduling", "sundial.example", true},
	"wayfarer":     {"Wayfarer Desk", "wayfarer.example", false},
	"cinder":       {"Cinder Blocks Ltd", "cinderblocks.example", false},
	"driftwood":    {"Driftwood Collective", "driftwood.example", false},
	"mossgate":     {"Mossgate", "mossgate.example", true},
	"boxcar":       {"Boxcar Files", "boxcar-files.example", true},
	"freightline":  {"Freightline", "freightline.example", false},
}

// ---------------------------------------------------------------------------
// Scopes: what each permission means, in plain words.

type scopeDef struct {
	Desc      string
	Sensitive bool
}

var scopeDefs = map[string]scopeDef{
	"user:read":            {"See your name, email address and profile picture", false},
	"user:write":           {"Update your profile, status message and display name", false},
	"user:read:admin":      {"See every member of the account, their roles and departments", false},
	"user:write:admin":     {"Create, update and deactivate member accounts", true},
	"meeting:read":         {"See your meetings, their times, topics and participants", false},
	"meeting:write":        {"Schedule, update and cancel meetings for you", false},
	"meeting:read:admin":   {"See the meetings of every member of the account", true},
	"recording:read":       {"Watch and download your cloud recordings", true},
	"recording:write":      {"Upload, rename and delete your recordings", false},
	"recording:read:admin": {"Watch and download the recordings of every member of the account", true},
	"transcript:read":      {"Read the transcripts of your meetings and recordings", true},
	"chat_message:read":    {"Read messages in the chat channels you belong to", true},
	"chat_message:write":   {"Post messages and cards in chat on your behalf", false},
	"chat_channel:read":    {"See the names and members of your chat channels", false},
	"chat_channel:write":   {"Create chat channels and manage who is in them", false},
	"calendar:read":        {"See the events on your calendars", false},
	"calendar:write":       {"Create, move and delete events on your calendars", false},
	"contact:read":         {"See your contacts and their details", false},
	"contact:write":        {"Add contacts and update their details", false},
	"account:read:admin":   {"See account settings, plan and admin contacts", false},
	"account:write:admin":  {"Change account-wide settings", true},
	"report:read:admin":    {"Read usage and activity reports for the whole account", false},
	"group:read":           {"See groups and who belongs to them", false},
	"group:write:admin":    {"Create groups and change their members", true},
	"room:read":            {"See meeting rooms, their equipment and bookings", false},
	"room:write:admin":     {"Book, release and configure meeting rooms", false},
	"device:read:admin":    {"See room devices, their status and software versions", false},
	"webinar:read":         {"See your webinars, their registrants and attendees", false},
	"webinar:write":        {"Create webinars and manage registration", false},
	"phone:read":           {"See your call history and listen to your voicemail", true},
	"phone:write":          {"Place calls for you and change call forwarding", true},
	"file:read":            {"Open files shared in your meetings and chats", false},
	"file:write":           {"Upload files to your chats and meetings", false},
	"whiteboard:read":      {"See your whiteboards", false},
	"whiteboard:write":     {"Create and edit whiteboards", false},
	"task:read":            {"See your tasks and their due dates", false},
	"task:write":           {"Create, assign and complete tasks", false},
	"note:read":            {"Read your notes", false},
	"note:write":           {"Create and edit notes", false},
	"poll:read":            {"See polls and their results in your meetings", false},
	"poll:write":           {"Launch polls and quizzes in your meetings", false},
	"breakout:write":       {"Create breakout rooms and move participants between them", false},
	"presence:read":        {"See whether you are available, busy or in a meeting", false},
	"presence:write":       {"Set your availability and status", false},
	"mail:read":            {"Read the email in your connected mailbox", true},
	"mail:send":            {"Send email from your address", true},
	"clip:read":            {"Watch your short video clips", false},
	"clip:write":           {"Record and share short video clips", false},
	"dashboard:read":       {"Read live audio and video quality metrics", false},
	"billing:read:admin":   {"See invoices, payment methods and plan usage", true},
	"audit_log:read:admin": {"Read the account's audit and sign-in logs", true},
	"sso:write:admin":      {"Change single sign-on and provisioning settings", true},
	"dlp:write:admin":      {"Scan messages and files for sensitive data and quarantine them", true},
	"archive:read:admin":   {"Export the account's messages, recordings and files", true},
}

// ---------------------------------------------------------------------------
// Configuration form fields, by key. An app's form lists keys; "key*" makes
// the field required.

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

type field struct {
	Key         string   `json:"key"`
	Label       string   `json:"label"`
	Help        string   `json:"help,omitempty"`
	Type        string   `json:"type"`
	Required    bool     `json:"required"`
	Default     any      `json:"default,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Options     []option `json:"options,omitempty"`
	Placeholder string   `json:"placeholder,omitempty"`
}

func num(v float64) *float64 { return &v }

func opts(pairs ...string) []option {
	var o []option
	for i := 0; i+1 < len(pairs); i += 2 {
		o = append(o, option{pairs[i], pairs[i+1]})
	}
	return o
}

var fieldDefs = map[string]field{
	// text
	"channel":      {Label: "Channel", Type: "text", Help: "The chat channel to post in", Placeholder: "#team-updates"},
	"notebook":     {Label: "Notebook", Type: "text", Help: "Where new notes are filed", Default: "Meetings"},
	"project_key":  {Label: "Project key", Type: "text", Help: "Short key of the project new items go to", Placeholder: "OPS"},
	"workspace":    {Label: "Workspace", Type: "text", Help: "Your workspace name on the developer's side", Placeholder: "acme-team"},
	"display_name": {Label: "Post as", Type: "text", Help: "Name shown as the sender of automatic posts"},
	"cost_center":  {Label: "Default cost center", Type: "text", Placeholder: "CC-1200"},
	"board_name":   {Label: "Board", Type: "text", Default: "Team board"},
	"course_code":  {Label: "Course code", Type: "text", Help: "Used to match meetings to a course in your gradebook", Placeholder: "BIO-101"},
	// multiline
	"welcome_message":  {Label: "Welcome message", Type: "multiline", Default: "Welcome aboard! Your onboarding buddy will say hello today."},
	"agenda_template":  {Label: "Agenda template", Type: "multiline", Help: "Used for new meetings; one item per line", Default: "Updates\nDecisions needed\nNext steps"},
	"signature":        {Label: "Email signature", Type: "multiline", Help: "Added to the end of every follow-up"},
	"keywords":         {Label: "Keywords to watch", Type: "multiline", Help: "One per line; case does not matter"},
	"canned_replies":   {Label: "Saved replies", Type: "multiline", Help: "One reply per line. Type / in any chat to insert one."},
	"intake_questions": {Label: "Extra intake questions", Type: "multiline", Help: "Added after the standard questions, one per line"},
	"icebreakers":      {Label: "Your own questions", Type: "multiline", Help: "One per line; mixed in with the built-in ones"},
	// number
	"reminder_minutes": {Label: "Remind before (minutes)", Type: "number", Default: 10, Min: num(0), Max: num(120)},
	"retention_days":   {Label: "Keep for (days)", Type: "number", Help: "Items older than this are deleted", Default: 365, Min: num(30), Max: num(3650)},
	"digest_hour":      {Label: "Send at (hour, 0–23)", Type: "number", Help: "In your own time zone", Default: 9, Min: num(0), Max: num(23)},
	"buffer_minutes":   {Label: "Buffer between meetings (minutes)", Type: "number", Default: 10, Min: num(0), Max: num(60)},
	"group_size":       {Label: "Group size", Type: "number", Default: 4, Min: num(2), Max: num(12)},
	"threshold":        {Label: "Alert threshold (%)", Type: "number", Default: 70, Min: num(1), Max: num(100)},
	"sync_interval":    {Label: "Sync every (minutes)", Type: "number", Default: 60, Min: num(5), Max: num(1440)},
	"focus_hours":      {Label: "Focus hours per day", Type: "number", Default: 2, Min: num(1), Max: num(6)},
	"slot_minutes":     {Label: "Slot length (minutes)", Type: "number", Default: 15, Min: num(5), Max: num(60)},
	"max_file_gb":      {Label: "Largest file (GB)", Type: "number", Default: 20, Min: num(1), Max: num(200)},
	"hourly_rate":      {Label: "Default hourly rate", Type: "number", Help: "Can be changed per client later", Default: 150, Min: num(0), Max: num(2000)},
	"reviewers":        {Label: "Reviewers per change", Type: "number", Default: 2, Min: num(1), Max: num(5)},
	"question_seconds": {Label: "Time per question (seconds)", Type: "number", Default: 30, Min: num(10), Max: num(300)},
	"approval_limit":   {Label: "Auto-approve below", Type: "number", Help: "Requests under this amount skip approval", Default: 250, Min: num(0), Max: num(10000)},
	// toggle
	"share_with_guests":  {Label: "Share with guests", Type: "toggle", Help: "People outside your account can see it too", Default: false},
	"auto_start":         {Label: "Start automatically", Type: "toggle", Default: true},
	"notify_email":       {Label: "Also send by email", Type: "toggle", Default: false},
	"include_transcript": {Label: "Include the transcript", Type: "toggle", Default: false},
	"anonymous":          {Label: "Anonymous responses", Type: "toggle", Help: "Names are never stored with answers", Default: true},
	"include_weekends":   {Label: "Include weekends", Type: "toggle", Default: false},
	"post_summary":       {Label: "Post a summary afterwards", Type: "toggle", Default: true},
	"dry_run":            {Label: "Report only", Type: "toggle", Help: "Flag problems without changing anything", Default: true},
	"redact_pii":         {Label: "Redact personal data", Type: "toggle", Help: "Phone numbers, emails and card numbers are masked", Default: true},
	"auto_release":       {Label: "Release no-show rooms", Type: "toggle", Help: "Frees the room if nobody checks in within 10 minutes", Default: true},
	"speaker_names":      {Label: "Show speaker names", Type: "toggle", Default: true},
	"require_manager":    {Label: "Require manager approval", Type: "toggle", Default: true},
	"show_leaderboard":   {Label: "Show the leaderboard", Type: "toggle", Default: true},
	// select
	"language":         {Label: "Language", Type: "select", Default: "en", Options: opts("en", "English", "es", "Español", "fr", "Français", "de", "Deutsch", "ja", "日本語", "pt", "Português")},
	"digest_frequency": {Label: "Digest", Type: "select", Default: "weekly", Options: opts("daily", "Every day", "weekly", "Every Monday", "never", "Never")},
	"region":           {Label: "Data region", Type: "select", Help: "Where your data is stored; can't be changed later", Default: "us", Options: opts("us", "United States", "eu", "European Union", "ap", "Asia Pacific")},
	"export_format":    {Label: "Export format", Type: "select", Default: "md", Options: opts("md", "Markdown", "pdf", "PDF", "docx", "Word document")},
	"tone":             {Label: "Writing tone", Type: "select", Default: "neutral", Options: opts("friendly", "Friendly", "neutral", "Neutral", "formal", "Formal")},
	"currency":         {Label: "Currency", Type: "select", Default: "usd", Options: opts("usd", "US dollar", "eur", "Euro", "gbp", "Pound sterling", "jpy", "Yen", "cad", "Canadian dollar")},
	"video_size":       {Label: "Clip shape", Type: "select", Default: "vertical", Options: opts("square", "Square (1:1)", "vertical", "Vertical (9:16)", "landscape", "Landscape (16:9)")},
	"severity":         {Label: "Default severity", Type: "select", Default: "sev2", Options: opts("sev1", "SEV1: outage", "sev2", "SEV2: degraded", "sev3", "SEV3: minor")},
	"grade_scale":      {Label: "Grading scale", Type: "select", Default: "points", Options: opts("points", "Points", "letter", "Letter grades", "pass_fail", "Pass / fail")},
	"visibility":       {Label: "Who can see results", Type: "select", Default: "team", Options: opts("private", "Only me", "team", "My team", "account", "Everyone in the account")},
	"storage_tier":     {Label: "Storage tier", Type: "select", Default: "standard", Options: opts("standard", "Standard", "cold", "Cold (cheaper, slower to restore)")},
	// multiselect
	"notify_on":   {Label: "Notify me about", Type: "multiselect", Default: []string{"mentions", "assignments"}, Options: opts("mentions", "Mentions", "assignments", "Assignments", "due_soon", "Due soon", "comments", "Comments")},
	"event_types": {Label: "Events to post", Type: "multiselect", Default: []string{"deploy", "build_failed"}, Options: opts("deploy", "Deploys", "rollback", "Rollbacks", "build_failed", "Failed builds", "incident", "Incidents")},
	"sources":     {Label: "Sources", Type: "multiselect", Default: []string{"chat", "meetings"}, Options: opts("chat", "Chat", "meetings", "Meetings", "phone", "Phone", "email", "Email")},
	"weekdays":    {Label: "Days", Type: "multiselect", Default: []string{"mon", "tue", "wed", "thu", "fri"}, Options: opts("mon", "Monday", "tue", "Tuesday", "wed", "Wednesday", "thu", "Thursday", "fri", "Friday", "sat", "Saturday", "sun", "Sunday")},
	"data_types":  {Label: "Look for", Type: "multiselect", Default: []string{"card_numbers", "api_keys"}, Options: opts("card_numbers", "Payment card numbers", "api_keys", "API keys and passwords", "national_ids", "National ID numbers", "health", "Health information")},
	"departments": {Label: "Departments", Type: "multiselect", Help: "Leave empty for everyone", Options: opts("engineering", "Engineering", "sales", "Sales", "support", "Support", "finance", "Finance", "people", "People")},
	"post_to":     {Label: "Post results to", Type: "multiselect", Default: []string{"chat"}, Options: opts("chat", "The meeting chat", "email", "Email to participants", "notes", "Meeting notes")},
	// url
	"webhook_url":  {Label: "Webhook URL", Type: "url", Help: "We send a POST here for every event", Placeholder: "https://hooks.yourcompany.example/marketdesk"},
	"instance_url": {Label: "Instance URL", Type: "url", Placeholder: "https://yourcompany.helpdesk.example"},
	"crm_url":      {Label: "CRM address", Type: "url", Help: "The address you open your CRM at", Placeholder: "https://crm.yourcompany.example"},
	"status_page":  {Label: "Status page", Type: "url", Placeholder: "https://status.yourcompany.example"},
	"booking_url":  {Label: "Custom booking address", Type: "url", Help: "Optional; we host one for you otherwise"},
	// email
	"notify_address":   {Label: "Send alerts to", Type: "email", Placeholder: "it-alerts@yourcompany.example"},
	"reply_to":         {Label: "Reply-to address", Type: "email", Help: "Where replies to automatic emails go"},
	"escalation_email": {Label: "Escalation contact", Type: "email", Help: "Gets an email when something needs a human"},
	"billing_email":    {Label: "Finance contact", Type: "email", Placeholder: "ap@yourcompany.example"},
	// secret
	"api_key":        {Label: "API key", Type: "secret", Help: "Find it under Settings → API in your account"},
	"api_token":      {Label: "Access token", Type: "secret", Help: "A personal token with read access is enough"},
	"signing_secret": {Label: "Signing secret", Type: "secret", Help: "Used to verify events we send you"},
}

// nouns name each field in a sentence ("set the channel and digest schedule").
var nouns = map[string]string{
	"channel": "channel", "notebook": "notebook", "project_key": "project", "workspace": "workspace",
	"display_name": "sender name", "cost_center": "cost center", "board_name": "board", "course_code": "course code",
	"welcome_message": "welcome message", "agenda_template": "agenda template", "signature": "email signature",
	"keywords": "keywords to watch", "canned_replies": "saved replies", "intake_questions": "extra intake questions",
	"icebreakers": "extra questions", "reminder_minutes": "reminder time", "retention_days": "retention period",
	"digest_hour": "delivery hour", "buffer_minutes": "buffer between meetings", "group_size": "group size",
	"threshold": "alert threshold", "sync_interval": "sync interval", "focus_hours": "daily focus goal",
	"slot_minutes": "slot length", "max_file_gb": "size limit", "hourly_rate": "hourly rate",
	"reviewers": "number of reviewers", "question_seconds": "time per question", "approval_limit": "auto-approval limit",
	"share_with_guests": "guest sharing", "auto_start": "automatic start", "notify_email": "email copies",
	"include_transcript": "transcript option", "anonymous": "anonymity setting", "include_weekends": "weekend setting",
	"post_summary": "summary option", "dry_run": "report-only mode", "redact_pii": "redaction setting",
	"auto_release": "no-show rule", "speaker_names": "speaker labels", "require_manager": "approval rule",
	"show_leaderboard": "leaderboard option", "language": "language", "digest_frequency": "digest schedule",
	"region": "data region", "export_format": "export format", "tone": "writing tone", "currency": "currency",
	"video_size": "clip shape", "severity": "default severity", "grade_scale": "grading scale",
	"visibility": "visibility of results", "storage_tier": "storage tier", "notify_on": "notification types",
	"event_types": "events to post", "sources": "sources", "weekdays": "days", "data_types": "kinds of data to look for",
	"departments": "departments", "post_to": "places results go", "webhook_url": "webhook URL",
	"instance_url": "instance URL", "crm_url": "CRM address", "status_page": "status page",
	"booking_url": "booking address", "notify_address": "alert address", "reply_to": "reply-to address",
	"escalation_email": "escalation contact", "billing_email": "finance contact", "api_key": "API key",
	"api_token": "access token", "signing_secret": "signing secret",
}

func init() {
	for k := range fieldDefs {
		if nouns[k] == "" {
			panic("no noun for field " + k)
		}
	}
}

// ---------------------------------------------------------------------------
// Apps. Type: "u" user, "a" account. Config: "" none, "ext" external, or
// "form:key*,key" (a star marks a required field). Glyph: a key of glyphs, or
// "@AB" for initials. Features and screenshot captions are separated by "|".

type seed struct {
	ID, Name, Dev, Cats, Type, Scopes, Config, Glyph string
	Summary, Heading, Lead, Features, Extra, Shots   string
}

var apps = []seed{
	// Productivity
	{"tidepool-notes", "Tidepool Notes", "tidepool", "Productivity|Collaboration", "u", "meeting:read calendar:read note:write user:read", "form:notebook*,share_with_guests,export_format", "note",
		"Shared meeting notes that open themselves the moment a meeting starts.",
		"Notes that are ready before you are",
		"Tidepool Notes opens a page for every meeting on your calendar, already filled in with the agenda from the invite and the people who accepted. Everyone in the meeting types into the same page, and when the call ends the action items are pulled out and sent to their owners.",
		"Agenda copied from the calendar invite|Action items with owners and due dates|Search across every meeting you have attended|Export to Markdown, PDF or Word",
		"Notes live in notebooks you choose, so the weekly team sync and your customer calls never end up in the same pile.",
		"A meeting page with the agenda and action items|Notebooks in the sidebar|Action items sent after the call"},
	{"focus-bell", "Focus Bell", "kindling", "Productivity", "u", "calendar:write presence:write user:read", "form:focus_hours*,include_weekends,notify_email", "bell",
		"Books focus time on your calendar and holds your notifications until it's over.",
		"Protect the hours that matter",
		"Tell Focus Bell how many hours of deep work you want each day and it finds the gaps in your calendar, books them before meetings fill them, and sets your status to Focusing while they run.",
		"Finds free blocks each morning and books them|Mutes chat notifications during focus time|A gentle chime five minutes before it ends|A weekly count of the focus hours you actually kept",
		"", ""},
	{"sortwell-inbox", "Sortwell Inbox", "pebble", "Productivity|Communication", "u", "mail:read chat_message:read user:read", "ext", "inbox",
		"One short list of everything waiting on you: chat mentions and email, most urgent first.",
		"Stop checking four places",
		"Sortwell reads your mentions, direct messages and flagged email and merges them into a single queue, ordered by who is waiting and for how long. Clear an item and it's gone everywhere.",
		"Ranks by sender, age and deadlines it spots in the text|Snooze anything until tomorrow or next week|Keyboard-first: j, k, e and you're done|Works with any IMAP mailbox",
		"", ""},
	{"daybook", "Daybook", "quillon", "Productivity", "u", "calendar:read meeting:read task:read note:write", "", "book",
		"A private end-of-day journal that pre-fills what you worked on.",
		"Five minutes at the end of the day",
		"At the time you choose, Daybook drafts a journal entry from the day's meetings and finished tasks and asks two short questions: what went well, and what's stuck. Entries are visible only to you.",
		"Draft entry built from your calendar and tasks|Streaks and a monthly look-back|Handy for writing performance reviews later|Entries never leave your account",
		"", ""},
	{"punchcard", "Punchcard", "cairn", "Productivity|Human Resources", "u", "meeting:read calendar:read user:read", "form:project_key,digest_frequency,include_weekends", "clock",
		"Turns your meetings and calendar into a draft timesheet every Friday.",
		"Timesheets you only have to check",
		"Punchcard looks at the meetings you attended and the blocks on your calendar and proposes how your week was spent, grouped by project. You fix what's wrong, submit, and get your Friday afternoon back.",
		"Learns which meetings belong to which project|Rounds to the nearest quarter hour, or not, as you like|Submits to most timesheet tools|Reminds you on Friday if you haven't",
		"", ""},
	{"quickslate", "Quickslate", "copperkite", "Productivity", "u", "meeting:write calendar:read user:read", "", "bolt",
		"Start, schedule or join a meeting from a single keyboard shortcut.",
		"Meetings at the speed of typing",
		"Press the shortcut, type \"sync with Dana tomorrow 3pm\" and press Enter: Quickslate understands plain language, checks everyone's calendar and sends the invite.",
		"Natural-language scheduling in 12 languages|Join your next meeting with one keystroke|Recent people and rooms suggested as you type",
		"", ""},
	{"tasklight", "Tasklight", "marigold", "Productivity|Project Management", "u", "task:write chat_message:read meeting:read user:read", "", "check",
		"Turn any chat message into a task with a due date in two clicks.",
		"From \"can you…\" to done",
		"Hover over a message, choose Make a task, and Tasklight fills in the title, the owner and a due date it finds in the text. Tasks from meetings show up in the same list.",
		"Tasks from chat messages and meeting notes|Due-soon reminders where you already are|A tidy list for today, this week and later|Done tasks reply in the original thread",
		"", "Today's tasks|Making a task from a message"},
	{"snippet-jar", "Snippet Jar", "bramble", "Productivity|Communication", "u", "chat_message:write user:read", "form:canned_replies*", "tag",
		"Saved replies and text snippets you can drop into any chat.",
		"Type it once",
		"Keep the answers you give ten times a week in Snippet Jar, then type a slash and a few letters in any chat to insert one. Snippets can include the name of the person you're talking to.",
		"Slash-command insert in every chat|Placeholders for names and dates|Import snippets from a text file",
		"", ""},
	{"morning-brief", "Morning Brief", "larkspur", "Productivity", "u", "calendar:read meeting:read mail:read task:read user:read", "form:digest_hour*,language,include_weekends", "sun",
		"A 9 a.m. digest of your day: meetings, deadlines and what changed overnight.",
		"Know your day before your coffee cools",
		"Morning Brief sends one message each morning with your meetings and who is in them, tasks due today, and the threads that moved while you were away, so you start with a plan instead of a backlog.",
		"Meetings with links to notes from last time|Deadlines for today and tomorrow|Overnight changes in threads you follow|Arrives at the hour you choose",
		"", ""},
	{"lowtide-status", "Lowtide Status", "tidepool", "Productivity|Communication", "u", "presence:write calendar:read", "", "moon",
		"Sets your status from your calendar, so people know when you're heads-down.",
		"Your status, kept honest",
		"Lowtide Status watches your calendar and updates your status for you: In a meeting, Out for lunch, Off until Monday. When you're back, it clears itself.",
		"Status follows your calendar automatically|Custom emoji per kind of event|Out-of-office messages from your vacation events",
		"", ""},

	// Communication
	{"murmur-voice-notes", "Murmur Voice Notes", "murmur", "Communication", "u", "chat_message:write file:write user:read", "", "wave",
		"Record a short voice note and post it in any chat, with a transcript attached.",
		"Say it instead of typing it",
		"Hold the microphone button, talk, let go. Murmur posts your voice note with a transcript underneath, so people can listen at 1.5× or just read it.",
		"Voice notes up to five minutes|Automatic transcript in the message|Playback speed from 1× to 2×|Works on desktop and phone",
		"", ""},
	{"pigeonpost", "Pigeonpost", "plover", "Communication", "u", "mail:read chat_message:write contact:read user:read", "form:channel*,keywords,notify_email", "mail",
		"Forwards the emails that matter into the chat channel of your choice.",
		"Email, where the conversation already is",
		"Pigeonpost watches your inbox for messages from people and keywords you pick and posts them to a channel, so your team can discuss them in a thread instead of forwarding them around.",
		"Rules by sender, subject or keyword|Attachments come along|Reply by email straight from the thread",
		"", ""},
	{"town-crier", "Town Crier", "pennant", "Communication|Human Resources", "a", "chat_message:write chat_channel:read user:read:admin group:read", "form:channel*,display_name,departments", "megaphone",
		"Company-wide announcements with scheduling and read receipts.",
		"Announcements people actually read",
		"Town Crier gives communications teams one place to write, schedule and target announcements. Posts go to a channel and, for the important ones, to everyone's direct messages with an I've read this button.",
		"Schedule posts for each time zone's morning|Target by department, office or group|Read receipts and a reminder for the rest|Templates for launches, policies and outages",
		"", "Writing an announcement|Read receipts by department"},
	{"polyglot-live", "Polyglot Live", "teal", "Communication|Recording & Transcription", "u", "meeting:read transcript:read chat_message:write", "form:language*,speaker_names", "globe",
		"Live translated captions in 30 languages for any meeting.",
		"Everyone in their own language",
		"Each participant picks the language they want to read, and Polyglot Live shows translated captions under the video within a second of the words being spoken.",
		"30 languages, chosen per participant|Glossary for product names and jargon|Bilingual transcript after the meeting",
		"Translations are machine-made; for legal or medical conversations, use a human interpreter.", ""},
	{"kudos-wall", "Kudos Wall", "hopscotch", "Communication|Human Resources", "u", "chat_message:write user:read group:read", "", "star",
		"Give public thanks in chat and watch the kudos wall fill up.",
		"Say thanks where everyone can see it",
		"Type /kudos, mention someone and say what they did. Kudos Wall posts a card to your team channel and adds it to a wall you can put on the office screen.",
		"Kudos cards with your own message|A monthly wall for each team|Company values as optional tags",
		"", ""},
	{"huddle-horn", "Huddle Horn", "orbitrail", "Communication", "u", "meeting:write chat_message:write presence:read", "", "headset",
		"Start an instant audio huddle from any chat thread.",
		"Faster than scheduling a meeting",
		"When a thread goes back and forth for too long, press the horn. Huddle Horn opens an audio room for the people in the thread and posts a join link; when you leave, it posts the length and who joined.",
		"One-click audio rooms from any thread|Only pings people who are available|A short recap posted when the huddle ends",
		"", ""},
	{"switchboard-phone-sync", "Switchboard Phone Sync", "cairn", "Communication", "a", "phone:read phone:write user:read:admin contact:read", "ext", "phone",
		"Connects desk phones and call queues to Marketdesk users.",
		"One number per person, wherever they sit",
		"Switchboard maps your existing desk phones, extensions and hunt groups to Marketdesk users, so calls ring on the desk phone and the desktop app at the same time.",
		"Bulk import of extensions from a CSV file|Hunt groups and call queues carried over|Presence shared between phone and chat|Works with SIP phones from most makers",
		"", ""},
	{"emoji-forge", "Emoji Forge", "velvet", "Communication|Design", "a", "account:read:admin chat_channel:read user:read", "", "spark",
		"Custom emoji and reaction packs for everyone in your account.",
		"Your team's inside jokes, as emoji",
		"Emoji Forge lets members upload emoji and reaction packs for the whole account, with a quick review step for admins. Popular packs for holidays, sports and office pets are included.",
		"Upload PNG or GIF; we resize it for you|Optional admin review before publishing|A monthly most-used leaderboard",
		"", ""},
	{"quietline", "Quietline", "greyfinch", "Communication|Productivity", "u", "chat_message:read presence:read user:read", "form:notify_on,digest_hour", "layers",
		"Batches non-urgent chat notifications into three calm deliveries a day.",
		"Fewer pings, nothing missed",
		"Quietline holds notifications from busy channels and delivers them in batches at times you choose. Direct messages from your manager and anything marked urgent still come straight through.",
		"Three scheduled deliveries by default|VIP list that always gets through|A weekly count of interruptions saved",
		"", ""},
	{"echo-threads", "Echo Threads", "sparrow", "Communication", "u", "chat_message:read chat_message:write chat_channel:read", "", "chat",
		"Summarizes long chat threads you missed into five bullet points.",
		"Catch up on a thread in ten seconds",
		"Open a long thread, choose Summarize and Echo Threads posts a private summary: what was decided, what's still open and who's waiting on you.",
		"Summaries only you can see|Decisions and open questions called out|Links back to the key messages",
		"", ""},

	// Sales & CRM
	{"tamarack-crm-connector", "Tamarack CRM Connector", "tamarack", "Sales & CRM", "a", "contact:read contact:write meeting:read:admin calendar:read user:read:admin", "ext", "nodes",
		"Logs every customer meeting and call to the matching Tamarack CRM record.",
		"Your CRM, filled in for you",
		"The connector matches meeting participants to Tamarack contacts and accounts by email domain and logs the meeting, its length and any notes to the right record. Reps stop copying things by hand; managers stop chasing them to.",
		"Meetings and calls logged automatically|New contacts created from unknown attendees|Field mapping per record type|Backfills the last 90 days on install",
		"An admin connects the account once; reps see activity appear within a minute of hanging up.",
		"Activity on a Tamarack account record|Field mapping settings|Sync status for the account"},
	{"dealroom-notes", "Dealroom Notes", "tamarack", "Sales & CRM|Productivity", "u", "meeting:read note:write contact:read", "form:crm_url*,export_format", "@DN",
		"Call notes with a built-in MEDDIC template that sync to the deal.",
		"Better discovery calls",
		"Dealroom Notes opens a template for each customer call with the questions you should be asking, and checks off the ones you covered. Notes are attached to the deal in your CRM.",
		"Templates for discovery, demo and renewal calls|Gaps highlighted before the call ends|Notes attached to the right deal",
		"", ""},
	{"pipeline-pulse", "Pipeline Pulse", "oriel", "Sales & CRM|Analytics", "u", "meeting:read contact:read calendar:read", "", "funnel",
		"See which deals went quiet: meeting frequency per account at a glance.",
		"Spot deals going cold",
		"Pipeline Pulse charts how often you meet each customer and warns you when an account that used to meet weekly hasn't been seen in a month.",
		"Meeting frequency per account over time|Alerts for accounts going quiet|Share a snapshot with your manager",
		"", "Accounts ranked by activity|An account going quiet"},
	{"callsheet-dialer", "Callsheet Dialer", "vantage", "Sales & CRM|Communication", "u", "phone:write phone:read contact:read note:write", "form:api_key*,reminder_minutes", "target",
		"A power dialer with local caller ID and one-click call notes.",
		"More conversations per hour",
		"Load a call list, press start, and Callsheet dials the next number as soon as you hang up. Notes and outcomes are saved with each call.",
		"Power and preview dialing modes|Local caller ID in 40 countries|Voicemail drop with a pre-recorded message|Outcome codes you define",
		"Check the calling rules in your country before using power dialing.", ""},
	{"proposal-press", "Proposal Press", "inkwell", "Sales & CRM", "u", "file:write contact:read user:read", "ext", "doc",
		"Turn a call summary into a branded proposal PDF in a minute.",
		"Proposals while the call is still fresh",
		"Proposal Press takes your notes from a sales call, drops them into your company's proposal template and produces a PDF ready to send, with pricing tables filled in from your price book.",
		"Templates that match your brand|Price book with discounts and approvals|Track when the customer opens it",
		"", ""},
	{"warm-intro", "Warm Intro", "gannet", "Sales & CRM", "u", "contact:read calendar:read user:read", "", "users",
		"Finds who in your company already knows the person you're about to meet.",
		"Walk in with a friend",
		"Before an external meeting, Warm Intro checks which colleagues have met the other attendees before and suggests who to ask for context.",
		"Shared-history lookup before each meeting|Respects colleagues' privacy settings|One click to ask for an intro",
		"", ""},
	{"quota-quest", "Quota Quest", "hopscotch", "Sales & CRM", "a", "report:read:admin user:read:admin meeting:read:admin chat_message:write", "form:channel*,show_leaderboard,departments", "flag",
		"Leaderboards and friendly contests for sales teams, updated hourly.",
		"Make the number a game",
		"Quota Quest turns activity into friendly competition: meetings booked, demos held, deals closed. Run a two-week contest, post the leaderboard to a channel and hand out badges at the end.",
		"Contests with start and end dates|Leaderboards by person or team|Badges posted to chat|Admin controls over what counts",
		"", ""},
	{"recapper", "Recapper", "sparrow", "Sales & CRM|Recording & Transcription|Productivity", "u", "recording:read transcript:read contact:write mail:send", "form:tone,signature,include_transcript", "send",
		"Writes the follow-up email after every sales call, ready to review and send.",
		"The follow-up, already drafted",
		"Recapper reads the transcript of your customer call and writes a follow-up email: a thank-you, the points you agreed on, and next steps with dates. You edit and press send.",
		"Draft follow-up within a minute of the call|Tone from friendly to formal|Next steps pulled out with dates",
		"", "A drafted follow-up email|Choosing the tone"},
	{"leadpond", "Leadpond", "bluefen", "Sales & CRM|Marketing", "u", "webinar:read contact:write", "ext", "leaf",
		"Sends webinar attendees to your lead lists with an engagement score.",
		"From attendee to lead",
		"Leadpond scores every webinar attendee on how long they stayed, what they asked and which polls they answered, and adds them to the right list in your marketing tool.",
		"Engagement scoring you can tune|Lists by topic and score|Duplicate detection",
		"", ""},
	{"clasp-booking", "Clasp Booking", "sundial", "Sales & CRM|Scheduling", "u", "calendar:read calendar:write meeting:write contact:write", "form:slot_minutes,buffer_minutes,booking_url", "cal",
		"Booking links for sales reps that route prospects to the right person.",
		"Let prospects book the right rep",
		"Clasp Booking asks a couple of qualifying questions on the booking page, then offers times from the rep who covers that region and company size.",
		"Routing by region, size or product|Qualifying questions before booking|New bookings added as CRM contacts",
		"", ""},

	// Marketing
	{"pennant-webinars-plus", "Pennant Webinars Plus", "pennant", "Marketing", "u", "webinar:read webinar:write contact:write", "form:reply_to*,reminder_minutes,region", "play",
		"Branded registration pages, reminder emails and replay hosting for webinars.",
		"Webinars that look like your brand",
		"Pennant adds a marketing layer to your webinars: registration pages in your colors, a reminder sequence that brings people back, and a replay page that keeps collecting sign-ups after the live event.",
		"Registration pages with your logo and colors|Reminder emails a day and an hour before|On-demand replay with gated access",
		"", "A registration page|The reminder sequence|Replay statistics"},
	{"campaign-compass", "Campaign Compass", "pennant", "Marketing|Analytics", "u", "webinar:read contact:read", "ext", "compass",
		"Attribution for events: which campaign brought each attendee.",
		"Know what filled the room",
		"Campaign Compass follows tracking codes from ads, emails and social posts through registration to attendance, and shows which campaigns produced people who actually showed up.",
		"First- and last-touch attribution|Cost per attendee by channel|Exports for your BI tool",
		"", ""},
	{"snapreel", "Snapreel", "meadowlark", "Marketing|Recording & Transcription", "u", "recording:read clip:write", "", "cam",
		"Cut highlight clips from recordings and export them sized for social.",
		"Your best thirty seconds",
		"Select a passage in the transcript and Snapreel cuts the matching clip, adds burned-in captions and exports it in the shape each network wants.",
		"Edit video by editing the transcript|Captions in your brand font|Square, vertical and landscape exports",
		"", "Picking a passage from the transcript|Caption styles"},
	{"buzzboard", "Buzzboard", "velvet", "Marketing", "u", "chat_message:write chat_channel:read", "form:channel*,keywords*,digest_frequency", "eye",
		"Brings mentions of your brand from around the web into a chat channel.",
		"Hear what people say about you",
		"Buzzboard watches news sites, forums and review sites for the names you care about and posts new mentions to a channel, with the sentiment marked.",
		"Keywords and competitor names|Sentiment on each mention|A weekly roundup for busy people",
		"", ""},
	{"newsletter-nook", "Newsletter Nook", "thistle", "Marketing|Communication", "u", "contact:read mail:send", "ext", "@NN",
		"Write a tidy internal or customer newsletter from the links you saved this month.",
		"A newsletter in an afternoon",
		"Drop links and notes into Newsletter Nook during the month; when it's time, it arranges them into a clean layout you can tweak and send.",
		"Collect items all month long|Five calm, readable layouts|Open and click counts",
		"", ""},
	{"survey-sprout", "Survey Sprout", "orchard", "Marketing|Analytics", "u", "webinar:read meeting:read contact:read mail:send", "", "pie",
		"A two-question survey after every webinar, with the answers charted.",
		"Feedback while it's fresh",
		"Survey Sprout shows a short survey as people leave a webinar and sends it by email to those who left early. Results appear as simple charts you can share.",
		"Ask at exit, follow up by email|Net promoter and star questions|Trends across your webinar series",
		"", ""},
	{"brandkit-backgrounds", "Brandkit Backgrounds", "glasswing", "Marketing|Design", "a", "user:read:admin account:read:admin file:write", "", "image",
		"On-brand virtual backgrounds and name tags, pushed to everyone.",
		"Every camera on brand",
		"Upload your backgrounds once and Brandkit makes them available to every member, with name and title tags generated from the directory.",
		"Backgrounds by department or office|Name and title tags from the directory|Seasonal sets you can schedule",
		"", ""},
	{"eventide-events", "Eventide Events", "harborlight", "Marketing", "u", "webinar:write webinar:read contact:write room:read", "ext", "@EE",
		"Run hybrid conferences: agendas, ticketing and sessions with live Q&A.",
		"Conferences without the spreadsheet",
		"Eventide brings the parts of an event together: a public agenda, ticket types, speaker management and sessions that run as webinars with live Q&A, whether attendees are in the room or at home.",
		"Multi-track agendas|Ticketing with discount codes|Speaker portal for slides and bios|Check-in for in-person attendees",
		"See [what's new this season](https://harborlight.example/blog/eventide-autumn).", ""},
	{"pagewright", "Pagewright", "copperkite", "Marketing", "u", "webinar:read contact:write", "", "wand",
		"Build a registration page for any meeting or webinar from a template.",
		"A page in five minutes",
		"Pick a template, change the words and colors, and Pagewright publishes a registration page linked to your webinar. No designer needed.",
		"Twenty templates for common event types|Custom questions on the sign-up form|Publishes to your own subdomain",
		"", ""},

	// Customer Support
	{"brightwater-helpdesk", "Brightwater Helpdesk", "brightwater", "Customer Support", "a", "contact:read meeting:write chat_message:write user:read:admin", "ext", "headset",
		"Escalate a support ticket to a screen-share call without leaving the ticket.",
		"Support that can see the problem",
		"When a ticket needs more than words, agents start a call from the ticket. The customer joins from a link, the recording and notes are attached to the ticket, and the ticket moves on.",
		"Start calls from any ticket|Recordings attached automatically|Customer joins in the browser, no install|Call time reported per queue",
		"", "A ticket with a call in progress|Queue settings"},
	{"brightwater-macros", "Brightwater Macros", "brightwater", "Customer Support|Productivity", "u", "chat_message:write contact:read", "form:instance_url*,api_key*,tone", "@BM",
		"Your helpdesk macros, available in every chat with customers.",
		"The right answer, one shortcut away",
		"Brightwater Macros brings the canned responses from your helpdesk into chat, filled in with the customer's name and order, so agents answer consistently wherever the conversation happens.",
		"Macros synced from your helpdesk|Customer details filled in|Usage stats per macro",
		"", ""},
	{"ticket-tether", "Ticket Tether", "trestle", "Customer Support|Developer Tools", "u", "chat_message:read chat_message:write", "form:instance_url*,api_token*,project_key", "ticket",
		"Link chat threads to issues in your tracker, with status synced both ways.",
		"Close the loop with engineering",
		"Turn a support thread into a bug report, or link it to an existing one. When engineering closes the issue, Ticket Tether posts in the thread so you can tell the customer.",
		"Create or link issues from chat|Status changes posted back to the thread|Customer count on each issue",
		"", ""},
	{"smiley-meter", "Smiley Meter", "marigold", "Customer Support|Analytics", "a", "meeting:read:admin mail:send report:read:admin", "form:threshold,escalation_email,anonymous", "heart",
		"Post-call satisfaction surveys with a dashboard per team and agent.",
		"How did we do?",
		"Smiley Meter asks customers one question after a support call, five faces from angry to delighted, and charts the answers by team and agent. Low scores alert a team lead right away.",
		"One-tap survey after each call|Dashboards by team, agent and week|Alerts on low scores",
		"", ""},
	{"cobrowse-lantern", "Cobrowse Lantern", "paperlantern", "Customer Support", "u", "meeting:write user:read", "", "cursor",
		"Guide customers through your website together, no download needed.",
		"Point at it together",
		"Send a link and Lantern opens a shared view of your website for you and the customer, with both pointers visible. Password fields are hidden from the agent automatically.",
		"Both cursors visible|Sensitive fields masked|Works on phones too",
		"", ""},
	{"queue-keeper", "Queue Keeper", "saltmarsh", "Customer Support|Communication", "a", "phone:read phone:write user:read:admin report:read:admin", "form:threshold,notify_address,weekdays", "list",
		"Call queues with callbacks, hold music and a live wait-time board.",
		"Nobody likes hold music",
		"Queue Keeper offers callers a callback instead of waiting, tells them where they are in line and shows agents a live board of the queue.",
		"Virtual callbacks that keep your place|Position and wait announcements|Live wall board for supervisors|Overflow rules by time of day",
		"", ""},
	{"knowledge-kiln", "Knowledge Kiln", "kindling", "Customer Support", "u", "chat_message:write file:read", "ext", "bulb",
		"Suggests help-center articles as customers type in chat.",
		"Answers before the question ends",
		"Knowledge Kiln reads the customer's message as they type it and offers the three articles most likely to help. Agents see which article was offered and whether it worked.",
		"Suggestions from your existing help center|Learns from which articles resolve chats|Flags gaps where no article helped",
		"", ""},
	{"handoff-notes", "Handoff Notes", "quillon", "Customer Support", "u", "note:write chat_message:read", "", "@HN",
		"Shift-change handoffs for support agents, with open conversations listed.",
		"Clean handovers between shifts",
		"At the end of a shift Handoff Notes lists your open conversations and asks for a line on each. The next agent gets a tidy list instead of a scroll through yesterday's chats.",
		"Open conversations listed automatically|A line of context per conversation|Acknowledged by the incoming agent",
		"", ""},
	{"sentiment-sonar", "Sentiment Sonar", "amberline", "Customer Support|Analytics", "a", "transcript:read recording:read:admin report:read:admin", "form:threshold,departments,redact_pii", "sonar",
		"Flags calls where the customer sounds frustrated, for coaching.",
		"Find the calls worth listening to",
		"Sentiment Sonar scores each support call on tone and words used and surfaces the ones that went badly, with the moment it turned, so team leads coach on real examples.",
		"Sentiment over the length of each call|A weekly list of calls to review|Trends by team and topic",
		"Scores are a starting point for a human review, never a performance rating.", "Calls flagged this week|One call, with the moment it turned"},
	{"voicemail-scribe", "Voicemail Scribe", "murmur", "Customer Support|Recording & Transcription", "u", "phone:read transcript:read mail:send", "form:escalation_email,language", "mic",
		"Transcribes voicemails and files them as tickets.",
		"No more listening to voicemail",
		"Every voicemail on your support line is transcribed within seconds and filed as a ticket with the caller's number and the audio attached.",
		"Transcripts in eight languages|Caller matched to existing contacts|Urgent words flagged",
		"", ""},

	// Developer Tools
	{"trestle-deploy-bot", "Trestle Deploy Bot", "trestle", "Developer Tools|Communication", "a", "chat_message:write chat_channel:read", "form:channel*,event_types,webhook_url,signing_secret", "code",
		"Posts deploys, rollbacks and failed builds to the right channel.",
		"Everyone knows what shipped",
		"Point your CI at the Deploy Bot webhook and it posts a short, readable card for every deploy: what changed, who shipped it and a link to roll back.",
		"Cards with commit list and author|Routing by service to different channels|Rollback link on every deploy|Quiet hours for noisy pipelines",
		"See the [webhook reference](https://trestle.example/docs/deploy-bot/webhooks).", "A deploy card in a channel|Routing rules"},
	{"standup-stack", "Standup Stack", "pinegrove", "Developer Tools|Project Management", "u", "chat_message:write meeting:read user:read", "form:channel*,digest_hour,weekdays", "stack",
		"Async standups for engineering teams, with blockers highlighted.",
		"Standups without the standing",
		"Standup Stack asks each person three questions at a time that suits them and posts the answers together. Blockers are pulled to the top so they get attention.",
		"Questions sent in each person's morning|Blockers highlighted at the top|Skip days off automatically",
		"", ""},
	{"webhook-workbench", "Webhook Workbench", "cobalt", "Developer Tools", "u", "user:read meeting:read", "ext", "share",
		"Inspect, replay and forward Marketdesk webhook events while you build.",
		"See every event",
		"Webhook Workbench gives you a temporary endpoint and shows every event that arrives, with headers and body. Replay any event to your local machine when you change your code.",
		"Temporary endpoints in one click|Replay to localhost through a tunnel|Signature checks explained",
		"", ""},
	{"incident-siren", "Incident Siren", "ridgeback", "Developer Tools|Security & Compliance|Communication", "a", "meeting:write chat_channel:write chat_message:write phone:write user:read:admin", "form:severity,notify_address*,status_page", "alert",
		"Opens an incident bridge, channel and timeline with one command.",
		"Respond in seconds, not minutes",
		"Type /incident and Siren opens a channel and an audio bridge, pages the on-call engineer and starts a timeline. When it's over, it drafts the post-incident review from the timeline.",
		"Channel, bridge and page in one command|Timeline of messages and decisions|Severity levels with different paging|Draft post-incident review",
		"", "An incident channel|The timeline|Post-incident review draft"},
	{"codepair", "Codepair", "pinegrove", "Developer Tools|Collaboration", "u", "meeting:write whiteboard:write user:read", "", "brackets",
		"A shared code editor inside your meetings, with highlighting for 40 languages.",
		"Pair programming without screen share",
		"Open Codepair in a meeting and everyone edits the same file, each with their own cursor. Run snippets in a sandbox and keep the result when the meeting ends.",
		"Real-time editing with named cursors|Run code in 12 languages|Save the session as a gist",
		"", ""},
	{"api-sandbox-explorer", "API Sandbox Explorer", "cobalt", "Developer Tools|Education", "u", "user:read meeting:read", "", "compass",
		"Try every Marketdesk API call against sandbox data in your browser.",
		"Learn the API by using it",
		"API Sandbox Explorer lists every endpoint, fills in sample requests and runs them against sandbox data, so you can see real responses before writing a line of code.",
		"Every endpoint with a sample request|Responses from sandbox data|Copy as curl, Go or JavaScript",
		"", ""},
	{"review-roulette", "Review Roulette", "gannet", "Developer Tools", "u", "chat_message:write group:read", "form:reviewers,api_token*", "loop",
		"Assigns code reviewers fairly and nudges them in chat.",
		"Share the review load",
		"Review Roulette picks reviewers for each change from a group, skipping people on leave or already busy, and reminds them in chat if a review has been waiting too long.",
		"Fair rotation with workload awareness|Skips people who are away|Gentle reminders after 24 hours",
		"", ""},
	{"uptime-owl", "Uptime Owl", "ridgeback", "Developer Tools|Analytics", "u", "chat_message:write chat_channel:read", "form:channel*,status_page,sync_interval", "eye",
		"Status checks for your services, with outages posted to chat.",
		"Know before your customers do",
		"Uptime Owl checks your websites and APIs from six regions every minute and posts to a channel when something goes down, with a chart of response times.",
		"Checks from six regions|Alerts to chat with a chart|Public status page included",
		"", ""},
	{"bugnet-capture", "Bugnet Capture", "tangent", "Developer Tools|Customer Support", "u", "recording:write file:write", "ext", "bug",
		"Record a screen repro with console logs and file it as a bug.",
		"Bug reports developers can use",
		"Press record, reproduce the problem, stop. Bugnet files an issue with the video, browser console logs, network requests and system details.",
		"Video with console and network logs|Files straight to your tracker|Private by default",
		"", ""},
	{"flagpole", "Flagpole", "cobalt", "Developer Tools", "a", "chat_message:write user:read:admin", "ext", "flag",
		"Toggle feature flags from chat, with an audit trail.",
		"Ship behind a flag",
		"Flagpole lets engineers and product managers turn features on for a percentage of users, a group or everyone, straight from chat, and records who changed what.",
		"Percentage rollouts and group targeting|Changes announced in a channel|Full audit history",
		"", ""},

	// Project Management
	{"kanban-kite", "Kanban Kite", "copperkite", "Project Management|Collaboration", "u", "task:read task:write chat_message:write", "form:board_name*,notify_on", "kanban",
		"Drag-and-drop boards that live in your team chat.",
		"A board where the team already is",
		"Kanban Kite adds a board to any channel. Cards can be created from messages, moved by dragging and discussed in threads without switching apps.",
		"Boards attached to channels|Cards from messages|Work-in-progress limits per column",
		"", "A board in a channel|A card with its thread"},
	{"milestone-map", "Milestone Map", "orchard", "Project Management", "u", "task:read calendar:read", "", "pin",
		"A visual roadmap that lines up milestones with the meetings that matter.",
		"See the whole road",
		"Milestone Map lays out milestones on a timeline and places review meetings, demos and launches alongside, so everyone sees what's coming and when.",
		"Timeline by quarter, month or week|Meetings shown next to milestones|Share a read-only link",
		"", ""},
	{"rearview-retros", "Rearview Retros", "tangent", "Project Management|Collaboration", "u", "meeting:read whiteboard:write", "", "grid",
		"Run sprint retrospectives with anonymous cards and dot voting.",
		"Retros people look forward to",
		"Rearview Retros guides the team through a retrospective: silent writing, grouping, voting and actions, with a timer for each step.",
		"Ten retro formats|Anonymous writing phase|Dot voting and action items",
		"", ""},
	{"agenda-anchor", "Agenda Anchor", "quorum", "Project Management|Productivity", "u", "meeting:read meeting:write note:write", "", "list",
		"Shared agendas with time boxes, attached to every recurring meeting.",
		"No agenda, no meeting",
		"Agenda Anchor attaches a shared agenda to each recurring meeting. Anyone can add items during the week; unfinished items roll over to next time.",
		"Time boxes per item|Open items roll over|Reminder to add items before the meeting",
		"", ""},
	{"workload-weather", "Workload Weather", "amberline", "Project Management|Human Resources", "a", "task:read calendar:read user:read:admin report:read:admin", "", "cloud",
		"See who is overloaded this week before deadlines slip.",
		"A forecast for your team's week",
		"Workload Weather combines meeting load and open tasks for each person into a simple forecast: sunny, cloudy or stormy. Managers see where to shift work.",
		"Weekly forecast per person|Meeting hours and task counts combined|Visible only to managers and the person",
		"", "The team forecast|One person's week"},
	{"gantt-garden", "Gantt Garden", "orchard", "Project Management", "u", "task:write calendar:write", "ext", "gantt",
		"Gantt charts with dependencies that move when your calendar does.",
		"Plans that adjust themselves",
		"Gantt Garden builds a chart from your tasks and their dependencies. When a task slips, everything after it moves and the owners are told.",
		"Dependencies and critical path|Automatic rescheduling|Milestones as calendar events",
		"", ""},
	{"decision-log", "Decision Log", "quorum", "Project Management|Collaboration", "u", "meeting:read note:write chat_message:write", "", "signpost",
		"Capture decisions in meetings and keep a searchable record of why.",
		"Remember why you decided",
		"Mark a decision during a meeting or in chat and Decision Log saves it with the date, the people involved and the reasoning. Six months later, the answer to \"why did we do this?\" is one search away.",
		"Log decisions from meetings or chat|Who, when and why, in one place|Search and filter by project",
		"", ""},
	{"sprint-signal", "Sprint Signal", "pinegrove", "Project Management|Developer Tools", "u", "task:read chat_message:write", "form:channel*,digest_hour", "chart",
		"Burndown charts and sprint health posted to chat each morning.",
		"A sprint check-up every morning",
		"Sprint Signal posts a small burndown chart and three numbers each morning: work left, days left and scope added. Trouble shows up early.",
		"Burndown chart in chat|Scope change tracking|End-of-sprint summary",
		"", ""},
	{"client-portal-kit", "Client Portal Kit", "harborlight", "Project Management|Collaboration", "u", "file:read file:write meeting:read contact:read", "ext", "window",
		"A branded portal where clients see project status, files and upcoming calls.",
		"Keep clients in the loop",
		"Client Portal Kit gives each client a page with their project's status, shared files and scheduled calls, in your colors and on your domain.",
		"A portal per client|Files and meetings shared selectively|Status updates clients can comment on",
		"", ""},
	{"timebox", "Timebox", "kindling", "Project Management|Productivity", "u", "meeting:read presence:write", "", "hourglass",
		"A visible countdown for each agenda item, shown to everyone in the meeting.",
		"Meetings that end on time",
		"Timebox shows a small countdown in the corner of the meeting for each agenda item and a gentle chime when time is up. The meeting finishes when it was meant to.",
		"Countdowns visible to everyone|Reads the agenda from the invite|Overtime shown kindly, in amber",
		"", ""},
}

var apps2 = []seed{
	// Human Resources
	{"rookery-hr-sync", "Rookery HR Sync", "rookery", "Human Resources|Security & Compliance", "a", "user:write:admin user:read:admin group:write:admin", "ext", "users",
		"Creates, updates and deactivates Marketdesk users from your HR system.",
		"Joiners, movers and leavers, handled",
		"Rookery HR Sync keeps member accounts in step with your HR system. New hires get an account on their first day, team changes update groups, and leavers lose access the moment HR marks them as gone.",
		"Accounts created on the start date|Groups follow department and manager|Access removed on the last day|A preview of every change before it applies",
		"Connect your HR system on Rookery's site; the first sync runs in report-only mode so you can check it.", "The sync preview|Attribute mapping"},
	{"rookery-onboarding", "Rookery Onboarding", "rookery", "Human Resources", "a", "user:read:admin chat_channel:write chat_message:write calendar:write", "form:welcome_message*,channel,departments", "@RO",
		"Welcome new hires with a checklist, intro meetings and a buddy.",
		"A first week that feels planned",
		"Rookery Onboarding greets each new hire with a checklist for their first week, books intro meetings with their team and pairs them with a buddy who gets a nudge to say hello.",
		"Checklists by role and office|Intro meetings booked automatically|Buddy pairing with reminders",
		"", ""},
	{"interview-loop", "Interview Loop", "greyfinch", "Human Resources|Scheduling", "u", "calendar:read calendar:write meeting:write", "", "user",
		"Schedules panel interviews and collects scorecards after each one.",
		"Interviews without the email chains",
		"Pick the interviewers and the candidate's availability, and Interview Loop finds a slot for the whole panel, sends the invites and asks each interviewer for a scorecard when the interview ends.",
		"Panel scheduling across calendars|Scorecard reminders right after|Candidate-friendly invitations",
		"", ""},
	{"pulse-check", "Pulse Check", "larkspur", "Human Resources|Analytics", "a", "user:read:admin chat_message:write report:read:admin", "form:anonymous,digest_frequency,departments", "thermo",
		"Weekly one-question engagement surveys with anonymous results.",
		"Take the temperature every week",
		"Pulse Check asks one question a week in chat, from a rotating set about workload, clarity and support. Results are shown only for groups of five or more, so answers stay anonymous.",
		"One question a week, 20 seconds to answer|Results only for groups of five or more|Trends by team over time",
		"", ""},
	{"leave-ledger", "Leave Ledger", "stonebridge", "Human Resources", "a", "calendar:write presence:write user:read:admin", "", "plane",
		"Time-off requests and approvals, reflected on calendars and statuses.",
		"Time off in two clicks",
		"Request leave in chat, your manager approves it in chat, and Leave Ledger puts it on the team calendar and sets your status while you're away.",
		"Requests and approvals in chat|Team calendar of who's out|Balances by leave type",
		"", ""},
	{"tandem-one-on-ones", "Tandem 1:1s", "thistle", "Human Resources|Productivity", "u", "meeting:read note:write calendar:read", "", "@T1",
		"A shared running agenda for every one-on-one, private to the two of you.",
		"Better one-on-ones",
		"Tandem attaches a private agenda to each recurring one-on-one. Both people add topics during the week, and notes and action items carry forward.",
		"Shared agenda per pair|Suggested questions for managers|Action items that carry forward",
		"", ""},
	{"orgchart-live", "Orgchart Live", "cairn", "Human Resources", "a", "user:read:admin group:read", "", "tree",
		"An always-current org chart built from your directory, with photos.",
		"Who's who, always up to date",
		"Orgchart Live draws your organization from the member directory and redraws it when someone joins, moves or leaves. Click anyone to message them or see their team.",
		"Built from the directory, no upkeep|Search by name, title or skill|Printable and embeddable",
		"", ""},
	{"referral-relay", "Referral Relay", "hopscotch", "Human Resources", "u", "contact:read chat_message:write", "ext", "share",
		"Share open roles and track your referrals from chat.",
		"Hire people you trust",
		"Referral Relay posts new openings to a channel and makes it easy to refer someone: paste their profile link and a sentence about them. You can follow each referral's progress.",
		"Openings posted to chat|Refer in under a minute|Status updates for the referrer",
		"", ""},
	{"skillscape", "Skillscape", "cedarline", "Human Resources|Education", "u", "user:read group:read", "", "@SK",
		"Map the skills on your team and find an expert in seconds.",
		"Find the person who knows",
		"People list their skills and how well they know them; Skillscape turns that into a searchable map. Looking for someone who knows tax law and Portuguese? Ask Skillscape.",
		"Skills with self-rated levels|Search across the whole account|Gaps shown by team",
		"", ""},
	{"stonebridge-payroll-link", "Stonebridge Payroll Link", "stonebridge", "Human Resources|Finance & Accounting", "a", "user:read:admin report:read:admin", "ext", "dollar",
		"Sends hours and overtime from shifts straight to payroll.",
		"Payroll without the re-typing",
		"Payroll Link collects hours worked from shift schedules and timesheets and sends them to Stonebridge Payroll each pay period, with overtime already calculated.",
		"Hours and overtime per pay period|Approvals before export|Works with weekly and monthly pay",
		"", ""},

	// Finance & Accounting
	{"ledgerline", "Ledgerline", "ledgerline", "Finance & Accounting", "a", "billing:read:admin report:read:admin account:read:admin", "ext", "receipt",
		"Matches Marketdesk invoices and app charges to your general ledger.",
		"Software spend, reconciled",
		"Ledgerline imports every Marketdesk invoice and app charge, codes them to the right accounts and cost centers, and posts them to your ledger. Month-end gets shorter.",
		"Invoices imported as they arrive|Coding rules by app and department|Posts to the major accounting systems|An audit trail for every entry",
		"", "Charges matched to ledger accounts|Coding rules"},
	{"ledgerline-expenses", "Ledgerline Expenses", "ledgerline", "Finance & Accounting", "u", "file:write user:read", "form:cost_center,currency*,approval_limit", "@LE",
		"Snap a receipt in chat and it becomes an expense report line.",
		"Receipts, handled",
		"Post a photo of a receipt to Ledgerline in chat and it reads the merchant, date and amount, adds it to your expense report and files the image.",
		"Reads receipts in 20 currencies|Mileage and per-diem entries|Submit for approval from chat",
		"", ""},
	{"invoice-ping", "Invoice Ping", "windrow", "Finance & Accounting|Communication", "u", "chat_message:write contact:read", "form:channel*,reminder_minutes,billing_email", "bell",
		"Reminds the right people in chat when invoices are due or overdue.",
		"Get paid on time",
		"Invoice Ping watches your receivables and posts a reminder to the account owner when an invoice is about to be due, and again when it's late.",
		"Reminders to the account owner|Overdue list each Monday|Mark as chased from chat",
		"", ""},
	{"seat-counter", "Seat Counter", "vantage", "Finance & Accounting|Analytics", "a", "billing:read:admin user:read:admin report:read:admin", "form:threshold,billing_email,digest_frequency", "pie",
		"Finds unused licenses across your apps and suggests what to cut.",
		"Stop paying for empty seats",
		"Seat Counter compares the licenses you pay for with how often people actually use each app and lists the seats nobody has touched in 60 days.",
		"Unused seats per app|Savings estimate each month|One-click reclaim requests",
		"", ""},
	{"billable-minutes", "Billable Minutes", "windrow", "Finance & Accounting", "u", "meeting:read contact:read calendar:read", "form:hourly_rate*,currency,export_format", "timer",
		"Tracks billable client meetings and exports them to your invoices.",
		"Every client minute counted",
		"Billable Minutes recognizes meetings with clients, records their length and prepares invoice lines at your rate, so nothing slips through.",
		"Client meetings recognized by domain|Rates per client|Exports to your invoicing tool",
		"", ""},
	{"forecast-fern", "Forecast Fern", "fernhill", "Finance & Accounting|Analytics", "a", "report:read:admin billing:read:admin", "", "line",
		"Forecasts next quarter's software spend from current usage.",
		"No surprises at renewal",
		"Forecast Fern projects your software costs from usage trends and headcount plans, and shows which renewals are coming up.",
		"Spend forecast by app and quarter|Renewal calendar|What-if for headcount changes",
		"", ""},
	{"approval-desk", "Approval Desk", "ledgerline", "Finance & Accounting|Productivity", "u", "chat_message:write user:read", "form:approval_limit*,currency,require_manager", "check",
		"Approve purchase requests from a chat card, with limits per role.",
		"Yes or no, in chat",
		"Approval Desk posts purchase requests as cards to the right approver. Approve, reject or ask a question without opening another tool.",
		"Approval chains by amount|Limits per role|Full history for auditors",
		"", ""},
	{"exchange-note", "Exchange Note", "quartzline", "Finance & Accounting", "u", "chat_message:write user:read", "", "swap",
		"Type an amount in any chat and see it converted at today's rate.",
		"Prices in everyone's currency",
		"Write \"€250\" in a message and Exchange Note shows the amount in your home currency underneath, at the day's reference rate.",
		"160 currencies|Daily reference rates|Choose your home currency",
		"", ""},
	{"closebook", "Closebook", "windrow", "Finance & Accounting", "a", "report:read:admin audit_log:read:admin file:read", "ext", "@CB",
		"Month-end close checklists with evidence attached.",
		"A calmer month-end",
		"Closebook runs your month-end close as a shared checklist with owners and due dates. Evidence, from exports to the approving message, is attached to each step.",
		"Close checklists with dependencies|Evidence attached to each step|Reviewer sign-off",
		"", ""},

	// Education
	{"hollow-oak-classroom", "Hollow Oak Classroom", "hollowoak", "Education|Collaboration|Recording & Transcription", "a", "meeting:write user:read:admin group:write:admin recording:read", "ext", "cap",
		"Virtual classrooms with rosters, seating charts and attendance.",
		"A classroom, not a conference call",
		"Hollow Oak Classroom turns meetings into classes: rosters come from your student information system, students sit in a seating chart, and attendance is taken as they join.",
		"Rosters synced from your SIS|Seating chart view for teachers|Attendance taken automatically|Recordings shared only with the class",
		"Read how [districts roll it out](https://hollowoak.example/guides/district-rollout).", "A class in session|The seating chart|Attendance report"},
	{"hollow-oak-gradebook", "Hollow Oak Gradebook", "hollowoak", "Education", "u", "meeting:read user:read", "form:course_code*,grade_scale", "pen",
		"Record participation grades while you teach, synced to your gradebook.",
		"Grade participation as it happens",
		"Tap a student's name during class to log a contribution. Hollow Oak Gradebook adds it up and sends a participation grade to your gradebook at the end of the week.",
		"One tap per contribution|Points, letters or pass/fail|Weekly sync to your gradebook",
		"", ""},
	{"quiz-quarry", "Quiz Quarry", "cedarline", "Education", "u", "meeting:read poll:write", "", "question",
		"Live quizzes with leaderboards that run inside your meeting.",
		"Quizzes everyone wants to win",
		"Quiz Quarry runs a quiz inside the meeting: questions appear on everyone's screen, answers are timed, and a leaderboard appears between rounds.",
		"Multiple choice, true/false and type-in|Timer per question|Thousands of ready-made quizzes",
		"", ""},
	{"attendance-owl", "Attendance Owl", "cedarline", "Education|Analytics", "a", "meeting:read:admin report:read:admin user:read:admin", "form:threshold,notify_address", "@AO",
		"Automatic attendance for every class meeting, exported to your SIS.",
		"Attendance you never have to take",
		"Attendance Owl records who joined each class meeting and for how long, and sends the result to your student information system. Chronic absences are flagged to counselors.",
		"Minutes attended per student|Export to the common SIS formats|Alerts on repeated absences",
		"", ""},
	{"breakout-buddy", "Breakout Buddy", "junebug", "Education|Collaboration", "u", "breakout:write meeting:read", "form:group_size*,auto_start", "grid",
		"Smart breakout rooms: mix groups, keep pairs together and set timers.",
		"Breakouts in seconds",
		"Breakout Buddy builds breakout rooms by rules you set: mix people who haven't worked together, keep lab partners together, or group by a column in your roster.",
		"Rules for who goes together|Timer and a one-minute warning|Rooms saved for next time",
		"", ""},
	{"office-hours-queue", "Office Hours Queue", "kelpie", "Education|Scheduling", "u", "meeting:write calendar:read chat_message:write", "", "@OH",
		"A fair queue for office hours, so students know when it's their turn.",
		"No more waiting-room guessing",
		"Students join the queue from a link and see their place in line. When it's their turn, they get a message and are let in.",
		"Live position in line|Topic field so you can prepare|Works for teaching assistants too",
		"", ""},
	{"chalkline-captions", "Chalkline Captions", "paperlantern", "Education|Recording & Transcription", "u", "recording:read transcript:read", "", "book",
		"Searchable lecture transcripts with slides lined up next to the words.",
		"Lectures you can search",
		"Chalkline lines up each recorded lecture's transcript with the slide on screen at that moment, so students can search for a term and jump to where it was explained.",
		"Transcript and slides side by side|Search across a whole course|Accessible to screen readers",
		"", ""},
	{"flashcard-forge", "Flashcard Forge", "junebug", "Education", "u", "transcript:read note:write", "", "cards",
		"Turns a lecture transcript into study flashcards.",
		"Study from what was actually said",
		"Flashcard Forge picks out the definitions, dates and key ideas from a lecture and makes a deck of flashcards, with a spaced-repetition schedule.",
		"Decks generated from transcripts|Spaced repetition|Share decks with classmates",
		"", ""},
	{"conference-corner", "Conference Corner", "sundial", "Education|Scheduling", "a", "calendar:write meeting:write contact:read", "form:slot_minutes*,buffer_minutes,language", "cal",
		"Book parent–teacher conferences in ten-minute slots, with reminders.",
		"Conference night, organized",
		"Teachers publish their slots, families book the ones that suit them, and Conference Corner sends everyone a reminder with the link the day before.",
		"Slots per teacher|Sibling bookings back to back|Reminders in the family's language",
		"", ""},
	{"tandem-tongues", "Tandem Tongues", "teal", "Education|Communication", "u", "meeting:read recording:write", "", "chat",
		"Pronunciation practice rooms with instant playback for language classes.",
		"Hear yourself speak",
		"Students record a sentence, hear it back next to the teacher's version and try again. Teachers see every attempt and can leave voice feedback.",
		"Record and compare in one click|Voice feedback from the teacher|Practice sets for 14 languages",
		"", ""},

	// Healthcare
	{"mapleway-telehealth", "Mapleway Telehealth", "mapleway", "Healthcare|Scheduling|Communication", "a", "meeting:write meeting:read:admin user:read:admin recording:read:admin contact:read", "ext", "cross",
		"A waiting room, intake forms and visit notes for virtual care.",
		"Virtual visits that feel like the clinic",
		"Mapleway Telehealth gives clinics a virtual front desk: patients check in, complete forms and wait in a branded waiting room until the clinician is ready. Visit notes go to your health record system.",
		"Branded virtual waiting room|Check-in and consent forms|Visit notes sent to your record system|Designed for health-privacy rules",
		"Your organization signs a data processing agreement with Mapleway during setup.", "The waiting room|A visit in progress"},
	{"mapleway-intake", "Mapleway Intake", "mapleway", "Healthcare", "u", "contact:read contact:write meeting:read file:write", "form:intake_questions,reminder_minutes,language", "clipboard",
		"Patients complete intake forms before the visit; you see them in the meeting.",
		"Start the visit informed",
		"Mapleway Intake sends a form when a visit is booked and shows the answers next to the video when the visit starts.",
		"Forms sent when the visit is booked|Answers shown during the visit|Forms in nine languages",
		"", ""},
	{"foxglove-scribe", "Foxglove Scribe", "foxglove", "Healthcare|Recording & Transcription", "u", "transcript:read recording:read note:write", "", "note",
		"Drafts a clinical note from the visit conversation for you to sign.",
		"Look at the patient, not the keyboard",
		"Foxglove Scribe listens to the visit, with the patient's consent, and drafts a note in the format your clinic uses. You review, edit and sign.",
		"Drafts in SOAP and other formats|Medical vocabulary built in|Nothing is saved until you sign",
		"", ""},
	{"vitals-relay", "Vitals Relay", "foxglove", "Healthcare", "u", "meeting:read file:read", "", "pulse",
		"Patients share readings from home devices during a video visit.",
		"Readings in the room",
		"Patients pair their blood pressure cuff, scale or pulse oximeter with Vitals Relay on their phone, and the readings appear on the clinician's screen during the visit.",
		"Works with common home devices|Readings shown live|Trends since the last visit",
		"", ""},
	{"care-team-huddle", "Care Team Huddle", "saltmarsh", "Healthcare|Communication", "a", "chat_channel:write chat_message:write group:read", "form:retention_days*,region", "users",
		"Secure chat rooms per patient case for the whole care team.",
		"Everyone on the case, in one place",
		"Care Team Huddle opens a private channel for each case with the people on the care team, and archives it by your retention rules when the case closes.",
		"A channel per case|Members added by role|Automatic archiving on close",
		"", ""},
	{"appointment-nudge", "Appointment Nudge", "sundial", "Healthcare|Scheduling", "a", "calendar:read contact:read mail:send", "form:reminder_minutes*,language,reply_to", "bell",
		"Text and email reminders that cut no-shows for virtual visits.",
		"Fewer empty slots",
		"Appointment Nudge reminds patients a day and an hour before their visit, with a one-tap link to join or reschedule.",
		"Reminders by text and email|Reschedule without calling|No-show rates by clinic",
		"", ""},
	{"interpreter-on-call", "Interpreter On Call", "teal", "Healthcare|Communication", "a", "meeting:write phone:write", "ext", "@IC",
		"Add a certified medical interpreter to any visit in under a minute.",
		"Language is never a barrier",
		"Press the interpreter button during a visit, choose a language, and a certified medical interpreter joins by video or audio, usually within a minute.",
		"200 languages, including sign languages|Average connect time under a minute|Billed per minute used",
		"", ""},
	{"quiet-room-notes", "Quiet Room Notes", "bramble", "Healthcare", "u", "note:write meeting:read", "", "lock",
		"Private, encrypted session notes for counselors and therapists.",
		"Notes that stay between you",
		"Quiet Room Notes keeps session notes encrypted with a key only you hold. Notes are linked to sessions on your calendar, never to the recording.",
		"End-to-end encrypted notes|Linked to sessions, not recordings|Export for your records",
		"", ""},

	// Security & Compliance
	{"kestrel-sso-audit", "Kestrel SSO Audit", "kestrel", "Security & Compliance", "a", "audit_log:read:admin sso:write:admin user:read:admin report:read:admin", "form:notify_address*,digest_frequency,threshold", "shield",
		"Daily review of sign-ins, SSO changes and risky sessions, with alerts.",
		"Know who signed in, and how",
		"Kestrel SSO Audit reviews sign-in logs every day and flags what deserves a look: sign-ins from new countries, accounts without multi-factor authentication and changes to single sign-on settings.",
		"Daily sign-in review|Risky sessions flagged|Alerts on SSO changes|Evidence exports for audits",
		"", "Today's findings|A risky session|SSO change history"},
	{"kestrel-guard", "Kestrel Guard", "kestrel", "Security & Compliance", "a", "dlp:write:admin chat_message:read file:read", "form:data_types*,dry_run,notify_address", "scan",
		"Finds card numbers, secrets and personal data in chat and files, and quarantines them.",
		"Catch leaks before they spread",
		"Kestrel Guard scans messages and files as they're shared and quarantines anything that looks like a card number, an API key or a national ID, telling the sender why.",
		"Detectors for cards, keys and IDs|Report-only mode to start with|The sender is told, kindly|Exceptions by channel",
		"", ""},
	{"ironbark-archive", "Ironbark Archive", "ironbark", "Security & Compliance|Storage & Files|Recording & Transcription", "a", "archive:read:admin recording:read:admin chat_message:read", "form:retention_days*,region,storage_tier", "archive",
		"Compliance archiving of chats, recordings and files, with legal hold.",
		"Keep what you must, as long as you must",
		"Ironbark Archive copies every chat message, recording and file into tamper-evident storage and keeps it for as long as your rules say. Legal holds stop deletion for the people involved.",
		"Tamper-evident archive|Retention rules by group|Legal hold per person|Storage in the region you choose",
		"", ""},
	{"ironbark-ediscovery", "Ironbark eDiscovery", "ironbark", "Security & Compliance", "a", "archive:read:admin audit_log:read:admin", "ext", "search",
		"Search archived communications and export them for legal review.",
		"Find it, export it, defend it",
		"Ironbark eDiscovery searches the archive by person, date range and keyword, and exports the results in the formats review platforms expect, with a chain-of-custody report.",
		"Search across chats, recordings and files|Standard review exports|Chain-of-custody report",
		"", ""},
	{"halyard-policy-center", "Halyard Policy Center", "halyard", "Security & Compliance|Human Resources", "a", "user:read:admin chat_message:write", "form:reminder_minutes,departments,escalation_email", "doc",
		"Publish policies, collect acknowledgements and chase the stragglers.",
		"Policies people have actually read",
		"Halyard Policy Center publishes each policy with a short summary and asks everyone concerned to confirm they've read it. Reminders go out until they have.",
		"Acknowledgement tracking|Automatic reminders|Version history",
		"", ""},
	{"halyard-retention", "Halyard Retention", "halyard", "Security & Compliance", "a", "recording:write account:write:admin", "form:retention_days*,dry_run", "clock",
		"Enforces retention rules on recordings and chats, with a review queue.",
		"Delete on schedule, safely",
		"Halyard Retention applies your retention schedule to recordings and chats, and puts anything due for deletion in a review queue first.",
		"Rules by group and content type|Review before deletion|A log of what was removed",
		"", ""},
	{"keyring", "Keyring", "ridgeback", "Security & Compliance", "u", "user:read user:write", "", "key",
		"Checks your account for weak sign-in settings and walks you through fixes.",
		"A security check-up in two minutes",
		"Keyring looks at your own sign-in settings and suggests improvements in plain words: turn on a passkey, remove an old device, review the apps you've authorized.",
		"Personal security score|Step-by-step fixes|Reminds you every quarter",
		"", ""},
	{"watermark-wall", "Watermark Wall", "cairn", "Security & Compliance|Recording & Transcription", "a", "recording:write account:write:admin", "", "drop",
		"Adds viewer watermarks to shared recordings and screen shares.",
		"Discourage leaks",
		"Watermark Wall overlays the viewer's email address on shared recordings and screen shares in the groups you choose.",
		"Watermarks on recordings and screen shares|Applied per group|Audit of who viewed what",
		"", ""},
	{"guest-gate", "Guest Gate", "kestrel", "Security & Compliance|Communication", "a", "meeting:read:admin account:write:admin", "form:dry_run,notify_address", "door",
		"Controls which outside domains can join your meetings and chats.",
		"Choose who comes in",
		"Guest Gate lets admins allow or block outside domains for meetings and chats, and shows which external organizations people collaborate with most.",
		"Allow and block lists by domain|Report of external collaboration|Exceptions per group",
		"", ""},
	{"consent-clerk", "Consent Clerk", "halyard", "Security & Compliance|Recording & Transcription", "a", "recording:read:admin meeting:read:admin", "", "sign",
		"Asks every participant for recording consent and keeps the proof.",
		"Consent, on the record",
		"Before recording starts, Consent Clerk asks each participant to agree in their own language and keeps a record of who agreed and when.",
		"Consent prompt in 20 languages|Records kept with the recording|Different rules by country",
		"", ""},
}

var apps3 = []seed{
	// Analytics
	{"oriel-meeting-insights", "Oriel Meeting Insights", "oriel", "Analytics", "a", "meeting:read:admin report:read:admin user:read:admin", "form:digest_frequency,departments,visibility", "chart",
		"How your account meets: hours, sizes, punctuality and meeting-free time.",
		"Meetings, measured",
		"Oriel Meeting Insights turns meeting data into a few clear charts: hours spent in meetings per person, how many start late, how many could have been smaller.",
		"Meeting hours by team|Late starts and overruns|Recurring meetings nobody attends|Benchmarks against similar companies",
		"Individual data is never shown to managers; the smallest group shown is five people.", "The weekly overview|Recurring meetings report|Team comparison"},
	{"oriel-cost-lens", "Oriel Cost Lens", "oriel", "Analytics|Finance & Accounting", "a", "meeting:read:admin report:read:admin", "form:currency*,hourly_rate", "dollar",
		"Puts a price on recurring meetings using average salary bands.",
		"What does this meeting cost?",
		"Cost Lens estimates the cost of each recurring meeting from attendee count, length and average salary bands, and shows the most expensive ones.",
		"Cost per meeting series|Top ten most expensive meetings|Shows savings from shorter meetings",
		"", ""},
	{"talk-time", "Talk Time", "wrenfield", "Analytics|Recording & Transcription", "u", "transcript:read meeting:read", "", "pie",
		"Shows who spoke and for how long in each of your meetings.",
		"Is everyone getting a word in?",
		"Talk Time shows each speaker's share of the conversation after a meeting, and trends across your recurring meetings.",
		"Speaking share per person|Interruptions counted|Private to you unless you share",
		"", ""},
	{"quality-scope", "Quality Scope", "amberline", "Analytics|Developer Tools", "a", "dashboard:read report:read:admin device:read:admin", "ext", "wifi",
		"Live audio and video quality by network, device and location.",
		"Fix bad calls before people complain",
		"Quality Scope shows live and historical call quality across the account, broken down by office network, device model and location, and tells IT where problems cluster.",
		"Live quality map|Problem calls by network and device|Alerts when an office degrades",
		"", ""},
	{"adoption-atlas", "Adoption Atlas", "larkspur", "Analytics", "a", "report:read:admin user:read:admin", "", "map",
		"Tracks which apps and features teams actually use after rollout.",
		"Did the rollout work?",
		"Adoption Atlas follows usage of each app and feature after you roll it out, by team and office, so you know where training is needed.",
		"Adoption curves per app|Teams lagging behind|Export for leadership updates",
		"", ""},
	{"heatmap-hours", "Heatmap Hours", "vantage", "Analytics|Scheduling", "u", "calendar:read meeting:read", "", "grid",
		"A heatmap of your week that shows where the meetings pile up.",
		"See your week at a glance",
		"Heatmap Hours colors each hour of your week by how much of it was spent in meetings, and suggests blocks to protect.",
		"Weekly heatmap|Four-week trend|Suggestions for focus blocks",
		"", ""},
	{"webinar-scorecard", "Webinar Scorecard", "meadowlark", "Analytics|Marketing", "u", "webinar:read contact:read", "", "target",
		"Engagement scores for every webinar attendee: attention, polls and Q&A.",
		"Who was really there?",
		"Webinar Scorecard gives each attendee a score from time in session, poll answers and questions asked, so sales follows up with the right people.",
		"Per-attendee engagement score|Benchmarks across webinars|CSV export",
		"", ""},
	{"query-pond", "Query Pond", "pebble", "Analytics|Developer Tools", "a", "report:read:admin meeting:read:admin", "ext", "db",
		"Exports meeting and chat metadata to your data warehouse every hour.",
		"Your data, in your warehouse",
		"Query Pond copies meeting, participant and chat metadata into your data warehouse every hour, with documented tables ready to query.",
		"Hourly incremental loads|Documented schema|Message content never included",
		"", ""},
	{"churn-lookout", "Churn Lookout", "gannet", "Analytics|Sales & CRM", "u", "meeting:read contact:read calendar:read", "form:threshold*,notify_address", "alert",
		"Warns account managers when customer meetings drop off.",
		"Catch churn early",
		"Churn Lookout tracks how often each customer meets with your team and warns the account manager when the rhythm breaks.",
		"Customer meeting trends|Warnings with context|Weekly at-risk list",
		"", ""},

	// Design
	{"glasswing-canvas", "Glasswing Canvas", "glasswing", "Design|Collaboration", "u", "whiteboard:read whiteboard:write meeting:read", "", "pen",
		"An infinite canvas with shapes, sticky notes and templates for live sessions.",
		"Room to think",
		"Glasswing Canvas is a whiteboard without edges. Draw, add sticky notes and shapes, drop in images and pick from templates for workshops, mapping and planning.",
		"Infinite canvas that pans and scales smoothly|Templates for common workshops|Follow the presenter's view|Export as image or PDF",
		"", "A workshop board|Templates"},
	{"glasswing-critique", "Glasswing Critique", "glasswing", "Design", "u", "file:read meeting:read chat_message:write", "", "brush",
		"Pin feedback on design files during review calls, then send it as tasks.",
		"Design reviews that end with a list",
		"Share a design in a call and everyone can drop pins with comments. When the review ends, Critique posts the comments as a checklist for the designer.",
		"Pinned comments on any image or PDF|Comments grouped by screen|Checklist posted after the call",
		"", ""},
	{"palette-party", "Palette Party", "velvet", "Design", "u", "user:read meeting:read", "", "palette",
		"Pull a color palette from any screen share in one click.",
		"Colors, captured",
		"Palette Party grabs the dominant colors from whatever is on screen and gives you their hex values, plus a check of contrast for text.",
		"Palette from any screen|Hex, RGB and HSL values|Contrast check for accessibility",
		"", ""},
	{"mockup-mill", "Mockup Mill", "bluefen", "Design|Developer Tools", "u", "file:write whiteboard:write", "ext", "window",
		"Wireframe kits for web and mobile, ready to drop onto a whiteboard.",
		"Sketch screens fast",
		"Mockup Mill adds a library of wireframe components to your whiteboards: buttons, forms, navigation and device frames, all in a neutral sketch style.",
		"400 wireframe components|Phone, tablet and desktop frames|Snap to a grid",
		"", ""},
	{"iconsmith", "Iconsmith", "velvet", "Design", "u", "file:write user:read", "", "@IS",
		"Search 20,000 icons and drop them into chats, docs and whiteboards.",
		"The icon you need, now",
		"Type what you're looking for and Iconsmith shows matching icons in several styles. Drag one into a chat or whiteboard, or copy it as SVG.",
		"20,000 icons in four styles|Recolor before inserting|Copy as SVG or PNG",
		"", ""},
	{"kerning-club", "Kerning Club", "thistle", "Design|Education", "u", "meeting:read chat_message:write", "", "@KC",
		"A weekly typography challenge for your design team, with voting.",
		"Sharpen your eye",
		"Every Monday, Kerning Club posts a short typography challenge. Entries are collected through the week and the team votes on Friday.",
		"Weekly challenges|Anonymous voting|A hall of fame",
		"", ""},
	{"storyboard-studio", "Storyboard Studio", "meadowlark", "Design|Marketing", "u", "whiteboard:write file:read", "", "cards",
		"Sketch storyboards frame by frame with your team during a call.",
		"Plan the video together",
		"Storyboard Studio gives you a row of frames to sketch in, with notes for dialogue and camera moves. Everyone in the call can draw at once.",
		"Frames with dialogue and shot notes|Aspect ratios for each platform|Export as PDF for the crew",
		"", ""},
	{"style-sentinel", "Style Sentinel", "ember", "Design|Marketing", "a", "file:read chat_message:read", "form:dry_run,notify_address,departments", "spark",
		"Flags off-brand logos and colors in shared files before they go out.",
		"Keep the brand consistent",
		"Style Sentinel checks images and slides shared in chat against your brand guide and points out old logos, wrong colors and stretched images.",
		"Checks logos, colors and fonts|Friendly suggestions, not blocks|Brand guide link in every note",
		"", ""},

	// Scheduling
	{"sundial", "Sundial", "sundial", "Scheduling", "u", "calendar:read calendar:write meeting:write user:read", "form:buffer_minutes,slot_minutes,include_weekends", "sundial",
		"Personal booking pages that know your working hours and buffers.",
		"Let people book you, on your terms",
		"Sundial gives you a booking page that shows only the times you want to offer, with buffers around meetings and a limit per day. People pick a time; the meeting is created for you.",
		"Working hours and daily limits|Buffers before and after|Different meeting types with their own rules|Time zones handled for guests",
		"", "Your booking page|Meeting types|Availability rules"},
	{"beacon-rooms", "Beacon Rooms", "beacon", "Scheduling|Collaboration|Productivity", "a", "room:read room:write:admin calendar:read device:read:admin", "form:auto_release,reminder_minutes,notify_address", "door",
		"Room booking with floor maps, check-in and release of no-shows.",
		"Find a room that's actually free",
		"Beacon Rooms shows meeting rooms on a floor map with their equipment and status. Book in two clicks, check in from the room display, and rooms nobody claims are released for others.",
		"Floor maps with live status|Check-in from the room display|Automatic release of no-shows|Usage reports per room",
		"", "The floor map|Booking a room"},
	{"beacon-desks", "Beacon Desks", "beacon", "Scheduling", "a", "room:read room:write:admin user:read:admin", "ext", "pin",
		"Hot-desk booking for hybrid offices, with neighborhoods.",
		"A desk when you come in",
		"Beacon Desks lets people book a desk for the days they're in the office, near their team's neighborhood, and see who else is coming in.",
		"Desk maps with neighborhoods|See which teammates are in|Desk rules per floor",
		"", ""},
	{"beacon-displays", "Beacon Displays", "beacon", "Scheduling|Collaboration", "a", "room:read device:read:admin", "", "tablet",
		"Turns any tablet outside a meeting room into a live booking display.",
		"Is this room free?",
		"Mount a tablet by the door and Beacon Displays shows the room's schedule in large type, lets people book it on the spot and check in to their meeting.",
		"Green when free, red when booked|Book or extend on the spot|Works on any tablet",
		"", ""},
	{"meridian-finder", "Meridian Finder", "wayfarer", "Scheduling", "u", "calendar:read contact:read", "", "globe",
		"Finds the least painful meeting time across up to twelve time zones.",
		"Fair times for global teams",
		"Meridian Finder scores every possible slot by how early or late it is for each attendee and suggests the fairest ones, rotating the pain over recurring meetings.",
		"Up to twelve time zones|Rotates early and late slots|Respects working hours",
		"", ""},
	{"round-robin-router", "Round Robin Router", "saltmarsh", "Scheduling|Sales & CRM", "a", "calendar:read calendar:write meeting:write user:read:admin", "form:slot_minutes,buffer_minutes,departments", "loop",
		"Distributes inbound meeting requests evenly across a team.",
		"Share the meetings fairly",
		"Round Robin Router assigns each new booking to the next available person on the team, balancing by count or by hours, and skipping people who are out.",
		"Balance by count or by hours|Skips people who are away|Reports on distribution",
		"", ""},
	{"lunch-roulette", "Lunch Roulette", "hopscotch", "Scheduling|Human Resources", "u", "calendar:write user:read group:read", "form:group_size,weekdays,icebreakers", "cup",
		"Pairs random colleagues for a coffee chat every other week.",
		"Meet someone new",
		"Opt in and Lunch Roulette pairs you with a colleague from another team every two weeks, books a 30-minute slot that suits you both and suggests a question to start with.",
		"Random pairs across teams|Time found automatically|Icebreaker suggestions",
		"", ""},
	{"clearday", "Clearday", "mossgate", "Scheduling|Productivity", "a", "calendar:read meeting:read:admin", "form:weekdays*,dry_run", "@CD",
		"Protect company-wide focus days and warn organizers who book on them.",
		"One day a week without meetings",
		"Choose a focus day for the account and Clearday marks it on everyone's calendar. People who schedule internal meetings on it get a friendly warning.",
		"Account-wide focus days|Friendly warnings to organizers|Exceptions for customer meetings",
		"", ""},
	{"shift-swap", "Shift Swap", "cinder", "Scheduling|Human Resources", "u", "calendar:read calendar:write chat_message:write", "", "swap",
		"Trade shifts with coworkers, with manager approval in chat.",
		"Swap a shift without the group text",
		"Offer a shift you can't work, a colleague claims it, your manager approves in chat, and both calendars update.",
		"Offer and claim shifts|Manager approval in one tap|Calendars updated for both",
		"", ""},

	// Recording & Transcription
	{"wrenfield-transcribe", "Wrenfield Transcribe", "wrenfield", "Recording & Transcription", "u", "recording:read transcript:read note:write", "form:language*,speaker_names,export_format", "wave",
		"Accurate transcripts with speaker names, in 28 languages.",
		"Every word, with who said it",
		"Wrenfield Transcribe produces a clean transcript of each recording, with speaker names, punctuation and paragraphs. Edit it in the browser and export it in the format you need.",
		"28 languages, with accents handled well|Speaker names from the participant list|Custom vocabulary for names and jargon|Export as text, subtitles or Word",
		"", "A transcript with speakers|Custom vocabulary"},
	{"wrenfield-podcast-export", "Wrenfield Podcast Export", "wrenfield", "Recording & Transcription|Marketing", "u", "recording:read file:write", "form:api_token*,export_format", "mic",
		"Clean up a meeting recording and publish it as a podcast episode.",
		"From recording to episode",
		"Podcast Export removes background noise, levels the voices, adds your intro music and publishes the episode to your podcast host.",
		"Noise removal and leveling|Intro and outro music|Publishes to popular podcast hosts",
		"", ""},
	{"snipline", "Snipline", "tangent", "Recording & Transcription|Communication", "u", "clip:read clip:write chat_message:write", "", "play",
		"Record quick screen clips with your face in a bubble and share a link.",
		"Show, don't type",
		"Snipline records your screen and camera, uploads as you go, and copies a link the moment you stop. Viewers can react and reply at a timestamp.",
		"Screen plus camera bubble|Link ready when you stop|Timestamped replies",
		"", ""},
	{"caption-crew", "Caption Crew", "paperlantern", "Recording & Transcription|Education", "u", "transcript:read meeting:read recording:read", "ext", "@CC",
		"Human-checked captions for recorded webinars and all-hands meetings.",
		"Captions people can rely on",
		"Caption Crew starts from a machine transcript and has a trained editor check names, numbers and terms, returning accurate captions within a day.",
		"Human-checked accuracy|24-hour turnaround|Accessibility-ready subtitle files",
		"", ""},
	{"highlight-reel", "Highlight Reel", "sparrow", "Recording & Transcription", "u", "recording:read transcript:read", "", "spark",
		"Bookmark moments while you talk; get a reel of just those parts afterwards.",
		"Only the good parts",
		"Press the star during a meeting to bookmark a moment. Afterwards, Highlight Reel stitches the bookmarked moments into a short video with captions.",
		"Bookmarks with one click|Reel ready minutes after the meeting|Share with people who missed it",
		"", ""},
	{"minutes-maker", "Minutes Maker", "quorum", "Recording & Transcription|Productivity", "u", "transcript:read meeting:read note:write mail:send", "form:export_format,tone,post_to", "@MM",
		"Formal meeting minutes, formatted for boards and committees.",
		"Minutes the secretary would sign",
		"Minutes Maker drafts formal minutes from the transcript: attendance, motions, votes and actions, in the numbered format boards expect.",
		"Motions and votes recorded|Numbered, formal format|Draft ready to review within minutes",
		"", ""},
	{"recording-mover", "Recording Mover", "pebble", "Recording & Transcription|Storage & Files", "u", "recording:read recording:write file:write", "form:storage_tier,retention_days,sync_interval", "folder",
		"Moves cloud recordings to your own storage on a schedule you choose.",
		"Your recordings, in your storage",
		"Recording Mover copies each new recording to your own storage, in a tidy folder structure, and optionally deletes the cloud copy after a number of days.",
		"Folders by year, month and meeting|Optional cleanup of cloud copies|Resumes after interruptions",
		"", ""},
	{"say-again", "Say Again", "murmur", "Recording & Transcription", "u", "transcript:read meeting:read", "", "rewind",
		"Missed something? Scroll back through the live transcript mid-meeting.",
		"Catch up without interrupting",
		"Say Again shows the live transcript in a side panel, so you can scroll back to what was said while you were distracted, without asking anyone to repeat it.",
		"Live transcript side panel|Jump back thirty seconds|Private to you",
		"", ""},
	{"redact-room", "Redact Room", "halyard", "Recording & Transcription|Security & Compliance", "u", "recording:read recording:write transcript:read", "form:data_types*,dry_run", "eyeoff",
		"Bleeps and blurs personal data in recordings before they're shared.",
		"Share recordings safely",
		"Redact Room finds spoken card numbers, phone numbers and addresses in recordings and bleeps them, and blurs them where they appear on screen.",
		"Audio bleeping of personal data|On-screen blurring|Review before publishing",
		"", ""},
	{"fieldnotes", "Fieldnotes", "driftwood", "Recording & Transcription|Education", "u", "transcript:read recording:read file:write", "ext", "tag",
		"Code and tag research interview transcripts with your team.",
		"From interviews to insights",
		"Fieldnotes imports interview transcripts and lets the team highlight and tag passages, then groups tags into themes with quotes attached.",
		"Highlight and tag together|Themes with supporting quotes|Export to slides",
		"", ""},

	// Collaboration
	{"quorum-polls", "Quorum Polls", "quorum", "Collaboration|Communication", "u", "meeting:read poll:write poll:read", "form:anonymous,show_leaderboard,visibility", "poll",
		"Quick polls, word clouds and ranked votes during meetings.",
		"Hear from everyone, not just the loudest",
		"Launch a poll in a few seconds and watch results come in live. Quorum Polls supports multiple choice, word clouds, rankings and open questions.",
		"Five poll types|Results live on screen|Anonymous mode",
		"", "A live poll|A word cloud"},
	{"drawbridge-boards", "Drawbridge Boards", "driftwood", "Collaboration|Design", "u", "whiteboard:write whiteboard:read meeting:read", "", "layers",
		"Team whiteboards that open right where the last meeting left off.",
		"Pick up where you left off",
		"Drawbridge attaches a whiteboard to each recurring meeting, so next week's session starts with last week's board.",
		"A board per recurring meeting|History of every session|Works between meetings too",
		"", ""},
	{"corkline", "Corkline", "mossgate", "Collaboration", "u", "chat_channel:read file:read chat_message:write", "", "pin",
		"Pin links, files and decisions to the top of any channel.",
		"The important stuff, always on top",
		"Corkline adds a pinboard to each channel for the links, files and decisions people keep asking for.",
		"Pinboard per channel|Sections and ordering|Stale pins flagged after 90 days",
		"", ""},
	{"sparkwell-ideas", "Sparkwell Ideas", "ember", "Collaboration|Productivity", "u", "whiteboard:write meeting:read", "", "bulb",
		"Timed brainstorms with silent ideation, clustering and voting.",
		"Better brainstorms",
		"Sparkwell runs a brainstorm in three steps: silent writing so everyone contributes, clustering of similar ideas, and voting.",
		"Silent ideation phase|Automatic clustering|Dot voting with results",
		"", ""},
	{"watercooler", "Watercooler", "cinder", "Collaboration|Human Resources", "u", "chat_channel:write chat_message:write user:read", "form:channel*,icebreakers,weekdays", "cup",
		"Daily icebreaker questions posted to a social channel.",
		"Small talk for remote teams",
		"Watercooler posts one light question a day to a social channel: the best thing you ate this week, your first job, the song stuck in your head.",
		"A question every weekday|Hundreds of questions, never repeated|Add your own",
		"", ""},
	{"paperweight-docs", "Paperweight Docs", "quartzline", "Collaboration|Productivity", "u", "file:read file:write meeting:read", "ext", "doc",
		"Co-edit documents during meetings with changes tracked per speaker.",
		"Write it together",
		"Paperweight Docs lets everyone in a meeting edit the same document, with each person's changes in their own color.",
		"Real-time editing|Changes by person|Comments and suggestions",
		"", ""},
	{"hearth-wiki", "Hearth Wiki", "ember", "Collaboration|Storage & Files", "a", "file:read chat_message:read user:read:admin", "ext", "house",
		"A company wiki that links every page to the meetings and chats it came from.",
		"Knowledge with context",
		"Hearth Wiki is a simple wiki that remembers where things came from: each page links to the meetings and chats where it was discussed.",
		"Simple pages and spaces|Backlinks to meetings and chats|Page owners and review dates",
		"", ""},
	{"handraise", "Handraise", "junebug", "Collaboration|Education", "u", "meeting:read meeting:write", "", "hand",
		"An orderly speaking queue for large meetings.",
		"Take turns",
		"Raise your hand and Handraise adds you to a visible queue, so the host calls on people in order and nobody talks over each other.",
		"Visible speaking queue|Host controls|Follow-up hands",
		"", ""},
	{"bridgeway-channels", "Bridgeway Channels", "mossgate", "Collaboration|Communication", "a", "chat_channel:write chat_message:read contact:read account:write:admin", "form:share_with_guests,retention_days,escalation_email", "link",
		"Shared channels with partner organizations, with guest controls.",
		"Work with partners in one place",
		"Bridgeway connects a channel in your account with one in a partner's account, so both teams talk in the same place.",
		"Shared channels between accounts|Admin approval on both sides|Retention rules per channel",
		"", ""},

	// Storage & Files
	{"boxcar-drive", "Boxcar Drive", "boxcar", "Storage & Files", "u", "file:read file:write chat_message:write", "form:workspace*,share_with_guests", "folder",
		"Share files from Boxcar Drive in any chat or meeting, with live previews.",
		"Your files, wherever you talk",
		"Boxcar Drive lets you pick files from your drive and share them in chats and meetings with a live preview.",
		"Browse and share without leaving chat|Previews for documents and images|Permission checks before sharing",
		"", "Picking a file|A preview in chat"},
	{"boxcar-vault", "Boxcar Vault", "boxcar", "Storage & Files|Security & Compliance", "a", "file:read recording:read:admin archive:read:admin", "ext", "lock",
		"Encrypted storage for sensitive files with access reviews per folder.",
		"A safe place for sensitive files",
		"Boxcar Vault keeps contracts, board papers and HR files encrypted, with access reviewed by folder owners every quarter.",
		"Encryption with customer-managed keys|Quarterly access reviews|Download watermarking",
		"", ""},
	{"attachment-atlas", "Attachment Atlas", "orbitrail", "Storage & Files", "u", "file:read chat_message:read", "", "search",
		"One searchable list of every file anyone has shared with you.",
		"Where was that file?",
		"Attachment Atlas collects every file shared with you in chats and meetings into one list you can search and filter.",
		"All shared files in one list|Search by name, person or date|Filter by type",
		"", ""},
	{"freightline-transfers", "Freightline Transfers", "freightline", "Storage & Files", "u", "file:write chat_message:write", "form:max_file_gb,retention_days", "upload",
		"Send files up to 200 GB in chat with a resumable upload link.",
		"Big files, no problem",
		"Freightline uploads huge files in the background, resumes after interruptions and shares a download link in chat.",
		"Files up to 200 GB|Resumable uploads|Links that expire when you choose",
		"", ""},
	{"drafthouse-versions", "Drafthouse Versions", "quartzline", "Storage & Files|Design", "u", "file:read file:write", "", "history",
		"Keeps every version of files shared in meetings, with side-by-side comparison.",
		"Every version, kept",
		"Drafthouse saves a version each time a file is shared again, and shows what changed side by side.",
		"Automatic versions|Side-by-side comparison|Restore any version",
		"", ""},
	{"snapshot-shelf", "Snapshot Shelf", "kelpie", "Storage & Files", "u", "meeting:read file:write", "", "image",
		"Saves whiteboard photos and screen captures from meetings into tidy folders.",
		"Captures, organized",
		"Snapshot Shelf files every screenshot and whiteboard photo taken during a meeting into a folder named after the meeting.",
		"A folder per meeting|Automatic naming|Share a whole folder",
		"", ""},
	{"scan-station", "Scan Station", "inkwell", "Storage & Files|Productivity", "u", "file:write user:read", "", "scan",
		"Scan paper with your phone and drop a clean PDF into any chat.",
		"Paper, digitized",
		"Scan Station straightens, crops and cleans up photos of paper documents, and shares them as searchable PDFs.",
		"Automatic edge detection|Text recognition in 30 languages|Multi-page documents",
		"", ""},
	{"storage-steward", "Storage Steward", "ridgeback", "Storage & Files|Analytics", "a", "file:read report:read:admin account:read:admin", "form:retention_days,notify_address,dry_run", "db",
		"Reports storage use by team and cleans up stale recordings on schedule.",
		"Storage under control",
		"Storage Steward shows which teams use the most storage and what kind, and removes recordings nobody has opened in a year, if you allow it.",
		"Storage by team and type|Cleanup rules with a dry run|Monthly report by email",
		"", ""},
}

// moreShots gives screenshot captions to apps whose rows above have none.
var moreShots = map[string]string{
	"focus-bell":            "Focus blocks booked for the week|Your focus hours this month",
	"morning-brief":         "This morning's brief|Choosing what goes in it",
	"sortwell-inbox":        "The unified queue|Snoozed items",
	"polyglot-live":         "Captions in two languages|Picking your language",
	"quietline":             "Today's deliveries|Your VIP list",
	"callsheet-dialer":      "Working through a call list|Call outcomes",
	"clasp-booking":         "A booking page with routing|Routing rules",
	"snapreel":              "Export sizes",
	"survey-sprout":         "Survey results after a webinar|Trends across a series",
	"queue-keeper":          "The live queue board|Overflow rules",
	"standup-stack":         "Today's standup in a channel|Choosing the questions",
	"kanban-kite":           "Work-in-progress limits",
	"rearview-retros":       "Grouping cards|Voting",
	"pulse-check":           "Results by team|This week's question",
	"leave-ledger":          "Who's out this month|Requesting leave",
	"seat-counter":          "Unused seats by app|Savings this quarter",
	"billable-minutes":      "Billable meetings this week|Rates per client",
	"quiz-quarry":           "A quiz in progress|The leaderboard",
	"breakout-buddy":        "Rooms built from your rules|Grouping rules",
	"mapleway-intake":       "Intake answers next to the video|Building a form",
	"kestrel-guard":         "Quarantined items|Detector settings",
	"ironbark-archive":      "Retention rules|Legal holds",
	"talk-time":             "Speaking share in one meeting|Trends for a recurring meeting",
	"heatmap-hours":         "Your week as a heatmap|Four-week trend",
	"meridian-finder":       "Fair slots across time zones|Rotating a recurring meeting",
	"lunch-roulette":        "This fortnight's pairs|Opting in",
	"highlight-reel":        "Bookmarks during a meeting|The finished reel",
	"recording-mover":       "Recordings moved this week|Folder settings",
	"sparkwell-ideas":       "Clustering ideas|Voting results",
	"boxcar-vault":          "Folder access review|Encryption keys",
	"freightline-transfers": "A large upload in progress|Link expiry settings",
}

func init() {
	apps = append(apps, apps2...)
	apps = append(apps, apps3...)
	for i, a := range apps {
		if more, ok := moreShots[a.ID]; ok {
			if a.Shots != "" {
				apps[i].Shots = a.Shots + "|" + more
			} else {
				apps[i].Shots = more
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Icon glyphs: white shapes on a 64×64 grid, drawn inside a group with a
// white 3.5-wide round stroke and no fill (add fill="#fff" to fill a shape).

const w = `fill="#fff" stroke="none"`

var glyphs = map[string]string{
	"note":      `<rect x="19" y="14" width="26" height="36" rx="4"/><path d="M25 24h14M25 31h14M25 38h8"/>`,
	"chat":      `<path d="M22 16h20a6 6 0 0 1 6 6v12a6 6 0 0 1-6 6H31l-9 7v-7a6 6 0 0 1-6-6V22a6 6 0 0 1 6-6z"/><circle cx="25" cy="28" r="2" ` + w + `/><circle cx="32" cy="28" r="2" ` + w + `/><circle cx="39" cy="28" r="2" ` + w + `/>`,
	"cal":       `<rect x="16" y="19" width="32" height="29" rx="4"/><path d="M16 28h32M24 14v9M40 14v9"/><rect x="22" y="33" width="7" height="6" rx="1.5" ` + w + `/>`,
	"clock":     `<circle cx="32" cy="32" r="17"/><path d="M32 22v11l7 4"/>`,
	"chart":     `<g ` + w + `><rect x="16" y="32" width="8" height="16" rx="2"/><rect x="28" y="18" width="8" height="30" rx="2"/><rect x="40" y="25" width="8" height="23" rx="2"/></g>`,
	"pie":       `<circle cx="32" cy="32" r="16"/><path d="M32 32V16a16 16 0 0 1 16 16z" ` + w + `/>`,
	"line":      `<path d="M15 45l10-12 8 6 15-18"/><path d="M39 21h9v9"/>`,
	"shield":    `<path d="M32 13l16 6v11c0 10-7 17-16 21-9-4-16-11-16-21V19z"/><path d="M25 32l5 5 9-10"/>`,
	"lock":      `<rect x="18" y="29" width="28" height="20" rx="4"/><path d="M24 29v-5a8 8 0 0 1 16 0v5"/><circle cx="32" cy="39" r="3" ` + w + `/>`,
	"key":       `<circle cx="24" cy="40" r="8"/><path d="M30 34l16-16M40 24l5 5M35 29l4 4"/>`,
	"cloud":     `<path d="M22 45a9 9 0 0 1-1.5-17.9A12 12 0 0 1 44 28.5a8.3 8.3 0 0 1 0 16.5z"/>`,
	"folder":    `<path d="M14 22a4 4 0 0 1 4-4h9l4 5h15a4 4 0 0 1 4 4v15a4 4 0 0 1-4 4H18a4 4 0 0 1-4-4z"/><path d="M14 29h36"/>`,
	"mic":       `<rect x="26" y="13" width="12" height="23" rx="6" ` + w + `/><path d="M20 31a12 12 0 0 0 24 0M32 43v7M26 50h12"/>`,
	"cam":       `<rect x="13" y="21" width="27" height="22" rx="5"/><path d="M40 29l11-6v18l-11-6z" ` + w + `/>`,
	"wave":      `<path d="M14 29v6M21 24v16M28 17v30M35 22v20M42 27v10M49 30v4"/>`,
	"check":     `<circle cx="32" cy="32" r="17"/><path d="M24 32.5l5.5 5.5L41 26"/>`,
	"star":      `<path d="M32 13l5.6 11.6 12.7 1.6-9.3 8.8 2.4 12.6L32 41.4l-11.4 6.2L23 35l-9.3-8.8 12.7-1.6z" ` + w + `/>`,
	"bolt":      `<path d="M36 12L19 36h12l-3 16 17-25H33z" fill="#fff" stroke-width="2"/>`,
	"leaf":      `<path d="M17 47c0-18 10-29 31-30 0 20-11 30-31 30z"/><path d="M17 47l16-16"/>`,
	"heart":     `<path d="M32 48S16 39 16 27.5a8.5 8.5 0 0 1 16-4 8.5 8.5 0 0 1 16 4C48 39 32 48 32 48z" ` + w + `/>`,
	"cross":     `<path d="M27 15h10v12h12v10H37v12H27V37H15V27h12z" ` + w + `/>`,
	"book":      `<path d="M32 20c-4-3-10-4-16-3v28c6-1 12 0 16 3 4-3 10-4 16-3V17c-6-1-12 0-16 3zM32 20v28"/>`,
	"cap":       `<path d="M12 27l20-9 20 9-20 9z" ` + w + `/><path d="M21 32v8c6 5 16 5 22 0v-8M50 28v11"/>`,
	"pen":       `<path d="M40 15l9 9-23 23H17v-9z"/><path d="M35 20l9 9"/>`,
	"brush":     `<path d="M47 14L31 32"/><path d="M28 34c-6 0-9 3-9 8 0 3-2 5-4 6 9 2 17-1 17-9z" ` + w + `/>`,
	"grid":      `<rect x="15" y="15" width="14" height="14" rx="3"/><rect x="35" y="15" width="14" height="14" rx="3" ` + w + `/><rect x="15" y="35" width="14" height="14" rx="3" ` + w + `/><rect x="35" y="35" width="14" height="14" rx="3"/>`,
	"nodes":     `<circle cx="20" cy="21" r="5"/><circle cx="44" cy="21" r="5"/><circle cx="32" cy="44" r="5" ` + w + `/><path d="M25 21h14M22.5 25.5l7 14M41.5 25.5l-7 14"/>`,
	"code":      `<path d="M25 21L14 32l11 11M39 21l11 11-11 11M35 17l-6 30"/>`,
	"brackets":  `<path d="M26 15c-5 0-6 2-6 6v5c0 3-2 6-5 6 3 0 5 3 5 6v5c0 4 1 6 6 6M38 15c5 0 6 2 6 6v5c0 3 2 6 5 6-3 0-5 3-5 6v5c0 4-1 6-6 6"/>`,
	"bug":       `<rect x="23" y="22" width="18" height="25" rx="9"/><path d="M32 30v17M23 33h-7M41 33h7M23 41h-6M41 41h6M27 22l-3-6M37 22l3-6"/>`,
	"bell":      `<path d="M20 42V30a12 12 0 0 1 24 0v12l3 3H17z"/><path d="M28 49a4 4 0 0 0 8 0"/>`,
	"mail":      `<rect x="13" y="18" width="38" height="28" rx="4"/><path d="M15 21l17 13 17-13"/>`,
	"user":      `<circle cx="32" cy="24" r="8"/><path d="M17 49c1-9 7-13 15-13s14 4 15 13"/>`,
	"users":     `<circle cx="25" cy="25" r="7"/><circle cx="42" cy="28" r="5"/><path d="M12 47c1-8 6-11 13-11s12 3 13 11M39 37c6 0 11 3 12 9"/>`,
	"dollar":    `<circle cx="32" cy="32" r="17"/><path d="M38 25.5c-1-2-3.5-3-6-3-3 0-5.5 1.5-5.5 4s2.5 3.5 5.5 4.5 5.5 2 5.5 4.5-2.5 4-5.5 4c-2.5 0-5-1-6-3M32 19v3.5M32 41.5V45"/>`,
	"db":        `<ellipse cx="32" cy="20" rx="14" ry="5"/><path d="M18 20v24c0 3 6 5 14 5s14-2 14-5V20M18 32c0 3 6 5 14 5s14-2 14-5"/>`,
	"target":    `<circle cx="32" cy="32" r="17"/><circle cx="32" cy="32" r="9.5"/><circle cx="32" cy="32" r="3" ` + w + `/>`,
	"flag":      `<path d="M20 50V14"/><path d="M20 16h24l-5 8 5 8H20z" ` + w + `/>`,
	"pin":       `<path d="M32 49s-13-12-13-22a13 13 0 0 1 26 0c0 10-13 22-13 22z"/><circle cx="32" cy="27" r="4.5" ` + w + `/>`,
	"door":      `<path d="M20 48V17a2 2 0 0 1 2-2h20a2 2 0 0 1 2 2v31M14 48h36"/><circle cx="38" cy="33" r="2.5" ` + w + `/>`,
	"globe":     `<circle cx="32" cy="32" r="17"/><path d="M15 32h34M32 15c-5 5-7.5 10.5-7.5 17s2.5 12 7.5 17c5-5 7.5-10.5 7.5-17S37 20 32 15z"/>`,
	"kanban":    `<rect x="14" y="15" width="10" height="32" rx="3"/><rect x="27" y="15" width="10" height="22" rx="3" ` + w + `/><rect x="40" y="15" width="10" height="27" rx="3"/>`,
	"play":      `<circle cx="32" cy="32" r="17"/><path d="M28 24l11 8-11 8z" ` + w + `/>`,
	"phone":     `<path d="M22 14h5l3 9-4.5 3a22 22 0 0 0 12.5 12.5l3-4.5 9 3v5a3 3 0 0 1-3 3C29 49 15 35 15 17a3 3 0 0 1 3-3z"/>`,
	"eye":       `<path d="M11 32s7.5-13 21-13 21 13 21 13-7.5 13-21 13-21-13-21-13z"/><circle cx="32" cy="32" r="6" ` + w + `/>`,
	"eyeoff":    `<path d="M11 32s7.5-13 21-13 21 13 21 13-7.5 13-21 13-21-13-21-13z"/><circle cx="32" cy="32" r="6"/><path d="M15 15l34 34"/>`,
	"receipt":   `<path d="M20 13h24v36l-4-3-4 3-4-3-4 3-4-3-4 3z"/><path d="M26 22h12M26 29h12M26 36h7"/>`,
	"megaphone": `<path d="M15 27v10h7l17 9V18l-17 9z" ` + w + `/><path d="M22 37l3 10h5l-2-9M45 26c2.5 2 2.5 10 0 12"/>`,
	"bulb":      `<path d="M26 40c0-4.5-7-7.5-7-15a13 13 0 0 1 26 0c0 7.5-7 10.5-7 15z"/><path d="M27 45h10M29 50h6"/>`,
	"layers":    `<path d="M32 14l18 9-18 9-18-9z" ` + w + `/><path d="M14 32l18 9 18-9M14 41l18 9 18-9"/>`,
	"compass":   `<circle cx="32" cy="32" r="17"/><path d="M39 25l-4 10-10 4 4-10z" ` + w + `/>`,
	"headset":   `<path d="M17 37v-5a15 15 0 0 1 30 0v5"/><rect x="14" y="34" width="8" height="12" rx="3" ` + w + `/><rect x="42" y="34" width="8" height="12" rx="3" ` + w + `/><path d="M46 46c0 3-4 5-9 5h-3"/>`,
	"ticket":    `<path d="M13 24a3 3 0 0 1 3-3h32a3 3 0 0 1 3 3v4a4 4 0 0 0 0 8v4a3 3 0 0 1-3 3H16a3 3 0 0 1-3-3v-4a4 4 0 0 0 0-8z"/><path d="M38 23v18" stroke-dasharray="3 4"/>`,
	"inbox":     `<path d="M13 34l6-16h26l6 16v11a3 3 0 0 1-3 3H16a3 3 0 0 1-3-3z"/><path d="M13 34h11l3 5h10l3-5h11"/>`,
	"tag":       `<path d="M14 17v13l20 20 16-16-20-20H17a3 3 0 0 0-3 3z"/><circle cx="23" cy="25" r="3.5" ` + w + `/>`,
	"wand":      `<path d="M16 48l22-22M35 23l6 6"/><path d="M44 12v7M40.5 15.5h7M49 25v5M46.5 27.5h5M27 13v5M24.5 15.5h5"/>`,
	"moon":      `<path d="M44 39a15 15 0 1 1-13-23 12 12 0 0 0 13 23z" ` + w + `/>`,
	"sun":       `<circle cx="32" cy="32" r="7.5" ` + w + `/><path d="M32 13v5M32 46v5M13 32h5M46 32h5M18.6 18.6l3.5 3.5M41.9 41.9l3.5 3.5M18.6 45.4l3.5-3.5M41.9 22.1l3.5-3.5"/>`,
	"cursor":    `<path d="M19 14l25 13-11 3-5 11z" ` + w + `/><path d="M33 30l10 12"/>`,
	"alert":     `<path d="M32 13l19 33H13z"/><path d="M32 25v10"/><circle cx="32" cy="41" r="2.3" ` + w + `/>`,
	"pulse":     `<path d="M11 33h9l5-11 7 21 5-15 3 5h13"/>`,
	"list":      `<path d="M26 20h20M26 32h20M26 44h20"/><circle cx="18" cy="20" r="3" ` + w + `/><circle cx="18" cy="32" r="3" ` + w + `/><circle cx="18" cy="44" r="3" ` + w + `/>`,
	"gantt":     `<path d="M15 13v38"/><g ` + w + `><rect x="20" y="16" width="16" height="7" rx="3.5"/><rect x="28" y="28.5" width="20" height="7" rx="3.5"/><rect x="23" y="41" width="14" height="7" rx="3.5"/></g>`,
	"hourglass": `<path d="M20 14h24M20 50h24M23 14v4c0 6 9 9 9 14s-9 8-9 14v4M41 14v4c0 6-9 9-9 14s9 8 9 14v4"/><path d="M27 46l5-5 5 5z" ` + w + `/>`,
	"timer":     `<circle cx="32" cy="35" r="15"/><path d="M32 35v-8M27 14h10M32 14v6M44 22l3-3"/>`,
	"swap":      `<path d="M15 24h32l-7-7M49 40H17l7 7"/>`,
	"plane":     `<path d="M32 12c2 0 3 2 3 4v9l15 9v4l-15-4v9l4 3v3l-7-2-7 2v-3l4-3v-9l-15 4v-4l15-9v-9c0-2 1-4 3-4z" ` + w + `/>`,
	"send":      `<path d="M13 31l36-16-9 34-9-13z" ` + w + `/><path d="M31 36l12-15" stroke="#000" stroke-opacity=".18" stroke-width="2.5"/>`,
	"clipboard": `<rect x="17" y="17" width="30" height="33" rx="4"/><rect x="25" y="13" width="14" height="8" rx="2" ` + w + `/><path d="M24 31h16M24 39h10"/>`,
	"question":  `<circle cx="32" cy="32" r="17"/><path d="M26.5 27a5.5 5.5 0 1 1 8 5c-1.8 1-2.5 2-2.5 4"/><circle cx="32" cy="42" r="2.3" ` + w + `/>`,
	"cards":     `<rect x="13" y="21" width="24" height="29" rx="4" transform="rotate(-10 25 35)"/><rect x="27" y="14" width="24" height="30" rx="4" ` + w + `/>`,
	"archive":   `<rect x="13" y="15" width="38" height="10" rx="2.5" ` + w + `/><path d="M16 25v20a3 3 0 0 0 3 3h26a3 3 0 0 0 3-3V25M27 33h10"/>`,
	"search":    `<circle cx="28" cy="28" r="12"/><path d="M37 37l12 12"/>`,
	"scan":      `<path d="M15 24v-6a3 3 0 0 1 3-3h6M40 15h6a3 3 0 0 1 3 3v6M49 40v6a3 3 0 0 1-3 3h-6M24 49h-6a3 3 0 0 1-3-3v-6M20 32h24"/>`,
	"doc":       `<path d="M22 13h14l11 11v22a4 4 0 0 1-4 4H22a4 4 0 0 1-4-4V17a4 4 0 0 1 4-4z"/><path d="M36 13v11h11M25 33h14M25 41h10"/>`,
	"window":    `<rect x="12" y="16" width="40" height="32" rx="4"/><path d="M12 25h40M24 25v23"/><circle cx="17.5" cy="20.5" r="1.4" ` + w + `/><circle cx="22" cy="20.5" r="1.4" ` + w + `/>`,
	"drop":      `<path d="M32 13s-13 15-13 24a13 13 0 0 0 26 0c0-9-13-24-13-24z" ` + w + `/>`,
	"cup":       `<path d="M15 25h27v9a13.5 13.5 0 0 1-27 0z"/><path d="M42 28h3a5 5 0 0 1 0 10h-4M23 13c-2 2 2 4 0 7M31 13c-2 2 2 4 0 7"/>`,
	"link":      `<path d="M28 36a7 7 0 0 0 10 0l7-7a7 7 0 0 0-10-10l-2 2M36 28a7 7 0 0 0-10 0l-7 7a7 7 0 0 0 10 10l2-2"/>`,
	"upload":    `<path d="M32 40V15M22 25l10-10 10 10M15 39v6a3 3 0 0 0 3 3h28a3 3 0 0 0 3-3v-6"/>`,
	"image":     `<rect x="13" y="16" width="38" height="32" rx="4"/><circle cx="24" cy="27" r="4" ` + w + `/><path d="M13 43l12-10 8 7 6-5 12 9"/>`,
	"share":     `<circle cx="20" cy="32" r="5.5"/><circle cx="44" cy="19" r="5.5" ` + w + `/><circle cx="44" cy="45" r="5.5"/><path d="M25 29.5l14-8M25 34.5l14 8"/>`,
	"tree":      `<rect x="25" y="13" width="14" height="10" rx="2.5" ` + w + `/><rect x="13" y="41" width="14" height="10" rx="2.5"/><rect x="37" y="41" width="14" height="10" rx="2.5"/><path d="M32 23v9M20 41v-9h24v9"/>`,
	"rewind":    `<path d="M31 21L17 32l14 11zM48 21L34 32l14 11z" ` + w + `/>`,
	"loop":      `<path d="M45 24a15 15 0 1 0 2.5 13"/><path d="M47 13v11H36"/>`,
	"palette":   `<path d="M32 14a18 18 0 1 0 0 36c3 0 4-2 3-4.5-1-3 1-5.5 4-5.5h4a7 7 0 0 0 7-7c0-10.5-8-19-18-19z"/><circle cx="23" cy="29" r="3" ` + w + `/><circle cx="30" cy="22" r="3" ` + w + `/><circle cx="39" cy="24" r="3" ` + w + `/>`,
	"spark":     `<path d="M32 12c1.5 10.5 5.5 16 18 20-12.5 4-16.5 9.5-18 20-1.5-10.5-5.5-16-18-20 12.5-4 16.5-9.5 18-20z" ` + w + `/>`,
	"history":   `<path d="M17 32a15 15 0 1 0 4.4-10.6"/><path d="M16 14v8h8"/><path d="M32 24v9l6 3"/>`,
	"house":     `<path d="M13 31l19-16 19 16"/><path d="M19 27v21h26V27"/><rect x="28" y="36" width="8" height="12" rx="1.5" ` + w + `/>`,
	"signpost":  `<path d="M32 14v36M24 50h16"/><path d="M20 17h20l5 5-5 5H20z" ` + w + `/><path d="M44 31H24l-5 5 5 5h20z"/>`,
	"sign":      `<path d="M14 40c4-8 7-15 10-15s-2 13 2 13 6-9 9-9-1 7 2 7 5-4 8-4"/><path d="M14 48h36"/>`,
	"thermo":    `<path d="M28 37V18a4 4 0 0 1 8 0v19a8.5 8.5 0 1 1-8 0z"/><circle cx="32" cy="43" r="4" ` + w + `/><path d="M32 41V25"/>`,
	"funnel":    `<path d="M14 16h36L36 33v12l-8 4V33z"/>`,
	"wifi":      `<path d="M14 27a25 25 0 0 1 36 0M20 33.5a16.5 16.5 0 0 1 24 0M26 40a8 8 0 0 1 12 0"/><circle cx="32" cy="46" r="3" ` + w + `/>`,
	"map":       `<path d="M14 19l12-4 12 4 12-4v30l-12 4-12-4-12 4z"/><path d="M26 15v30M38 19v30"/>`,
	"sonar":     `<circle cx="32" cy="32" r="4" ` + w + `/><path d="M24 24a11 11 0 0 0 0 16M40 24a11 11 0 0 1 0 16M18 18a19.5 19.5 0 0 0 0 28M46 18a19.5 19.5 0 0 1 0 28"/>`,
	"stack":     `<rect x="15" y="38" width="34" height="9" rx="3"/><rect x="15" y="27.5" width="34" height="9" rx="3"/><rect x="15" y="17" width="34" height="9" rx="3" ` + w + `/>`,
	"sundial":   `<path d="M13 44h38M19 44a13 13 0 0 1 26 0M32 23v-7M20 29l-5-4M44 29l5-4"/><path d="M27 44a5 5 0 0 1 10 0z" ` + w + `/>`,
	"tablet":    `<rect x="18" y="12" width="28" height="40" rx="4"/><path d="M29 46h6"/><rect x="23" y="19" width="18" height="12" rx="2" ` + w + `/>`,
	"poll":      `<g ` + w + `><rect x="15" y="16" width="32" height="8" rx="4"/><rect x="15" y="28" width="21" height="8" rx="4" fill-opacity=".75"/><rect x="15" y="40" width="27" height="8" rx="4" fill-opacity=".5"/></g>`,
	"hand":      `<path d="M24 35V21a3 3 0 0 1 6 0v9M30 29V16a3 3 0 0 1 6 0v13M36 29V19a3 3 0 0 1 6 0v15c0 8-5 15-12.5 15-5 0-8-3-10-7l-4.5-8a3 3 0 0 1 5-3.3L24 35"/>`,
}

// palette: mid-dark colours that carry white glyphs well.
var palette = []string{
	"#2563eb", "#0891b2", "#0d9488", "#059669", "#16a34a", "#4d7c0f",
	"#d97706", "#ea580c", "#dc2626", "#e11d48", "#db2777", "#c026d3",
	"#9333ea", "#7c3aed", "#4f46e5", "#475569", "#0f766e", "#b45309",
	"#1e40af", "#be185d", "#0369a1", "#6d28d9",
}

func shade(hex string, f float64) string {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	mix := func(c int) int {
		if f > 0 {
			return int(math.Round(float64(c) + (255-float64(c))*f))
		}
		return int(math.Round(float64(c) * (1 + f)))
	}
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

func iconSVG(id, color, glyph, name string) string {
	var mark string
	if strings.HasPrefix(glyph, "@") {
		letters := glyph[1:]
		size := 26
		if len(letters) > 1 {
			size = 23
		}
		mark = fmt.Sprintf(`<text x="32" y="40.5" text-anchor="middle" font-family="Inter, DejaVu Sans, sans-serif" font-size="%d" font-weight="700" fill="#fff" letter-spacing="-0.5">%s</text>`, size, letters)
	} else {
		g, ok := glyphs[glyph]
		if !ok {
			panic("unknown glyph " + glyph + " for " + id)
		}
		mark = `<g fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round">` + g + `</g>`
	}
	gid := "g-" + id
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img" aria-label="%s">`+
		`<defs><linearGradient id="%s" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="%s"/><stop offset="1" stop-color="%s"/></linearGradient></defs>`+
		`<rect width="64" height="64" rx="14" fill="url(#%s)"/><rect x="1" y="1" width="62" height="62" rx="13" fill="none" stroke="#fff" stroke-opacity=".12" stroke-width="2"/>%s</svg>`+"\n",
		xmlEscape(name), gid, shade(color, 0.16), shade(color, -0.14), gid, mark)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// ---------------------------------------------------------------------------
// Screenshots: simple flat 640×400 mockups in the app's colour.

func screenshotSVG(name, caption, color, layout string, r *rand.Rand) string {
	light := shade(color, 0.85)
	mid := shade(color, 0.45)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400" width="640" height="400" font-family="Inter, DejaVu Sans, sans-serif">`)
	b.WriteString(`<rect width="640" height="400" fill="#eef1f5"/>`)
	b.WriteString(`<rect x="20" y="16" width="600" height="368" rx="10" fill="#fff" stroke="#d5dbe3"/>`)
	b.WriteString(`<path d="M20 26a10 10 0 0 1 10-10h580a10 10 0 0 1 10 10v18H20z" fill="#f6f7f9"/><path d="M20 44h600" stroke="#e3e7ec"/>`)
	b.WriteString(`<circle cx="38" cy="30" r="5" fill="#f87171"/><circle cx="54" cy="30" r="5" fill="#fbbf24"/><circle cx="70" cy="30" r="5" fill="#34d399"/>`)
	fmt.Fprintf(&b, `<text x="320" y="34" text-anchor="middle" font-size="12" fill="#5b6472">%s</text>`, xmlEscape(name))
	// sidebar
	fmt.Fprintf(&b, `<rect x="21" y="45" width="130" height="338" fill="%s"/>`, light)
	fmt.Fprintf(&b, `<rect x="36" y="62" width="22" height="22" rx="6" fill="%s"/><rect x="66" y="69" width="64" height="8" rx="4" fill="%s"/>`, color, mid)
	for i := 0; i < 5; i++ {
		fill := "#ffffff"
		if i == 0 {
			fill = mid
		}
		fmt.Fprintf(&b, `<rect x="32" y="%d" width="108" height="22" rx="6" fill="%s" fill-opacity="%s"/><rect x="42" y="%d" width="%d" height="6" rx="3" fill="#5b6472" fill-opacity=".55"/>`,
			102+i*30, fill, map[bool]string{true: "1", false: ".7"}[i == 0], 110+i*30, 40+r.IntN(45))
	}
	// heading
	title := caption
	if rs := []rune(title); len(rs) > 40 {
		title = strings.TrimSpace(string(rs[:38])) + "…"
	}
	fmt.Fprintf(&b, `<text x="172" y="76" font-size="15" font-weight="700" fill="#1f2937">%s</text>`, xmlEscape(title))
	if len([]rune(title)) <= 34 {
		fmt.Fprintf(&b, `<rect x="520" y="60" width="82" height="24" rx="12" fill="%s"/><rect x="538" y="69" width="46" height="6" rx="3" fill="#fff"/>`, color)
	}
	switch layout {
	case "dash":
		for i := 0; i < 3; i++ {
			x := 172 + i*146
			fmt.Fprintf(&b, `<rect x="%d" y="98" width="134" height="64" rx="8" fill="#fff" stroke="#e3e7ec"/><rect x="%d" y="112" width="60" height="6" rx="3" fill="#9aa3af"/><text x="%d" y="147" font-size="20" font-weight="700" fill="%s">%d%s</text>`,
				x, x+14, x+14, color, 12+r.IntN(88), []string{"%", "h", ""}[i])
		}
		b.WriteString(`<rect x="172" y="176" width="430" height="190" rx="8" fill="#fff" stroke="#e3e7ec"/>`)
		for i := 0; i < 12; i++ {
			h := 30 + r.IntN(120)
			op := ".85"
			if i%4 == 3 {
				op = ".4"
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="22" height="%d" rx="4" fill="%s" fill-opacity="%s"/>`, 192+i*34, 350-h, h, color, op)
		}
	case "cal":
		for d := 0; d < 5; d++ {
			x := 172 + d*86
			fmt.Fprintf(&b, `<rect x="%d" y="98" width="80" height="268" rx="6" fill="#f8f9fb"/><rect x="%d" y="108" width="34" height="6" rx="3" fill="#9aa3af"/>`, x, x+10)
			y := 126
			for y < 330 {
				y += 8 + r.IntN(36)
				h := 24 + r.IntN(40)
				if y+h > 360 {
					break
				}
				fill, op := color, ".85"
				if r.IntN(3) == 0 {
					fill, op = mid, "1"
				}
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="70" height="%d" rx="5" fill="%s" fill-opacity="%s"/><rect x="%d" y="%d" width="40" height="5" rx="2.5" fill="#fff"/>`, x+5, y, h, fill, op, x+12, y+9)
				y += h
			}
		}
	case "chat":
		y := 100
		for i := 0; i < 6 && y < 320; i++ {
			wdt := 140 + r.IntN(160)
			if i%2 == 0 {
				fmt.Fprintf(&b, `<circle cx="186" cy="%d" r="12" fill="%s"/><rect x="206" y="%d" width="%d" height="34" rx="10" fill="#f1f3f6"/><rect x="218" y="%d" width="%d" height="6" rx="3" fill="#6b7280" fill-opacity=".6"/>`, y+14, mid, y, wdt, y+14, wdt-30)
			} else {
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="34" rx="10" fill="%s"/><rect x="%d" y="%d" width="%d" height="6" rx="3" fill="#fff" fill-opacity=".85"/>`, 600-wdt, y, wdt, color, 612-wdt, y+14, wdt-30)
			}
			y += 46
		}
		fmt.Fprintf(&b, `<rect x="172" y="334" width="430" height="34" rx="17" fill="#f6f7f9" stroke="#e3e7ec"/><circle cx="584" cy="351" r="11" fill="%s"/>`, color)
	case "board":
		for c := 0; c < 3; c++ {
			x := 172 + c*146
			fmt.Fprintf(&b, `<rect x="%d" y="98" width="136" height="268" rx="8" fill="#f6f7f9"/><rect x="%d" y="110" width="56" height="7" rx="3.5" fill="#6b7280" fill-opacity=".7"/>`, x, x+12)
			n := 2 + r.IntN(3)
			for k := 0; k < n; k++ {
				y := 128 + k*58
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="120" height="48" rx="6" fill="#fff" stroke="#e3e7ec"/><rect x="%d" y="%d" width="%d" height="6" rx="3" fill="#374151" fill-opacity=".6"/><rect x="%d" y="%d" width="30" height="10" rx="5" fill="%s" fill-opacity=".8"/>`,
					x+8, y, x+18, y+12, 50+r.IntN(40), x+18, y+28, color)
			}
		}
	case "form":
		for i := 0; i < 4; i++ {
			y := 100 + i*64
			fmt.Fprintf(&b, `<rect x="172" y="%d" width="%d" height="7" rx="3.5" fill="#374151" fill-opacity=".7"/>`, y, 70+r.IntN(60))
			if i == 2 {
				fmt.Fprintf(&b, `<rect x="172" y="%d" width="44" height="24" rx="12" fill="%s"/><circle cx="204" cy="%d" r="9" fill="#fff"/><rect x="228" y="%d" width="150" height="6" rx="3" fill="#9aa3af"/>`, y+16, color, y+28, y+25)
			} else {
				fmt.Fprintf(&b, `<rect x="172" y="%d" width="300" height="30" rx="6" fill="#fff" stroke="#cfd5dd"/><rect x="184" y="%d" width="%d" height="6" rx="3" fill="#9aa3af"/>`, y+16, y+28, 80+r.IntN(120))
			}
		}
		fmt.Fprintf(&b, `<rect x="506" y="336" width="96" height="30" rx="6" fill="%s"/><rect x="530" y="348" width="48" height="6" rx="3" fill="#fff"/>`, color)
	default: // list
		for i := 0; i < 7; i++ {
			y := 98 + i*38
			fmt.Fprintf(&b, `<rect x="172" y="%d" width="430" height="32" rx="6" fill="%s"/><circle cx="190" cy="%d" r="9" fill="%s"/><rect x="208" y="%d" width="%d" height="6" rx="3" fill="#374151" fill-opacity=".65"/><rect x="%d" y="%d" width="54" height="14" rx="7" fill="%s" fill-opacity="%s"/>`,
				y, map[bool]string{true: "#f6f7f9", false: "#ffffff"}[i%2 == 0], y+16, mid, y+13, 90+r.IntN(150), 530, y+9, color, []string{".9", ".5", ".25"}[r.IntN(3)])
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

var layoutsByCategory = map[string][]string{
	"Analytics": {"dash", "list", "form"}, "Finance & Accounting": {"dash", "list", "form"},
	"Scheduling": {"cal", "form", "list"}, "Communication": {"chat", "list", "form"},
	"Customer Support": {"list", "chat", "dash"}, "Project Management": {"board", "list", "dash"},
	"Developer Tools": {"chat", "form", "list"}, "Security & Compliance": {"dash", "list", "form"},
	"Human Resources": {"list", "form", "dash"}, "Education": {"list", "dash", "form"},
	"Healthcare": {"list", "form", "cal"}, "Marketing": {"dash", "form", "list"},
	"Sales & CRM": {"list", "dash", "form"}, "Productivity": {"list", "form", "cal"},
	"Recording & Transcription": {"list", "form", "dash"}, "Collaboration": {"board", "chat", "list"},
	"Design": {"board", "form", "list"}, "Storage & Files": {"list", "form", "dash"},
}

// layoutFor picks a mockup that suits the caption's words, else fallback.
func layoutFor(caption, fallback string) string {
	c := strings.ToLower(caption)
	for _, rule := range []struct{ layout, words string }{
		{"dash", "leaderboard|poll|statistics|report|overview|savings|trends|results|score|comparison|findings|status|hours|outcomes"},
		{"form", "settings|rules|choosing|picking|mapping|sizes|styles|questions|building a|opting|templates|types|vocabulary|tone|sequence|detector|rates|requesting"},
		{"board", "board|grouping|voting|clustering|cards|canvas|floor map|seating"},
		{"cal", "calendar|booked|booking page|who's out|slots|pairs|availability|time zones|forecast|heatmap"},
		{"chat", "chat|channel|thread|message|email|announcement|captions|in progress"},
	} {
		for _, w := range strings.Split(rule.words, "|") {
			if strings.Contains(c, w) {
				return rule.layout
			}
		}
	}
	return fallback
}

// ---------------------------------------------------------------------------
// Feed output types, in the documented key order.

// releaseNotes are the "what's new" of a few apps (release_notes in the feed).
var releaseNotes = map[string]string{
	"tidepool-notes": "Action items now go to their owners as soon as the meeting ends.\nNotebooks can be shared with guests.\nFaster search in long notes.",
	"focus-bell":     "A quiet mode that holds every notification until your focus block ends.\nWeekly focus report by email.",
	"sortwell-inbox": "Rules can now sort by attachment type.\nFixed: unread counts were sometimes one too high.",
	"daybook":        "Templates for daily and weekly entries.\nExport to PDF keeps your formatting.",
	"punchcard":      "Timesheets can be approved from the mobile app.\nOvertime is highlighted in the weekly view.",
	"pigeonpost":     "Scheduled messages can repeat every week.\nNew: read receipts for announcements.",
}

// keywords are the search words of some apps (docs/catalog-feed.md,
// "keywords"): what people type for them that their text does not say.
var keywords = map[string][]string{
	"tidepool-notes":         {"minutes", "meeting notes", "notetaker"},
	"morning-brief":          {"digest", "daily summary", "agenda"},
	"polyglot-live":          {"subtitles", "translation", "interpreter"},
	"switchboard-phone-sync": {"telephony", "VoIP", "call log"},
	"proposal-press":         {"quote", "RFP", "pitch"},
	"recapper":               {"follow-up email", "call summary", "notes"},
	"snapreel":               {"video clips", "highlights", "social media"},
	"incident-siren":         {"on-call", "pager", "outage"},
	"uptime-owl":             {"monitoring", "status page", "ping"},
	"kanban-kite":            {"board", "tasks", "agile"},
}

type feed struct {
	SchemaVersion int       `json:"schema_version"`
	Name          string    `json:"name"`
	Listings      []listing `json:"listings"`
}

type listing struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Developer   developerOut `json:"developer"`
	Summary     string       `json:"summary"`
	Description string       `json:"description"`
	Icon        string       `json:"icon"`
	Screenshots []shot       `json:"screenshots,omitempty"`
	Categories  []string     `json:"categories"`
	Keywords    []string     `json:"keywords,omitempty"`
	Type        string       `json:"type"`
	Scopes      []scopeOut   `json:"scopes"`
	OAuth       oauth        `json:"oauth"`
	Config      config       `json:"configuration"`
	Links       links        `json:"links"`
	Deauth      string       `json:"deauthorization_url,omitempty"`
	Stats       stats        `json:"stats"`
	Version     string       `json:"version"`
	Notes       string       `json:"release_notes,omitempty"`
	PublishedAt string       `json:"published_at"`
	UpdatedAt   string       `json:"updated_at"`
}

type developerOut struct {
	Name     string `json:"name"`
	Website  string `json:"website"`
	Verified bool   `json:"verified"`
}

type shot struct {
	URL     string `json:"url"`
	Caption string `json:"caption"`
}

type scopeOut struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Sensitive   bool   `json:"sensitive"`
}

type oauth struct {
	Sandbox      bool   `json:"sandbox"`
	ClientID     string `json:"client_id"`
	RedirectPath string `json:"redirect_path"`
}

type config struct {
	Kind   string  `json:"kind"`
	URL    string  `json:"url,omitempty"`
	Fields []field `json:"fields,omitempty"`
}

type links struct {
	PrivacyPolicy string `json:"privacy_policy"`
	Terms         string `json:"terms"`
	Support       string `json:"support,omitempty"`
	Documentation string `json:"documentation,omitempty"`
}

type stats struct {
	Installs    int64   `json:"installs"`
	Rating      float64 `json:"rating"`
	RatingCount int64   `json:"rating_count"`
}

// ---------------------------------------------------------------------------
// Descriptions

func pick(h uint64, xs ...string) string { return xs[h%uint64(len(xs))] }

func hashOf(s string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(s))
	return f.Sum64()
}

func joinWords(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func description(a seed, d dev, fields []field) string {
	h := hashOf(a.ID)
	var p []string
	p = append(p, "## "+a.Heading, a.Lead)
	feats := strings.Split(a.Features, "|")
	var list strings.Builder
	for _, f := range feats {
		list.WriteString("- " + f + "\n")
	}
	intro := pick(h>>3, "### What you get", "### Highlights", "### Features", "### How it helps", "**In short**", "### What it does", "**Why teams use it**")
	p = append(p, intro, strings.TrimSuffix(list.String(), "\n"))
	if a.Extra != "" {
		p = append(p, a.Extra)
	}
	var closing string
	switch {
	case a.Type == "a" && a.Config == "":
		closing = pick(h>>7,
			a.Name+" is installed once by a marketplace manager for the whole account; members don't need to do anything.",
			"An admin installs "+a.Name+" for everyone. There is nothing to set up afterwards.")
	case a.Type == "a" && a.Config == "ext":
		closing = pick(h>>7,
			"A marketplace manager installs "+a.Name+" once for the account; setup then continues on the "+d.Name+" site.",
			"Installed by an admin for the whole account. "+d.Name+" walks you through the rest of the setup on its own site.")
	case a.Type == "a":
		var words []string
		for _, f := range fields[:min(2, len(fields))] {
			words = append(words, nouns[f.Key])
		}
		closing = pick(h>>7,
			"A marketplace manager installs "+a.Name+" for the whole account and sets the "+joinWords(words)+" in a short form.",
			"Installed once by an admin, who then chooses the "+joinWords(words)+". Members see it working right away.")
	case a.Config == "":
		closing = pick(h>>7,
			"Install it for yourself and it works right away; nobody else in your account is affected.",
			"There's nothing to configure: install it and it's ready.",
			"It's a personal app: installing it changes nothing for your colleagues.")
	case a.Config == "ext":
		closing = pick(h>>7,
			"After you install it, "+d.Name+" opens its own setup page to finish connecting your account.",
			"Setup finishes on the "+d.Name+" website, where you link your existing account.")
	default:
		var words []string
		for _, f := range fields[:min(2, len(fields))] {
			words = append(words, nouns[f.Key])
		}
		closing = pick(h>>7,
			"After installing, set the "+joinWords(words)+" in the settings form. You can change them at any time.",
			"Once installed, a short form asks for the "+joinWords(words)+"; everything else has sensible defaults.")
	}
	if !strings.Contains(a.Extra, "](") && (h>>11)%10 < 4 {
		base := "https://" + d.Domain
		closing += " " + pick(h>>15,
			"Read the [getting-started guide]("+base+"/docs/"+a.ID+"/getting-started).",
			"Questions? The [help center]("+base+"/support) has answers.",
			"See [plans and pricing]("+base+"/pricing).",
			"Follow the [changelog]("+base+"/changelog/"+a.ID+") for what's new.")
	}
	p = append(p, closing)
	return strings.Join(p, "\n\n")
}

// ---------------------------------------------------------------------------
// Generation

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// between picks a time in [a, b) at a plausible office hour, in UTC.
func between(r *rand.Rand, a, b time.Time) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	if days < 1 {
		days = 1
	}
	t := a.Truncate(24*time.Hour).AddDate(0, 0, r.IntN(days))
	return t.Add(time.Duration(7+r.IntN(11))*time.Hour + time.Duration(r.IntN(4)*15)*time.Minute)
}

func buildForm(spec string, id string) []field {
	var out []field
	for _, k := range strings.Split(spec, ",") {
		req := strings.HasSuffix(k, "*")
		k = strings.TrimSuffix(k, "*")
		f, ok := fieldDefs[k]
		if !ok {
			panic("unknown field " + k + " in " + id)
		}
		f.Key = k
		f.Required = req
		out = append(out, f)
	}
	return out
}

func main() {
	_, self, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(self))
	// Remove the SVGs of an earlier run (an app may have been renamed); leave
	// anything else in these folders alone.
	for _, dir := range []string{"icons", "screenshots"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			panic(err)
		}
		old, _ := filepath.Glob(filepath.Join(root, dir, "*.svg"))
		for _, f := range old {
			os.Remove(f)
		}
	}

	r := rand.New(rand.NewPCG(20261120, 7))
	usedLook := map[string]bool{}
	seen := map[string]bool{}
	out := feed{SchemaVersion: 1, Name: "Marketdesk demo catalog"}
	firstDay, lastPub := day("2022-01-03"), day("2026-09-28")
	octFirst, lastUpd := day("2026-10-01"), day("2026-11-20")

	for i, a := range apps {
		if seen[a.ID] {
			panic("duplicate id " + a.ID)
		}
		seen[a.ID] = true
		d, ok := developers[a.Dev]
		if !ok {
			panic("unknown developer " + a.Dev)
		}
		base := "https://" + d.Domain
		color := palette[(i*5)%len(palette)]
		for k := 1; usedLook[a.Glyph+color]; k++ {
			color = palette[(i*5+k*3)%len(palette)]
		}
		usedLook[a.Glyph+color] = true

		l := listing{
			ID: a.ID, Name: a.Name,
			Developer:  developerOut{d.Name, base, d.Verified},
			Summary:    a.Summary,
			Icon:       "icons/" + a.ID + ".svg",
			Categories: strings.Split(a.Cats, "|"),
			Keywords:   keywords[a.ID],
			Type:       map[string]string{"u": "user", "a": "account"}[a.Type],
			OAuth:      oauth{true, a.ID, "/callback"},
		}
		for _, s := range strings.Fields(a.Scopes) {
			def, ok := scopeDefs[s]
			if !ok {
				panic("unknown scope " + s + " in " + a.ID)
			}
			l.Scopes = append(l.Scopes, scopeOut{s, def.Desc, def.Sensitive})
		}
		switch {
		case a.Config == "":
			l.Config = config{Kind: "none"}
		case a.Config == "ext":
			l.Config = config{Kind: "external", URL: base + "/configure"}
		case strings.HasPrefix(a.Config, "form:"):
			l.Config = config{Kind: "form", Fields: buildForm(strings.TrimPrefix(a.Config, "form:"), a.ID)}
		default:
			panic("bad config for " + a.ID)
		}
		l.Description = description(a, d, l.Config.Fields)

		// Numbers, in a fixed order of draws.
		mu := 8.4
		if a.Type == "a" {
			mu = 7.3
		}
		installs := int64(math.Round(math.Exp(mu + 1.95*r.NormFloat64())))
		installs = max(50, min(500000, installs))
		rating := math.Round(max(2.8, min(4.9, 4.2+0.42*r.NormFloat64()))*10) / 10
		count := int64(float64(installs)*(0.008+0.05*r.Float64())) + int64(2+r.IntN(6))
		l.Stats = stats{installs, rating, min(count, installs)}

		pub := between(r, firstDay, lastPub)
		var upd time.Time
		if r.Float64() < 0.4 || pub.After(day("2026-09-01")) {
			from := octFirst
			if pub.After(from) {
				from = pub.AddDate(0, 0, 1)
			}
			upd = between(r, from, lastUpd)
		} else {
			upd = between(r, pub.AddDate(0, 0, 2), octFirst)
		}
		if upd.Before(pub) {
			upd = pub.Add(26 * time.Hour)
		}
		if !upd.Before(lastUpd) {
			upd = lastUpd.Add(-7 * time.Hour)
		}
		l.PublishedAt = pub.Format(time.RFC3339)
		l.UpdatedAt = upd.Format(time.RFC3339)
		years := upd.Sub(pub).Hours() / 24 / 365
		major := 1 + int(years*(0.4+0.8*r.Float64()))
		if pub.Year() == 2026 && r.IntN(3) == 0 {
			major = 0
		}
		l.Version = fmt.Sprintf("%d.%d.%d", major, r.IntN(15), r.IntN(10))
		l.Notes = releaseNotes[a.ID] // not from r: adding notes changes no other value

		l.Links = links{PrivacyPolicy: base + "/privacy", Terms: base + "/terms"}
		if r.IntN(10) < 9 {
			l.Links.Support = base + "/support"
		}
		if r.IntN(10) < 6 {
			l.Links.Documentation = base + "/docs/" + a.ID
		}
		if r.IntN(100) < 88 {
			l.Deauth = base + "/marketdesk/deauthorize"
		}

		// Files.
		write(filepath.Join(root, l.Icon), iconSVG(a.ID, color, a.Glyph, a.Name))
		if a.Shots != "" {
			lr := rand.New(rand.NewPCG(hashOf(a.ID), 1))
			lays := layoutsByCategory[l.Categories[0]]
			for n, caption := range strings.Split(a.Shots, "|") {
				path := fmt.Sprintf("screenshots/%s-%d.svg", a.ID, n+1)
				write(filepath.Join(root, path), screenshotSVG(a.Name, caption, color, layoutFor(caption, lays[n%len(lays)]), lr))
				l.Screenshots = append(l.Screenshots, shot{path, caption})
			}
		}
		out.Listings = append(out.Listings, l)
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
	write(filepath.Join(root, "catalog.json"), buf.String())

	cats := map[string]int{}
	for _, l := range out.Listings {
		for _, c := range l.Categories {
			cats[c]++
		}
	}
	names := make([]string, 0, len(cats))
	for c := range cats {
		names = append(names, c)
	}
	sort.Strings(names)
	fmt.Printf("%d listings in %d categories\n", len(out.Listings), len(cats))
	for _, c := range names {
		fmt.Printf("  %-26s %d\n", c, cats[c])
	}
}

func write(path, s string) {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		panic(err)
	}
}
