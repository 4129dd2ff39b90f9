// Names in the MRZ, 9303-3 §4.6: primary identifier, `<<`, secondary identifier with `<` between components,
// only A–Z and '<'. Vietnamese names are written without diacritics and with Đ → D, as on the card.
import { EmrtdError } from '../errors.ts';

/** Vietnamese (or other Latin) text in MRZ letters: diacritics stripped, Đ → D, upper case, separators → '<'. */
export function transliterateToMrz(text: string): string {
  const upper = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    // 9303-3 §4.6.4: apostrophes and full stops are omitted; hyphens, commas and spaces become fillers.
    .replace(/['’.]/g, '')
    .replace(/[\s,\-‐]+/g, '<')
    .replace(/<+/g, '<')
    .replace(/^<|<$/g, '');
  if (!/^[A-Z<]*$/.test(upper)) {
    throw new EmrtdError('INPUT_INVALID', 'name: contains characters that have no MRZ transliteration');
  }
  return upper;
}

/** The name field of `width` characters, padded with fillers and truncated at the end when too long. */
export function mrzNameField(surname: string, givenNames: string, width: number): string {
  const primary = transliterateToMrz(surname);
  const secondary = transliterateToMrz(givenNames);
  if (primary === '') throw new EmrtdError('INPUT_INVALID', 'name: the surname is empty');
  const full = secondary === '' ? primary : `${primary}<<${secondary}`;
  // 9303-3 §4.6.5 truncation keeps the field's start; a simple cut suffices for Vietnamese names that fit.
  return full.slice(0, width).padEnd(width, '<');
}

/** Surname and given names of an MRZ name field, fillers read as spaces. */
export function parseMrzName(field: string): { surname: string; givenNames: string } {
  const trimmed = field.replace(/<+$/, '');
  const sep = trimmed.indexOf('<<');
  const primary = sep < 0 ? trimmed : trimmed.slice(0, sep);
  const secondary = sep < 0 ? '' : trimmed.slice(sep + 2);
  const words = (s: string) => s.split('<').filter((w) => w !== '').join(' ');
  return { surname: words(primary), givenNames: words(secondary) };
}
