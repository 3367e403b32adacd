// The shape of a verb: its yargs wiring and a run() that returns a Report. One small file per verb in ./verbs/.
import type { Argv } from 'yargs';
import type { Report } from '../report/report.js';
import type { VerbContext } from './context.js';
import type { GlobalArgs } from './flags.js';

export interface Verb<A = Record<string, unknown>> {
  command: string;
  describe: string;
  builder?: (y: Argv<GlobalArgs>) => Argv<GlobalArgs & A>;
  examples?: Array<[string, string]>;
  /** Absent while the verb is not built yet: main says so and exits 2. */
  run?: (args: GlobalArgs & A, ctx: VerbContext) => Promise<Report>;
}

export const defineVerb = <A>(verb: Verb<A>): Verb<A> => verb;
