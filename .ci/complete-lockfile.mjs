// npm (11.x, behind some registry mirrors) leaves the platform-specific optional dependencies of packages
// like @swc/core and rollup out of package-lock.json when it resolves on a machine of another platform;
// `npm ci` then refuses the lock file ("Missing: @swc/core-darwin-arm64@ from lock file"). This adds the
// missing entries (version from the parent's exact pin, marked optional) so `npm ci` accepts the lock on
// every platform and installs only what fits. Run it after `npm install`: `npm run lock:complete`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    const exact = /^[~^]?(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(spec);
    if (!exact) continue;
    packages[`node_modules/${dep}`] = {
      version: exact[1],
      optional: true,
      ...(meta.dev ? { dev: true } : {}),
    };
    added += 1;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`package-lock.json: ${added} missing optional platform entries added.`);
