// Every verb of the contract, in the order of Calico's documented procedure.
import backup from './backup.js';
import check from './check.js';
import cleanup from './cleanup.js';
import completion from './completion.js';
import migrate from './migrate.js';
import options from './options.js';
import rbac from './rbac.js';
import restore from './restore.js';
import rollback from './rollback.js';
import run from './run.js';
import verify from './verify.js';
import version from './version.js';
import type { Verb } from '../verb.js';

export const VERBS: readonly Verb[] = [check, backup, migrate, verify, rbac, cleanup, restore, rollback, run, version, completion, options];
