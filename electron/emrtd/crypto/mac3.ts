// ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with DES and padding method 2: the MAC of BAC mutual
// authentication and 3DES secure messaging (9303-11 §4.3.3.2, §9.8.6.1).
import { desCbcEncrypt, desDecryptBlock, desEncryptBlock } from './des.ts';
import { padIso9797M2 } from './padding.ts';
import { EmrtdError } from '../errors.ts';

/**
 * 8-byte MAC: single-DES CBC with K1 over all blocks (IV 0), then decrypt with K2 and encrypt with K1
 * on the last block. With `pad: false` the data must already be a whole number of 8-byte blocks.
 */
export function mac3(key16: Uint8Array, data: Uint8Array, opts: { pad: boolean }): Uint8Array {
  if (key16.length !== 16 && key16.length !== 24) throw new RangeError(`MAC3 key must be 16 bytes, got ${key16.length}`);
  const input = opts.pad ? padIso9797M2(data, 8) : data;
  if (input.length === 0 || input.length % 8 !== 0) {
    throw new EmrtdError('SM_MALFORMED', `MAC3: ${input.length} bytes is not a whole number of blocks`);
  }
  const k1 = key16.subarray(0, 8);
  const k2 = key16.subarray(8, 16);
  const cbc = desCbcEncrypt(k1, input);
  const last = cbc.slice(cbc.length - 8);
  const out = desEncryptBlock(k1, desDecryptBlock(k2, last));
  cbc.fill(0);
  return out;
}
