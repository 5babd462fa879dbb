/**
 * Popup bench: bundle size of what popup.html loads, and how fast it paints in Chromium compared
 * with a no-script page of the same extension. Then the QR renderer bench (bench/qr-render.ts): our
 * local PNG/SVG renderer against `qrcode`. Then the history bench (bench/history.ts): the history
 * page with 100,000 codes (open, search, export, import, heap). Then the batch bench (bench/batch.ts):
 * 1,000 codes against the stand-in and their print ZIP; and the channel report bench (bench/report.ts):
 * a refresh of 200,000 generated followers; and the tagging bench (bench/tagging.ts, issue #16): 60,000 of
 * 200,000 followers tagged by channel. Run with `npm run bench` (builds first). Prints markdown
 * tables for docs/benchmarks.md and writes bench/results/popup.json, qr-render.json, history.json, batch.json
 * report.json and tagging.json. `npm run bench -- history` (or `batch`, `report`, `tagging`, `popup`) runs only that bench.
 * `npm run bench -- sync` runs the WebDAV sync bench (bench/sync.ts, issue #14: 100,000 codes up,
 * down, incremental, space on the server) and writes bench/results/sync.json; only on request, as
 * it needs Apache (apache2, htpasswd).
 */
import './worker-as-users-run-it';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExtensionBrowser } from '../test/e2e/support/extension-browser';
import { measureBundle } from './bundle-size';
import { copyExtensionWithBlank } from './extension-copy';
import { runBatchBench } from './batch';
import { CannotMeasure } from './process-stats';
import { runHistoryBench } from './history';
import { runReportBench } from './report';
import { runSyncBench } from './sync';
import { runTaggingBench } from './tagging';
import { INTERACTIVE_SELECTOR, type Round, measureRounds, pageProblems } from './open-time';
import { benchQrRender } from './qr-render';
import { median } from './stats';
import { type Row, kb, markdownTable, ms } from './table';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD_DIR = join(ROOT, '.output/chrome-mv3');
const RESULTS_FILE = join(ROOT, 'bench/results/popup.json');
const QR_RESULTS_FILE = join(ROOT, 'bench/results/qr-render.json');
const COMMAND = 'npm run bench';

const ROUNDS = 20;
const WARMUP_ROUNDS = 1;
const SIZE_TARGET_GZIP = 25 * 1024;
const FCP_RATIO_TARGET = 1.3;

