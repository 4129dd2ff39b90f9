// The kiosk window and its hardening: fullscreen kiosk mode, no menu, contextIsolation + sandbox, no Node in
// the page, devtools only when asked for outside production, navigation and new windows denied, webviews
// refused, and of all permissions only the camera for the app's own origin.
import { BrowserWindow, Menu, session } from 'electron';
import { APP_ORIGIN, permissionAllowed } from './app-protocol.ts';

export interface WindowOptions {
  preload: string;
  devTools: boolean;
}

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const media = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? (details.mediaTypes as string[]) : [];
    // Only the top-level page asks for the camera; a subframe (there is none) gets nothing.
    callback(details.isMainFrame && permissionAllowed(permission, details.requestingUrl ?? wc.getURL(), media));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) => {
    const media = details.mediaType ? [details.mediaType] : ['video'];
    return permissionAllowed(permission, requestingOrigin.startsWith(APP_ORIGIN) ? `${requestingOrigin}/` : requestingOrigin, media);
  });
  // No devices other than the camera are ever handed out.
  ses.setDevicePermissionHandler(() => false);
}

export function createKioskWindow(o: WindowOptions): BrowserWindow {
  Menu.setApplicationMenu(null);
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    // Every preference is spelled out, even where Electron's default already agrees, so a default changing in a
    // future Electron cannot weaken the window silently (tests/unit/host/electron-window.test.ts pins the object).
    // Written inline: electronegativity only sees a literal object passed to new BrowserWindow.
    webPreferences: {
      // electronegativity PRELOAD_JS_CHECK ("review the use of preload scripts") flags every preload. Reviewed:
      // preload.ts exposes two functions through contextBridge (invoke on one channel, view subscription) in a
      // sandboxed, context-isolated page; main checks the sender and validates every payload (ipc.ts).
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click (auxclick) can open a link in a new window; new windows are denied anyway, this removes the event.
      disableBlinkFeatures: 'Auxclick',
      devTools: o.devTools,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  const wc = win.webContents;
  // The renderer is one page that never navigates (main reloads it with loadURL, which fires neither event):
  // any navigation or redirect the page starts, to any URL, is refused.
  wc.on('will-navigate', (e) => e.preventDefault());
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  return win;
}
