// How many bytes one READ BINARY asks for. 9303-10 §4.5 / 9303-11 §9.8: with secure messaging a short
// response carries at most 223 plain bytes for both 3DES and AES (padding + DO'87'/'99'/'8E' must fit in
// 256), so the ladder is: extended length (Le up to 0xFFFF) → 223 → 160. A chip that answers
// 6700 / 6Cxx / 6B00 / 6282-without-data to a chunk size drops to the next rung; the rung that worked is
// remembered per ATR so the next visit with the same card model starts there.

export type ChunkMode = 'extended' | 223 | 160;

export const CHUNK_LADDER: readonly ChunkMode[] = ['extended', 223, 160];

/** Largest plain chunk one extended READ BINARY asks for: Le 0xFFFF minus room for the SM wrapping. */
export const EXTENDED_CHUNK = 0xffff - 64;

export function chunkBytes(mode: ChunkMode): number {
  return mode === 'extended' ? EXTENDED_CHUNK : mode;
}

export function nextChunkMode(mode: ChunkMode): ChunkMode | null {
  const i = CHUNK_LADDER.indexOf(mode);
  return i >= 0 && i + 1 < CHUNK_LADDER.length ? CHUNK_LADDER[i + 1] : null;
}

/** Status words that mean "ask for less", per the field behaviour of eMRTD chips. */
export function isChunkTooLarge(sw: number, dataLength: number): boolean {
  if (sw === 0x6700 || sw === 0x6b00) return true;
  if ((sw & 0xff00) === 0x6c00) return true;
  return sw === 0x6282 && dataLength === 0;
}

/** What a kiosk learned about card models: ATR (hex) → the chunk mode that worked. */
export class ChunkMemory {
  private readonly byAtr = new Map<string, ChunkMode>();

  get(atr: string | undefined): ChunkMode {
    return (atr && this.byAtr.get(atr)) || CHUNK_LADDER[0];
  }

  remember(atr: string | undefined, mode: ChunkMode): void {
    if (atr) this.byAtr.set(atr, mode);
  }
}
