package apperr

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

type keychainDown struct{}

func (keychainDown) Error() string { return "keychain down" }
func (keychainDown) AppCode() Code { return Unavailable }

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Payload
	}{
		{"typed", New(Forbidden, "only managers may do %s", "this"), Payload{Forbidden, "only managers may do this", nil}},
		{"wrapped typed", fmt.Errorf("outer: %w", New(NotFound, "no such app")), Payload{NotFound, "outer: no such app", nil}},
		{"coded", fmt.Errorf("save: %w", keychainDown{}), Payload{Unavailable, "save: keychain down", nil}},
		{"plain", errors.New("boom"), Payload{Internal, "boom", nil}},
		{"fields", fmt.Errorf("init: %w", InvalidFields([]FieldError{{"name", ReasonRequired}, {"email", ReasonNotEmail}}, "a name is required")),
			Payload{Invalid, "init: a name is required", []FieldError{{"name", ReasonRequired}, {"email", ReasonNotEmail}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PayloadOf(tt.err); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("PayloadOf() = %#v, want %#v", got, tt.want)
			}
			var back Payload
			if err := json.Unmarshal([]byte(Format(tt.err).(string)), &back); err != nil || !reflect.DeepEqual(back, tt.want) {
				t.Fatalf("Format() = %v, want the JSON of %#v", Format(tt.err), tt.want)
			}
		})
	}
	if Format(nil) != nil {
		t.Fatal("Format(nil) should be nil")
	}
}

func TestWrapKeepsCause(t *testing.T) {
	cause := errors.New("disk full")
	err := Wrap(Internal, cause, "could not save")
	if !errors.Is(err, cause) {
		t.Fatal("Wrap lost its cause")
	}
	if err.Error() != "could not save" {
		t.Fatalf("message = %q", err.Error())
	}
}
