// Printable widths of the usual thermal heads at 203 dpi: 80 mm paper prints 72 mm = 576 dots, 58 mm paper
// prints 48 mm = 384 dots.
export const PAPER_DOTS = { 80: 576, 58: 384 } as const;
