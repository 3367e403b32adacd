// `version`: the client's version always; the server's version and the context when --client is not given.
import type { VerbContext } from '../cli/context.js';
import type { GlobalArgs } from '../cli/flags.js';
import { getServerVersion, type ServerVersion } from '../kube/discovery.js';
import { line, type Report } from '../report/report.js';
import { VERSION } from '../version.js';

export interface VersionData {
  clientVersion: { version: string; nodeVersion: string; platform: string };
  serverVersion?: ServerVersion;
  context?: string;
  server?: string;
}

export async function version(args: GlobalArgs & { client: boolean }, ctx: VerbContext): Promise<Report<VersionData>> {
  const data: VersionData = { clientVersion: { version: VERSION, nodeVersion: process.version, platform: `${process.platform}/${process.arch}` } };
  if (!args.client) {
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
