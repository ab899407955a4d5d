package manage

import (
	"os"
	"strings"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
)

func f64(v float64) *float64 { return &v }

func TestCheckValue(t *testing.T) {
	opts := []catalog.FieldOption{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}
	tests := []struct {
		field catalog.ConfigField
		value any
		ok    bool
	}{
		{catalog.ConfigField{Type: "text", Required: true}, "", false},
		{catalog.ConfigField{Type: "text"}, "", true},
		{catalog.ConfigField{Type: "text"}, "one\ntwo", false},
		{catalog.ConfigField{Type: "multiline"}, "one\ntwo", true},
		{catalog.ConfigField{Type: "number", Min: f64(1), Max: f64(10)}, 5.0, true},
		{catalog.ConfigField{Type: "number", Min: f64(1), Max: f64(10)}, 0.0, false},
		{catalog.ConfigField{Type: "number", Min: f64(1), Max: f64(10)}, 11.0, false},
		{catalog.ConfigField{Type: "number"}, "5", false},
		{catalog.ConfigField{Type: "toggle"}, true, true},
		{catalog.ConfigField{Type: "toggle"}, "yes", false},
		{catalog.ConfigField{Type: "select", Options: opts}, "a", true},
		{catalog.ConfigField{Type: "select", Options: opts}, "z", false},
		{catalog.ConfigField{Type: "multiselect", Options: opts}, []any{"a", "b"}, true},
		{catalog.ConfigField{Type: "multiselect", Options: opts}, []any{"a", "z"}, false},
		{catalog.ConfigField{Type: "url"}, "https://ok.example/x", true},
		{catalog.ConfigField{Type: "url"}, "javascript:alert(1)", false},
		{catalog.ConfigField{Type: "email"}, "ann@acme.example", true},
		{catalog.ConfigField{Type: "email"}, "not an email", false},
		{catalog.ConfigField{Type: "secret", Required: true}, "s3cret", true},
		{catalog.ConfigField{Type: "secret", Required: true}, "", false},
	}
	for _, tt := range tests {
		_, msg := checkValue(tt.field, tt.value)
		if (msg == "") != tt.ok {
			t.Errorf("%s %v: message %q, want ok=%v", tt.field.Type, tt.value, msg, tt.ok)
		}
	}
}

func TestConfigureFormValidationSecretsAndActivation(t *testing.T) {
	f := setup(t, app("board", "user", map[string]any{"kind": "form", "fields": formFields}, ""))
	inst := f.install(t, "board", f.m)
	if inst.Status != install.StatusNeedsConfiguration {
		t.Fatalf("status after install = %s", inst.Status)
	}
	st, err := f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"channel": "", "limit": 500.0, "api_key": ""})
	if err != nil {
		t.Fatal(err)
	}
	if st.Errors["channel"] == "" || st.Errors["limit"] == "" || st.Errors["api_key"] == "" {
		t.Fatalf("errors next to the fields: %+v", st.Errors)
	}
	if got, _ := f.installer.Get(f.ctx, inst.ID); got.Status != install.StatusNeedsConfiguration {
		t.Fatal("a refused save must change nothing")
	}
	secret := "sk_live_VERY_SECRET_123"
	st, err = f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"channel": "#general", "limit": 20.0, "mode": "safe",
		"days": []any{"mon"}, "site": "https://acme.example", "owner_email": "ann@acme.example", "api_key": secret})
	if err != nil || len(st.Errors) > 0 {
		t.Fatalf("valid save: %+v %v", st.Errors, err)
	}
	if st.Status != install.StatusActive {
		t.Fatalf("status after a complete save = %s", st.Status)
	}
	if got, err := f.vault.Get(f.ctx, secretKey(inst.ID, "api_key")); err != nil || got != secret {
		t.Fatalf("the secret is not in the keychain: %v", err)
	}
	for _, field := range st.Fields {
		if field.Key == "api_key" && field.Value != SecretMask {
			t.Fatalf("the secret must come back masked, got %v", field.Value)
		}
	}
	// Change one value; leaving the secret masked keeps it.
	st, _ = f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"channel": "#team", "api_key": SecretMask})
	if len(st.Errors) > 0 {
		t.Fatalf("second save: %+v", st.Errors)
	}
	if got, _ := f.vault.Get(f.ctx, secretKey(inst.ID, "api_key")); got != secret {
		t.Fatal("a masked secret must be kept")
	}
	// The secret never reaches SQLite.
	f.db.Writer.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(f.db.Path + suffix)
		if strings.Contains(string(data), secret) {
			t.Fatalf("the secret is in %s%s", f.db.Path, suffix)
		}
	}
	// Other users may not configure it.
	if _, err := f.manager.Save(f.ctx, f.owner, inst.ID, map[string]any{"channel": "#x"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("configuring someone else's app: %v", err)
	}
}

