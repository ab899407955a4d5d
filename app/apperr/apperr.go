// Package apperr defines the typed errors that services return and the one
// formatter that turns them into {code, message} for the UI and the CLI.
package apperr

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error kind; the UI keys its messages on it.
type Code string

const (
	NotFound    Code = "not_found"
	Forbidden   Code = "forbidden"
	Invalid     Code = "invalid_input"
	Conflict    Code = "conflict"
	Unavailable Code = "unavailable" // a dependency (keychain, network, server) is not reachable
	Internal    Code = "internal"
)

// Error is a typed error with a message meant for people.
type Error struct {
	Code    Code
	Message string
	Err     error // the cause, for logs and errors.Is; never shown as is
	// Fields names every field a form must correct, so that the UI can show
	// each problem next to its field in its own words (Message says it all
	// in one line, for the CLI and logs).
	Fields []FieldError
}

// FieldError is one field of a form that was refused, and why, as keys the
// UI renders from its locale file.
type FieldError struct {
	Field  string `json:"field"`  // the input's JSON name, e.g. "email"
	Reason string `json:"reason"` // required, too_long, not_email, ...
}

// Fields reasons shared by the forms.
const (
	ReasonRequired = "required"
	ReasonTooLong  = "too_long"
	ReasonNotEmail = "not_email"
)

// InvalidFields is the one error of a form with several refused fields;
// message is the whole story in one line.
func InvalidFields(fields []FieldError, message string) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields}
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// New returns a typed error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns a typed error that keeps cause for errors.Is/As.
func Wrap(code Code, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}

// Coded is implemented by errors of other packages that know their code.
type Coded interface {
	error
	AppCode() Code
}

// Payload is what the UI receives when a bound method fails.
type Payload struct {
	Code    Code         `json:"code"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
}

// CodeOf returns the code of err, Internal when it has none.
func CodeOf(err error) Code {
	var typed *Error
	if errors.As(err, &typed) {
		return typed.Code
	}
	var coded Coded
	if errors.As(err, &coded) {
		return coded.AppCode()
	}
	return Internal
}

// PayloadOf is the {code, message} of err (the CLI prints it with --json).
func PayloadOf(err error) Payload {
	p := Payload{Code: CodeOf(err), Message: err.Error()}
	var typed *Error
	if errors.As(err, &typed) {
		p.Fields = typed.Fields
	}
	return p
}

// Format is the one error formatter Wails calls for every error a bound
// method returns. It returns the payload as a JSON string: Wails v2 rejects
// the promise with new Error(value), which would turn an object into
// "[object Object]"; the frontend's toAppError parses the string back.
func Format(err error) any {
	if err == nil {
		return nil
	}
	body, _ := json.Marshal(PayloadOf(err))
	return string(body)
}
