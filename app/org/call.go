package org

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
)

// SendJSON sends in (nil: no body) to path with method and reads the answer
// into out (nil: ignored). The server's refusals come back typed as GetJSON's
// do: signed out, offline, or the apperr code of its status.
func (c *Client) SendJSON(ctx context.Context, method, path string, in, out any) error {
	_, err := c.SendJSONStatus(ctx, method, path, in, out)
	return err
}

// SendJSONStatus is SendJSON that also tells the success status (201
// Created or 200 OK for a PUT that may create).
func (c *Client) SendJSONStatus(ctx context.Context, method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(raw) // replayable: a 401 sends it again
	}
	req, err := c.NewRequest(ctx, method, path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer drain(resp)
	if err := statusError(c, resp); err != nil {
		return 0, err
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, json.NewDecoder(io.LimitReader(resp.Body, maxJSONBytes)).Decode(out)
}
