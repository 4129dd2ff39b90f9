// Electron glue only: app lifecycle, the app:// protocol serving the built renderer, the hardened kiosk
// window and KioskApi over IPC. The kiosk itself (visit, reader, face engine, backends) is the same
// KioskCore the browser host runs. The outbox key is sealed with safeStorage (the OS keychain).
import { mkdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, ipcMain, protocol, safeStorage, type BrowserWindow } from 'electron';
import { ensureSealedKeyFile, SealedFileKeyProvider } from '../backends/outbox/key-provider.ts';
import { REPO_ROOT, startKioskRuntime, type KioskRuntime, type RuntimeOptions } from '../checkin/kiosk-runtime.ts';
import { loadBackendConfig } from '../config/backend-config.ts';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, contentType, ELECTRON_CSP, resolveAppPath } from './app-protocol.ts';
import { bindKioskIpc } from './ipc.ts';
import { createKioskWindow, hardenSession } from './window.ts';

const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');
const PRELOAD = join(REPO_ROOT, 'out', 'preload', 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// One kiosk per machine: a second start (a double click, a restart racing the old process) quits at once,
// before it touches the reader, the camera or the outbox.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let runtime: KioskRuntime | null = null;
let kioskWindow: BrowserWindow | null = null;

app.on('second-instance', () => {
  if (kioskWindow && !kioskWindow.isDestroyed()) kioskWindow.focus();
});

// Whatever web contents ever exist (the kiosk window, or one a bug creates): no navigation, no new windows,
// no webviews. window.ts sets the same on the kiosk window itself.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (ev) => ev.preventDefault());
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

// The CSP is sent as a response header by this protocol handler (protocol.handle → Response), for every file
// the page loads. electronegativity 1.10 recognises a CSP only in a <meta> tag or a webRequest
// onHeadersReceived `responseHeaders` object, so it reports CSP_GLOBAL_CHECK "no CSP" here: a false positive,
// reviewed in build/electronegativity.mjs; tests/unit/host/electron-window.test.ts asserts the header.
async function serveApp(request: Request): Promise<Response> {
  const file = resolveAppPath(RENDERER_DIR, request.url);
  if (!file) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: { 'content-type': contentType(file), 'content-security-policy': ELECTRON_CSP, 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

/** Exit status for a missing or broken configuration: the systemd unit does not restart on it (RestartPreventExitStatus). */
export const EXIT_CONFIG = 78;

class ConfigExit extends Error {}

/**
 * What the kiosk runs on. Unpackaged (`npm start`): the embedded default (demo cards, demo CSCA, simulators).
 * Packaged: a deployment configuration ($KIOSK_CONFIG) and a trust store folder ($KIOSK_CSCA_DIR), both set by
 * the systemd unit, are required. The package ships neither the demo cards nor the demo CSCA (which must never
 * be trusted in production: resources/csca/README.md), so the emulated reader gets only the cards
 * $KIOSK_DEMO_CARDS_DIR names, or none; a deployment's `reader: { kind: "pcsc" }` reads real cards.
 */
function deploymentOptions(dataDir: string): Pick<RuntimeOptions, 'backends' | 'cardsDir' | 'cscaDir'> {
  const cardsDir = process.env.KIOSK_DEMO_CARDS_DIR ?? (app.isPackaged ? emptyDir(join(dataDir, 'no-demo-cards')) : undefined);
  const cscaDir = process.env.KIOSK_CSCA_DIR;
  if (app.isPackaged && !(cscaDir && isDirectory(cscaDir))) {
    throw new ConfigExit(`KIOSK_CSCA_DIR must name the folder of trusted CSCA certificates / master lists (now: ${cscaDir ?? 'unset'})`);
  }
  if (!process.env.KIOSK_CONFIG) {
    if (app.isPackaged) throw new ConfigExit('KIOSK_CONFIG is not set: a packaged kiosk runs on a deployment configuration (see packaging/README.md)');
    return { cardsDir, cscaDir };
  }
  try {
    return { backends: loadBackendConfig(process.env.KIOSK_CONFIG), cardsDir, cscaDir };
  } catch (e) {
    throw new ConfigExit(e instanceof Error ? e.message : String(e));
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function emptyDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, serveApp);
  hardenSession();
  const dataDir = app.getPath('userData');
  const deployment = deploymentOptions(dataDir);
  // The embedded default seals its outbox key with safeStorage; a deployment configuration names its key source,
  // and only its `safe-storage` kind is the app's to provide (env and file keys are read by the outbox itself).
  const configured = deployment.backends && deployment.backends !== 'demo' ? deployment.backends.outbox.key : null;
  const keyPath = configured ? (configured.kind === 'safe-storage' ? configured.path : null) : join(dataDir, 'outbox.key.sealed');
  let keyProvider: SealedFileKeyProvider | undefined;
  if (keyPath && safeStorage.isEncryptionAvailable()) {
    ensureSealedKeyFile(keyPath, (s) => safeStorage.encryptString(s));
    keyProvider = new SealedFileKeyProvider(keyPath, (b) => safeStorage.decryptString(b));
  }
  // A packaged kiosk never makes up a PIN: one printed at start would end up in the system journal.
  if (app.isPackaged && !process.env.KIOSK_STAFF_PIN_HASH) {
    throw new ConfigExit('KIOSK_STAFF_PIN_HASH is not set: make one with `kiosk staff pin-hash` (see packaging/README.md)');
  }
  runtime = await startKioskRuntime({
    dataDir,
    keyProvider,
    ...deployment,
    staffPin: process.env.KIOSK_STAFF_PIN,
    staffPinHash: process.env.KIOSK_STAFF_PIN_HASH,
    faceWorkerUrl: pathToFileURL(join(REPO_ROOT, 'electron', 'face', 'worker-entry.mjs')),
  });
  if (runtime.staffPin) process.stdout.write(`Staff PIN for this run: ${runtime.staffPin}\n`);
  const devTools = !app.isPackaged && process.env.KIOSK_DEVTOOLS === '1';
  const win = createKioskWindow({ preload: PRELOAD, devTools });
  kioskWindow = win;
  const unbind = bindKioskIpc(ipcMain, runtime.core, win.webContents);
  win.on('closed', unbind);
  // The renderer process dying is a failure like any other: wipe the visit and reload to attract.
  win.webContents.on('render-process-gone', () => {
    void runtime?.core.call('cancel', {}).catch(() => undefined);
    if (!win.isDestroyed()) void win.loadURL(`${APP_ORIGIN}/index.html`);
  });
  await win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
}

app.on('window-all-closed', () => {
  void (runtime?.close() ?? Promise.resolve()).finally(() => app.quit());
});

if (primary) {
  start().catch((e: unknown) => {
    process.stderr.write(`kiosk failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    app.exit(e instanceof ConfigExit ? EXIT_CONFIG : 1);
  });
}
