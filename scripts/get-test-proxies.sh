#!/bin/sh
# Unpacks Debian's tinyproxy (HTTP CONNECT proxy) and microsocks (SOCKS5 proxy) into .tools/proxies for the connection
# matrix tests (test/net). Idempotent; never installs system-wide. Unlike kubectl 1.20 these are not optional: the
# matrix tests fail without them, so this script says loudly when it cannot get them (and exits 0 so npm test still
# runs and reports those failures).
set -u
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
DEST="$ROOT/.tools/proxies"
if [ -x "$DEST/usr/bin/tinyproxy" ] && [ -x "$DEST/usr/bin/microsocks" ]; then echo "tinyproxy and microsocks already in $DEST"; exit 0; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 0
PACKAGES="tinyproxy-bin microsocks"
if ! apt-get download $PACKAGES >/dev/null 2>&1; then
  apt-get update >/dev/null 2>&1 || true
  if ! apt-get download $PACKAGES >/dev/null 2>&1; then
    echo "ERROR: could not download $PACKAGES with apt-get: the proxy tests (test/net) will FAIL" >&2; exit 0
  fi
fi
mkdir -p "$DEST"
for deb in "$TMP"/*.deb; do
  dpkg -x "$deb" "$DEST" || { echo "ERROR: dpkg -x $deb failed: the proxy tests (test/net) will FAIL" >&2; exit 0; }
done
echo "tinyproxy and microsocks unpacked to $DEST"
exit 0
