#!/usr/bin/env node
// The `kiosk` command: runs the TypeScript CLI through tsx's loader, so no build step stands between
// a fresh `npm ci` and a working technician tool.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
