package cli

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		args    []string
		want    Invocation
		wantErr bool
	}{
		{nil, Invocation{}, false},
		{[]string{"--data-dir", "/d"}, Invocation{DataDir: "/d"}, false},
		{[]string{"--data-dir=/d", "doctor", "--json"}, Invocation{Command: "doctor", DataDir: "/d", JSON: true}, false},
		{[]string{"doctor", "--data-dir", "/d"}, Invocation{Command: "doctor", DataDir: "/d"}, false},
		{[]string{"--help"}, Invocation{Command: "help"}, false},
		{[]string{"version", "--json"}, Invocation{Command: "version", JSON: true}, false},
		{[]string{"--data-dir"}, Invocation{}, true},
		{[]string{"nope"}, Invocation{}, true},
		{[]string{"--nope"}, Invocation{}, true},
		{[]string{"doctor", "extra"}, Invocation{}, true},
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
