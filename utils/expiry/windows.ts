/** The windows history filters by and the reminder may count ("expires within 3 / 7 days"). Imports nothing: storage items use it. */
export const EXPIRY_WINDOWS = [3, 7] as const;
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number];

export const DAY_MS = 86_400_000;
