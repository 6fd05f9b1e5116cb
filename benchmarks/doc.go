// Package benchmarks measures lambdaroute against a hand-written floor and
// against peer libraries on the same Lambda events. Everything lives in
// _test.go files; run the suite with ./run, which prints a table of medians
// with ratios to the floor and writes it to RESULTS.md.
//
// The package is its own module so that the peers' dependencies (chi, huma,
// aws-lambda-go-api-proxy, sonic, go-json) stay out of the library's go.mod.
package benchmarks
