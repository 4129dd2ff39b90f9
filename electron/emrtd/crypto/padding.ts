// ISO/IEC 9797-1 padding method 2 (ISO/IEC 7816-4 padding): 80 then 00s up to the block size.
// Used by secure messaging and the BAC/PACE MACs (9303-11 §9.8.6.1, §4.3.3).
import { EmrtdError } from '../errors.ts';

/** Append 80 00..00 so the result is a whole number of blocks (always at least one byte is added). */
export function padIso9797M2(data: Uint8Array, blockSize: number): Uint8Array {
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`padIso9797M2: bad block size ${blockSize}`);
  const n = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(n);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/**
 * Remove method-2 padding. With `blockSize` the padding must also lie within the last block, as it
 * always does when the sender padded correctly.
 */
export function unpadIso9797M2(data: Uint8Array, blockSize?: number): Uint8Array {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) throw new EmrtdError('SM_MALFORMED', 'padding: no ISO 9797-1 method 2 padding found');
  if (blockSize !== undefined && data.length - i > blockSize) {
    throw new EmrtdError('SM_MALFORMED', 'padding: longer than one block');
  }
  return data.slice(0, i);
}
