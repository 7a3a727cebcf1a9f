#!/usr/bin/env bash
# Rebuilds src/tidings/web/static/vendor/ from npm: Vega, Vega-Lite, vega-interpreter (so that
# charts run under a Content-Security-Policy without 'unsafe-eval') and the world-atlas
# TopoJSON countries. Run by a developer when upgrading; never at install or run time.
# Usage: bash src/tidings/web/vendor.sh   (needs node and npm; works in a temp dir)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/static/vendor"
VEGA=6.4.0 VEGA_LITE=6.5.0 INTERPRETER=2.3.2 WORLD_ATLAS=2.0.2 ESBUILD=0.25.12
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund --ignore-scripts \
  "vega@$VEGA" "vega-lite@$VEGA_LITE" "vega-interpreter@$INTERPRETER" "world-atlas@$WORLD_ATLAS" "esbuild@$ESBUILD"
nm="$tmp/node_modules"
# vega-interpreter ships only as an ES module importing vega-util: bundle it as a classic
# script that takes those three functions from the global `vega` (vega.min.js exports them)
cat > shim.js <<'JS'
const v = self.vega;
export const ascending = v.ascending, isString = v.isString, DisallowedObjectProperties = v.DisallowedObjectProperties;
JS
"$nm/.bin/esbuild" "$nm/vega-interpreter/build/vega-interpreter.js" --bundle --minify --format=iife \
  --global-name=vegaInterpreter --alias:vega-util=./shim.js --log-level=warning \
  --outfile=vega-interpreter.min.js
rm -rf "$out" && mkdir -p "$out"
cp "$nm/vega/build/vega.min.js" "$nm/vega-lite/build/vega-lite.min.js" vega-interpreter.min.js \
  "$nm/world-atlas/countries-110m.json" "$out/"
for pkg in vega vega-lite vega-interpreter world-atlas; do cp "$nm/$pkg/LICENSE" "$out/LICENSE-$pkg.txt"; done
# vega.min.js bundles d3 and a few small packages: their licences, one file
{
  for pkg in $(ls "$nm" | grep -E '^(d3-|delaunator|robust-predicates|internmap|topojson-client)' ); do
    echo "== $pkg $(node -p "require('$nm/$pkg/package.json').version") =="
    cat "$nm/$pkg/LICENSE"* 2>/dev/null
    echo
  done
} > "$out/LICENSE-vega-bundled.txt"
{
  echo "vega $VEGA, vega-lite $VEGA_LITE, vega-interpreter $INTERPRETER, world-atlas $WORLD_ATLAS (countries-110m)"
  echo "built by src/tidings/web/vendor.sh"
} > "$out/VERSIONS.txt"
du -sh "$out"
