/**
 * Scripts the history bench runs inside the history page. They are strings, not functions, for the
 * reason given in interactive-observer.ts (tsx adds a `__name` helper the page does not have).
 * Every time is the page's own performance.now(), so Playwright's latency is not in it.
 */
import { DB_NAME, SCAN_BATCH } from './history-sw';

export const OPEN_MARKS_KEY = '__benchHistoryOpen';
export const SEARCH_KEY = '__benchHistorySearch';
export const IMPORT_KEY = '__benchHistoryImport';

export interface OpenMarks {
  /** <main class="history"> in the DOM: HistoryApp's first render. */
  app?: number;
  /** The count has a number (count(), asked right after the first rows). */
  count?: number;
  countText?: string;
  /** The first `.code-row`: the visible records were read and drawn. */
  rows?: number;
  rowCount?: number;
  /** The next animation frame after the first rows (about when they are painted). */
  rowsFrame?: number;
  /** The list is no longer aria-busy: the in-memory index is built, every code listed, search ready. */
  complete?: number;
  /** From the navigation entry. */
  domInteractive?: number;
  domContentLoaded?: number;
  /** responseEnd of the last script the page loaded (its module chunks). */
  scriptsLoaded?: number;
  /** The page's own performance marks (history-index:build, history-index:built), by name. */
  pageMarks?: Record<string, number>;
}

/** In the page: the list is complete (the index built), per HistoryApp's aria-busy. */
export const LIST_COMPLETE = `document.querySelector('.history-body[aria-busy=false]') !== null`;

/** Init script: records when the app, the count, the first rows and the complete list appear, from navigation start. */
export const OPEN_OBSERVER_SCRIPT = `(() => {
  const marks = (window[${JSON.stringify(OPEN_MARKS_KEY)}] = {});
  const check = () => {
    if (marks.app === undefined && document.querySelector('main.history')) marks.app = performance.now();
    if (marks.count === undefined) {
      const count = document.querySelector('[data-testid=history-count]');
      if (count && /\\d/.test(count.textContent)) {
        marks.count = performance.now();
        marks.countText = count.textContent;
      }
    }
    if (marks.rows === undefined && document.querySelector('.code-row')) {
      marks.rows = performance.now();
      marks.rowCount = document.querySelectorAll('.code-row').length;
      requestAnimationFrame(() => (marks.rowsFrame = performance.now()));
    }
    if (marks.complete === undefined && ${LIST_COMPLETE}) marks.complete = performance.now();
    return marks.count !== undefined && marks.rows !== undefined && marks.complete !== undefined;
  };
  if (check()) return;
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
})();`;

/** Evaluated after the rows are there: adds the navigation entry's marks to OPEN_MARKS_KEY and returns them. */
export const OPEN_MARKS_RESULT = `(() => {
  const marks = window[${JSON.stringify(OPEN_MARKS_KEY)}] ?? {};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) {
    marks.domInteractive = nav.domInteractive;
    marks.domContentLoaded = nav.domContentLoadedEventEnd;
  }
  const scripts = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'));
  if (scripts.length > 0) marks.scriptsLoaded = Math.max(...scripts.map((e) => e.responseEnd));
  marks.pageMarks = Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name, e.startTime]));
  return marks;
})()`;

export interface SearchRun {
  /** performance.now() in the capturing input listener (before the page's own handler). */
  start: number;
  /** The count's text changed: the query resolved and Preact rendered the new ids. */
  end?: number;
  /** The next animation frame after that. */
  frame?: number;
  from: string;
  text?: string;
}

/** Installs the search timer: one run per input event on input[name=search]; returns nothing. */
export const SEARCH_HARNESS_SCRIPT = `(() => {
  const input = document.querySelector('input[name=search]');
  const count = document.querySelector('[data-testid=history-count]');
  if (!input || !count) throw new Error('history page has no input[name=search] or [data-testid=history-count]');
  const state = (window[${JSON.stringify(SEARCH_KEY)}] = { runs: [] });
  document.addEventListener('input', (event) => {
    if (event.target !== input) return;
    state.runs.push({ start: performance.now(), from: count.textContent });
  }, true);
  new MutationObserver(() => {
    const run = state.runs[state.runs.length - 1];
    if (!run || run.end !== undefined || count.textContent === run.from) return;
    run.end = performance.now();
    run.text = count.textContent;
    requestAnimationFrame(() => (run.frame = performance.now()));
  }).observe(count, { subtree: true, childList: true, characterData: true });
})()`;

