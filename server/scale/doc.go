// Package scale holds the organization server's scale benchmark (issue 11,
// acceptance 4): thousands of simulated desktops, each with an event stream
// and ETag polls of the catalog feed and its policy, against two real
// marketdesk-server processes on one PostgreSQL. It has no code of its own;
// the benchmark is in scale_bench_test.go, run by `make bench`.
// Figures: docs/performance.md, "Organization server: 10,000 desktops".
package scale
