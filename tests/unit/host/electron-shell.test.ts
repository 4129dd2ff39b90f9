import { describe, it, expect } from 'vitest';
import { join, resolve, sep } from 'node:path';
import { ELECTRON_CSP, isAppUrl, permissionAllowed, resolveAppPath } from '../../../electron/main/app-protocol.ts';
import { electronBinary, NO_ELECTRON_MESSAGE } from '../../../electron/main/electron-binary.ts';

const ROOT = resolve('/srv/kiosk/out/renderer');

describe('app:// protocol', () => {
  it('maps the app origin to files inside the renderer folder', () => {
    expect(resolveAppPath(ROOT, 'app://kiosk/')).toBe(join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://kiosk/assets/index-1.js')).toBe(join(ROOT, 'assets', 'index-1.js'));
    expect(resolveAppPath(ROOT, 'app://kiosk/assets/a%20b.css?x=1#y')).toBe(join(ROOT, 'assets', 'a b.css'));
  });

  it('never resolves outside the renderer folder, whatever the dots and escapes', () => {
    for (const u of ['app://kiosk/../../etc/passwd', 'app://kiosk/%2e%2e/%2e%2e/etc/passwd', 'app://kiosk/assets/..%2f..%2f..%2fetc%2fpasswd', 'app://kiosk/..%5c..%5cx']) {
      const r = resolveAppPath(ROOT, u);
      expect(r === null || r.startsWith(ROOT + sep), `${u} → ${r}`).toBe(true);
    }
  });

  it('answers nothing for another host, another scheme or a broken URL', () => {
    for (const u of [
      'app://other/index.html',
      'file:///etc/passwd',
      'https://kiosk/index.html',
      'app://kiosk/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppPath(ROOT, u), u).toBeNull();
    }
  });

  it('trusts only the app origin and grants only the camera to it', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('app://kiosk.evil/index.html')).toBe(false);
    expect(isAppUrl('http://127.0.0.1/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(permissionAllowed('media', 'app://kiosk/index.html', ['video'])).toBe(true);
    expect(permissionAllowed('media', 'app://kiosk/index.html', ['video', 'audio'])).toBe(false);
    expect(permissionAllowed('media', 'app://kiosk/index.html', [])).toBe(false);
    expect(permissionAllowed('media', 'https://example.com/', ['video'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) {
      expect(permissionAllowed(p, 'app://kiosk/index.html'), p).toBe(false);
    }
  });

  it('the page may connect nowhere and run only its own scripts', () => {
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).toContain("connect-src 'none'");
    expect(ELECTRON_CSP).toContain("object-src 'none'");
  });
});

describe('Electron binary detection', () => {
  it('answers without trying to download, and names the browser kiosk when there is none', () => {
    const bin = electronBinary();
    expect(bin === null || bin.length > 0).toBe(true);
    expect(NO_ELECTRON_MESSAGE).toContain('npm run start:browser');
  });
});
