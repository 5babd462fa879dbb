import type { Worker } from 'playwright-core';
import { TEST_APP_ID, TEST_APP_SECRET } from '../test/stand-ins/wechat-stand-in';

/**
 * The test account's access token, asked by a bare `fetch` in a worker of a browser started against
 * the stand-in: for the benches' controls, which call WeChat with none of the extension's code.
 */
export async function bareWorkerToken(sw: Worker): Promise<string> {
  const body = JSON.stringify({ grant_type: 'client_credential', appid: TEST_APP_ID, secret: TEST_APP_SECRET });
  // A string, not a function: the worker gets exactly this code (no bundler helpers).
  const answer = (await sw.evaluate(
    `fetch('https://api.weixin.qq.com/cgi-bin/stable_token', { method: 'POST', body: ${JSON.stringify(body)} }).then((r) => r.json())`,
  )) as {
    access_token: string;
  };
  return answer.access_token;
}
