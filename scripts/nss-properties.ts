/**
 * Reads Firefox's nsserrors.properties (NSS error name = the sentence Firefox shows for it, one
 * file per locale) and builds the table utils/firefox-nss-messages.ts holds: for each chosen
 * error name, every sentence any locale uses for it.
 */
import { normaliseSentence } from '../utils/observe/nss-sentence';

/** Java-style .properties as Mozilla writes them: `key = value`, # comments, \uXXXX escapes, continued lines. */
export function parseProperties(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // An odd number of trailing backslashes continues the value on the next line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    const match = /^([^=:\s]+)\s*[=:]?\s*(.*)$/.exec(line);
    if (!match?.[1]) continue;
    entries.set(match[1], unescapeValue(match[2] ?? ''));
  }
  return entries;
}

function unescapeValue(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.startsWith('u') && c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c;
  });
}

export interface LocaleFile {
  locale: string;
  entries: Map<string, string>;
}

export interface MessageTable {
  /** Error name → its sentences in every locale, sorted, each once. */
  messages: Record<string, string[]>;
  locales: string[];
  /** Sentences two chosen names share somewhere: left out, since they cannot name one error. */
  ambiguous: string[];
}

export function buildTable(files: LocaleFile[], names: readonly string[]): MessageTable {
  const owners = new Map<string, Set<string>>();
  for (const file of files) {
    for (const name of names) {
      const raw = file.entries.get(name);
      if (!raw) continue;
      const sentence = normaliseSentence(raw);
      if (sentence === '') continue;
      const set = owners.get(sentence) ?? new Set<string>();
      set.add(name);
      owners.set(sentence, set);
    }
  }
  const messages: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, [] as string[]]));
  const ambiguous: string[] = [];
  for (const [sentence, set] of owners) {
    if (set.size > 1) ambiguous.push(sentence);
    else messages[[...set][0]!]!.push(sentence);
  }
  for (const list of Object.values(messages)) list.sort();
  return { messages, locales: files.map((f) => f.locale).sort(), ambiguous: ambiguous.sort() };
}

/** The locale a file belongs to, from where Firefox keeps it in a language pack or in the l10n repository. */
export function localeOfPath(path: string): string | null {
  return (
    /(?:^|\/)chrome\/([A-Za-z0-9-]+)\/locale\/\1\/pipnss\/nsserrors\.properties$/.exec(path)?.[1] ??
    /(?:^|\/)([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\/security\/manager\/chrome\/pipnss\/nsserrors\.properties$/.exec(path)?.[1] ??
    null
  );
}
