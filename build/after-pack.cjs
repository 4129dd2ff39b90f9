// electron-builder afterPack hook: flip the Electron fuses in the packed binary before it goes into the .deb.
// Fuses are bits compiled into the Electron executable that switch features off for good, whatever the
// command line or environment says. @electron/fuses 1.x (2.x needs Node 22). CommonJS: electron-builder
// require()s hooks. tests/unit/hardening/package-config.test.ts pins KIOSK_FUSES.
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder require()s its hooks: this file is CommonJS. */
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, by FuseV1Options name (so they read the same in the test and in a review). */
const KIOSK_FUSES = Object.freeze({
  // `ELECTRON_RUN_AS_NODE=1 cccd-kiosk script.js` would turn the kiosk binary into a plain Node.
  RunAsNode: false,
  // Cookies and other Chromium storage are encrypted at rest with a key from the OS store.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (e.g. --require a file) and --inspect / --inspect-brk are ignored: no code injection, no debugger.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash embedded at build time, and the app is loaded only from app.asar.
  // Electron enforces asar integrity on macOS and Windows only; on Linux the fuse is set but not enforced
  // (see packaging/README.md: the .deb's own integrity comes from the package manager and a read-only /opt).
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // file:// pages get no extra privileges (the app is served from app://).
  GrantFileProtocolExtraPrivileges: false,
});

function fuseConfig() {
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(KIOSK_FUSES)) {
    const option = FuseV1Options[name];
    if (typeof option !== 'number') throw new Error(`unknown Electron fuse ${name}`);
    config[option] = value;
  }
  return config;
}

/** The packed Electron executable for one platform's output folder. */
function electronBinaryPath(context) {
  const { appOutDir, packager, electronPlatformName } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName ?? name);
}

async function afterPack(context) {
  const binary = electronBinaryPath(context);
  await flipFuses(binary, fuseConfig());
  process.stdout.write(`  • electron fuses set on ${binary}: ${JSON.stringify(KIOSK_FUSES)}\n`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.KIOSK_FUSES = KIOSK_FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinaryPath = electronBinaryPath;
