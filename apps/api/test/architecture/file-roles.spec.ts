import { isSpec, listFiles, readSource } from './source-files';

/**
 * Every API file that declares a Nest or TypeORM class carries its role in its name (issue 17, "Names"):
 * `.service.ts`, `.repository.ts`, `.controller.ts`, `.entity.ts`, … A file without such a class holds pure
 * functions, types or constants, and is named for what they compute (`attribution-scores.ts`, `slug.ts`).
 */
const ROLES = [
  'service',
  'repository',
  'controller',
  'entity',
  'entities',
  'module',
  'guard',
  'strategy',
  'scheduler',
  'worker',
  'handler',
  'client',
  'filter',
  'pipe',
  'middleware',
  'interceptor',
];
const DECLARES_ROLE = /@(Injectable|Controller|Entity|Module)\(/;
const ROLE_SUFFIX = new RegExp(`\\.(${ROLES.join('|')})\\.ts$`);

describe('file roles', () => {
  it('names every file with a Nest or TypeORM class by its role', () => {
    const files = listFiles('apps/api/src', (path) => path.endsWith('.ts') && !isSpec(path));
    expect(files.length).toBeGreaterThan(100);
    const unnamed = files.filter((path) => DECLARES_ROLE.test(readSource(path)) && !ROLE_SUFFIX.test(path));
    expect(unnamed).toEqual([]);
  });
});
