// Calico `numorstring.ASNumber` decoding (libcalico-go lib/numorstring/asnumber.go; docs/calico-data.md#v24-shapes, #conversion).
// A JSON number (uint32) is taken as is; a string is read with `ASNumberFromString`: plain decimal
// ("64512") or dotted "<high>.<low>" with both halves 16-bit, i.e. (high << 16) + low ("1.10" = 65546).

export type AsNumberResult =
  | { ok: true; value: number; note?: string }
  | { ok: false; reason: string };

const UINT32_MAX = 0xffffffff;
const UINT16_MAX = 0xffff;

/** Decode an AS number the way Calico's JSON decoder does. */
export function parseAsNumber(raw: unknown): AsNumberResult {
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 0 && raw <= UINT32_MAX) return { ok: true, value: raw };
    return { ok: false, reason: `AS number ${raw} is not an integer between 0 and ${UINT32_MAX}` };
  }
  if (typeof raw === 'string') {
    const value = asNumberFromString(raw);
    if (value === undefined) return { ok: false, reason: `AS number ${JSON.stringify(raw)} is neither a decimal nor a dotted "<0-65535>.<0-65535>" number` };
    const form = raw.includes('.') ? 'dotted string' : 'string';
    return { ok: true, value, note: `AS number converted from the ${form} ${JSON.stringify(raw)} to ${value}, as Calico's parser does` };
  }
  return { ok: false, reason: `AS number must be a number or a string, got ${raw === null ? 'null' : typeof raw}` };
}

/** `ASNumberFromString`: undefined when the text is not an AS number. */
export function asNumberFromString(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 2) return undefined;
  if (parts.length === 1) return parseUint(parts[0], UINT32_MAX);
  const high = parseUint(parts[0], UINT16_MAX);
  const low = parseUint(parts[1], UINT16_MAX);
  if (high === undefined || low === undefined) return undefined;
  return high * 0x10000 + low;
}

// Go `strconv.ParseUint(s, 10, bits)`: decimal digits only (no sign, no spaces), leading zeros allowed.
function parseUint(text: string, max: number): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value <= max ? value : undefined;
}
