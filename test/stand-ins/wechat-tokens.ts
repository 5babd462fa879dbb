import { randomBytes } from 'node:crypto';
import type { StandInClock } from './stand-in-clock';

/**
 * The access tokens the stand-in has issued, by the rules of the contract
 * (docs/wechat-api.md §3):
 * - stable_token in normal mode returns the account's current stable token while it is valid,
 *   with its remaining lifetime; `force_refresh: true` issues a new one and the previous one is
 *   refused at once;
 * - each /cgi-bin/token call issues a new classic token, and the classic token issued before it
 *   keeps working for 5 more minutes only;
 * - the two kinds are isolated: neither kind's fetch touches the other's tokens;
 * - tokens from elsewhere (a central token server) are issued apart and replace nothing.
 */
export const CLASSIC_GRACE_MS = 5 * 60_000;

type TokenKind = 'stable' | 'classic' | 'elsewhere';

interface IssuedToken {
  appId: string;
  kind: TokenKind;
  expiresAt: number;
  /** Set when a newer token replaced this one: refused (40001) from then on. */
  supersededAt?: number;
}

export type TokenRefusal = { errcode: number; errmsg: string };

export class TokenRegistry {
  lifetimeSeconds = 7200;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly clock: StandInClock,
    private readonly refusal: (errcode: number, errmsg: string) => TokenRefusal,
  ) {}

  appIdOf(token: string): string | undefined {
    return this.tokens.get(token)?.appId;
  }

  issue(appId: string, kind: TokenKind): string {
    const token = `TOKEN_${randomBytes(12).toString('hex')}`;
    this.tokens.set(token, { appId, kind, expiresAt: this.clock.now() + this.lifetimeSeconds * 1000 });
    if (kind !== 'elsewhere') this.latest.set(`${kind}:${appId}`, token);
    return token;
  }

  /** /cgi-bin/stable_token: the current stable token, or a new one when there is none or `force`. */
  stable(appId: string, force: boolean): { access_token: string; expires_in: number } {
    const current = this.latest.get(`stable:${appId}`);
    const valid = current !== undefined && this.refuse(current) === undefined;
    let token = current!;
    if (!valid || force) {
      if (current) this.supersede(current, this.clock.now());
      token = this.issue(appId, 'stable');
    }
    const remaining = Math.ceil((this.tokens.get(token)!.expiresAt - this.clock.now()) / 1000);
    return { access_token: token, expires_in: remaining };
  }

  /** /cgi-bin/token: always a new token; the previous classic one works 5 more minutes. */
  classic(appId: string): { access_token: string; expires_in: number } {
    const previous = this.latest.get(`classic:${appId}`);
    if (previous) this.supersede(previous, this.clock.now() + CLASSIC_GRACE_MS);
    return { access_token: this.issue(appId, 'classic'), expires_in: this.lifetimeSeconds };
  }

  /** Why a business call's access_token is refused (41001 / 40001 / 42001), or undefined when good. */
  refuse(token: string | undefined): TokenRefusal | undefined {
    if (!token) return this.refusal(41001, 'access_token missing');
    const issued = this.tokens.get(token);
    const now = this.clock.now();
    if (!issued || (issued.supersededAt !== undefined && issued.supersededAt <= now)) {
      return this.refusal(40001, 'invalid credential, access_token is invalid or not latest');
    }
    if (issued.expiresAt <= now) return this.refusal(42001, 'access_token expired');
    return undefined;
  }

  /** Every token issued so far is now expired (42001), as after two hours. */
  expireAll(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  private supersede(token: string, at: number): void {
    const issued = this.tokens.get(token)!;
    issued.supersededAt = Math.min(issued.supersededAt ?? Infinity, at);
  }
}
