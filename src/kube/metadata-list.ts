// Lists read only for their objects' metadata. Every Node list here is read for Calico's annotations, and 5,000 Nodes
// are megabytes of JSON: parsing that in one piece blocks every other request in flight while it runs and keeps
// the whole list in memory. Modern servers trim a list themselves (`as=PartialObjectMetadataList`, Kubernetes 1.15+);
// 1.7 cannot, so the client scans the body as it arrives, keeps each item's metadata and skips the rest (spec, status)
// byte by byte: the work is spread over the transfer in small steps and memory holds metadata only.

/** What these lists are read for; annotations narrowed to the keys asked for. */
export interface ObjectMetadata {
  name: string;
  namespace?: string;
  resourceVersion?: string;
  annotations: Record<string, string>;
}

export interface MetadataList {
  metadata: { resourceVersion?: string };
  items: Array<{ metadata: ObjectMetadata }>;
}

export class NotJsonError extends Error {}

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

/** How many backslashes stand right before `at`, looking back no further than `from`: odd means `at` is escaped. */
function backslashesBefore(chunk: Buffer, at: number, from: number): number {
  let n = 0;
  for (let j = at - 1; j >= from && chunk[j] === BACKSLASH; j--) n++;
  return n;
}

/** A key as JSON reads it: its escapes decoded (`"it\u0065ms"` is "items"). */
function decodeKey(parts: Buffer[]): string {
  const raw = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // not a valid string (the body is not JSON), and so not "items" or "metadata" either
  }
}

/**
 * Scans a Kubernetes list body (`{"kind":…,"metadata":{…},"items":[{…,"metadata":{…},…},…]}`) chunk by chunk.
 * Only two kinds of values are parsed: the list's own `metadata` and each item's `metadata`; everything else is
 * walked over, keeping track of strings (with escapes) and nesting only. Structural characters are ASCII and never
 * occur inside a multi-byte UTF-8 sequence, so the bytes can be scanned without decoding them. A body that is not a
 * JSON object, whose brackets do not balance, or whose metadata does not parse is a NotJsonError; the values walked
 * over are not validated beyond that.
 */
export class MetadataListScanner {
  private readonly items: MetadataList['items'] = [];
  private listMetadata: MetadataList['metadata'] = {};
  /** One entry per open container: true for an object, false for an array. */
  private readonly stack: boolean[] = [];
  private inString = false;
  private escaped = false;
  /** In an object, whether the next string is a key. */
  private expectKey = false;
  /** The key being read (only at the two object levels that matter: its bytes so far, where it starts in this chunk) and the last key read there. */
  private keyParts: Buffer[] | undefined;
  private keyStart = 0;
  private lastKey = '';
  /** Whether the array at depth 2 is the list's "items". */
  private inItems = false;
  /** The bytes of the metadata object being captured, and the depth at which it was opened. */
  private capture: Buffer[] | undefined;
  private captureStart = 0;
  private captureIsItem = false;
  private started = false;
  private bytes = 0;
  /** Objects opened as items, and what "items" was when it was not a list: the shape a list must have. */
  private itemObjects = 0;
  private itemsValue: string | undefined;
  /**
   * While a value is walked over for its brackets only: the depth at which it closes; else -1. Walked are a metadata
   * object being captured (captureWalk) and the rest of an item once its metadata is read.
   */
  private walkUntil = -1;
  private captureWalk = false;