/** The latest search run, once its count changed (and the frame after it ran); else null. */
export const SEARCH_LAST_RUN = `(() => {
  const runs = window[${JSON.stringify(SEARCH_KEY)}]?.runs ?? [];
  const run = runs[runs.length - 1];
  return run && run.frame !== undefined ? run : null;
})()`;

export interface ImportTiming {
  /** The file input's change event (capturing listener, before the page's handler). */
  start?: number;
  /** role=status with "已导入" appeared. */
  status?: number;
  statusText?: string;
  alertText?: string;
  /** The count shows the imported total (the list reloaded after the import). */
  count?: number;
  countText?: string;
}

/** Installs the import timer; `expectedCount` is the count text awaited after the import. */
export function importHarnessScript(expectedCountText: string): string {
  return `(() => {
  const state = (window[${JSON.stringify(IMPORT_KEY)}] = {});
  document.addEventListener('change', (event) => {
    if (event.target?.name === 'importFile') state.start = performance.now();
  }, true);
  const observer = new MutationObserver(() => {
    if (state.start === undefined) return;
    if (state.status === undefined) {
      const status = document.querySelector('[role=status]');
      if (status && status.textContent.includes('已导入')) {
        state.status = performance.now();
        state.statusText = status.textContent;
      }
      const alert = document.querySelector('.history-actions [role=alert]');
      if (alert) state.alertText = alert.textContent;
    }
    const count = document.querySelector('[data-testid=history-count]');
    if (state.count === undefined && count && count.textContent === ${JSON.stringify(expectedCountText)}) {
      state.count = performance.now();
      state.countText = count.textContent;
    }
    if (state.count !== undefined && state.status !== undefined) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})()`;
}

export const IMPORT_STATE = `window[${JSON.stringify(IMPORT_KEY)}] ?? null`;

export interface QueryBreakdown {
  /** getAllKeys on byCreatedAt (every id, ordered): what every query did first, before the in-memory index. */
  orderedIdsMs: number;
  /** getAll in batches of SCAN_BATCH by primary key: the old search's reads, and now the index build's and the export's (structured clone of every record). */
  scanReadMs: number;
  /** matchesSearch over every record (lowercasing four fields). */
  scanMatchMs: number;
  /** ordered.filter over the matches. */
  filterMs: number;
  matched: number;
  records: number;
}

/** Opening lines of the in-page scripts: a promise wrapper for IDB requests and the extension's database as `db`. */
const OPEN_DB_IN_PAGE = `  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(${JSON.stringify(DB_NAME)});
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });`;

/**
 * The work a search did before the in-memory index (queryCodeIds, removed) replayed step by step
 * with raw IndexedDB in the page, for comparison: every id read from byCreatedAt and every record
 * scanned. The scan is also what building the index and exporting read.
 */
export function queryBreakdownScript(term: string): string {
  return `(async () => {
${OPEN_DB_IN_PAGE}
  try {
    const t0 = performance.now();
    const ids = await request(db.transaction('codes').objectStore('codes').index('byCreatedAt').getAllKeys());
    const t1 = performance.now();
    const needle = ${JSON.stringify(term.toLowerCase())};
    const found = new Set();
    let after;
    let scanReadMs = 0;
    let scanMatchMs = 0;
    let records = 0;
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const a = performance.now();
      const batch = await request(db.transaction('codes').objectStore('codes').getAll(range, ${SCAN_BATCH}));
      const b = performance.now();
      for (const r of batch) if ([r.scene, r.label, r.sourceUrl ?? '', r.note ?? ''].some((f) => f.toLowerCase().includes(needle))) found.add(r.id);
      scanMatchMs += performance.now() - b;
      scanReadMs += b - a;
      records += batch.length;
      if (batch.length < ${SCAN_BATCH}) break;
      after = batch[batch.length - 1].id;
    }
    const t2 = performance.now();
    const matched = ids.reverse().filter((id) => found.has(id)).length;
    const t3 = performance.now();
    return { orderedIdsMs: t1 - t0, scanReadMs, scanMatchMs, filterMs: t3 - t2, matched, records };
  } finally {
    db.close();
  }
})()`;
}

export interface IdbPrimitives {
  /** byCreatedAt getAllKeys(): every id in display order (what every query read first, before the in-memory index). */
  createdIdsMs: number;
  /** The store's getAllKeys(): the same ids in primary-key order, without the index. */
  storeIdsMs: number;
  /** A byCreatedAt cursor, newest first, stopped after 30 records: one screen of rows. */
  firstScreenCursorMs: number;
  /** store.count(). */
  countMs: number;
  /** A 'nextunique' key cursor over byAppId: how the accounts list was read before the in-memory index. */
  accountsMs: number;
  /** 30 get(id) (a screen of rows, as codesByIds) alone, and while that cursor runs, as it did on opening. */
  screenGetsMs: number;
  screenGetsDuringAccountsMs: number;
  /** SAMPLE get(id) in one transaction, as recordsForIds does (5,000 per transaction). */
  getByIdMs: number;
  /** SAMPLE byTicket.getKey(ticket) in one transaction, as mergeRecords did before adding (now it only asks on a refused add). */
  getKeyByTicketMs: number;
  sample: number;
}

