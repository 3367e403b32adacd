#!/bin/sh
# Unpacks Debian's kubectl 1.20 (package kubernetes-client) into .tools/kubectl-1.20 for the fidelity tests.
# Idempotent; never installs system-wide; exits 0 with a message when it cannot get the package.
set -u
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
DEST="$ROOT/.tools/kubectl-1.20"
BIN="$DEST/usr/bin/kubectl"
if [ -x "$BIN" ]; then echo "kubectl 1.20 already at $BIN"; exit 0; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 0
if ! apt-get download kubernetes-client >/dev/null 2>&1; then
  # The package lists may be missing or stale; refresh them once and retry.
  apt-get update >/dev/null 2>&1 || true
  if ! apt-get download kubernetes-client >/dev/null 2>&1; then
    echo "could not download kubernetes-client with apt-get; the 1.20 kubectl tests will not run"; exit 0
  fi
fi
DEB=$(ls "$TMP"/kubernetes-client_*.deb 2>/dev/null | head -n 1)
if [ -z "$DEB" ]; then echo "apt-get download produced no .deb; skipping"; exit 0; fi
mkdir -p "$DEST"
if ! dpkg -x "$DEB" "$DEST"; then echo "dpkg -x failed; skipping"; exit 0; fi
if [ -x "$BIN" ]; then echo "kubectl 1.20 unpacked to $BIN"; else echo "no kubectl in $DEB; skipping"; fi
exit 0
