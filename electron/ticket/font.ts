// The ticket's typeface: Be Vietnam Pro from the bundled @fontsource package, registered with the canvas
// rasterizer once per process. Fontsource splits the face into unicode-range subsets (latin, latin-ext,
// vietnamese), so each subset is registered under its own family and the ticket asks for the list
// "vietnamese, latin, latin-ext": the shaper takes every glyph from the first subset that has it, which puts
// precomposed Vietnamese letters (ễ, ư, ơ, ị …) and the ASCII around them in the same design.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export type TicketWeight = 400 | 700 | 800;

const SUBSETS = ['vietnamese', 'latin', 'latin-ext'] as const;
const WEIGHTS: readonly TicketWeight[] = [400, 700, 800];

/** The folder holding the .woff files of @fontsource/be-vietnam-pro. */
export function fontDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@fontsource/be-vietnam-pro/package.json')), 'files');
}

let done = false;

function familyOf(subset: string, weight: TicketWeight): string {
  return `TicketBVP-${weight}-${subset}`;
}

/** Registers the subsets (idempotent); throws when a font file is missing or unreadable. */
export function registerTicketFonts(dir: string = fontDir()): void {
  if (done) return;
  for (const w of WEIGHTS) {
    for (const s of SUBSETS) {
      const bytes = readFileSync(join(dir, `be-vietnam-pro-${s}-${w}-normal.woff`));
      if (!GlobalFonts.register(bytes, familyOf(s, w))) throw new Error(`font subset ${s} ${w} not accepted by the rasterizer`);
    }
  }
  done = true;
}

/** A CSS font shorthand for the canvas: size in dots, one weight, every subset in fallback order. */
export function ticketFont(sizePx: number, weight: TicketWeight): string {
  const families = SUBSETS.map((s) => `"${familyOf(s, weight)}"`).join(', ');
  return `${Math.round(sizePx)}px ${families}`;
}
