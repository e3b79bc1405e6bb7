/*
 * Big-endian readers and writers for the sync file layouts. The reader
 * throws SYNC_BAD_BATCH on any read past the end, so a parser never sees
 * half a field.
 */
import { SyncError } from '../../shared/errors';
import type { Hlc } from './hlc';
import { decodeHlc, encodeHlc, HLC_BYTES } from './hlc';

const ID_BYTES = 16;
const HEX_ID = /^[0-9a-f]{32}$/;

export function isHexId(value: string): boolean {
  return HEX_ID.test(value);
}

function hexToBytes(hex: string): Uint8Array {
  if (!isHexId(hex)) throw new RangeError('An id must be 32 lowercase hex digits');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private scalar(bytes: number, write: (view: DataView) => void): void {
    const chunk = new Uint8Array(bytes);
    write(new DataView(chunk.buffer));
    this.push(chunk);
  }

  u8(value: number): void {
    this.scalar(1, (view) => view.setUint8(0, value));
  }

  u16(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError('u16 out of range');
    this.scalar(2, (view) => view.setUint16(0, value));
  }

  u32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError('u32 out of range');
    this.scalar(4, (view) => view.setUint32(0, value));
  }

  u64(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('u64 out of range');
    this.scalar(8, (view) => view.setBigUint64(0, BigInt(value)));
  }

  bytes(value: Uint8Array): void {
    this.push(value);
  }

  id(hex: string | null): void {
    this.push(hex === null ? new Uint8Array(ID_BYTES) : hexToBytes(hex));
  }

  hlc(value: Hlc): void {
    const chunk = new Uint8Array(HLC_BYTES);
    encodeHlc(value, chunk, 0);
    this.push(chunk);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly data: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  fail(reason: string): never {
    throw new SyncError('SYNC_BAD_BATCH', `${this.what} is damaged: ${reason}`);
  }

  private take(count: number): number {
    if (count > this.data.length - this.offset) this.fail('it ends too early');
    const at = this.offset;
    this.offset += count;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.take(1));
  }

  u16(): number {
    return this.view.getUint16(this.take(2));
  }

  u32(): number {
    return this.view.getUint32(this.take(4));
  }

  u64(): number {
    const value = this.view.getBigUint64(this.take(8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('a number is out of range');
    return Number(value);
  }

  bytes(count: number): Uint8Array {
    const at = this.take(count);
    return this.data.slice(at, at + count);
  }

  id(): string {
    return Buffer.from(this.bytes(ID_BYTES)).toString('hex');
  }

  /** An id field where 16 zero bytes mean "none". */
  optionalId(): string | null {
    const value = this.id();
    return /^0+$/.test(value) ? null : value;
  }

  hlc(): Hlc {
    return decodeHlc(this.data, this.take(HLC_BYTES));
  }

  end(): void {
    if (this.offset !== this.data.length) this.fail('it has bytes past its end');
  }
}
