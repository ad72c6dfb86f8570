import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The workspace root (this file is apps/api/test/architecture/source-files.ts). */
export const workspaceRoot = join(__dirname, '..', '..', '..', '..');

/** The API's feature modules: one folder per module. */
export const modulesDir = 'apps/api/src/modules';

/** Folders never scanned: installed packages, build output, caches. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.angular', '.nx', '.cache']);

/**
 * Every file under `dir` (workspace-relative, `/`-separated) for which `keep` answers true, sorted. Folders
 * are scanned afresh on every run, so files that move, appear or disappear need no change here.
 */
export function listFiles(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(absolute, entry.name));
      } else if (entry.isFile()) {
        const path = relative(workspaceRoot, join(absolute, entry.name)).split(sep).join('/');
        if (keep(path)) found.push(path);
      }
    }
  };
  walk(join(workspaceRoot, dir));
  return found.sort();
}

export function readSource(path: string): string {
  return readFileSync(join(workspaceRoot, path), 'utf8');
}

/** Lines as an editor numbers them: a final newline does not start another line. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

export const isSpec = (path: string): boolean => /\.(spec|test)\.ts$/.test(path);

/** The module a file of apps/api/src/modules belongs to (its first folder), else undefined. */
export function moduleOf(path: string): string | undefined {
  const prefix = `${modulesDir}/`;
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? undefined : rest.slice(0, slash);
}

/** The module folders of apps/api/src/modules, sorted. */
export function moduleNames(): string[] {
  return readdirSync(join(workspaceRoot, modulesDir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The API's non-spec TypeScript sources of the modules. */
export function moduleSources(): string[] {
  return listFiles(modulesDir, (path) => path.endsWith('.ts') && !isSpec(path));
}
