package org

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// tokenResponse is RFC 6749 §5.1/§5.2.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Error        string `json:"error"`
	Description  string `json:"error_description"`
}

func (t tokenResponse) expiry(issued time.Time) time.Time {
	if t.ExpiresIn <= 0 {
		return issued.Add(time.Minute) // unknown: renew soon rather than use a dead token
	}
	return issued.Add(time.Duration(t.ExpiresIn) * time.Second)
}

// grantRefusedError is the server's invalid_grant: the refresh token is
// spent, revoked or expired.
type grantRefusedError struct{ description string }

func (e *grantRefusedError) Error() string { return "invalid_grant: " + e.description }

// postToken posts a token request and checks the answer.
func postToken(ctx context.Context, client *http.Client, endpoint string, form url.Values) (tokenResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return tokenResponse{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return tokenResponse{}, ctx.Err()
		}
		return tokenResponse{}, &OfflineError{Server: origin(endpoint), Cause: err}
	}
	defer resp.Body.Close()
	var t tokenResponse
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&t); err != nil && resp.StatusCode == http.StatusOK {
		return tokenResponse{}, fmt.Errorf("the organization server's token answer is not JSON: %v", err)
	}
	switch {
	case t.Error == "invalid_grant":
		return tokenResponse{}, &grantRefusedError{description: trimLine(t.Description)}
	case resp.StatusCode >= 500:
		return tokenResponse{}, &OfflineError{Server: origin(endpoint), Cause: fmt.Errorf("it answered %s", resp.Status)}
	case resp.StatusCode != http.StatusOK:
		return tokenResponse{}, fmt.Errorf("the organization server refused to renew the sign-in: %s %s", resp.Status, trimLine(t.Error+" "+t.Description))
	case !strings.EqualFold(t.TokenType, "bearer") || t.AccessToken == "" || t.RefreshToken == "":
		return tokenResponse{}, fmt.Errorf("the organization server's token answer lacks a Bearer access token or a refresh token")
	}
	return t, nil
}

func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return clip(raw)
	}
	return u.Scheme + "://" + u.Host
}
