package netguard

import (
	"context"
	"net/netip"
)

// Class is the kind of an address, and the "origin class" of a request: the
// class of the source its URL came from. A request may reach addresses of its
// origin's class or more public ones, never more local ones; link-local and
// other special addresses are never reached. The zero value, Public, is the
// strictest and the default when a request names no origin.
type Class uint8

const (
	// Public addresses: the internet. Requests for a feed served from the
	// internet (and requests that name no origin) reach only these.
	Public Class = iota
	// Private addresses: RFC 1918, carrier-grade NAT, IPv6 unique-local. An
	// intranet feed served from one may use intranet assets and servers.
	Private
	// Loopback is this machine. Only sources on this machine (a feed file, the
	// embedded catalog, a feed URL typed for localhost) may reach it.
	Loopback
	// Forbidden: link-local (169.254/16 and fe80::/10, where cloud metadata
	// lives), multicast, broadcast, unspecified. Never dialled.
	Forbidden
)

func (c Class) String() string {
	switch c {
	case Public:
		return "public"
	case Private:
		return "private"
	case Loopback:
		return "loopback"
	}
	return "link-local or special"
}

// allows says whether a request of origin class o may reach an address of class dest.
func (o Class) allows(dest Class) bool { return dest != Forbidden && dest <= o }

var (
	cgnat     = netip.MustParsePrefix("100.64.0.0/10")
	thisNet   = netip.MustParsePrefix("0.0.0.0/8")
	broadcast = netip.MustParseAddr("255.255.255.255")
)

// Classify is the default classifier of an address.
func Classify(a netip.Addr) Class {
	a = a.Unmap()
	switch {
	case a.IsLoopback():
		return Loopback
	case a.IsUnspecified(), a.Is4() && thisNet.Contains(a), a == broadcast,
		a.IsLinkLocalUnicast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast(), a.IsMulticast():
		return Forbidden // 0.0.0.0 reaches this machine on Linux: never dial it
	case a.IsPrivate(), a.Is4() && cgnat.Contains(a):
		return Private
	}
	return Public
}

type originKey struct{}

// WithOrigin marks the requests made with ctx as made for a source of class c.
func WithOrigin(ctx context.Context, c Class) context.Context {
	if c == Forbidden {
		c = Public
	}
	return context.WithValue(ctx, originKey{}, c)
}

// OriginFrom is the origin class ctx carries; Public (the strictest) when none.
func OriginFrom(ctx context.Context) Class {
	c, _ := ctx.Value(originKey{}).(Class)
	return c
}
