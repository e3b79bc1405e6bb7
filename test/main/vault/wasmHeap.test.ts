import { describe, expect, it } from 'vitest';
import { KeyRing } from '../../../main/vault/keyRing';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { createdVault, PSYCH_PASSPHRASE } from '../../helpers/tempVault';

/** The whole WebAssembly heap libsodium runs in, as it is now. */
function heapOf(sodium: Sodium): Buffer {
  const heap = (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
  return Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
}

describe("libsodium's WebAssembly heap", () => {
  it('holds no plaintext or key bytes after the psychotherapy compartment closes and after lock', async () => {
    const sodium = await loadSodium();
    const keyRing = new KeyRing(sodium);
    const made = await createdVault({ keyRing });
    try {
      const { vault } = made;
      const progressCanary = 'HEAP-CANARY-progress-Ω-4d2f9a';
      const psychotherapyCanary = 'HEAP-CANARY-psychotherapy-ø-81c3e7';
      const client = vault.clients.create({ name: 'Heap Check' });
      const session = vault.sessions.create({ clientId: client.id, date: '2026-03-02', startTime: '09:00', endTime: '09:50', modality: 'video' });
      // Long texts, canary in the middle: later small allocations reuse the start of a freed block only.
      const padding = 'session reflections '.repeat(200);
      const draft = vault.progressNotes.saveDraft({
        sessionId: session.id,
        templateId: 'NARRATIVE',
        fields: { narrative: `${padding}${progressCanary}${padding}` },
      });
      await vault.openPsychotherapy(PSYCH_PASSPHRASE);
      const note = vault.psychotherapyNotes.create({ sessionId: session.id, text: `${padding}${psychotherapyCanary}${padding}` });
      expect(vault.psychotherapyNotes.get(note.id).text).toContain(psychotherapyCanary);
      expect(vault.progressNotes.get(draft.id).fields.narrative).toContain(progressCanary);
      const progressKey = Buffer.from(keyRing.get('progress').key);
      const psychotherapyKey = Buffer.from(keyRing.get('psychotherapy').key);

      vault.closePsychotherapy();
      let heap = heapOf(sodium);
      expect(heap.includes(Buffer.from(psychotherapyCanary))).toBe(false);
      expect(heap.includes(psychotherapyKey)).toBe(false);

      await vault.lock();
      heap = heapOf(sodium);
      expect(heap.includes(Buffer.from(progressCanary))).toBe(false);
      expect(heap.includes(progressKey)).toBe(false);
    } finally {
      await made.dispose();
    }
  });
});