async function main(): Promise<void> {
  if (process.argv.includes('history')) return runHistoryBench(`${COMMAND} -- history`);
  if (process.argv.includes('batch')) return runBatchBench(`${COMMAND} -- batch`);
  if (process.argv.includes('report')) return runReportBench(`${COMMAND} -- report`);
  if (process.argv.includes('tagging')) return runTaggingBench(`${COMMAND} -- tagging`);
  if (process.argv.includes('sync')) return runSyncBench(`${COMMAND} -- sync`);
  if (!existsSync(join(BUILD_DIR, 'popup.html'))) throw new Error(`no build at ${BUILD_DIR}: run \`npm run build\` first`);

  const bundle = measureBundle(BUILD_DIR, 'popup.html');

  const copy = copyExtensionWithBlank(BUILD_DIR);
  let browserVersion = 'unknown';
  let rounds: Round[];
  let warmup: Round[];
  try {
    const browser = await ExtensionBrowser.launch({ extensionDir: copy.dir });
    browserVersion = browser.context.browser()?.version() ?? 'unknown';
    try {
      // The first tabs pay for the extension process, V8 code cache and disk cache: not what a user
      // opening the popup for the hundredth time sees, so they are measured and discarded.
      warmup = await measureRounds(browser.context, browser.extensionId, WARMUP_ROUNDS);
      rounds = await measureRounds(browser.context, browser.extensionId, ROUNDS);
    } finally {
      await browser.close();
    }
  } finally {
    copy.remove();
  }

  const blankFcp = rounds.map((r) => r.blank.fcp);
  const popupFcp = rounds.map((r) => r.popup.fcp);
  const popupInteractive = rounds.map((r) => r.popup.interactive!);
  const popupInteractiveObserved = rounds.map((r) => r.popup.interactiveObserved!);
  const medians = {
    blankFcp: median(blankFcp),
    popupFcp: median(popupFcp),
    popupInteractive: median(popupInteractive),
    popupInteractiveObserved: median(popupInteractiveObserved),
  };
  const fcpRatio = medians.popupFcp / medians.blankFcp;
  // Per-round ratio too: the two pages of a round ran back to back, so it cancels drift better.
  const fcpRatioPerRoundMedian = median(rounds.map((r) => r.popup.fcp / r.blank.fcp));

  const rows: Row[] = [
    { metric: 'popup JS (gzip -9)', median: kb(bundle.jsGzip), target: '', pass: undefined },
    { metric: 'popup CSS (gzip -9)', median: kb(bundle.cssGzip), target: '', pass: undefined },
    { metric: 'popup JS + CSS (gzip -9)', median: kb(bundle.totalGzip), target: `≤ ${kb(SIZE_TARGET_GZIP)}`, pass: bundle.totalGzip <= SIZE_TARGET_GZIP },
    { metric: 'blank page FCP', median: ms(medians.blankFcp), target: '', pass: undefined },
    { metric: 'popup FCP', median: ms(medians.popupFcp), target: '', pass: undefined },
    { metric: 'popup interactive: `select[name=actionName]` enabled (waitForSelector)', median: ms(medians.popupInteractive), target: '', pass: undefined },
    { metric: 'popup interactive, same condition seen by in-page MutationObserver', median: ms(medians.popupInteractiveObserved), target: '', pass: undefined },
    { metric: 'popup FCP / blank FCP', median: `${fcpRatio.toFixed(2)}×`, target: `≤ ${FCP_RATIO_TARGET}×`, pass: fcpRatio <= FCP_RATIO_TARGET },
  ];

  const result = {
    command: COMMAND,
    date: new Date().toISOString(),
    chromium: browserVersion,
    bundle: { ...bundle, targetGzip: SIZE_TARGET_GZIP, pass: bundle.totalGzip <= SIZE_TARGET_GZIP },
    openTime: {
      rounds: ROUNDS,
      warmupRoundsDiscarded: WARMUP_ROUNDS,
      interactiveSelector: INTERACTIVE_SELECTOR,
      medians,
      fcpRatio,
      fcpRatioPerRoundMedian,
      fcpRatioTarget: FCP_RATIO_TARGET,
      pass: fcpRatio <= FCP_RATIO_TARGET,
      warmup,
      samples: rounds,
    },
    pageProblems,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);

  console.log(`\nPopup assets: ${bundle.assets.map((a) => `${a.path} ${a.bytes} B → ${a.gzip} B gz`).join(', ')}`);
  console.log(`Chromium ${browserVersion}, headless; ${ROUNDS} interleaved rounds after ${WARMUP_ROUNDS} discarded warm-up round.`);
  console.log(`Per-round popup/blank FCP ratio, median: ${fcpRatioPerRoundMedian.toFixed(2)}×`);
  if (pageProblems.length > 0) console.log(`Page errors seen (${pageProblems.length}):\n  ${[...new Set(pageProblems)].join('\n  ')}`);
  console.log(`\n${markdownTable(rows)}\n\nProduced by: \`${COMMAND}\`\nJSON: ${RESULTS_FILE}`);

  if (process.argv.includes('popup')) return;

  const qr = await benchQrRender();
  writeFileSync(QR_RESULTS_FILE, `${JSON.stringify({ command: COMMAND, ...qr.result }, null, 2)}\n`);
  console.log(`\n${qr.notes.join('\n')}\n\n${markdownTable(qr.rows)}\n\nProduced by: \`${COMMAND}\`\nJSON: ${QR_RESULTS_FILE}`);

  await runHistoryBench(COMMAND);
  await runBatchBench(COMMAND);
  await runReportBench(COMMAND);
  await runTaggingBench(COMMAND);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof CannotMeasure ? `cannot measure: ${error.message}` : error);
    process.exit(1);
  },
);
