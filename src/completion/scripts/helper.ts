// The kubectl_complete-calico_migrate helper shipped in every archive. kubectl (>= 1.26) runs it with the words typed
// after `kubectl calico-migrate` and reads one candidate per line plus a final ":<directive>" line. Krew does not
// install it (krew#812): the README tells users to copy it next to the plugin on PATH.
import { BINARY, COMPLETE_ENTRY, HELPER } from '../shells.js';

/** POSIX sh, for Linux and macOS archives. */
export const helperSh = (): string => `#!/bin/sh
# ${HELPER}: kubectl (>= 1.26) runs this to complete \`kubectl calico-migrate ...\`.
# Keep it on PATH next to ${BINARY}, e.g. in "\${KREW_ROOT:-$HOME/.krew}/bin".
exec ${BINARY} completion ${COMPLETE_ENTRY} -- "$@"
`;

/** cmd.exe, for the Windows archive: kubectl finds it through PATHEXT (.CMD). CRLF line ends. */
export const helperCmd = (): string => [
  '@echo off',
  `rem ${HELPER}.cmd: kubectl (>= 1.26) runs this to complete "kubectl calico-migrate ...".`,
  `rem Keep it on PATH next to ${BINARY}.exe.`,
  `${BINARY}.exe completion ${COMPLETE_ENTRY} -- %*`,
  '',
].join('\r\n');
