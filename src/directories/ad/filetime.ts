// Windows FILETIME values (100-ns intervals since 1601-01-01 UTC) as AD stores them in
// pwdLastSet, lastLogonTimestamp, accountExpires and msDS-UserPasswordExpiryTimeComputed, and the
// negative intervals of maxPwdAge / msDS-MaximumPasswordAge.
// https://learn.microsoft.com/en-us/windows/win32/adschema/a-pwdlastset

const epochOffsetMs = 11_644_473_600_000n;
const ticksPerMs = 10_000n;
/** 0x7FFFFFFFFFFFFFFF: "never" (msDS-UserPasswordExpiryTimeComputed of a never-expiring password) */
export const fileTimeNever = 9_223_372_036_854_775_807n;

/** A FILETIME string to an ISO instant; `null` for 0 ("must change" / never set) and for "never". */
export function fileTimeToIso(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  const ticks = BigInt(raw);
  if (ticks <= 0n || ticks >= fileTimeNever) return null;
  return new Date(Number(ticks / ticksPerMs - epochOffsetMs)).toISOString();
}

/** An ISO instant to a FILETIME decimal string. */
export function isoToFileTime(iso: string): string {
  const ms = BigInt(Date.parse(iso));
  return String((ms + epochOffsetMs) * ticksPerMs);
}

/**
 * A negative 100-ns interval (maxPwdAge, msDS-MaximumPasswordAge) to whole seconds; `null` for
 * "never" (0 or the minimum int64, -0x8000000000000000, which AD uses for "no maximum").
 */
export function intervalToSeconds(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const ticks = BigInt(raw);
  if (ticks === 0n || ticks <= -fileTimeNever) return null;
  const abs = ticks < 0n ? -ticks : ticks;
  return Number(abs / 10_000_000n);
}

/** Whole seconds to the negative interval AD expects in msDS-MaximumPasswordAge and friends. */
export function secondsToInterval(seconds: number): string {
  return String(-BigInt(Math.round(seconds)) * 10_000_000n);
}

/** GeneralizedTime (`20261126083000.0Z`, whenCreated) to an ISO instant. */
export function generalizedTimeToIso(raw: string | undefined): string | null {
  if (!raw) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)).toISOString();
}
