import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_GRACE_MS } from '../stand-ins/wechat-tokens';
import { TEST_APP_ID } from '../stand-ins/wechat-stand-in';
import { OptionsPage } from './page-objects/options';
import { PopupPage } from './page-objects/popup';
import { type Suite, startSuite } from './support/fixtures';

/**
 * The extension against the contract's stricter rules, which the stand-in keeps (docs/wechat-api.md):
 * what an operator meets when the account's own server shares the classic token endpoint (§3).
 */

let suite: Suite;

beforeAll(async () => {
  suite = await startSuite();
  const options = await OptionsPage.open(suite.browser);
  await options.chooseTokenSource('classic');
  await options.close();
});

afterAll(() => suite?.stop());

const CREATE = '/cgi-bin/qrcode/create';

describe("§3 classic token shared with the account's own server", () => {
  it('keeps working for the 5 minutes WeChat allows, then takes a new token once and the code is made', async () => {
    const { standIn, browser } = suite;
    const popup = await PopupPage.open(browser);
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'before-server-fetch' });
    expect(standIn.tokenFetches().map((r) => r.path)).toEqual(['/cgi-bin/token']);

    standIn.classicTokenFetchedElsewhere(TEST_APP_ID);
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'within-grace' });
    expect(standIn.tokenFetches()).toHaveLength(1);

    // Five minutes on, by the stand-in's clock: the extension's token is no longer the latest.
    standIn.clock.advance(CLASSIC_GRACE_MS);
    standIn.clearLog();
    await popup.createCode({ actionName: 'QR_STR_SCENE', scene: 'after-grace' });
    expect(standIn.tokenFetches().map((r) => r.path)).toEqual(['/cgi-bin/token']);
    const creates = standIn.requestsTo(CREATE);
    expect(creates).toHaveLength(2);
    expect(creates[0]!.query.access_token).not.toBe(creates[1]!.query.access_token);
    await popup.close();
  });
});
