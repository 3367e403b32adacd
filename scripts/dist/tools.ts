// The Debian tools the build needs beyond Node: installed with apt-get when missing, so a fresh CI machine
// needs nothing but the repository and npm ci.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A command looked up on PATH, or a file that must exist (libraries, programs outside PATH). */
export interface Tool { command?: string; path?: string; debianPackage: string }

export const STRIP: Tool = { command: 'strip', debianPackage: 'binutils' };
export const STRIP_ARM64: Tool = { command: 'aarch64-linux-gnu-strip', debianPackage: 'binutils-aarch64-linux-gnu' };
export const OSSLSIGNCODE: Tool = { command: 'osslsigncode', debianPackage: 'osslsigncode' };

// Emulators and shells for npm run test:dist.
export const QEMU_ARM64: Tool = { command: 'qemu-aarch64', debianPackage: 'qemu-user' };
export const LIBC_ARM64: Tool = { path: '/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1', debianPackage: 'libc6-arm64-cross' };
export const LIBSTDCXX_ARM64: Tool = { path: '/usr/aarch64-linux-gnu/lib/libstdc++.so.6', debianPackage: 'libstdc++6-arm64-cross' };
export const WINE64: Tool = { path: '/usr/lib/wine/wine64', debianPackage: 'wine64' };
export const ZSH: Tool = { command: 'zsh', debianPackage: 'zsh' };
export const FISH: Tool = { command: 'fish', debianPackage: 'fish' };
export const BASH_COMPLETION: Tool = { path: '/usr/share/bash-completion/bash_completion', debianPackage: 'bash-completion' };

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v "${command}"`], { stdio: 'ignore' }).status === 0;
}

const present = (t: Tool): boolean => (t.command ? onPath(t.command) : existsSync(t.path as string));
const label = (t: Tool): string => t.command ?? (t.path as string);

let updated = false;

export function ensureTools(tools: Tool[]): void {
  const missing = tools.filter((t) => !present(t));
  if (!missing.length) return;
  const packages = [...new Set(missing.map((t) => t.debianPackage))];
  const asRoot = process.getuid?.() === 0;
  if (!onPath('apt-get') || (!asRoot && !onPath('sudo'))) {
    throw new Error(`missing ${missing.map(label).join(', ')}: install the Debian/Ubuntu packages ${packages.join(' ')}`);
  }
  const run = (args: string[]): void => {
    const [cmd, ...rest] = asRoot ? args : ['sudo', '-n', ...args];
    execFileSync(cmd as string, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  console.error(`installing ${packages.join(' ')} (for ${missing.map(label).join(', ')})`);
  if (!updated) { run(['apt-get', 'update', '-qq']); updated = true; }
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
  const still = missing.filter((t) => !present(t));
  if (still.length) throw new Error(`installed ${packages.join(' ')}, but ${still.map(label).join(', ')} is still missing`);
}
