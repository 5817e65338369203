/**
 * ClickHouse's SipHash-2-4 with its 128-bit output (src/Common/SipHash.h): the reference
 * SipHash-2-4 rounds and finalization (v2 ^= 0xff, four rounds), keys 0/0, and the 16 output
 * bytes are the little-endian words v0^v1 then v2^v3. This is not the reference SipHash-128
 * (no 0xee/0xdd tweaks); partition IDs of non-integer keys depend on exactly this variant.
 */

const MASK = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & MASK;
}

interface SipState {
  v0: bigint;
  v1: bigint;
  v2: bigint;
  v3: bigint;
}

function round(s: SipState): void {
  s.v0 = (s.v0 + s.v1) & MASK;
  s.v1 = rotl(s.v1, 13n) ^ s.v0;
  s.v0 = rotl(s.v0, 32n);
  s.v2 = (s.v2 + s.v3) & MASK;
  s.v3 = rotl(s.v3, 16n) ^ s.v2;
  s.v0 = (s.v0 + s.v3) & MASK;
  s.v3 = rotl(s.v3, 21n) ^ s.v0;
  s.v2 = (s.v2 + s.v1) & MASK;
  s.v1 = rotl(s.v1, 17n) ^ s.v2;
  s.v2 = rotl(s.v2, 32n);
}

function compress(s: SipState, word: bigint): void {
  s.v3 ^= word;
  round(s);
  round(s);
  s.v0 ^= word;
}

function wordAt(bytes: Uint8Array, offset: number, length = 8): bigint {
  let word = 0n;
  for (let i = length - 1; i >= 0; i--) word = (word << 8n) | BigInt(bytes[offset + i]);
  return word;
}

/** The 16 bytes ClickHouse's `SipHash::get128` writes, for the whole input at once. */
export function sipHash128(input: Uint8Array): Uint8Array {
  const s: SipState = {
    v0: 0x736f6d6570736575n,
    v1: 0x646f72616e646f6dn,
    v2: 0x6c7967656e657261n,
    v3: 0x7465646279746573n,
  };
  const whole = input.length - (input.length % 8);
  for (let offset = 0; offset < whole; offset += 8) compress(s, wordAt(input, offset));
  // The last word: the remaining bytes, and the length modulo 256 in its top byte.
  const last = wordAt(input, whole, input.length - whole) | (BigInt(input.length & 0xff) << 56n);
  compress(s, last);
  s.v2 ^= 0xffn;
  for (let i = 0; i < 4; i++) round(s);
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, s.v0 ^ s.v1, true);
  view.setBigUint64(8, s.v2 ^ s.v3, true);
  return out;
}

export function toHexLowercase(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
