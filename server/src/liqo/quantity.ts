// Kubernetes resource quantities, read as apimachinery reads them (k8s.io/apimachinery/pkg/api/resource,
// quantity.go ParseQuantity): an optional sign, digits with at most one decimal point, then one suffix — a
// decimal SI one (n u m k M G T P E), a binary one (Ki … Ei) or an integer exponent (e3, E-2). Values are kept
// exactly, in nano units rounded away from zero as apimachinery rounds to its smallest scale, and capped at the
// largest int64 as it caps them. Work is bounded whatever the input: no BigInt grows past ~60 digits.

export interface Quantity {
  /** The exact value in units of 10^-9, rounded away from zero. */
  readonly nanos: bigint;
  /** The value as a JavaScript number (exact for every quantity people write). */
  readonly value: number;
  /** Whether the value is a whole number (`2`, `1k`, `1000m`). */
  readonly whole: boolean;
}

const NANO = 1_000_000_000n;
const MAX_INT64 = 9_223_372_036_854_775_807n;
/** Significant digits kept; more are folded into a rounding flag, which cannot change a capped result. */
const MAX_DIGITS = 40;

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const grammar = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

/** A quantity from a string or a YAML number, or undefined when apimachinery would refuse it. */
export function parseQuantity(input: unknown): Quantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = String(input);
  } else if (typeof input === 'string') {
    // JSON decoding of a Quantity trims surrounding whitespace before parsing.
    text = input.trim();
  } else {
    return undefined;
  }
  const m = grammar.exec(text);
  if (!m) return undefined;
  const [, sign, intPart, fracPart = '', suffix] = m;
  if (intPart.length + fracPart.length === 0) return undefined;
  let exp10 = 0;
  let exp2 = 0;
  if (suffix in decimalSuffixes) exp10 = decimalSuffixes[suffix];
  else if (suffix in binarySuffixes) exp2 = binarySuffixes[suffix];
  else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!e) return undefined;
    // Far outside int64 either way: clamp, the outcome (cap or smallest unit) is the same.
    exp10 = Math.max(-100, Math.min(100, Number(e[1])));
  }
  return fromDigits(sign === '-', intPart + fracPart, exp10 - fracPart.length, exp2);
}

/** digits × 10^exp10 × 2^exp2, in nanos. */
function fromDigits(negative: boolean, rawDigits: string, exp10: number, exp2: number): Quantity {
  let digits = rawDigits.replace(/^0+/, '');
  let inexact = false;
  if (digits.length > MAX_DIGITS) {
    inexact = /[1-9]/.test(digits.slice(MAX_DIGITS));
    exp10 += digits.length - MAX_DIGITS;
    digits = digits.slice(0, MAX_DIGITS);
  }
  if (!digits) return make(0n);
  // Anything of more than 20 integer digits is past int64: capped.
  if (digits.length + exp10 + exp2 * 0.302 > 20) return make(negative ? -MAX_INT64 * NANO : MAX_INT64 * NANO);
  let num = BigInt(digits) << BigInt(exp2);
  let den = 1n;
  const scale = exp10 + 9;
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den = 10n ** BigInt(Math.min(-scale, 200));
  let nanos = num / den;
  if (num % den !== 0n || inexact) nanos += 1n;
  if (nanos > MAX_INT64 * NANO) nanos = MAX_INT64 * NANO;
  return make(negative ? -nanos : nanos);
}

function make(nanos: bigint): Quantity {
  const whole = nanos % NANO === 0n;
  const value = whole ? Number(nanos / NANO) : Number(nanos) / 1e9;
  return { nanos, value, whole };
}

/** The numeric value of a quantity, or undefined if it is not one. */
export function quantityValue(q: unknown): number | undefined {
  return parseQuantity(q)?.value;
}

/** Whether a quantity is a whole number, as extended resources and pod counts must be. */
export function isWholeQuantity(q: unknown): boolean {
  return parseQuantity(q)?.whole === true;
}

/**
 * Extended resources are names with a domain that is not kubernetes.io, such as `nvidia.com/gpu`.
 * Quota-style keys (`requests.nvidia.com/gpu`) count too.
 */
export function isExtendedResource(name: string): boolean {
  const bare = name.replace(/^(requests|limits)\./, '');
  if (!bare.includes('/') || bare.startsWith('count/')) return false;
  const domain = bare.slice(0, bare.indexOf('/'));
  return !(domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io'));
}
