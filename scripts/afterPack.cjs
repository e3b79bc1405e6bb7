// electron-builder afterPack hook (electron-builder.yml: `afterPack: scripts/afterPack.cjs`).
// Flips Electron's fuses in the packed executable, before code signing, so a packaged
// Therapist Vault cannot be turned into a plain Node runtime, be given NODE_OPTIONS or
// --inspect, or load app code from outside its integrity-checked app.asar (DESIGN.md,
// "Electron hardening"). test/scripts/afterPack.test.ts checks every value.
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** electron-builder's Arch enum value for arm64 (builder-util: ia32 0, x64 1, armv7l 2, arm64 3, universal 4). */
const ARCH_ARM64 = 3;

/** The fuses this app ships with. Fuses left out here keep Electron's default. */
const fuseConfig = Object.freeze({
  version: FuseVersion.V1,
  // No ELECTRON_RUN_AS_NODE: the app binary cannot run arbitrary scripts as Node.
  [FuseV1Options.RunAsNode]: false,
  // Chromium cookies encrypted with an OS-protected key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS are ignored.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect, --inspect-brk and friends are ignored.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash embedded at build time (macOS, Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The app is loaded only from app.asar, never from a loose app/ folder beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // file:// pages get no extra privileges (the app uses its own protocol).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/** The packed executable that carries the fuses, computed as electron-builder does. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

/** The options passed to flipFuses for this build (the ad-hoc signature is reset on Apple silicon). */
function fuseOptions(context) {
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  return { ...fuseConfig, resetAdHocDarwinSignature: isMac && context.arch === ARCH_ARM64 };
}

async function afterPack(context) {
  const executable = executablePath(context);
  await flipFuses(executable, fuseOptions(context));
  console.log(`  • flipped Electron fuses  file=${path.relative(process.cwd(), executable)}`);
}

module.exports = afterPack;
module.exports.afterPack = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
module.exports.executablePath = executablePath;
module.exports.fuseOptions = fuseOptions;
