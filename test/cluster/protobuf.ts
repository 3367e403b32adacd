// Just enough Kubernetes protobuf to read a SelfSubjectAccessReview: kubectl ≥1.28 sends `auth can-i` bodies as protobuf,
// the real server accepts them, and client-go does not fall back to JSON on 415.

type Fields = Map<number, Buffer[]>;

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0, shift = 0;
  for (;;) {
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

/** Length-delimited fields only (all we need); other wire types are skipped. */
function decode(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const field = Math.floor(tag / 8), wire = tag & 7;
    if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const value = buf.subarray(p2, p2 + len);
      pos = p2 + len;
      if (!fields.has(field)) fields.set(field, []);
      fields.get(field)!.push(value);
    } else if (wire === 0) pos = readVarint(buf, pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return fields;
}

const str = (f: Fields, n: number) => f.get(n)?.[0]?.toString('utf8');

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

/** Decodes the envelope and returns `{apiVersion, kind, spec}` for a SelfSubjectAccessReview. */
export function decodeSelfSubjectAccessReview(body: Buffer): Record<string, any> {
  if (!body.subarray(0, 4).equals(MAGIC)) throw new Error('not a Kubernetes protobuf envelope');
  const unknown = decode(body.subarray(4));
  const typeMeta = decode(unknown.get(1)?.[0] ?? Buffer.alloc(0));
  const review = decode(unknown.get(2)?.[0] ?? Buffer.alloc(0));
  const spec = decode(review.get(2)?.[0] ?? Buffer.alloc(0));
  const out: Record<string, any> = { apiVersion: str(typeMeta, 1), kind: str(typeMeta, 2), metadata: {}, spec: {} };
  const ra = spec.get(1)?.[0];
  if (ra) {
    const f = decode(ra);
    out.spec.resourceAttributes = { namespace: str(f, 1) ?? '', verb: str(f, 2) ?? '', group: str(f, 3) ?? '', version: str(f, 4) ?? '', resource: str(f, 5) ?? '', subresource: str(f, 6) ?? '', name: str(f, 7) ?? '' };
  }
  const nra = spec.get(2)?.[0];
  if (nra) { const f = decode(nra); out.spec.nonResourceAttributes = { path: str(f, 1) ?? '', verb: str(f, 2) ?? '' }; }
  return out;
}
