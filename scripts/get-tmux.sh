#!/bin/sh
# Debian's tmux, and the two libraries it needs beyond libc, in .tools/tmux for the terminal tests (test/terminal):
# a real terminal the tests drive and read back.
exec sh "$(dirname -- "$0")/unpack-debs.sh" tmux usr/bin/tmux tmux libevent-core-2.1-7 libutempter0
