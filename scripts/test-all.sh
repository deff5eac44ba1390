#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest: types, engine and protocols
# (Vitest, including the worker-runner equal-hash tests), then the built page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
bash scripts/ensure-chromium.sh
npx tsc --noEmit -p tsconfig.json
npx vitest run
npx vite build --logLevel warn
npx playwright test
