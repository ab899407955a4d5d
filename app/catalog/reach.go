package catalog

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"syscall"
)

// hostOf is the host of a feed URL, as people know it (no scheme or path).
func hostOf(location string) string {
	if u, err := url.Parse(location); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return location
}

// reachProblem says in a few words why a feed's server could not be reached,
// and the fix: what the person can check. The kinds come from the resolver,
// the socket and TLS; anything else is "the connection failed".
func reachProblem(err error) string {
	var dns *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var badCert *tls.CertificateVerificationError
	var timeout interface{ Timeout() bool }
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "there is no server by that name. Check the address."
	case errors.As(err, &dns):
		return "its name could not be looked up. Check your network connection."
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the server refused the connection. Check the address, or try again later."
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &timeout) && timeout.Timeout():
		return "the server did not answer in time. Check your network connection, or try again later."
	case errors.As(err, &unknownCA), errors.As(err, &badHost), errors.As(err, &badCert):
		return "its certificate is not valid for this address, so the connection is not safe. Ask the feed's publisher to fix it."
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "this computer is not connected to a network that reaches it. Check your network connection."
	}
	return "the connection failed. Check your network connection, or try again later."
}
