// The kiosk window, its session and main's lifecycle against a mocked `electron` module: the exact
// webPreferences, the permission handlers, navigation/new-window/webview refusal, the CSP header on what the
// app:// protocol serves, the single-instance lock. electronegativity (npm run lint:electron) reads the source;
// these tests pin the behaviour it cannot see (handler logic, the CSP header, the lock).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Handler = (...args: unknown[]) => unknown;

class FakeWebContents {
  readonly handlers = new Map<string, Handler[]>();
  windowOpenHandler: Handler | null = null;
  readonly mainFrame = { processId: 1, routingId: 1, parent: null, url: 'app://kiosk/index.html' };
  readonly loadURL = vi.fn(async () => undefined);
  on(event: string, fn: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  setWindowOpenHandler(fn: Handler): void {
    this.windowOpenHandler = fn;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  isDestroyed(): boolean {
    return false;
  }
  send(): void {}
  getURL(): string {
    return 'app://kiosk/index.html';
  }
}

const state = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; webContents: unknown }[],
  session: {} as Record<string, (...a: unknown[]) => unknown>,
  app: null as unknown,
  protocolHandle: null as ((r: Request) => Promise<Response>) | null,
  privileged: [] as unknown[],
  ipcHandlers: new Map<string, unknown>(),
  lock: true,
  isPackaged: true,
  repoRoot: '',
  runtimeStarted: 0,
  runtimeOptions: null as unknown,
  menu: [] as unknown[],
}));

vi.mock('electron', () => {
  const appHandlers = new Map<string, Handler[]>();
  const app = {
    handlers: appHandlers,
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(async () => undefined),
    getPath: vi.fn(() => join(state.repoRoot, 'userData')),
    get isPackaged() {
      return state.isPackaged;
    },
    on(event: string, fn: Handler) {
      appHandlers.set(event, [...(appHandlers.get(event) ?? []), fn]);
      return app;
    },
  };
  state.app = app;
  class BrowserWindow {
    readonly webContents = new FakeWebContents();
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly loadURL = vi.fn(async () => undefined);
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
    }
    once(): this {
      return this;
    }
    on(): this {
      return this;
    }
    isDestroyed(): boolean {
      return false;
    }
  }
  const defaultSession = {
    setPermissionRequestHandler: (fn: Handler) => (state.session.request = fn),
    setPermissionCheckHandler: (fn: Handler) => (state.session.check = fn),
    setDevicePermissionHandler: (fn: Handler) => (state.session.device = fn),
  };
  return {
    app,
    BrowserWindow,
    Menu: { setApplicationMenu: (m: unknown) => state.menu.push(m) },
    session: { defaultSession },
    ipcMain: { handle: (ch: string, fn: unknown) => state.ipcHandlers.set(ch, fn), removeHandler: (ch: string) => state.ipcHandlers.delete(ch) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.privileged.push(...s),
      handle: (_scheme: string, fn: (r: Request) => Promise<Response>) => (state.protocolHandle = fn),
    },
    safeStorage: { isEncryptionAvailable: () => false },
  };
});

vi.mock('../../../electron/checkin/kiosk-runtime.ts', () => ({
  get REPO_ROOT() {
    return state.repoRoot;
  },
  startKioskRuntime: vi.fn(async (opts: unknown) => {
    state.runtimeStarted++;
    state.runtimeOptions = opts;
    return { core: { call: vi.fn(async () => null), onView: () => () => undefined }, staffPin: null, close: async () => undefined };
  }),
}));

vi.mock('../../../electron/config/backend-config.ts', () => ({
  loadBackendConfig: vi.fn((path: string) => ({ deployment: path, outbox: { key: { kind: 'file', path: '/etc/cccd-kiosk/outbox.key' } } })),
}));

const { createKioskWindow, hardenSession } = await import('../../../electron/main/window.ts');
const { ELECTRON_CSP } = await import('../../../electron/main/app-protocol.ts');

function lastWindow(): { options: Record<string, unknown>; webContents: FakeWebContents } {
  const w = state.windows.at(-1);
  if (!w) throw new Error('no window');
  return w as { options: Record<string, unknown>; webContents: FakeWebContents };
}

const preventable = (): { preventDefault: ReturnType<typeof vi.fn> } => ({ preventDefault: vi.fn() });

beforeEach(() => {
  state.windows.length = 0;
  state.session = {};
});

