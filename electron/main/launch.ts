// `npm start`: the kiosk as an Electron app on the embedded default. Builds main, preload and renderer with
// electron-vite and starts Electron — or, when no Electron binary is installed (it is downloaded on first use
// and this machine may not reach the download), says so and points to the browser kiosk.
import { spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../checkin/kiosk-runtime.ts';
import { electronBinary, NO_ELECTRON_MESSAGE } from './electron-binary.ts';

const bin = electronBinary();
if (!bin) {
  process.stderr.write(`${NO_ELECTRON_MESSAGE}\n`);
  process.exit(1);
}
const build = spawnSync(process.execPath, [`${REPO_ROOT}/node_modules/electron-vite/bin/electron-vite.js`, 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(bin, ['.'], { cwd: REPO_ROOT, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
