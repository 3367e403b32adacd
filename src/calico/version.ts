// calico/node image references and their versions (docs/calico-data.md#detection, #inferred): `quay.io/calico/node:v2.4.1` is v2.4,
// `calico/node:v2.5.1` is v2.5. A tag that is not a version (`latest`, a digest only) is unknown.

export interface ImageRef {
  /** Registry and path without tag or digest, e.g. `quay.io/calico/node`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export interface CalicoVersion {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release, e.g. `rc1` for `v2.4.0-rc1`. */
  pre?: string;
}

export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  // A `:` after the last `/` is a tag; before it, it is a registry port (`registry:5000/calico/node`).
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Whether the image is calico/node from any registry (`calico/node`, `quay.io/calico/node`, `docker.io/calico/node`, …). */
export function isCalicoNodeImage(image: string): boolean {
  const { repository } = parseImageRef(image);
  return repository === 'calico/node' || repository.endsWith('/calico/node');
}

/** `v2.4.1`, `2.5.1`, `v2.4.0-rc1` → version; anything else → undefined. */
export function parseCalicoVersion(text: string): CalicoVersion | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(text.trim());
  if (!m) return undefined;
  const version: CalicoVersion = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  if (m[4] !== undefined) version.pre = m[4];
  return version;
}

/** The Calico version of a calico/node image, or undefined when its tag is not a version. */
export function calicoNodeImageVersion(image: string): CalicoVersion | undefined {
  const { tag } = parseImageRef(image);
  return tag === undefined ? undefined : parseCalicoVersion(tag);
}

/** Semver precedence: negative when a < b; a pre-release sorts before its release. */
export function compareVersions(a: CalicoVersion, b: CalicoVersion): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] - b[key];
  if (a.pre === b.pre) return 0;
  if (a.pre === undefined) return 1;
  if (b.pre === undefined) return -1;
  return comparePre(a.pre, b.pre);
}

// Semver: dot-separated identifiers; numeric ones compare as numbers and sort before alphanumeric ones.
function comparePre(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb && Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
    if (na !== nb) return na ? -1 : 1;
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

/** Whether `v` is at least major.minor (pre-releases of that minor count as below it, e.g. v2.5.0-rc1 < v2.5). */
export function isAtLeast(v: CalicoVersion, major: number, minor: number): boolean {
  return compareVersions(v, { major, minor, patch: 0 }) >= 0;
}

export function formatVersion(v: CalicoVersion): string {
  return `v${v.major}.${v.minor}.${v.patch}${v.pre !== undefined ? `-${v.pre}` : ''}`;
}
