// The Linux package's configuration, read from the files electron-builder and systemd read: a .deb for x64 that
// depends on the smart-card stack and the compositor, the Electron fuses the afterPack hook sets (and that it
// really sets them in a binary), and a systemd unit that runs the kiosk under cage as its own user, restarted.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseBackendConfig } from '../../../electron/config/backend-config.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load(text: string): unknown };
const at = (p: string): string => join(ROOT, p);

interface BuilderConfig {
  productName: string;
  electronVersion: string;
  asar: boolean;
  files: string[];
  asarUnpack: string[];
  afterPack: string;
  linux: { target: { target: string; arch: string[] }[]; executableName: string };
  deb: { depends: string[]; afterInstall: string; afterRemove: string; fpm: string[] };
}

const config = load(readFileSync(at('electron-builder.yml'), 'utf8')) as BuilderConfig;

interface FuseHook {
  (context: unknown): Promise<void>;
  KIOSK_FUSES: Record<string, boolean>;
  fuseConfig(): Record<string | number, unknown>;
}
const hook = require(at(config.afterPack)) as FuseHook;
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>;
};

/** systemd unit → { section: { key: [values] } }. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s?.[1]) {
      section = s[1];
      out[section] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`not a key=value line: ${line}`);
    const sec = (out[section] ??= {});
    (sec[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return out;
}

const fpmMap = new Map(config.deb.fpm.map((m) => m.split('=') as [string, string]));
const unitSource = [...fpmMap].find(([, dest]) => dest === '/usr/lib/systemd/system/cccd-kiosk.service')?.[0];
const unit = parseUnit(readFileSync(at(unitSource ?? 'missing'), 'utf8'));
const service = unit.Service ?? {};
const one = (key: string): string | undefined => {
  const v = service[key];
  expect(v, key).toHaveLength(1);
  return v?.[0];
};

describe('electron-builder.yml', () => {
  it('builds exactly one Linux target: a .deb for x64', () => {
    expect(config.linux.target).toEqual([{ target: 'deb', arch: ['x64'] }]);
    expect(config.electronVersion).toBe((require('electron/package.json') as { version: string }).version);
  });

  it('the .deb depends on the PC/SC daemon, the CCID driver and the cage compositor', () => {
    for (const dep of ['pcscd', 'libccid', 'cage']) expect(config.deb.depends, dep).toContain(dep);
  });

  it('packs the built app in an asar with native addons unpacked and the models, but no demo cards and no demo CSCA', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'models/**', '!resources/**']));
    expect(config.files.some((f) => !f.startsWith('!') && f.startsWith('resources'))).toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/@pokusew/pcsclite/**', '**/node_modules/@napi-rs/canvas*/**']));
  });

  it('every file the package maps into the system exists in the repository', () => {
    expect(fpmMap.size).toBe(config.deb.fpm.length);
    for (const [src] of fpmMap) expect(existsSync(at(src)), src).toBe(true);
    for (const f of [config.afterPack, config.deb.afterInstall, config.deb.afterRemove]) expect(existsSync(at(f)), f).toBe(true);
    expect(fpmMap.get('packaging/pam/cccd-kiosk')).toBe('/etc/pam.d/cccd-kiosk');
  });

  it('npm run package:deb runs electron-vite then electron-builder for this target', () => {
    const scripts = (JSON.parse(readFileSync(at('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['package:deb']).toMatch(/^electron-vite build && electron-builder --linux deb --x64\b/);
  });
});

describe('Electron fuses (afterPack)', () => {
  it('declares the kiosk fuse values', () => {
    expect(hook.KIOSK_FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    const c = hook.fuseConfig();
    expect(c.version).toBe('1');
    expect(c[fuses.FuseV1Options.RunAsNode ?? -1]).toBe(false);
    expect(c[fuses.FuseV1Options.OnlyLoadAppFromAsar ?? -1]).toBe(true);
  });

  it('flips them in a packed binary and leaves fuses it does not name as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-fuses-'));
    try {
      // A stand-in executable with Electron's fuse wire (sentinel, version 1, 9 fuses) as Electron 45 ships it:
      // RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off,
      // V8 snapshot off, file:// privileges on, the 9th (newer than @electron/fuses 1.x) on.
      const wire = Buffer.from('101100011', 'latin1');
      const bin = Buffer.concat([Buffer.alloc(256, 7), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX', 'latin1'), Buffer.from([1, wire.length]), wire, Buffer.alloc(64, 7)]);
      writeFileSync(join(dir, 'cccd-kiosk'), bin);
      await hook({ appOutDir: dir, electronPlatformName: 'linux', packager: { executableName: 'cccd-kiosk', appInfo: { productFilename: 'cccd-kiosk' } } });
      const after = readFileSync(join(dir, 'cccd-kiosk'));
      expect(after.length).toBe(bin.length);
      const at0 = bin.indexOf('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX') + 32 + 2;
      expect(after.subarray(at0, at0 + 9).toString('latin1')).toBe('010011001');
      const read = await fuses.getCurrentFuseWire(join(dir, 'cccd-kiosk'));
      // The fuse wire stores '0' (0x30) for off and '1' (0x31) for on.
      expect(read[fuses.FuseV1Options.RunAsNode ?? -1]).toBe(0x30);
      expect(read[fuses.FuseV1Options.OnlyLoadAppFromAsar ?? -1]).toBe(0x31);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('systemd unit', () => {
  it('runs the packaged executable under cage as the kiosk user, restarting always but not on a configuration error', () => {
    expect(one('ExecStart')).toMatch(new RegExp(`^/usr/bin/cage -- /usr/bin/${config.linux.executableName}( |$)`));
    expect(one('User')).toBe('cccd-kiosk');
    expect(one('Restart')).toBe('always');
    expect(one('RestartPreventExitStatus')).toBe('78');
    expect(one('PAMName')).toBe('cccd-kiosk');
    expect(unit.Unit?.StartLimitIntervalSec).toEqual(['0']);
    expect(unit.Install?.WantedBy).toEqual(['graphical.target']);
  });

  it('is hardened, without the settings that would break cage, the camera or Chromium', () => {
    for (const [k, v] of Object.entries({ NoNewPrivileges: 'yes', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes', RestrictSUIDSGID: 'yes', CapabilityBoundingSet: '', UMask: '0077' })) {
      expect(one(k), k).toBe(v);
    }
    for (const k of ['PrivateDevices', 'ProtectClock', 'DeviceAllow', 'MemoryDenyWriteExecute', 'RestrictNamespaces']) expect(service[k], k).toBeUndefined();
  });

  it('points at a deployment configuration that the kiosk accepts, reading real cards over PC/SC', () => {
    const env = new Map((service.Environment ?? []).map((e) => e.split('=', 2) as [string, string]));
    expect(env.get('KIOSK_CONFIG')).toBe('/etc/cccd-kiosk/kiosk.json');
    expect(env.get('KIOSK_CSCA_DIR')).toBe('/etc/cccd-kiosk/csca');
    const example = JSON.parse(readFileSync(at('packaging/kiosk.example.json'), 'utf8')) as unknown;
    const parsed = parseBackendConfig(example, '/etc/cccd-kiosk');
    expect(parsed.reader).toEqual({ kind: 'pcsc', name: undefined });
    expect(parsed.outbox.dir.startsWith('/var/lib/cccd-kiosk/')).toBe(true);
    expect(one('ReadWritePaths')).toBe('/var/lib/cccd-kiosk');
  });

  it('the postinst makes the same user the unit runs as', () => {
    const postinst = readFileSync(at(config.deb.afterInstall), 'utf8');
    expect(postinst).toMatch(/adduser --system --group --home \/var\/lib\/cccd-kiosk .*cccd-kiosk/);
    expect(postinst).toContain('install -d -m 0750 -o root -g cccd-kiosk /etc/cccd-kiosk/csca');
    expect(postinst).toContain("ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'");
  });
});
