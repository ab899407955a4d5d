package cli

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	flags := map[string]string{}
	tests := []struct {
		args    []string
		want    Invocation
		wantErr bool
	}{
		{nil, Invocation{Flags: flags}, false},
		{[]string{"--data-dir", "/d"}, Invocation{DataDir: "/d", Flags: flags}, false},
		{[]string{"--data-dir=/d", "doctor", "--json"}, Invocation{Command: "doctor", DataDir: "/d", JSON: true, Flags: flags}, false},
		{[]string{"doctor", "--data-dir", "/d"}, Invocation{Command: "doctor", DataDir: "/d", Flags: flags}, false},
		{[]string{"--help"}, Invocation{Command: "help", Flags: flags}, false},
		{[]string{"catalog", "add", "https://x.example/f.json"}, Invocation{Command: "catalog add", Args: []string{"https://x.example/f.json"}, Flags: flags}, false},
		{[]string{"apps", "search", "notes", "--category", "Sales & CRM", "--type=user"},
			Invocation{Command: "apps search", Args: []string{"notes"}, Flags: map[string]string{"category": "Sales & CRM", "type": "user"}}, false},
		{[]string{"apps", "search", "--", "-notes"}, Invocation{Command: "apps search", Args: []string{"-notes"}, Flags: flags}, false},
		{[]string{"--data-dir"}, Invocation{}, true},
		{[]string{"nope"}, Invocation{}, true},
		{[]string{"--nope"}, Invocation{}, true},
		{[]string{"doctor", "extra"}, Invocation{}, true},
		{[]string{"catalog"}, Invocation{}, true},
		{[]string{"catalog", "frob"}, Invocation{}, true},
		{[]string{"apps", "show"}, Invocation{}, true},
		{[]string{"apps", "show", "x", "--category", "y"}, Invocation{}, true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.args)
		if (err != nil) != tt.wantErr {
			t.Errorf("Parse(%q) err = %v, wantErr %v", tt.args, err, tt.wantErr)
			continue
		}
		if err != nil {
			if !IsUsage(err) {
				t.Errorf("Parse(%q) error %v is not a usage error", tt.args, err)
			}
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

func TestSetSecretTakesOnlyAKey(t *testing.T) {
	inv, err := Parse([]string{"configure", "board", "--set-secret", "api_key", "--set-secret=token", "--set", "channel=x"})
	if err != nil || len(inv.SecretKeys) != 2 || inv.SecretKeys[0] != "api_key" || inv.SecretKeys[1] != "token" {
		t.Fatalf("Parse = %+v, %v", inv, err)
	}
	for _, args := range [][]string{
		{"configure", "board", "--set-secret", "api_key=sk_live_123"}, // the value would land in argv
		{"configure", "board", "--set-secret=api_key=sk_live_123"},
		{"configure", "board", "--set-secret"},
		{"installed", "list", "--set-secret", "api_key"},
	} {
		if _, err := Parse(args); !IsUsage(err) {
			t.Errorf("Parse(%q) = %v, want a usage error", args, err)
		}
	}
}
