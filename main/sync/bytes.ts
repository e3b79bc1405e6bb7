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

/**
 * Appends to one buffer that doubles as it fills, so encoding a large body
 * makes a handful of allocations rather than several per field. A buffer
 * outgrown, and the working buffer once finished, are zeroed.
 */
export class ByteWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private size = 0;

  /** Makes room for `bytes` more and returns where they go; call it before reading this.buffer or this.view, which it may replace. */
  private room(bytes: number): number {
    const at = this.size;
    if (at + bytes > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < at + bytes) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.buffer.subarray(0, at));
      this.buffer.fill(0);
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.size = at + bytes;
    return at;
  }

  u8(value: number): void {
    const at = this.room(1);
    this.view.setUint8(at, value);
  }

  u16(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError('u16 out of range');
    const at = this.room(2);
    this.view.setUint16(at, value);
  }

  u32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError('u32 out of range');
    const at = this.room(4);
    this.view.setUint32(at, value);
  }

  u64(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('u64 out of range');
    const at = this.room(8);
    this.view.setBigUint64(at, BigInt(value));
  }

  bytes(value: Uint8Array): void {
    const at = this.room(value.length);
    this.buffer.set(value, at);
  }

  id(hex: string | null): void {
    if (hex === null) {
      const at = this.room(ID_BYTES);
      this.buffer.fill(0, at, this.size);
      return;
    }
    if (!isHexId(hex)) throw new RangeError('An id must be 32 lowercase hex digits');
    const at = this.room(ID_BYTES);
    this.buffer.set(Buffer.from(hex, 'hex'), at);
  }

  hlc(value: Hlc): void {
    const at = this.room(HLC_BYTES);
    encodeHlc(value, this.buffer, at);
  }

  /** How many bytes were written so far. */
  get length(): number {
    return this.size;
  }

  finish(): Uint8Array {
    const out = this.buffer.slice(0, this.size);
    this.buffer.fill(0);
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
