/**
 * Just enough of the protobuf wire format to read Kubernetes lists: a schema names the few fields to
 * keep (as their JSON names), every other field is skipped by its length without being decoded. Pure.
 * Written here because the libraries (protobufjs, @bufbuild/protobuf) decode whole messages from
 * generated code for Kubernetes' .proto files, which is the memory and time this reader exists to save.
 */
import { RegshiftError } from '../errors.js';

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

export class ProtobufError extends RegshiftError {
  constructor(message: string) {
    super('KUBE_ANSWER_INVALID', message);
    this.name = 'ProtobufError';
  }
}

class Reader {
  /** Where the bytes of the last length-delimited field start (its end is `pos` after `span`). */
  start = 0;
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  varint(): number {
    // Most keys and lengths fit one byte.
    const first = this.pos < this.end ? this.buf[this.pos]! : 0x80;
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++]!;
      // Past 2^53 precision is lost; the fields kept here are lengths, booleans and small codes.
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 63) throw new ProtobufError('varint too long');
    }
  }

  /** Step over a length-delimited field, leaving its bytes between `start` and `pos`. */
  span(): void {
    const length = this.varint();
    this.start = this.pos;
    if (this.start + length > this.end) throw new ProtobufError('field runs past its message');
    this.pos = this.start + length;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.span();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new ProtobufError(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new ProtobufError('field runs past its message');
  }

  /** A map<string, string> entry: key 1, value 2. */
  entry(map: Record<string, string>): void {
    const end = this.pos;
    this.pos = this.start;
    let key = '';
    let value = '';
    while (this.pos < end) {
      const tag = this.varint();
      if (tag === 0x0a || tag === 0x12) {
        const length = this.varint();
        if (this.pos + length > end) throw new ProtobufError('map entry runs past its message');
        const text = this.buf.toString('utf8', this.pos, this.pos + length);
        this.pos += length;
        if (tag === 0x0a) key = text;
        else value = text;
      } else this.skip(tag & 7);
    }
    this.pos = end;
    map[key] = value;
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
      r.span();
      if (field.type === 'string') value = buf.toString('utf8', r.start, r.pos);
      else if (field.type === 'map') {
        out[field.name] ??= {};
        r.entry(out[field.name] as Record<string, string>);
        continue;
      } else if (field.inline) {
        decodeInto(buf, r.start, r.pos, field.type, out);
        continue;
      } else value = decode(buf, r.start, r.pos, field.type);
    }
    if (!field.repeated) out[field.name] = value;
    else {
      out[field.name] ??= [];
      (out[field.name] as unknown[]).push(value);
    }
  }
  return out;
}

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
      r.span();
      return decode(buf, r.start, r.pos, schema);
    }
    r.skip(key & 7);
  }
  throw new ProtobufError('protobuf envelope without an object');
}