  constructor(private readonly annotations?: RegExp) {}

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.keyStart = 0; // a key that goes on goes on from this chunk's start
    const stack = this.stack;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        // Most of a body is string content: jump to the next quote (memchr) and look back for escaping backslashes.
        if (this.escaped) { this.escaped = false; i++; continue; }
        const quote = chunk.indexOf(QUOTE, i);
        const stop = quote === -1 ? n : quote;
        const backslashes = backslashesBefore(chunk, stop, i);
        if (quote === -1) {
          // The string goes on in the next chunk; an odd run of backslashes at its end escapes that chunk's first byte.
          this.escaped = backslashes % 2 === 1;
          break;
        }
        if (backslashes % 2 === 1) { i = quote + 1; continue; } // an escaped quote
        this.inString = false;
        if (this.keyParts) {
          this.keyParts.push(chunk.subarray(this.keyStart, quote));
          this.lastKey = decodeKey(this.keyParts);
          this.keyParts = undefined;
        }
        i = quote + 1;
        continue;
      }
      if (this.walkUntil >= 0) {
        // A metadata object, or the rest of an item whose metadata is read (its spec, its status: most of a Node), is
        // only walked for its brackets, with nothing else to decide, until it closes.
        for (; i < n; i++) {
          const c = chunk[i]!;
          if (c === QUOTE) {
            // A string that ends in this chunk is jumped over here; one that goes on is left to the string branch.
            let end = chunk.indexOf(QUOTE, i + 1);
            while (end !== -1 && backslashesBefore(chunk, end, i + 1) % 2 === 1) end = chunk.indexOf(QUOTE, end + 1);
            if (end === -1) break;
            i = end;
            continue;
          }
          if (c === OPEN_OBJECT) stack.push(true);
          else if (c === OPEN_ARRAY) stack.push(false);
          else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
            if (stack.pop() !== (c === CLOSE_OBJECT)) throw new NotJsonError();
            if (stack.length === this.walkUntil) break;
          }
        }
        if (i === n) break;
        if (chunk[i] === QUOTE) { this.inString = true; i++; continue; }
        this.expectKey = false;
        if (this.captureWalk) {
          // The metadata object closed: parse it; of an item, the rest is walked over until the item closes.
          this.capture!.push(chunk.subarray(this.captureStart, i + 1));
          this.captureWalk = false;
          this.walkUntil = this.captureIsItem ? stack.length - 1 : -1;
          if (stack.length === 1) this.inItems = false;
          this.finishCapture();
        } else {
          this.walkUntil = -1; // the item closed
        }
        i++;
        continue;
      }
      const b = chunk[i]!;
      // Outside the list object (before it, after it) only whitespace: the body is one JSON object.
      if (stack.length === 0 && b > 0x20 && (this.started || b !== OPEN_OBJECT)) throw new NotJsonError();
      switch (b) {
        case QUOTE: {
          this.inString = true;
          const depth = stack.length;
          // Keys of the list object (depth 1) and of each item (depth 3 inside "items") decide what gets captured.
          if (this.expectKey && !this.capture && (depth === 1 || (depth === 3 && this.inItems))) { this.keyParts = []; this.keyStart = i + 1; }
          if (!this.expectKey && depth === 1 && this.lastKey === 'items') this.itemsValue = 'a JSON string';
          this.expectKey = false;
          break;
        }
        case COMMA:
          this.expectKey = stack[stack.length - 1] === true;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          const isObject = b === OPEN_OBJECT;
          this.started = true;
          const depth = stack.length; // the depth of the container this value belongs to
          if (!this.capture && isObject && this.lastKey === 'metadata' && (depth === 1 || (depth === 3 && this.inItems))) {
            // The metadata object is walked to its end (below), then parsed in one piece.
            this.capture = [];
            this.captureStart = i;
            this.captureIsItem = depth === 3;
            this.captureWalk = true;
            this.walkUntil = depth;
          }
          if (depth === 1 && !isObject) this.inItems = this.lastKey === 'items';
          if (depth === 1 && isObject && this.lastKey === 'items') this.itemsValue = 'an object';
          if (depth === 2 && isObject && this.inItems) this.itemObjects++;
          stack.push(isObject);
          this.expectKey = isObject;
          this.lastKey = '';
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          if (stack.length === 0 || stack[stack.length - 1] !== (b === CLOSE_OBJECT)) throw new NotJsonError();
          stack.pop();
          if (stack.length === 1) this.inItems = false;
          this.expectKey = false;
          break;
        }
      }
      i++;
    }
    if (this.inString && this.keyParts) this.keyParts.push(chunk.subarray(this.keyStart)); // the key goes on
    this.keepCapture(chunk);
  }

  /** A capture that goes on into the next chunk keeps what it has so far. */
  private keepCapture(chunk: Buffer): void {
    if (!this.capture) return;
    this.capture.push(chunk.subarray(this.captureStart));
    this.captureStart = 0;
  }

  end(): MetadataList {
    if (!this.started || this.stack.length !== 0 || this.inString) throw new NotJsonError();
    return { metadata: this.listMetadata, items: this.items };
  }

  get size(): number { return this.bytes; }

  /** What is wrong with the list's shape once it has ended (answer-shape.ts checks each item's metadata). */
  get problem(): string | undefined {
    if (this.itemsValue) return `"items" that is ${this.itemsValue}, not a list`;
    const missing = this.itemObjects - this.items.length;
    if (missing > 0) return `${missing} of ${this.itemObjects} items without metadata`;
    return undefined;
  }

  private finishCapture(): void {
    const parts = this.capture!;
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    this.capture = undefined;
    let m: any;
    try {
      m = JSON.parse(text);
    } catch {
      throw new NotJsonError();
    }
    if (!this.captureIsItem) {
      this.listMetadata = { resourceVersion: m?.resourceVersion };
      return;
    }
    const annotations: Record<string, string> = {};
    for (const key in m?.annotations ?? {}) {
      if (this.annotations && !this.annotations.test(key)) continue;
      // assigning "__proto__" would set the prototype: that key is defined, as JSON.parse does
      if (key === '__proto__') Object.defineProperty(annotations, key, { value: m.annotations[key], enumerable: true, writable: true, configurable: true });
      else annotations[key] = m.annotations[key];
    }
    const meta: ObjectMetadata = { name: m?.name, annotations };
    if (m?.namespace !== undefined) meta.namespace = m.namespace;
    if (m?.resourceVersion !== undefined) meta.resourceVersion = m.resourceVersion;
    this.items.push({ metadata: meta });
  }
}
