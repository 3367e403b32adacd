#!/bin/sh
# unpack-debs.sh NAME CHECK PACKAGE...: downloads Debian packages with apt-get (refreshing the lists once if needed) and
# unpacks them with dpkg -x into .tools/NAME, unless .tools/NAME/CHECK already exists. Never installs system-wide. The
# tests that need them fail without them, so it says loudly when it cannot (and exits 0 so npm test still reports).
set -u
NAME=$1; CHECK=$2; shift 2
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
DEST="$ROOT/.tools/$NAME"
if [ -x "$DEST/$CHECK" ]; then echo "$* already in $DEST"; exit 0; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 0
if ! apt-get download "$@" >/dev/null 2>&1; then
  apt-get update >/dev/null 2>&1 || true
  if ! apt-get download "$@" >/dev/null 2>&1; then
    echo "ERROR: could not download $* with apt-get: the tests that use .tools/$NAME will FAIL" >&2; exit 0
  fi
fi
mkdir -p "$DEST"
for deb in "$TMP"/*.deb; do
  dpkg -x "$deb" "$DEST" || { echo "ERROR: dpkg -x $deb failed: the tests that use .tools/$NAME will FAIL" >&2; exit 0; }
done
echo "$* unpacked to $DEST"
exit 0
