/**
 * Waits for the wall clock to pass the millisecond now running. Saves of one
 * record on two computers within one millisecond get stamps that differ only
 * in their random device ids (docs/SYNC.md section 4), so which one the merge
 * keeps would be chance; a test that has one computer save last waits for
 * this between the two saves.
 */
export async function nextMillisecond(): Promise<void> {
  const started = Date.now();
  while (Date.now() <= started) await new Promise((resolve) => setTimeout(resolve, 1));
}