describe('kiosk window', () => {
  it('has exactly the hardened webPreferences, devtools off in production', () => {
    createKioskWindow({ preload: '/opt/kiosk/out/preload/preload.cjs', devTools: false });
    const { options } = lastWindow();
    expect(options.webPreferences).toStrictEqual({
      preload: '/opt/kiosk/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
    expect(options.kiosk).toBe(true);
    expect(state.menu.at(-1)).toBeNull();
  });

  it('turns devtools on only when asked', () => {
    createKioskWindow({ preload: '/p.cjs', devTools: true });
    expect((lastWindow().options.webPreferences as Record<string, unknown>).devTools).toBe(true);
  });

  it('refuses every navigation and redirect, any new window and any webview', () => {
    createKioskWindow({ preload: '/p.cjs', devTools: false });
    const wc = lastWindow().webContents;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://kiosk/index.html', 'app://kiosk.evil/']) {
      const nav = preventable();
      wc.emit('will-navigate', nav, url);
      expect(nav.preventDefault, `will-navigate ${url}`).toHaveBeenCalled();
      const redirect = preventable();
      wc.emit('will-redirect', redirect, url);
      expect(redirect.preventDefault, `will-redirect ${url}`).toHaveBeenCalled();
      expect(wc.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    const webview = preventable();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('session permissions', () => {
  const ask = (permission: string, details: Record<string, unknown>): boolean => {
    let granted: boolean | null = null;
    state.session.request?.({ getURL: () => 'app://kiosk/index.html' }, permission, (g: boolean) => (granted = g), details);
    if (granted === null) throw new Error('callback not called');
    return granted;
  };
  const check = (permission: string, origin: string, details: Record<string, unknown> = {}): unknown =>
    state.session.check?.({}, permission, origin, { isMainFrame: true, ...details });

  it('grants the camera to the app page and nothing else to anyone', () => {
    hardenSession();
    expect(ask('media', { isMainFrame: true, requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'app://kiosk/index.html', mediaTypes: ['audio'] })).toBe(false);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'app://kiosk/index.html' })).toBe(false);
    expect(ask('media', { isMainFrame: false, requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { isMainFrame: true, requestingUrl: 'app://kiosk.evil/', mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen', 'midi', 'unknown']) {
      expect(ask(p, { isMainFrame: true, requestingUrl: 'app://kiosk/index.html' }), p).toBe(false);
    }
  });

  it('answers permission checks the same way: video for the app origin only, when the type is given', () => {
    hardenSession();
    expect(check('media', 'app://kiosk', { mediaType: 'video' })).toBe(true);
    expect(check('media', 'app://kiosk')).toBe(true);
    expect(check('media', 'app://kiosk', { mediaType: 'audio' })).toBe(false);
    expect(check('media', 'app://kiosk', { mediaType: 'unknown' })).toBe(false);
    expect(check('media', 'app://kiosk.evil', { mediaType: 'video' })).toBe(false);
    expect(check('media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-sanitized-write', 'hid', 'serial', 'usb', 'storage-access']) {
      expect(check(p, 'app://kiosk'), p).toBe(false);
    }
    expect(state.session.device?.({ deviceType: 'usb', origin: 'app://kiosk' })).toBe(false);
  });
});

describe('main process lifecycle', () => {
  let root = '';
  beforeEach(() => {
    vi.resetModules();
    root = mkdtempSync(join(tmpdir(), 'kiosk-main-'));
    mkdirSync(join(root, 'out', 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(root, 'out', 'renderer', 'index.html'), '<!doctype html><title>k</title>');
    writeFileSync(join(root, 'out', 'renderer', 'assets', 'a.js'), 'export {}');
    writeFileSync(join(root, 'secret.txt'), 'not for the page');
    state.repoRoot = root;
    state.protocolHandle = null;
    state.privileged.length = 0;
    state.ipcHandlers.clear();
    state.runtimeStarted = 0;
    const app = state.app as { handlers: Map<string, unknown>; quit: ReturnType<typeof vi.fn>; whenReady: ReturnType<typeof vi.fn> };
    app.handlers.clear();
    app.quit.mockClear();
    app.whenReady.mockClear();
    (state.app as { exit: ReturnType<typeof vi.fn> }).exit.mockClear();
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    delete process.env.KIOSK_DEVTOOLS;
    delete process.env.KIOSK_CONFIG;
    delete process.env.KIOSK_CSCA_DIR;
    delete process.env.KIOSK_STAFF_PIN_HASH;
  });

  it('a second instance quits before it starts anything', async () => {
    state.lock = false;
    await import('../../../electron/main/main.ts');
    const app = state.app as { quit: ReturnType<typeof vi.fn>; whenReady: ReturnType<typeof vi.fn> };
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(state.runtimeStarted).toBe(0);
    expect(state.ipcHandlers.size).toBe(0);
    state.lock = true;
  });

  it('a packaged kiosk without a deployment configuration exits with the configuration status, no window', async () => {
    state.isPackaged = true;
    process.env.KIOSK_CSCA_DIR = root;
    const windows = state.windows.length;
    const { EXIT_CONFIG } = await import('../../../electron/main/main.ts');
    const app = state.app as { exit: ReturnType<typeof vi.fn> };
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(EXIT_CONFIG));
    expect(EXIT_CONFIG).toBe(78);
    expect(state.runtimeStarted).toBe(0);
    expect(state.windows.length).toBe(windows);
  });

  it('a packaged kiosk without a trust store folder exits with the configuration status: it never falls back to the demo CSCA', async () => {
    state.isPackaged = true;
    process.env.KIOSK_CONFIG = '/etc/cccd-kiosk/kiosk.json';
    for (const csca of [undefined, join(root, 'missing')]) {
      vi.resetModules();
      if (csca === undefined) delete process.env.KIOSK_CSCA_DIR;
      else process.env.KIOSK_CSCA_DIR = csca;
      (state.app as { exit: ReturnType<typeof vi.fn> }).exit.mockClear();
      await import('../../../electron/main/main.ts');
      const app = state.app as { exit: ReturnType<typeof vi.fn> };
      await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(78));
    }
    expect(state.runtimeStarted).toBe(0);
  });

  it('a packaged kiosk without a staff PIN hash exits with the configuration status: it never makes up a PIN for the journal', async () => {
    state.isPackaged = true;
    process.env.KIOSK_CONFIG = '/etc/cccd-kiosk/kiosk.json';
    process.env.KIOSK_CSCA_DIR = root;
    const windows = state.windows.length;
    await import('../../../electron/main/main.ts');
    const app = state.app as { exit: ReturnType<typeof vi.fn> };
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(78));
    expect(state.runtimeStarted).toBe(0);
    expect(state.windows.length).toBe(windows);
  });

  it('the first instance serves the page with the CSP header, only from the renderer folder, devtools off when packaged', async () => {
    state.isPackaged = true;
    process.env.KIOSK_DEVTOOLS = '1';
    process.env.KIOSK_CONFIG = '/etc/cccd-kiosk/kiosk.json';
    process.env.KIOSK_CSCA_DIR = root;
    process.env.KIOSK_STAFF_PIN_HASH = 'scrypt$test';
    await import('../../../electron/main/main.ts');
    await vi.waitFor(() => expect(state.windows.length).toBeGreaterThan(0));
    // The deployment configuration runs the kiosk, and a package has no demo cards: an empty folder.
    expect(state.runtimeOptions).toMatchObject({ backends: { deployment: '/etc/cccd-kiosk/kiosk.json' }, cardsDir: join(root, 'userData', 'no-demo-cards'), cscaDir: root, keyProvider: undefined });
    expect(readdirSync(join(root, 'userData', 'no-demo-cards'))).toEqual([]);
    expect((lastWindow().options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    expect(state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(state.ipcHandlers.has('kiosk:call')).toBe(true);
    const serve = state.protocolHandle;
    if (!serve) throw new Error('app:// not handled');
    for (const url of ['app://kiosk/index.html', 'app://kiosk/', 'app://kiosk/assets/a.js']) {
      const r = await serve(new Request(url));
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-security-policy'), url).toBe(ELECTRON_CSP);
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    for (const url of ['app://kiosk/../secret.txt', 'app://kiosk/%2e%2e/secret.txt', 'app://other/index.html', 'app://kiosk/missing.js']) {
      expect((await serve(new Request(url))).status, url).toBe(404);
    }
  });

  it('devtools only outside a package and only when asked', async () => {
    state.isPackaged = false;
    process.env.KIOSK_DEVTOOLS = '1';
    await import('../../../electron/main/main.ts');
    await vi.waitFor(() => expect(state.windows.length).toBeGreaterThan(0));
    expect((lastWindow().options.webPreferences as Record<string, unknown>).devTools).toBe(true);
    state.isPackaged = true;
  });

  it('any web contents created later refuses navigation, new windows and webviews too', async () => {
    await import('../../../electron/main/main.ts');
    const app = state.app as { handlers: Map<string, Handler[]> };
    const created = app.handlers.get('web-contents-created') ?? [];
    expect(created.length).toBe(1);
    const wc = new FakeWebContents();
    created[0]?.({}, wc);
    const nav = preventable();
    wc.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const webview = preventable();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});
