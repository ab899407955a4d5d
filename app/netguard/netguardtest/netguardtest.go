// Package netguardtest helps tests build guards over local https servers:
// servers on chosen loopback addresses, a pool that trusts only them, and a
// classifier that says which 127.0.0.x counts as public or private (tests
// only ever connect to 127.0.0.0/8).
package netguardtest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"marketdesk/app/netguard"
)

// TLSServerOn starts an https test server listening on ip (a 127.0.0.x),
// with its own self-signed certificate for ip and example.com.
func TLSServerOn(t testing.TB, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	if a := netip.MustParseAddr(ip); !a.IsLoopback() {
		t.Fatalf("tests listen on loopback only, not %s", ip)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{selfSigned(t, ip)}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// Trusting is a pool of the test servers' certificates and nothing else.
func Trusting(servers ...*httptest.Server) *x509.CertPool {
	pool := x509.NewCertPool()
	for _, s := range servers {
		pool.AddCert(s.Certificate())
	}
	return pool
}

// Classes is a classifier: the listed loopback addresses count as the given
// class, every other address as netguard.Classify says.
func Classes(m map[string]netguard.Class) func(netip.Addr) netguard.Class {
	return func(a netip.Addr) netguard.Class {
		if c, ok := m[a.Unmap().String()]; ok {
			return c
		}
		return netguard.Classify(a)
	}
}

// Guard is a guard trusting only servers, with classes as its classifier
// and hosts as its resolver (names not in hosts do not resolve).
func Guard(sandbox func() string, classes map[string]netguard.Class, hosts Hosts, servers ...*httptest.Server) *netguard.Guard {
	if hosts == nil {
		hosts = Hosts{}
	}
	return netguard.New(netguard.Config{Sandbox: sandbox, RootCAs: Trusting(servers...), Classify: Classes(classes), Resolver: hosts})
}

// Hosts is a resolver seam: each name resolves to the loopback address
// given; other names do not resolve.
type Hosts map[string]string

// LookupNetIP implements netguard.Resolver.
func (h Hosts) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	ip, ok := h[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host (test resolver)", Name: host, IsNotFound: true}
	}
	return []netip.Addr{netip.MustParseAddr(ip)}, nil
}

// LoopbackIsPublic makes 127.0.0.1 count as a public address: the test
// servers play sites on the internet.
var LoopbackIsPublic = map[string]netguard.Class{"127.0.0.1": netguard.Public}

func selfSigned(t testing.TB, ip string) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: ip},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
		IPAddresses: []net.IP{net.ParseIP(ip)}, DNSNames: []string{"example.com"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
