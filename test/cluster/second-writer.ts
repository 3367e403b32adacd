// A second writer acting at a chosen request: the moment a request matching `match` arrives (after its body is read,
// before the server handles it), `act` runs against the store — creating, changing or deleting objects exactly in
// the window between the tool's last read and its write. With `phase: 'after'` it runs once the request was handled
// and before the answer is sent (e.g. "a write lands right after the tool's re-list").
import type { Store } from './store.js';

export interface RequestInfo { method: string; path: string; query: URLSearchParams }

export interface SecondWriterOptions {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Path to match: an exact string or a pattern (any when omitted). */
  path?: string | RegExp;
  /** Further condition on the request. */
  where?: (req: RequestInfo) => boolean;
  /** How many matching requests trigger `act` (default 1); `Infinity` for every one. */
  times?: number;
  /** Skip this many matching requests before the first trigger (default 0). */
  skip?: number;
  /** Run before the request is handled (default) or after it, before the answer leaves. */
  phase?: 'before' | 'after';
}

export interface SecondWriter {
  /** How many times `act` has run. */
  readonly fired: number;
  /** Stop acting. */
  remove(): void;
}

interface Hook { opts: SecondWriterOptions; act: (store: Store, req: RequestInfo) => unknown; seen: number; fired: number; removed: boolean }

export class SecondWriters {
  private hooks: Hook[] = [];

  add(opts: SecondWriterOptions, act: (store: Store, req: RequestInfo) => unknown): SecondWriter {
    const hook: Hook = { opts, act, seen: 0, fired: 0, removed: false };
    this.hooks.push(hook);
    return {
      get fired() { return hook.fired; },
      remove: () => { hook.removed = true; },
    };
  }

  /** Runs every hook of this phase that matches; an exception from `act` fails loudly in the server log. */
  async run(phase: 'before' | 'after', store: Store, req: RequestInfo): Promise<void> {
    for (const hook of this.hooks) {
      if (hook.removed || (hook.opts.phase ?? 'before') !== phase || !matches(hook.opts, req)) continue;
      hook.seen++;
      if (hook.seen <= (hook.opts.skip ?? 0) || hook.fired >= (hook.opts.times ?? 1)) continue;
      hook.fired++;
      await hook.act(store, req);
    }
  }

  get active(): boolean { return this.hooks.some((h) => !h.removed); }
}

function matches(o: SecondWriterOptions, req: RequestInfo): boolean {
  if (o.method && o.method.toUpperCase() !== req.method) return false;
  if (typeof o.path === 'string' && o.path !== req.path) return false;
  if (o.path instanceof RegExp && !o.path.test(req.path)) return false;
  return !o.where || o.where(req);
}
