import { ceilingChanges } from './findings';
import { importCircles, runtimeImports } from './import-graph';
import { lineCount } from './source-files';
import { entityClasses, scanSource } from './source-scan';
import { sqlRelations } from './sql-tables';

/** The readers behind the architecture checks: what they find, and what they must not. */
describe('architecture scanners', () => {
  describe('sqlRelations', () => {
    it('reads the relation after FROM, JOIN, INTO, UPDATE, DELETE FROM, TABLE and TRUNCATE', () => {
      expect(
        sqlRelations(
          'SELECT * FROM plays p JOIN tracks t ON t.id = p.track_id LEFT JOIN listeners l ON true',
        ),
      ).toEqual(['plays', 'tracks', 'listeners']);
      expect(
        sqlRelations('INSERT INTO clicks (id, link_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING'),
      ).toEqual(['clicks']);
      expect(sqlRelations("UPDATE listeners SET status = 'active' WHERE id = $1")).toEqual(['listeners']);
      expect(sqlRelations('DELETE FROM attributions a USING plays p WHERE a.play_id = p.id')).toEqual([
        'attributions',
        'plays',
      ]);
      expect(sqlRelations('LOCK TABLE plays, track_artists IN SHARE MODE')).toEqual([
        'plays',
        'track_artists',
      ]);
      expect(sqlRelations('TRUNCATE trends_track_days, trends_artist_days')).toEqual([
        'trends_track_days',
        'trends_artist_days',
      ]);
      expect(sqlRelations('TRUNCATE TABLE a RESTART IDENTITY')).toEqual(['a']);
    });

    it('reads every relation of a comma list after FROM, and stops at the next clause', () => {
      expect(
        sqlRelations('SELECT 1 FROM plays p, listeners AS l, unnest($1::int[]) AS x(n) WHERE p.id = x.n'),
      ).toEqual(['plays', 'listeners']);
      expect(sqlRelations('SELECT a FROM plays GROUP BY a, clicks ORDER BY a, tracks')).toEqual(['plays']);
      expect(sqlRelations('SELECT (SELECT count(*) FROM clicks), b FROM plays')).toEqual(['clicks', 'plays']);
    });

    it('ignores functions, common table expressions, placeholders, literals and comments', () => {
      const sql = `WITH plays AS (SELECT * FROM observation_gaps), recent (id) AS MATERIALIZED (SELECT 1)
        SELECT * FROM plays JOIN recent ON true, generate_series(1, 2) JOIN \${} ON true
        WHERE x = 'FROM clicks' -- JOIN campaigns
        /* FROM owners */ AND extract(epoch FROM e - s) > 0`;
      expect(sqlRelations(sql)).toEqual(['observation_gaps', 'e']);
    });

    it('strips quotes and the public schema, and keeps other schemas', () => {
      expect(
        sqlRelations('SELECT * FROM "plays" JOIN public.tracks ON true JOIN pg_catalog.pg_class ON true'),
      ).toEqual(['plays', 'tracks', 'pg_catalog.pg_class']);
    });

    it('takes only upper-case keywords when asked to, so that prose is not SQL', () => {
      expect(sqlRelations('Could not update listeners from campaigns', true)).toEqual([]);
      expect(sqlRelations('Could not update listeners from campaigns')).toEqual(['listeners', 'campaigns']);
    });
  });

  describe('scanSource', () => {
    const entities = new Map([['PlayEntity', 'plays']]);
    const source = `
      const TABLE = 'tracks';
      const page = (where: string) => \`SELECT * FROM \${TABLE} WHERE \${where}\`;
      const note = 'We update listeners from campaigns here';
      class Repo {
        constructor(@InjectRepository(PlayEntity) private readonly plays: Repository<PlayEntity>) {}
        async run(db: DataSource) {
          await db.query('select id from clicks');
          await db.manager.getRepository(PlayEntity).createQueryBuilder('p').innerJoin('listeners', 'l').getMany();
          TypeOrmModule.forFeature([PlayEntity]);
          return db.query(page('JOIN campaigns c ON true'));
        }
      }`;

    it('finds relations in SQL literals, query arguments, entity classes and query-builder strings', () => {
      const scan = scanSource('repo.ts', source, entities);
      expect(scan.relations.map((use) => `${use.relation} ${use.via}`).sort()).toEqual([
        'campaigns SQL',
        'clicks SQL',
        "listeners .innerJoin('listeners')",
        'plays PlayEntity',
        'plays PlayEntity',
        'plays PlayEntity',
        'tracks SQL',
      ]);
      expect(scan.relations.find((use) => use.relation === 'clicks')?.line).toBe(8);
    });

    it('counts the .query( and createQueryBuilder( calls', () => {
      expect(scanSource('repo.ts', source, entities).sqlCalls).toBe(3);
      expect(
        scanSource('x.ts', 'const q = request.query; createQueryBuilder(); a.queryRunner();', entities)
          .sqlCalls,
      ).toBe(1);
    });

    it('reads the table names of @Entity classes', () => {
      const text = `@Entity('plays') export class PlayEntity {}
        @Entity({ name: 'tracks' }) export class TrackEntity {}
        export abstract class Base {}`;
      expect(entityClasses('x.entity.ts', text)).toEqual([
        { className: 'PlayEntity', table: 'plays' },
        { className: 'TrackEntity', table: 'tracks' },
      ]);
    });
  });

  describe('imports', () => {
    it('follows value imports, re-exports, import() and require(), not type-only imports', () => {
      const text = `import { a } from './a';
        import type { B } from './b';
        import { type C } from './c';
        import { type D, e } from './d';
        import './side-effect';
        export { f } from './f';
        export type { G } from './g';
        const h = await import('./h');
        const i = require('./i');`;
      expect(runtimeImports('x.ts', text)).toEqual(['./a', './d', './side-effect', './f', './h', './i']);
    });

    it('finds circles, self-imports included, and nothing in a graph without one', () => {
      const graph = new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a', 'd']],
        ['d', []],
        ['e', ['e']],
        ['f', ['d']],
      ]);
      expect(importCircles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
      expect(
        importCircles(
          new Map([
            ['a', ['b']],
            ['b', []],
          ]),
        ),
      ).toEqual([]);
    });
  });

  it('counts lines as an editor numbers them', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb'), lineCount('a\n\n')]).toEqual([
      0, 1, 1, 2, 2,
    ]);
  });

  it('reports every way figures can leave their ceilings', () => {
    expect(ceilingChanges({ a: 3, b: 5, c: 1, d: 2 }, { b: 4, c: 2, d: 2, e: 1 }, 'x')).toEqual([
      'a: 3 x, not listed: a new breach',
      'b: 5 x, above its ceiling of 4',
      'c: 1 x, below its ceiling: lower it to 1',
      'e: no longer a breach (or gone): delete its entry',
    ]);
  });
});
