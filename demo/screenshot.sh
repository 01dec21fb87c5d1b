#!/bin/sh
# `npm run demo:screenshot`: renders demo-output/offboarding-demo.html with headless Chromium
# into demo-output/offboarding-demo.png (runs the demo first when the page is missing).
set -eu
cd "$(dirname "$0")/.."
page="demo-output/offboarding-demo.html"
png="demo-output/offboarding-demo.png"

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
done
if [ -z "$browser" ]; then
  echo "demo:screenshot: Chromium is not installed; install it with: sudo apt-get install chromium" >&2
  exit 1
fi

if [ ! -f "$page" ]; then npx tsx demo/run.ts >/dev/null; fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$png" --window-size=1280,2400 "file://$(pwd)/$page" >/dev/null 2>&1 || {
  echo "demo:screenshot: $browser failed to render $page" >&2
  exit 1
}
echo "$png"
