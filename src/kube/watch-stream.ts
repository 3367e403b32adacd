// A watch answer as it arrives: one JSON event per line (`{"type":"MODIFIED","object":{…}}`), chunks cut anywhere,
// even inside a UTF-8 character. Each event goes to the caller's test; the stream is done once an event passes it,
// or at an ERROR event (410 Gone: the resourceVersion is too old) or a line that is not JSON.
import { StringDecoder } from 'node:string_decoder';
import type { WatchEvent } from './client.js';

export type WatchOutcome = 'met' | 'ended';

export class WatchStream {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  /** Events handed to the test so far. */
  events = 0;

  constructor(private readonly onEvent: (event: WatchEvent) => boolean) {}

  /** The outcome once this chunk decides it; undefined while the watch goes on. */
  write(chunk: Buffer): WatchOutcome | undefined {
    this.partial += this.decoder.write(chunk);
    for (let nl = this.partial.indexOf('\n'); nl !== -1; nl = this.partial.indexOf('\n')) {
      const line = this.partial.slice(0, nl).trim();
      this.partial = this.partial.slice(nl + 1);
      if (!line) continue;
      let event: WatchEvent;
      try {
        event = JSON.parse(line) as WatchEvent;
      } catch {
        return 'ended';
      }
      if (typeof event !== 'object' || event === null || event.type === 'ERROR') return 'ended';
      this.events++;
      if (this.onEvent(event)) return 'met';
    }
    return undefined;
  }
}