func TestAccountLevelAppsAreReadOnlyForMembers(t *testing.T) {
	f := setup(t, app("ledger", "account", map[string]any{"kind": "form", "fields": formFields[:1]}, ""))
	inst := f.install(t, "ledger", f.owner)
	st, err := f.manager.Configuration(f.ctx, f.m, inst.ID)
	if err != nil || !st.ReadOnly {
		t.Fatalf("member's view: %+v %v", st, err)
	}
	if _, err := f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"channel": "#x"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("member configuring an account-level app: %v", err)
	}
	if err := f.manager.Remove(f.ctx, f.m, inst.ID, false); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("member removing an account-level app: %v", err)
	}
	if st, _ := f.manager.Save(f.ctx, f.owner, inst.ID, map[string]any{"channel": "#x"}); len(st.Errors) > 0 || st.Status != install.StatusActive {
		t.Fatalf("the owner configures it: %+v", st)
	}
}

func TestExternalConfiguration(t *testing.T) {
	f := setup(t, app("ext", "user", map[string]any{"kind": "external", "url": "https://ext.example/configure"}, ""))
	inst := f.install(t, "ext", f.m)
	st, err := f.manager.Configuration(f.ctx, f.m, inst.ID)
	if err != nil || !strings.Contains(st.ExternalURL, "installation_id=") || st.Status != install.StatusNeedsConfiguration {
		t.Fatalf("external: %+v %v", st, err)
	}
	if st, _ = f.manager.FinishExternal(f.ctx, f.m, inst.ID); st.Status != install.StatusActive {
		t.Fatalf("after I've finished configuring: %+v", st)
	}
}

// A newer catalog adds a required field: values are kept, the app needs
// configuration again and the form says what is new.
func TestSchemaChangesKeepValuesAndAskForNewFields(t *testing.T) {
	f := setup(t, app("board", "user", map[string]any{"kind": "form", "fields": formFields[:2]}, ""))
	inst := f.install(t, "board", f.m)
	f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"channel": "#general", "limit": 20.0})
	f.db.Writer.Exec(`UPDATE listings SET details = json_set(details, '$.configuration.fields[#]',
		json('{"key":"region","label":"Region","type":"text","required":true}')) WHERE id = 'board'`)
	st, err := f.manager.Configuration(f.ctx, f.m, inst.ID)
	if err != nil || st.Status != install.StatusNeedsConfiguration || strings.Join(st.Missing, ",") != "region" {
		t.Fatalf("after the schema change: %+v %v", st, err)
	}
	for _, field := range st.Fields {
		switch field.Key {
		case "channel":
			if field.Value != "#general" {
				t.Errorf("kept value = %v", field.Value)
			}
		case "region":
			if !strings.Contains(field.Note, "New") {
				t.Errorf("the new field should say so: %q", field.Note)
			}
		}
	}
}

// A required field the form shows with its default is not "still needed":
// the default is a value, and Save submits it.
func TestARequiredFieldWithADefaultIsNotMissing(t *testing.T) {
	fields := []map[string]any{
		{"key": "notebook", "label": "Notebook", "type": "text", "required": true, "default": "Team notes"},
		{"key": "region", "label": "Region", "type": "select", "required": true,
			"options": []map[string]any{{"value": "eu", "label": "EU"}}},
	}
	f := setup(t, app("notes", "user", map[string]any{"kind": "form", "fields": fields}, ""))
	inst := f.install(t, "notes", f.m)
	st, err := f.manager.Configuration(f.ctx, f.m, inst.ID)
	if err != nil || strings.Join(st.Missing, ",") != "region" {
		t.Fatalf("missing = %v (%v); want only the field without a default", st.Missing, err)
	}
	if st.Fields[0].Value != "Team notes" {
		t.Fatalf("the form shows the default: %+v", st.Fields[0])
	}
	st, err = f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"notebook": "Team notes", "region": "eu"})
	if err != nil || len(st.Errors) > 0 || st.Status != install.StatusActive || !st.Fields[0].IsSet {
		t.Fatalf("saving the default: %+v %v", st, err)
	}
}
