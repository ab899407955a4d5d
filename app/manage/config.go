// Package manage configures and removes installations: the in-app
// configuration form (secrets in the keychain), the app's own configuration
// page, and removal as a durable sequence that revokes tokens, deletes
// secrets and settings, and notifies the developer through the outbox.
package manage

import (
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"marketdesk/app/catalog"
)

// SecretMask stands for a secret that is set; it is never the secret.
const SecretMask = "••••••••"

// checkValue validates one submitted value against its field and returns the
// normalized value, or a message for the person ("" value means unset).
func checkValue(f catalog.ConfigField, v any) (any, string) {
	if isEmpty(v) {
		if f.Required {
			return nil, "This field is required."
		}
		return nil, ""
	}
	switch f.Type {
	case "text", "multiline", "secret":
		s, ok := v.(string)
		if !ok {
			return nil, "Enter text."
		}
		if f.Type != "multiline" && strings.ContainsAny(s, "\r\n") {
			return nil, "Enter a single line."
		}
		if utf8.RuneCountInString(s) > 4000 {
			return nil, "Enter at most 4000 characters."
		}
		return s, ""
	case "number":
		n, ok := number(v)
		if !ok {
			return nil, "Enter a number."
		}
		if f.Min != nil && n < *f.Min {
			return nil, fmt.Sprintf("Enter %v or more.", *f.Min)
		}
		if f.Max != nil && n > *f.Max {
			return nil, fmt.Sprintf("Enter %v or less.", *f.Max)
		}
		return n, ""
	case "toggle":
		b, ok := v.(bool)
		if !ok {
			return nil, "Choose on or off."
		}
		return b, ""
	case "select":
		s, ok := v.(string)
		if !ok || !hasOption(f, s) {
			return nil, "Choose one of the options."
		}
		return s, ""
	case "multiselect":
		list, ok := stringList(v)
		if !ok {
			return nil, "Choose from the options."
		}
		for _, s := range list {
			if !hasOption(f, s) {
				return nil, fmt.Sprintf("%q is not one of the options.", s)
			}
		}
		if f.Required && len(list) == 0 {
			return nil, "Choose at least one."
		}
		return list, ""
	case "url":
		s, _ := v.(string)
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, "Enter a web address starting with https://."
		}
		return s, ""
	case "email":
		s, _ := v.(string)
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			return nil, "Enter an email address like name@example.com."
		}
		return s, ""
	}
	return nil, "This field type is not supported."
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case []string:
		return len(x) == 0
	}
	return false
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case json.Number:
		n, err := x.Float64()
		return n, err == nil
	case int:
		return float64(x), true
	}
	return 0, false
}

func stringList(v any) ([]string, bool) {
	switch x := v.(type) {
	case []string:
		return x, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func hasOption(f catalog.ConfigField, value string) bool {
	return slices.ContainsFunc(f.Options, func(o catalog.FieldOption) bool { return o.Value == value })
}
