#!/usr/bin/env node
// Copies the face model weights the engine uses from the installed @vladmandic/face-api package into models/.
// Runs as the root `postinstall`, so a plain `npm ci` on a fresh clone produces them. It never downloads:
// the weights ship inside the npm package. Plain .mjs (no tsx) because it runs during install.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'models');

/** The nets electron/face/ loads (see electron/face/models.ts); each is a manifest plus one .bin shard. */
const NETS = ['tiny_face_detector_model', 'ssd_mobilenetv1_model', 'face_landmark_68_model', 'face_recognition_model'];

let source;
try {
  const require = createRequire(join(root, 'package.json'));
  source = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
} catch {
  // e.g. an install that omitted the dependency: nothing to copy, and install must not fail for it.
  console.warn('copy-models: @vladmandic/face-api is not installed; models/ left as it is');
  process.exit(0);
}

mkdirSync(target, { recursive: true });
let copied = 0;
for (const net of NETS) {
  for (const file of [`${net}-weights_manifest.json`, `${net}.bin`]) {
    const from = join(source, file);
    const to = join(target, file);
    if (!existsSync(from)) {
      console.error(`copy-models: ${file} is missing from ${source}`);
      process.exit(1);
    }
    // Skip an identical copy so re-running on every install stays instant.
    if (existsSync(to) && statSync(to).size === statSync(from).size && statSync(to).mtimeMs >= statSync(from).mtimeMs) continue;
    copyFileSync(from, to);
    copied += 1;
  }
}
console.log(`copy-models: ${copied} file(s) copied, ${NETS.length} nets in models/`);
