// The electron-builder afterPack hook flips the fuses DESIGN.md asks for ("Electron
// hardening"), on the right executable for each platform. The last test flips a fake
// executable that carries a real fuse wire and reads the wire back.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}

interface AfterPackModule {
  (context: PackContext): Promise<void>;
  fuseConfig: Record<string, unknown>;
  executablePath(context: PackContext): string;
  fuseOptions(context: PackContext): Record<string, unknown>;
}

const afterPack = require('../../scripts/afterPack.cjs') as AfterPackModule;
const { FuseV1Options, FuseVersion } = require('@electron/fuses') as typeof import('@electron/fuses');
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants') as {
  SENTINEL: string;
  FuseState: { DISABLE: number; ENABLE: number };
};

// electron-builder's Arch enum (builder-util).
const ARCH = { x64: 1, arm64: 3 } as const;

function context(electronPlatformName: string, arch: number, appOutDir = '/out'): PackContext {
  return {
    appOutDir,
    electronPlatformName,
    arch,
    packager: { appInfo: { productFilename: 'Therapist Vault' }, executableName: 'therapist-vault' },
  };
}

describe('afterPack fuse configuration', () => {
  it('sets each fuse as DESIGN.md requires and leaves the rest at Electron defaults', () => {
    const { fuseConfig } = afterPack;
    expect(fuseConfig.version).toBe(FuseVersion.V1);
    expect(fuseConfig[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuseConfig[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuseConfig[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuseConfig[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(fuseConfig[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuseConfig[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseConfig[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    // Exactly those seven fuses plus the version: nothing else is set by accident.
    expect(Object.keys(fuseConfig).sort()).toEqual(
      [
        'version',
        FuseV1Options.RunAsNode,
        FuseV1Options.EnableCookieEncryption,
        FuseV1Options.EnableNodeOptionsEnvironmentVariable,
        FuseV1Options.EnableNodeCliInspectArguments,
        FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
        FuseV1Options.OnlyLoadAppFromAsar,
        FuseV1Options.GrantFileProtocolExtraPrivileges,
      ]
        .map(String)
        .sort(),
    );
    expect(Object.isFrozen(fuseConfig)).toBe(true);
  });

  it('resets the ad-hoc signature on macOS arm64 only', () => {
    expect(afterPack.fuseOptions(context('darwin', ARCH.arm64)).resetAdHocDarwinSignature).toBe(true);
    expect(afterPack.fuseOptions(context('mas', ARCH.arm64)).resetAdHocDarwinSignature).toBe(true);
    expect(afterPack.fuseOptions(context('darwin', ARCH.x64)).resetAdHocDarwinSignature).toBe(false);
    expect(afterPack.fuseOptions(context('linux', ARCH.arm64)).resetAdHocDarwinSignature).toBe(false);
    expect(afterPack.fuseOptions(context('win32', ARCH.x64)).resetAdHocDarwinSignature).toBe(false);
    expect(afterPack.fuseOptions(context('linux', ARCH.x64))).toMatchObject(afterPack.fuseConfig);
  });

  it('targets the packed executable for each platform', () => {
    expect(afterPack.executablePath(context('linux', ARCH.x64))).toBe(join('/out', 'therapist-vault'));
    expect(afterPack.executablePath(context('win32', ARCH.x64))).toBe(join('/out', 'Therapist Vault.exe'));
    expect(afterPack.executablePath(context('darwin', ARCH.arm64))).toBe(join('/out', 'Therapist Vault.app'));
    expect(afterPack.executablePath(context('mas', ARCH.x64))).toBe(join('/out', 'Therapist Vault.app'));
  });
});

describe('afterPack on a packed Linux executable', () => {
  let dir = '';

  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('flips the fuse wire in the file electron-builder produced', async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterPack-'));
    const executable = join(dir, 'therapist-vault');
    // A stand-in for the Electron binary: some bytes, the sentinel, wire version 1, a wire of
    // 9 fuses (Electron 39 has more fuses than @electron/fuses 1.8 names) all enabled, more bytes.
    const wireLength = 9;
    const wire = Buffer.alloc(wireLength, FuseState.ENABLE);
    await writeFile(
      executable,
      Buffer.concat([Buffer.from('\x7fELF fake'), Buffer.from(SENTINEL), Buffer.from([1, wireLength]), wire, Buffer.from('tail')]),
    );
    vi.spyOn(console, 'log').mockImplementation(() => undefined);

    await afterPack(context('linux', ARCH.x64, dir));

    const bytes = await readFile(executable);
    const start = bytes.indexOf(SENTINEL) + SENTINEL.length + 2;
    const fuse = (option: number): number | undefined => bytes[start + option];
    expect(fuse(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(fuse(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(fuse(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(fuse(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(fuse(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(fuse(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(fuse(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    // Fuses the config leaves out keep their value.
    expect(fuse(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(FuseState.ENABLE);
    expect(fuse(8)).toBe(FuseState.ENABLE);
    // Nothing outside the wire changed.
    expect(bytes.length).toBe(9 + SENTINEL.length + 2 + wireLength + 4);
    expect(bytes.subarray(bytes.length - 4).toString()).toBe('tail');
  });

  it('fails the build when the executable has no fuse wire', async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterPack-'));
    await writeFile(join(dir, 'therapist-vault'), 'not electron');
    await expect(afterPack(context('linux', ARCH.x64, dir))).rejects.toThrow(/sentinel/i);
  });
});
