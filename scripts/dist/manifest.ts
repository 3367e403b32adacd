// Renders the krew manifest template (plugin.yaml at the repository root) for a release: version, and each
// platform's archive URI and sha256. Text substitution, so the template's layout and wrapping survive as written.
import { load } from 'js-yaml';

export interface ServedArchive { archive: string; sha256: string }

export interface RenderOptions {
  version: string;                          // "v0.1.0"
  baseUrl: string;                          // release download URL, without the trailing slash
  served: Map<string, ServedArchive>;       // "linux/amd64" → the archive krew installs there
  /** A development build of some targets only: drop every platform not built, not just the optional ones. */
  partial?: boolean;
}

/** <homepage>/releases/download/<version>: where a GitHub release of the homepage's repository keeps its assets. */
export function defaultBaseUrl(template: string, version: string): string {
  const homepage = (load(template) as { spec?: { homepage?: string } }).spec?.homepage;
  if (!homepage) throw new Error('plugin.yaml has no spec.homepage to derive the release URL from; pass --base-url');
  return `${homepage.replace(/\/+$/, '')}/releases/download/${version}`;
}

const PLATFORM_REF = /\{\{(uri|sha256) ([a-z0-9]+\/[a-z0-9]+)(\?)?\}\}/g;

export function renderManifest(template: string, opts: RenderOptions): string {
  // The leading comment block documents the template itself, not the rendered manifest.
  const body = template.replace(/^(#[^\n]*\n)+/, '');
  const marker = /^  platforms:\n/m.exec(body);
  if (!marker) throw new Error('plugin.yaml: no "  platforms:" list');
  const head = body.slice(0, marker.index + marker[0].length);
  const items = body.slice(marker.index + marker[0].length).split(/^(?=  - )/m);
  const kept = items.filter((item) => {
    for (const [, , platform, optional] of item.matchAll(PLATFORM_REF)) {
      if (opts.served.has(platform as string)) continue;
      if (optional || opts.partial) return false;
      throw new Error(`plugin.yaml wants an archive for ${platform}, and none was built`);
    }
    return true;
  });
  const text = (head + kept.join(''))
    .replaceAll('{{version}}', opts.version)
    .replace(PLATFORM_REF, (_all, field: string, platform: string) => {
      const served = opts.served.get(platform) as ServedArchive;
      return field === 'uri' ? `${opts.baseUrl.replace(/\/+$/, '')}/${served.archive}` : served.sha256;
    });
  const left = /\{\{[^}]*\}\}/.exec(text);
  if (left) throw new Error(`plugin.yaml: unknown placeholder ${left[0]}`);
  return text;
}
