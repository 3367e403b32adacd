// `version`: the client's version always; the server's version and the context when --client is not given.
import { getServerVersion, type ServerVersion } from '../kube/discovery.js';
import { line, type Report } from '../report/report.js';
import { VERSION } from '../version.js';
import type { StepContext } from './context.js';

export interface VersionData {
  clientVersion: { version: string; nodeVersion: string; platform: string };
  serverVersion?: ServerVersion;
  context?: string;
  server?: string;
}

export interface VersionOptions { clientOnly: boolean }

export async function version(options: VersionOptions, ctx: StepContext): Promise<Report<VersionData>> {
  const data: VersionData = { clientVersion: { version: VERSION, nodeVersion: process.version, platform: `${process.platform}/${process.arch}` } };
  if (!options.clientOnly) {
    const conn = await ctx.connect();
    data.serverVersion = await getServerVersion(conn.client);
    data.context = conn.contextName || undefined;
    data.server = conn.server;
  }
  const lines = [line(`Client Version: ${VERSION}`)];
  if (data.serverVersion) {
    lines.push(line(`Server Version: ${data.serverVersion.gitVersion}`));
    if (data.context) lines.push(line(`Context: ${data.context}`));
    lines.push(line(`Server: ${data.server}`));
  }
  return { verb: 'version', outcome: 'ok', tables: [], lines, data };
}
