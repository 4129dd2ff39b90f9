// Fake-camera clips for Chromium (--use-file-for-fake-video-capture), made at test time from ../shared/faces
// and cached under test-results/ (never committed): a "live" subject that turns its head, and a still photo.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sharedPath } from '../../helpers/shared.ts';
import { clip, loadSubject, toY4m, type Pose } from './live-subject.ts';

export const CLIP_DIR = join(repoRoot, 'test-results', 'fake-camera');

/** Front, turn to the subject's left, front, turn right: about 4 s at 15 fps, looped by Chromium. */
export const TURNS: { pose: Pose; frames: number }[] = [
  { pose: { kind: 'front' }, frames: 14 },
  { pose: { kind: 'turn', amount: 0.35 }, frames: 12 },
  { pose: { kind: 'front' }, frames: 14 },
  { pose: { kind: 'turn', amount: -0.4 }, frames: 12 },
];

export async function liveClip(photo: string, name: string): Promise<string> {
  const file = join(CLIP_DIR, `${name}.y4m`);
  if (existsSync(file)) return file;
  mkdirSync(CLIP_DIR, { recursive: true });
  const subject = await loadSubject(new Uint8Array(readFileSync(sharedPath('faces', photo))));
  writeFileSync(file, toY4m(clip(subject, TURNS)));
  return file;
}

/** The same photo in every frame: what a printed or on-screen photo held still looks like to the camera. */
export async function stillClip(photo: string, name: string): Promise<string> {
  const file = join(CLIP_DIR, `${name}.y4m`);
  if (existsSync(file)) return file;
  mkdirSync(CLIP_DIR, { recursive: true });
  const subject = await loadSubject(new Uint8Array(readFileSync(sharedPath('faces', photo))));
  const frames = clip(subject, [{ pose: { kind: 'front' }, frames: 1 }]);
  writeFileSync(file, toY4m(Array.from({ length: 30 }, () => frames[0])));
  return file;
}
