#!/usr/bin/env bash
# System packages the front-end tests drive: Debian's chromium (the web viewer's end-to-end tests,
# through playwright-core; no browser is ever downloaded), a CJK font for its screenshots, and
# tmux (the terminal dashboard's end-to-end tests), and LibreOffice's Writer without its GUI (the
# importer converts old Word .doc files with it; its test converts a real .doc). Installed only when
# missing; needs root and apt.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
fc-list 2>/dev/null | grep -qi 'noto sans cjk' || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "[reform] missing ${missing[*]}: install them (Debian: apt-get install -y ${missing[*]}); the front-end tests need them" >&2
  exit 0
fi
echo "[reform] installing ${missing[*]} (Debian packages)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
