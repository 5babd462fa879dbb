/** The follower API's answers (contract §7), as the WeChat client returns them. */

/** The answer of GET /cgi-bin/user/get. */
export interface FollowerListPage {
  total?: number;
  count?: number;
  data?: { openid?: string[] };
  next_openid?: string;
}
