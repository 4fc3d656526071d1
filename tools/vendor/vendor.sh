#!/usr/bin/env bash
# Installs the pinned browser libraries (package.json + package-lock.json) and copies their browser
# builds into Cem.Functions/Pages/Assets/, where they are embedded and served by the Asset function.
# The copies are committed, so the app needs no npm at run time; run this after changing a version.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
assets="$here/../../Cem.Functions/Pages/Assets"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
# Chart.js's UMD build defines window.Chart; it keeps its licence header.
# The source map is not shipped, so its comment is dropped (no 404 for the .map).
sed -e "/^\/\/# sourceMappingURL=/d" node_modules/chart.js/dist/chart.umd.min.js > "$assets/chart.umd.min.js"
head -c 300 "$assets/chart.umd.min.js" | grep -q "Released under the MIT License" || { echo "chart.js licence header missing" >&2; exit 1; }
echo "vendored chart.js $(node -p "require('./node_modules/chart.js/package.json').version")"
