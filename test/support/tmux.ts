// A real terminal for the tests: Debian's tmux (unpacked into .tools/tmux by scripts/get-tmux.sh, npm's pretest) on a
// private socket, one detached session of a given size running one command. The tests type into it and read back
// what a person would see (capture-pane), including what has scrolled away; the server is killed when the test ends.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(new URL('../../.tools/tmux', import.meta.url).pathname);
const BIN = path.join(ROOT, 'usr/bin/tmux');

/** Where tmux's libraries were unpacked (the multiarch directory differs per machine). */
function libraryPath(): string {
  const lib = path.join(ROOT, 'usr/lib');
  const arch = existsSync(lib) ? readdirSync(lib).find((d) => existsSync(path.join(lib, d, 'libevent_core-2.1.so.7'))) : undefined;
  return [path.join(lib, arch ?? ''), path.join(ROOT, 'lib')].join(':');
}

export const tmuxMissing = (): string | undefined => (existsSync(BIN) ? undefined : `no tmux in ${ROOT} (scripts/get-tmux.sh unpacks it)`);

export interface Terminal {
  /** What the terminal holds, scrollback included; wrapped lines joined; with `escapes`, colour codes kept. */
  screen(escapes?: boolean): Promise<string>;
  /** Waits until the screen matches (at most timeoutMs), and returns it. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The bytes the command wrote to the terminal, as written (escape sequences, \r, \n). */
  raw(): string;
  /** Types text (e.g. "y" then Enter). */
  type(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** `command` (argv) in a terminal of `columns`×`rows`, with `env` added; the pane stays after it exits, with its status. */
export async function openTerminal(command: string[], opts: { columns: number; rows?: number; env?: Record<string, string>; cwd?: string }): Promise<Terminal> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmux-'));
  const socket = path.join(dir, 'sock');
  // The test runner's own colour settings are not the terminal's.
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...inherited } = process.env;
  const env = { ...inherited, LD_LIBRARY_PATH: libraryPath(), TMUX: '', TMUX_TMPDIR: dir };
  const tmux = async (...args: string[]): Promise<string> => (await run(BIN, ['-S', socket, '-f', '/dev/null', ...args], { env, timeout: 10_000 })).stdout;
  const quoted = command.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const exports = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`).join(' ');
  // The exit status is printed so a test can wait for the end; the shell then waits so the pane stays readable.
  // The history limit applies to panes made after it is set: one command line sets it, then makes the session. The
  // command waits for a first Enter, so that the pane's output is piped to a file from its first byte.
  const log = path.join(dir, 'raw');
  await tmux('start-server', ';', 'set-option', '-g', 'history-limit', '100000', ';',
    'new-session', '-d', '-s', 't', '-x', String(opts.columns), '-y', String(opts.rows ?? 50), ...(opts.cwd ? ['-c', opts.cwd] : []),
    `read -r _; clear; env ${exports} ${quoted}; echo "[exit $?]"; sleep 600`);
  await tmux('pipe-pane', '-o', '-t', 't', `cat >> '${log}'`);
  await tmux('send-keys', '-t', 't', 'Enter');
  const screen = async (escapes = false): Promise<string> => tmux('capture-pane', '-p', '-J', '-S', '-', '-E', '-', ...(escapes ? ['-e'] : []), '-t', 't');
  return {
    screen,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    raw: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    async type(...keys) { await tmux('send-keys', '-t', 't', ...keys); },
    async close() {
      await tmux('kill-server').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
