// This file makes deploy/cdk a module of its own, with no Go code, so that
// `go build ./...` and `go vet ./...` at the repository root skip it. After
// `npm install`, node_modules holds the aws-cdk CLI's Go project templates,
// which are not valid Go files.
module github.com/lambdaroute/lambdaroute/deploy/cdk

go 1.26