/**
 * Single IndexedDB operations the history page's code is made of, timed alone in the page (raw
 * IndexedDB; each in its own transaction). `sample` ids and tickets stand for all: multiply by
 * records / sample for the whole history.
 */
export function idbPrimitivesScript(sample: number): string {
  return `(async () => {
${OPEN_DB_IN_PAGE}
  const store = () => db.transaction('codes').objectStore('codes');
  const out = { sample: ${sample} };
  const time = async (name, run) => {
    const start = performance.now();
    const result = await run();
    out[name] = performance.now() - start;
    return result;
  };
  try {
    const ids = await time('createdIdsMs', () => request(store().index('byCreatedAt').getAllKeys()));
    await time('storeIdsMs', () => request(store().getAllKeys()));
    await time('firstScreenCursorMs', () => new Promise((resolve, reject) => {
      const rows = [];
      const cursor = store().index('byCreatedAt').openCursor(null, 'prev');
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at || rows.length === 30) return resolve(rows);
        rows.push(at.value);
        at.continue();
      };
    }));
    await time('countMs', () => request(store().count()));
    const accounts = () => new Promise((resolve, reject) => {
      const keys = [];
      const cursor = store().index('byAppId').openKeyCursor(null, 'nextunique');
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return resolve(keys);
        keys.push(at.key);
        at.continue();
      };
    });
    await time('accountsMs', accounts);
    const sampleIds = ids.reverse().slice(0, ${sample});
    const screen = () => {
      const s = store();
      return Promise.all(sampleIds.slice(1000, 1030).map((id) => request(s.get(id))));
    };
    await time('screenGetsMs', screen);
    const running = accounts();
    await time('screenGetsDuringAccountsMs', () => screen());
    await running;
    const records = await time('getByIdMs', () => {
      const s = store();
      return Promise.all(sampleIds.map((id) => request(s.get(id))));
    });
    await time('getKeyByTicketMs', () => {
      const byTicket = store().index('byTicket');
      return Promise.all(records.map((r) => request(byTicket.getKey(r.ticket))));
    });
    return out;
  } finally {
    db.close();
  }
})()`;
}

/** The control database: same origin as the extension's (so the same IndexedDB backend), deleted after use. */
export const CONTROL_DB_NAME = 'scene-qr-bench-control';

export interface AddControl {
  /** The indexes the control store was given (copied from the extension's `codes` store, or none). */
  indexes: string[];
  records: number;
  /** The one readwrite transaction: first add → complete. */
  addMs: number;
  /** Of that, queuing the adds (each add() clones its record synchronously). */
  queueMs: number;
}

/**
 * The import's control: the records the extension's `codes` store holds now (those the import just
 * wrote) added again by bare `store.add` calls, with no extension code, in ONE readwrite
 * transaction into a fresh store (keyPath id) given the same indexes as ours (their key paths and
 * uniqueness read from the live store, so they follow the schema) or none. What IndexedDB itself
 * costs for these records on this machine, to compare the import with.
 */
export function addControlScript(withIndexes: boolean): string {
  return `(async () => {
${OPEN_DB_IN_PAGE}
  const source = db.transaction('codes').objectStore('codes');
  const indexes = ${withIndexes} ? [...source.indexNames].map((name) => {
    const index = source.index(name);
    return { name, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
  }) : [];
  let records = await request(source.getAll());
  db.close();
  const name = ${JSON.stringify(CONTROL_DB_NAME)};
  await request(indexedDB.deleteDatabase(name));
  const control = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('codes', { keyPath: 'id' });
      for (const index of indexes) store.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    const start = performance.now();
    const tx = control.transaction('codes', 'readwrite');
    const store = tx.objectStore('codes');
    for (const record of records) store.add(record);
    const queueMs = performance.now() - start;
    const count = records.length;
    records = undefined;
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onabort = () => reject(new Error('control transaction aborted: ' + tx.error?.name + ' ' + tx.error?.message));
    });
    return { indexes: indexes.map((index) => index.name), records: count, addMs: performance.now() - start, queueMs };
  } finally {
    control.close();
    await request(indexedDB.deleteDatabase(name));
  }
})()`;
}
