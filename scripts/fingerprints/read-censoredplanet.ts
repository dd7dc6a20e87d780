/**
 * Reads Censored Planet's blockpage signatures and false-positive signatures (one JSON object a
 * line: {"fingerprint", "pattern"}, the pattern a regular expression matched against a response).
 */

export interface CensoredPlanetSignature {
  name: string;
  /** The regular expression as published. */
  pattern: string;
  falsePositive: boolean;
}

export function parseSignatureLines(text: string, falsePositive: boolean): CensoredPlanetSignature[] {
  const out: CensoredPlanetSignature[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const value = JSON.parse(line) as { fingerprint?: unknown; pattern?: unknown };
    if (typeof value.fingerprint !== 'string' || typeof value.pattern !== 'string') {
      throw new Error(`Censored Planet signature on line ${i + 1} lacks "fingerprint" or "pattern"`);
    }
    out.push({ name: value.fingerprint, pattern: value.pattern, falsePositive });
  });
  return out;
}

/**
 * The plain text a signature matches, when its expression is only literal characters (escapes
 * such as `\.` allowed), without the "Location: " or "Server: " a header signature starts with;
 * null for a real expression. This is the form the merged table records a signature in.
 */
export function literalText(pattern: string): string | null {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null; // \d, \s, \1 ... are not literals
      out += next;
      i++;
    } else if ('.*+?()[]{}|^$'.includes(c)) {
      return null;
    } else {
      out += c;
    }
  }
  return out.replace(/^(?:Location|Server): /, '');
}
