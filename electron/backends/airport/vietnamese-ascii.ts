// Vietnamese names in the ASCII that airline systems and the MRZ carry (9303-3 §6 transliteration: the
// diacritics go, Đ becomes D). NFD alone leaves Đ/đ intact (they are base letters, not D + a mark), so they
// are mapped explicitly, together with the look-alike Ð (U+00D0, Icelandic eth) that some keyboards type.

const D_LIKE = /[ĐđÐð]/g;

/** Uppercase ASCII letters and single spaces; apostrophes vanish (H'Hen → HHEN), other punctuation splits. */
export function toAsciiName(name: string): string {
  return name
    .normalize('NFC')
    .replace(D_LIKE, 'D')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/['’ʼ`]/g, '')
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

/** Splits a Vietnamese full name (family name first) into family name and the given names after it. */
export function splitVietnameseName(ascii: string): { surname: string; given: string[] } {
  const words = ascii.split(' ').filter(Boolean);
  return { surname: words[0] ?? '', given: words.slice(1) };
}
