import { describe, expect, it } from 'vitest';
import { addClient, enterMeasure, goToClients, newSession, startPractice, writeNote } from './flows';
import { seriousAxeViolations } from './harness';
import { useRunningApp } from './runningApp';

const app = useRunningApp();

describe('outcome measures in the built renderer over the real vault', () => {
  it('enters a PHQ-9 item by item, shows its score, band and item 9 flag, and charts it on the client page', async () => {
    const { page } = app;
    await startPractice(page);
    await goToClients(page);
    await addClient(page, { name: 'Aurélie Dubois', chartNumber: 'C-3001' });
    await newSession(page, { date: '2026-04-07', start: '10:00', end: '10:50' });
    await writeNote(page, { Subjective: 'Low mood since the winter.' });

    let running = '';
    let checkedAfterKeys = '';
    await enterMeasure(page, 'PHQ-9', [2, 2, 1, 2, 1, 1, 1, 1, 1], async () => {
      const form = page.getByRole('form', { name: 'PHQ-9 answers' });
      running = (await form.getByText(/^Total /).textContent()) ?? '';
      expect(await seriousAxeViolations(page, 'measure form')).toEqual([]);
      await form.getByRole('group').nth(4).getByRole('radio', { name: /^Not at all / }).focus();
      await page.keyboard.press('ArrowRight');
      checkedAfterKeys = (await form.locator('.measure-items').getByRole('radio', { checked: true }).count()).toString();
    });
    expect(running).toBe('Total 12 of 27: moderate.');
    expect(checkedAfterKeys).toBe('9');

    const measures = page.getByRole('list', { name: 'Measures given this session' });
    const row = measures.getByRole('listitem');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/PHQ-9\s*12 \/ 27\s*moderate/);
    const flag = page.getByRole('note', { name: 'Risk flag' });
    expect(await flag.textContent()).toContain('PHQ-9 item 9 (thoughts of death or self-harm) answered "Several days"');

    // An unanswered item is named, not guessed.
    await page.getByRole('button', { name: 'Add GAD-7' }).click();
    const gad = page.getByRole('form', { name: 'GAD-7 answers' });
    await gad.getByRole('group').first().getByRole('radio', { name: /^Nearly every day / }).check();
    await gad.getByRole('button', { name: 'Save GAD-7' }).click();
    await gad.getByText('Answer every item: 6 items are still blank.').waitFor();
    await gad.getByRole('button', { name: 'Cancel' }).click();
    await enterMeasure(page, 'GAD-7', [3, 3, 2, 2, 2, 1, 1]);
    expect(await row.count()).toBe(2);

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Aurélie Dubois' }).click();
    await newSession(page, { date: '2026-04-21', start: '10:00', end: '10:50' });
    await enterMeasure(page, 'PHQ-9', [1, 1, 0, 1, 1, 0, 0, 0, 0], async () => {
      const difficulty = page.getByRole('form', { name: 'PHQ-9 answers' }).getByRole('group', { name: /how difficult have these problems made it/ });
      expect(await difficulty.getByRole('radio', { name: 'Not answered' }).isChecked()).toBe(true);
      await difficulty.getByRole('radio', { name: 'Somewhat difficult' }).check();
    });
    expect(await page.getByRole('list', { name: 'Measures given this session' }).textContent()).toContain('Somewhat difficult');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: 'Aurélie Dubois' }).click();

    const section = page.getByRole('region', { name: 'Outcome measures' });
    await section.getByRole('table', { name: 'Scores by session, oldest first' }).waitFor();
    const chart = section.getByRole('figure', { name: 'PHQ-9 over time' });
    expect(await chart.locator('circle').count()).toBe(2);
    expect(await chart.locator('circle.chart-point-risk').count()).toBe(1);
    expect(await chart.locator('path.chart-line').count()).toBe(1);
    expect(await chart.locator('[style]').count()).toBe(0);
    expect(await section.getByRole('figure', { name: 'GAD-7 over time' }).locator('circle').count()).toBe(1);
    const rows = await section.getByRole('row').allTextContents();
    expect(rows.slice(1).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/Apr 7, 2026 ?PHQ-9 ?12 \/ 27 ?moderate ?Flagged ?—$/),
      expect.stringMatching(/Apr 7, 2026 ?GAD-7 ?14 \/ 21 ?moderate ?— ?—$/),
      expect.stringMatching(/Apr 21, 2026 ?PHQ-9 ?4 \/ 27 ?minimal ?Not at all ?Somewhat difficult$/),
    ]);
    expect(await section.getByRole('columnheader', { name: 'Difficulty (PHQ-9)' }).count()).toBe(1);
    expect(await seriousAxeViolations(page, 'client measures')).toEqual([]);

    // Search finds the measure and lands on it in its session.
    await page.keyboard.press('Control+f');
    const search = page.getByRole('dialog', { name: 'Search' });
    await search.getByRole('combobox', { name: 'Search the vault' }).fill('phq minimal');
    await search.getByRole('option', { name: /Measure/ }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Session on / }).waitFor();
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-measure') ?? false);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
