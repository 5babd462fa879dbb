/**
 * The stand-in's time: the real clock plus what the test has moved it on. Token lifetimes, the
 * classic token's 5-minute grace and ticket expiry all read it, so a test skips minutes or hours
 * with `advance` instead of sleeping through them.
 */
export class StandInClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
