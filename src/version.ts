// The plugin's own version, from package.json (inlined by the bundler for the standalone binary).
import pkg from '../package.json' with { type: 'json' };

export const VERSION = `v${pkg.version}`;
export const USER_AGENT = `kubectl-calico_migrate/${VERSION}`;
