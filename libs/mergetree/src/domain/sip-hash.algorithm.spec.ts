import { sipHash128, toHexLowercase } from './sip-hash.algorithm';

const hex = (text: string) => toHexLowercase(sipHash128(new TextEncoder().encode(text)));

describe('ClickHouse SipHash-128 (src/Common/SipHash.h)', () => {
  // Vectors: `SELECT hex(sipHash128(s))` on a real ClickHouse 18.16 server (Debian 12 package).
  it.each([
    ['', '32b5c1db56a683e9e5b5b6a8cbed11f7'],
    ['a', '71315e763ccb60893893cdbb5cc3a21f'],
    ['abc', 'b6b415a2da966b6c685a65e54c12a353'],
    ['abcdefgh', 'a4eeb134554474a937cf53f827e52f4f'],
    ['abcdefghijklmnopq', '865b7acdd6551cc19af5e98fb3881d6b'],
  ])('given %j, when hashed, then it equals the server sipHash128', (input, expected) => {
    expect(hex(input)).toBe(expected);
  });
});
