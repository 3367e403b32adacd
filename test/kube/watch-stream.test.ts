// A watch answer read as it arrives: events one per line in chunks cut anywhere; the stream is done at the event
// waited for, at an ERROR event, or at a line that is not JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WatchStream } from '../../src/kube/watch-stream.js';
import type { WatchEvent } from '../../src/kube/client.js';

const line = (type: string, name: string): string => `${JSON.stringify({ type, object: { metadata: { name } } })}\n`;

/** Feeds `text` cut every `size` bytes; returns the outcome, the chunk that decided it, and the names seen. */
function feed(text: string, size: number, waitFor: string) {
  const seen: string[] = [];
  const stream = new WatchStream((e: WatchEvent) => {
    const name = (e.object as { metadata: { name: string } }).metadata.name;
    seen.push(`${e.type} ${name}`);
    return name === waitFor;
  });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) {
    const outcome = stream.write(bytes.subarray(i, i + size));
    if (outcome) return { outcome, at: i, seen, events: stream.events };
  }
  return { outcome: undefined, at: -1, seen, events: stream.events };
}

test('events cut anywhere, a multi-byte name split too, are read whole; the one waited for ends the stream', () => {
  const text = line('ADDED', 'a') + line('MODIFIED', 'zürich-東京') + line('MODIFIED', 'b') + line('ADDED', 'c');
  for (const size of [1, 2, 3, 7, 64, text.length]) {
    const r = feed(text, size, 'b');
    assert.is(r.outcome, 'met', `chunks of ${size}`);
    assert.equal(r.seen, ['ADDED a', 'MODIFIED zürich-東京', 'MODIFIED b'], `chunks of ${size}`);
    assert.is(r.events, 3);
  }
});

test('an ERROR event (410 Gone) or a line that is not JSON ends the stream, not met; blank lines are skipped', () => {
  const gone = `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })}\n`;
  assert.is(feed(line('ADDED', 'a') + gone + line('ADDED', 'b'), 5, 'b').outcome, 'ended');
  assert.is(feed(`\n\r\n${line('ADDED', 'a')}{"type":\n${line('ADDED', 'b')}`, 4, 'b').outcome, 'ended');
  assert.is(feed(`\n\n${line('ADDED', 'b')}`, 3, 'b').outcome, 'met');
  assert.is(feed('null\n', 1, 'b').outcome, 'ended');
});

test('a stream that stops mid-event decides nothing', () => {
  const r = feed(line('ADDED', 'a') + line('ADDED', 'b').slice(0, 20), 8, 'b');
  assert.equal([r.outcome, r.seen], [undefined, ['ADDED a']]);
});

test.run();
