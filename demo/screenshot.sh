#!/bin/sh
# `npm run demo:screenshot [-- PAGE.html [OUT_DIR]]`: the whole demo page, top to bottom, as PNGs
# at desktop width (1280 px) and phone width (390 px), rendered by Debian's headless Chromium
# (driven by playwright-core, a devDependency: it downloads no browser of its own).
#   demo-output/offboarding-demo.png        desktop
#   demo-output/offboarding-demo-phone.png  phone
# Runs the demo first when the default page is missing. Needs Chromium and a colour emoji font:
#   sudo apt-get install chromium fonts-noto-color-emoji
# CHROMIUM=/path/to/chrome picks another browser.
set -eu
cd "$(dirname "$0")/.."
page="${1:-demo-output/offboarding-demo.html}"
out="${2:-$(dirname "$page")}"
name="$(basename "$page" .html)"

browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$(command -v "$candidate")"; break; fi
  done
fi
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
  echo "demo:screenshot: Chromium is not installed; install it with: sudo apt-get install chromium fonts-noto-color-emoji" >&2
  exit 1
fi

# Without a colour emoji font Chromium draws 🔒 and 📁 as empty boxes.
emoji=""
if command -v fc-list >/dev/null 2>&1; then
  fc-list 2>/dev/null | grep -qi 'Noto Color Emoji' && emoji=yes
fi
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] && emoji=yes
if [ -z "$emoji" ]; then
  echo "demo:screenshot: no colour emoji font, emoji would show as boxes; install it with: sudo apt-get install fonts-noto-color-emoji" >&2
  exit 1
fi

if [ ! -f "$page" ]; then
  if [ "$#" -gt 0 ]; then
    echo "demo:screenshot: $page does not exist" >&2
    exit 1
  fi
  npx tsx demo/run.ts >/dev/null
fi
mkdir -p "$out"

# The flags this machine's Chromium needs headless (no sandbox as root, no GPU, no background
# connections, which a closed network refuses); playwright adds --headless and a fresh profile.
node --input-type=module - "$browser" "$page" "$out/$name.png" "$out/$name-phone.png" <<'EOF'
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [browserPath, page, desktopPng, phonePng] = process.argv.slice(2);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('demo:screenshot: playwright-core is missing; run npm ci');
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: browserPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
});
try {
  for (const [png, width] of [[desktopPng, 1280], [phonePng, 390]]) {
    const tab = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready);
    // fullPage: the whole document, however tall, not the first screenful.
    await tab.screenshot({ path: png, fullPage: true });
    const height = await tab.evaluate(() => document.documentElement.scrollHeight);
    console.log(`${png} (${width} × ${height} px)`);
    await tab.close();
  }
} finally {
  await browser.close();
}
EOF
