import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { WORKSPACE } from './support/product';

/** The SPA's build output (apps/web/project.json: outputPath.base + /browser). */
const BROWSER_DIR = join(WORKSPACE, 'dist/apps/web/browser');

/** The budget: the JavaScript a first visit downloads, compressed, at most 300 KB. */
const INITIAL_JS_BUDGET = 300 * 1024;

/** Scripts index.html loads or preloads: `<script src>` and `<link rel="modulepreload" href>`. */
function scriptsOfIndex(html: string): string[] {
  const found = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    if (!isScript && !/\brel=["']?modulepreload/i.test(tag)) continue;
    const url = /\b(?:src|href)=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (url && !/^(https?:)?\/\//.test(url)) found.add(url.replace(/^\.?\//, ''));
  }
  return [...found];
}

/** Files a module imports statically (`import … from "./x.js"`, `import "./x.js"`); `import()` is lazy. */
function staticImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]!);
}

describe('the SPA initial bundle', () => {
  const index = join(BROWSER_DIR, 'index.html');
  if (!existsSync(index)) {
    it('needs the production build', () => {
      throw new Error(`No ${index}: run npm run build first.`);
    });
    return;
  }
  const html = readFileSync(index, 'utf8');
  const listed = scriptsOfIndex(html);

  // Everything reachable from index.html by static imports: what the browser must fetch before the app runs.
  const initial = new Set<string>();
  const queue = [...listed];
  while (queue.length) {
    const file = queue.shift()!;
    if (initial.has(file)) continue;
    initial.add(file);
    queue.push(...staticImports(readFileSync(join(BROWSER_DIR, file), 'utf8')));
  }
  const sizes = [...initial].map((file) => {
    const bytes = readFileSync(join(BROWSER_DIR, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = (key: 'raw' | 'gzip' | 'brotli') => sizes.reduce((sum, s) => sum + s[key], 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

  it('preloads every script the first page needs (nothing is discovered late)', () => {
    expect(listed.some((file) => /^main-[\w]+\.js$/.test(file))).toBe(true);
    expect([...initial].sort()).toEqual([...listed].sort());
  });

  it('is at most 300 KB of JavaScript, gzip-compressed', () => {
    process.stdout.write(
      `\nInitial JavaScript: ${sizes.length} files, ${kb(total('raw'))} raw, ` +
        `${kb(total('gzip'))} gzip -9, ${kb(total('brotli'))} brotli -11 (budget ${kb(INITIAL_JS_BUDGET)} compressed)\n` +
        sizes
          .sort((a, b) => b.raw - a.raw)
          .map((s) => `  ${s.file.padEnd(24)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)}`)
          .join('\n') +
        '\n',
    );
    expect(total('gzip')).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });
});
