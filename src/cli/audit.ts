// The audit record a change ticket can use: after a verb that writes to the cluster ends (however it ends: done,
// refused, failed, interrupted), one JSON line appended to audit.jsonl in the backup directory it worked with. The
// record never fails the verb: when it cannot be written, one line on stderr says so.
import path from 'node:path';
import { appendAuditRecord } from '../backup/audit-log.js';
import { holdsBackup, newestDefaultDirectory } from '../backup/default-directory.js';
import type { CertificateIdentity } from '../kube/certificate-identity.js';
import type { Connection } from '../kube/connection.js';
import { redactArgv, redactText, withoutUserinfo } from '../kube/redact.js';
import type { WriteEntry } from '../kube/write-log.js';
import { VERSION } from '../version.js';
import type { Io } from '../io.js';
import { changesTheCluster } from './target-line.js';
import type { GlobalArgs } from './flags.js';
import type { Verb } from './verb.js';

export interface AuditRecord {
  verb: string;
  argv: string[];
  context: string | null;
  server: string | null;
  namespace: string;
  /**
   * Who the server was asked to act as, as far as the client knows it: the kubeconfig user; with a client certificate,
   * the user and groups the server reads from it (CN, O); and impersonation.
   */
  user: { name: string; certificate?: CertificateIdentity; impersonate?: { user?: string; groups?: string[]; uid?: string } } | null;
  tool: { name: string; version: string };
  startedAt: string;
  endedAt: string;
  exitCode: number;
  /** The error that ended the verb (exit 2, 3, 130, 143), redacted. */
  error?: string;
  /** Reads and writes as sent (a retry counts again); access reviews are POSTs that change nothing. */
  requests: { reads: number; writes: number; retries: number; accessReviews: number };
  writes: WriteEntry[];
}

export interface FinishedRun {
  verb: Verb;
  argv: string[];
  args: GlobalArgs & Record<string, unknown>;
  connection: Connection | undefined;
  startedAt: Date;
  exitCode: number;
  error?: string;
}

/** Appends the run's record, or says on stderr why none was written. A dry-run or a usage error that sent nothing has none. */
export async function recordRun(run: FinishedRun, io: Io): Promise<void> {
  const record = auditRecord(run, new Date());
  const wrote = record.writes.length > 0;
  if (!wrote && (!run.verb.writesToCluster || run.args['dry-run'] === true || run.exitCode === 4)) return;
  const dir = await auditDirectory(run, io.cwd);
  if (!dir.path) {
    // Said only when something was changed without a record: a run that wrote nothing (refused, failed before its
    // first write) keeps its error to the contract's one or two lines.
    if (wrote) io.stderr.write(`note: no audit record was written: ${dir.why}\n`);
    return;
  }
  try {
    await appendAuditRecord(dir.path, record);
  } catch (err) {
    io.stderr.write(`warning: no audit record was written to ${dir.path}: ${(err as Error).message}\n`);
  }
}

export function auditRecord(run: FinishedRun, endedAt: Date): AuditRecord {
  const conn = run.connection;
  const sent = conn?.client.writeLog ?? [];
  const writes = sent.filter((w) => changesTheCluster(w));
  const impersonate = conn?.config.impersonate;
  return {
    verb: run.verb.name,
    argv: redactArgv(run.argv),
    context: conn ? conn.contextName : null,
    server: conn ? withoutUserinfo(conn.server) : null,
    namespace: conn?.namespace ?? run.args.namespace,
    user: conn ? {
      name: conn.config.userName,
      ...(conn.certificate ? { certificate: conn.certificate } : {}),
      ...(impersonate?.user || impersonate?.groups.length ? {
        impersonate: {
          ...(impersonate.user ? { user: impersonate.user } : {}),
          ...(impersonate.groups.length ? { groups: impersonate.groups } : {}),
          ...(impersonate.uid ? { uid: impersonate.uid } : {}),
        },
      } : {}),
    } : null,
    tool: { name: 'kubectl-calico_migrate', version: VERSION },
    startedAt: run.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    exitCode: run.exitCode,
    ...(run.error ? { error: redactText(run.error) } : {}),
    requests: {
      reads: conn?.client.stats.reads ?? 0,
      writes: writes.length,
      retries: conn?.client.stats.retries ?? 0,
      accessReviews: sent.length - writes.length,
    },
    writes,
  };
}

/**
 * The backup directory the verb worked with (--backup, or run's -d); without one, the newest backup of the context in
 * the current directory, as backup and run name it by default. Only a directory holding a backup gets the record.
 */
async function auditDirectory(run: FinishedRun, cwd: string): Promise<{ path?: string; why: string }> {
  const given = [run.args.backup, run.args.dir].find((d): d is string => typeof d === 'string' && d !== '');
  if (given) {
    const dir = path.resolve(cwd, given);
    return (await holdsBackup(dir)) ? { path: dir, why: '' } : { why: `${dir} holds no backup` };
  }
  const context = run.connection?.contextName;
  const found = context === undefined ? undefined : await newestDefaultDirectory(cwd, context);
  return found ? { path: found, why: '' } : { why: `no backup directory (no --backup DIR, and no calico-backup-${context ?? '<context>'}-<timestamp> in ${cwd})` };
}
