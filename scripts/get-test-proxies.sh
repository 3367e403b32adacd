#!/bin/sh
# Debian's tinyproxy (HTTP CONNECT proxy) and microsocks (SOCKS5 proxy) in .tools/proxies, for the connection matrix
# tests (test/net). Unlike kubectl 1.20 these are not optional: the matrix tests fail without them.
exec sh "$(dirname -- "$0")/unpack-debs.sh" proxies usr/bin/microsocks tinyproxy-bin microsocks
