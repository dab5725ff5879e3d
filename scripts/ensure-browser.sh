#!/usr/bin/env bash
# Make sure the browser tests can run: Debian's chromium (driven by Playwright) and a Japanese
# font (IPAex Gothic) for the pages and the PDF report. Installs the Debian packages if missing
# (needs root).
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'ipaexgothic' || missing+=(fonts-ipaexfont-gothic)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
