/**
 * Why this exists: page.waitForSelector + evaluate(performance.now()) (the "interactive" the bench
 * reports first) includes Playwright's own cost — injecting its utility script into the fresh page,
 * rAF polling, one CDP round-trip — which on a small machine is ~100 ms, so it lands *after* FCP
 * even though the form is rendered synchronously by the entry script. This init script records the
 * moment the control appears enabled from inside the page, with no harness work in between, as a
 * cross-check.
 *
 * It is a string, not a function: tsx/esbuild wraps named inner functions with a `__name` helper
 * that does not exist in the page.
 */
export const OBSERVED_KEY = '__benchInteractiveAt';

export function interactiveObserverScript(selector: string): string {
  return `(() => {
  const found = () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el || el.disabled) return false;
    window[${JSON.stringify(OBSERVED_KEY)}] = performance.now();
    return true;
  };
  if (found()) return;
  const observer = new MutationObserver(() => { if (found()) observer.disconnect(); });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
})();`;
}
