// A tiny HTTPS client for the tests: trusts the test CA, authenticates by token or client certificate.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { Cluster } from './index.js';
import { loadPki } from './tls.js';

export interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any }

export interface CallOptions { user?: string; cert?: boolean; body?: unknown; contentType?: string; headers?: Record<string, string>; agent?: https.Agent }

export function call(cluster: Cluster, method: string, path: string, o: CallOptions = {}): Promise<Reply> {
  const url = new URL(path, cluster.url);
  const pki = loadPki();
  const headers: Record<string, string> = { Accept: 'application/json', ...o.headers };
  if (!o.cert) headers.Authorization = `Bearer ${cluster.users[o.user ?? 'admin']!.token}`;
  const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  if (body !== undefined) headers['Content-Type'] = o.contentType ?? 'application/json';
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method, headers, ca: readFileSync(cluster.caPath), agent: o.agent,
      ...(o.cert ? { cert: pki.adminCert, key: pki.adminKey } : {}),
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
