// Starts pcscd once for the PC/SC test run and stops it (by PID) at the end. Where pcscd cannot run, prints
// one line saying why and the real-stack tests skip — except in CI (CI=true), where that is a failure.
import type { TestProject } from 'vitest/node';
import { pcscSupport, startPcscd, stopPcscd, type Support } from './pcscd.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pcsc: Support;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const support = pcscSupport();
  if (!support.ok) {
    if (process.env.CI === 'true') throw new Error(`PC/SC tests cannot run in CI: ${support.reason}`);
    console.warn(`PC/SC real-stack tests skipped: ${support.reason}`);
    project.provide('pcsc', support);
    return async () => {};
  }
  await startPcscd();
  project.provide('pcsc', support);
  return () => stopPcscd();
}
