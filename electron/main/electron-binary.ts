// Is an Electron binary installed? Electron's npm package downloads it lazily on first use, which cannot work
// without network access to GitHub: look for it without triggering that download.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

export function electronBinary(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let pkgDir: string;
  try {
    pkgDir = join(createRequire(import.meta.url).resolve('electron/package.json'), '..');
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (override) {
    const p = join(override, rel ?? 'electron');
    return existsSync(p) ? p : null;
  }
  if (!rel) return null;
  const p = join(pkgDir, 'dist', rel);
  return existsSync(p) ? p : null;
}

export const NO_ELECTRON_MESSAGE =
  'Electron binary not available here (it is downloaded on first use and this machine cannot reach the download). Run the same kiosk in a browser instead: npm run start:browser';
