// The kiosk window and its hardening: fullscreen kiosk mode, no menu, contextIsolation + sandbox, no Node in
// the page, devtools only when asked for outside production, navigation and new windows denied, webviews
// refused, and of all permissions only the camera for the app's own origin.
import { BrowserWindow, Menu, session } from 'electron';
import { APP_ORIGIN, isAppUrl, permissionAllowed } from './app-protocol.ts';

export interface WindowOptions {
  preload: string;
  devTools: boolean;
}

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const media = 'mediaTypes' in details && Array.isArray(details.mediaTypes) ? (details.mediaTypes as string[]) : [];
    callback(permissionAllowed(permission, details.requestingUrl ?? wc.getURL(), media));
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
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: o.devTools,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  return win;
}
