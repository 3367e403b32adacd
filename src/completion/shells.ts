// The shells `completion` writes scripts for, and the names the scripts and the kubectl helper use.
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const isShell = (value: string): value is Shell => (SHELLS as readonly string[]).includes(value);

/** The executable kubectl runs for `kubectl calico-migrate` (krew links it under this name). */
export const BINARY = 'kubectl-calico_migrate';
/** kubectl >= 1.26 runs this, when it is on PATH, to complete `kubectl calico-migrate …` (it looks for `kubectl_complete-<plugin>`). */
export const HELPER = 'kubectl_complete-calico_migrate';
/** The hidden entry the helper and the shell scripts call: `completion __complete -- WORD…`. */
export const COMPLETE_ENTRY = '__complete';
