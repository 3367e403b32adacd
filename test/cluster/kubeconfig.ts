// Kubeconfig with a token context per user plus a client-certificate context for the admin.
import { dump } from 'js-yaml';
import type { Pki } from './tls.js';
import type { ScenarioUser } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function kubeconfigYaml(url: string, pki: Pki, users: Record<string, ScenarioUser>): string {
  const names = ['admin', ...Object.keys(users).filter((u) => u !== 'admin')];
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: 'fake-1.7', cluster: { server: url, 'certificate-authority-data': b64(pki.ca) } }],
    users: [
      ...names.map((n) => ({ name: n, user: { token: users[n]!.token } })),
      { name: 'admin-cert', user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) } },
    ],
    contexts: [
      ...names.map((n) => ({ name: n, context: { cluster: 'fake-1.7', user: n, namespace: 'default' } })),
      { name: 'admin-cert', context: { cluster: 'fake-1.7', user: 'admin-cert', namespace: 'default' } },
    ],
    'current-context': 'admin',
  };
  return dump(config, { lineWidth: -1 });
}
