/**
 * Just enough of the protobuf wire format to read Kubernetes lists: a schema names the few fields to
 * keep (as their JSON names), every other field is skipped by its length without being decoded. Pure.
 */

export type FieldType = 'string' | 'bool' | 'int' | 'map' | Schema;
export interface Field {
  name: string;
  type: FieldType;
  repeated?: true;
  /** Merge the message's fields into the parent (EphemeralContainer embeds its common fields). */
  inline?: true;
}
export type Schema = { readonly [field: number]: Field };

/** The apiserver's protobuf envelope: these four bytes, then a runtime.Unknown holding the object. */
const magic = [0x6b, 0x38, 0x73, 0x00];

export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++]!;
      // Past 2^53 precision is lost; the fields kept here are lengths, booleans and small codes.
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new ProtobufError('varint too long');
    }
  }

  /** Start and end of a length-delimited field's bytes. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw new ProtobufError('field runs past its message');
    this.pos = start + length;
    return [start, this.pos];
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.span();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new ProtobufError(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new ProtobufError('field runs past its message');
  }
}

function decodeInto(buf: Buffer, start: number, end: number, schema: Schema, out: Record<string, unknown>) {
  const r = new Reader(buf, start, end);
  while (r.pos < end) {
    const key = r.varint();
    const wireType = key & 7;
    const field = schema[Math.floor(key / 8)];
    if (!field) {
      r.skip(wireType);
      continue;
    }
    let value: unknown;
    if (field.type === 'bool' || field.type === 'int') {
      if (wireType !== 0) throw new ProtobufError(`${field.name}: expected a varint`);
      const n = r.varint();
      value = field.type === 'bool' ? n !== 0 : n;
    } else {
      if (wireType !== 2) throw new ProtobufError(`${field.name}: expected length-delimited bytes`);
      const [s, e] = r.span();
      if (field.type === 'string') value = buf.toString('utf8', s, e);
      else if (field.type === 'map') {
        const entry = decode(buf, s, e, mapEntry);
        out[field.name] ??= {};
        const map = out[field.name] as Record<string, string>;
        map[(entry['key'] as string | undefined) ?? ''] = (entry['value'] as string | undefined) ?? '';
        continue;
      } else if (field.inline) {
        decodeInto(buf, s, e, field.type, out);
        continue;
      } else value = decode(buf, s, e, field.type);
    }
    if (!field.repeated) out[field.name] = value;
    else {
      out[field.name] ??= [];
      (out[field.name] as unknown[]).push(value);
    }
  }
  return out;
}

const mapEntry: Schema = { 1: { name: 'key', type: 'string' }, 2: { name: 'value', type: 'string' } };

export function decode(buf: Buffer, start: number, end: number, schema: Schema): Record<string, unknown> {
  return decodeInto(buf, start, end, schema, {});
}

/** The object inside the apiserver's envelope (magic bytes, runtime.Unknown), decoded with `schema`. */
export function decodeEnvelope(buf: Buffer, schema: Schema): Record<string, unknown> {
  if (buf.length < 4 || magic.some((b, i) => buf[i] !== b))
    throw new ProtobufError('not a Kubernetes protobuf message (no k8s magic)');
  const r = new Reader(buf, 4, buf.length);
  while (r.pos < buf.length) {
    const key = r.varint();
    // runtime.Unknown's field 2 (raw), length-delimited.
    if (key === ((2 << 3) | 2)) {
      const [s, e] = r.span();
      return decode(buf, s, e, schema);
    }
    r.skip(key & 7);
  }
  throw new ProtobufError('protobuf envelope without an object');
}
