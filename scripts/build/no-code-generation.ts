/**
 * A Vite plugin that keeps code generation and raw HTML out of the extension's bundles. zod compiles
 * object parsers with the `Function` constructor when the page allows it and probes for that with
 * `new Function("")`; extension pages forbid it (their CSP) and addons.mozilla.org flags it. The
 * bundles get a zod whose probe answers "not allowed" and whose compilers throw, so zod always
 * interprets; and a Preact whose `dangerouslySetInnerHTML`, which no component uses, throws.
 */
import type { Plugin } from 'vite';

interface Replacement {
  /** The end of the module's path inside node_modules. */
  module: string;
  find: string;
  replace: string;
}

const NO_CODE = 'throw new Error("zod: code generation is switched off in Blockwatch")';
const NO_HTML = '(()=>{throw new Error("preact: dangerouslySetInnerHTML is switched off in Blockwatch")})()';

/** Exact source text of zod 4's core and Preact 11: a new version that changes it fails the build instead of shipping it. */
export const REPLACEMENTS: readonly Replacement[] = [
  {
    module: 'zod/v4/core/util.js',
    find: 'try {\n        const F = Function;\n        new F("");\n        return true;\n    }\n    catch (_) {\n        return false;\n    }',
    replace: 'return false;',
  },
  { module: 'zod/v4/core/doc.js', find: 'const F = Function;', replace: `${NO_CODE};` },
  { module: 'zod/v4/core/compile.js', find: 'const F = Function;', replace: `${NO_CODE};` },
  { module: 'preact/dist/preact.mjs', find: '(t.innerHTML=h.__html)', replace: NO_HTML },
];

/** Applies the replacements for one module; null when the module is not one of them. */
export function withoutCodeGeneration(id: string, code: string): string | null {
  const path = id.replace(/\\/g, '/').split('?')[0]!;
  const mine = REPLACEMENTS.filter((r) => path.endsWith(`/node_modules/${r.module}`));
  if (mine.length === 0) return null;
  let out = code;
  for (const { module, find, replace } of mine) {
    const count = out.split(find).length - 1;
    if (count !== 1)
      throw new Error(
        `no-code-generation: expected one "${find.split('\n')[0]}" in ${module}, found ${count}; the library changed, update scripts/build/no-code-generation.ts`,
      );
    out = out.replace(find, replace);
  }
  return out;
}

export function noCodeGeneration(): Plugin {
  return {
    name: 'blockwatch-no-code-generation',
    enforce: 'pre',
    transform(code, id) {
      const out = withoutCodeGeneration(id, code);
      return out === null ? null : { code: out, map: null };
    },
  };
}
