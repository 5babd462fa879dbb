import type { BrowserContext } from 'playwright-core';
import { OBSERVED_KEY, interactiveObserverScript } from './interactive-observer';

export const INTERACTIVE_SELECTOR = 'select[name=actionName]:enabled';
const STEP_TIMEOUT = 15_000;

export interface PageTiming {
  /** ms since navigation start (performance.timeOrigin), as the page itself sees it. */
  fcp: number;
  /** waitForSelector, then performance.now(): includes Playwright's overhead (upper bound). */
  interactive?: number;
  /** Same condition recorded by an in-page MutationObserver (see interactive-observer.ts). */
  interactiveObserved?: number;
}

export interface Round {
  first: 'blank' | 'popup';
  blank: PageTiming;
  popup: PageTiming;
}

/** Page errors and console errors seen in measured pages: a popup that throws is not a fast popup. */
export const pageProblems: string[] = [];

/**
 * One fresh tab per sample. goto waits only for "commit" so the wait for the form control is not
 * held up behind the load event. FCP comes from the page's own performance entries, so harness
 * latency does not count in it. "interactive" (waitForSelector, then performance.now()) does
 * include Playwright's script injection, polling and one round-trip: an upper bound, measured at
 * ~100-200 ms too late on a 2-core machine; interactiveObserved is the in-page cross-check.
 */
export async function measurePage(context: BrowserContext, url: string, expectTitle: string | undefined, interactiveSelector?: string): Promise<PageTiming> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(`${url}: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageProblems.push(`${url}: console.error ${msg.text()}`);
  });
  try {
    if (interactiveSelector) await page.addInitScript(interactiveObserverScript(interactiveSelector));
    await page.goto(url, { waitUntil: 'commit', timeout: STEP_TIMEOUT });
    let interactive: number | undefined;
    if (interactiveSelector) {
      await page.waitForSelector(interactiveSelector, { state: 'attached', timeout: STEP_TIMEOUT });
      interactive = await page.evaluate(() => performance.now());
    }
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, {
      timeout: STEP_TIMEOUT,
    });
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime);
    // Guards against timing an error page (a missing file still paints). The popup needs no such
    // check: its form control was found, and it rewrites its own title at run time.
    if (expectTitle !== undefined) {
      const title = await page.title();
      if (title !== expectTitle) throw new Error(`${url}: expected title "${expectTitle}", got "${title}"`);
    }
    const interactiveObserved = interactiveSelector
      ? await page.evaluate((key) => (window as unknown as Record<string, number | undefined>)[key], OBSERVED_KEY)
      : undefined;
    if (interactiveSelector && interactiveObserved === undefined) throw new Error(`${url}: the in-page observer saw no ${interactiveSelector}`);
    return { fcp, interactive, interactiveObserved };
  } finally {
    await page.close();
  }
}

/**
 * Interleaved rounds so drift (thermal, caches, a background task) hits both pages alike; the
 * order flips every round so neither page always gets the "second tab" advantage.
 */
export async function measureRounds(context: BrowserContext, extensionId: string, rounds: number): Promise<Round[]> {
  const base = `chrome-extension://${extensionId}`;
  const open = {
    blank: () => measurePage(context, `${base}/blank.html`, 'Blank'),
    popup: () => measurePage(context, `${base}/popup.html`, undefined, INTERACTIVE_SELECTOR),
  };
  const results: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      const blank = await open.blank();
      const popup = await open.popup();
      results.push({ first: 'blank', blank, popup });
    } else {
      const popup = await open.popup();
      const blank = await open.blank();
      results.push({ first: 'popup', blank, popup });
    }
  }
  return results;
}
