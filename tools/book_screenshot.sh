#!/usr/bin/env bash
# Renders one page of the built book in headless Chromium with no network at all (a fresh
# network namespace), so a screenshot shows whether math, figures and styles load offline.
# Usage: tools/book_screenshot.sh introduction.html /tmp/intro.png [height]
# Needs: mdbook build book; apt-get install chromium; root (for unshare -n).
set -euo pipefail
page=${1:?page of book/build, e.g. introduction.html}
out=${2:?png to write}
height=${3:-1900}
root=$(cd "$(dirname "$0")/.." && pwd)
profile=$(mktemp -d)
unshare -n chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --user-data-dir="$profile" \
  --window-size=1100,"$height" --virtual-time-budget=5000 \
  --screenshot="$out" "file://$root/book/build/$page" 2>/dev/null
rm -rf "$profile"
echo "wrote $out"
