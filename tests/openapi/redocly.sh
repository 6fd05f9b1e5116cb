#!/usr/bin/env bash
# Lints the golden OpenAPI documents under testdata/ with Redocly CLI's
# recommended rules. Needs Node.js; npx fetches @redocly/cli from the npm
# registry on the first run. Regenerate the documents first with
#   go test ./tests/openapi -run TestGoldenDocuments -update
# when the generator changed.
set -euo pipefail
cd "$(dirname "$0")"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npx --yes @redocly/cli@2.77.0 lint --config redocly.yaml testdata/small.json testdata/large.json
