/**
 * Imported first by every bench that launches the extension.
 *
 * Playwright turns on DevTools network inspection in every service worker it sees (it is what its
 * request events come from). Inspection copies each response into a DevTools buffer in the worker's
 * process and sends events for each request to Node: measured here, +10-25 ms per 1,000 followers
 * and +60 MB of the report's resident memory. No user runs with DevTools attached to the worker, so
 * the benches measure the worker as users run it. Read by Playwright when it attaches to a worker.
 */
process.env.PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK = '1';

export {};
