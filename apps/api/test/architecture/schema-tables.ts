import * as ts from 'typescript';
import { entityClasses } from './source-scan';
import { isSpec, listFiles, readSource } from './source-files';

/** Where the migrations live; their file names start with a timestamp, so sorting them orders them. */
export const migrationsDir = 'apps/api/src/database/migrations';

export interface EntityTable {
  className: string;
  table: string;
  /** The entity's file, workspace-relative. */
  file: string;
}

/** Every `@Entity` class of apps/api/src (files named *.entity.ts or *.entities.ts). */
export function entityTables(): EntityTable[] {
  return listFiles('apps/api/src', (path) => /\.entit(y|ies)\.ts$/.test(path) && !isSpec(path)).flatMap(
    (file) => entityClasses(file, readSource(file)).map((entity) => ({ ...entity, file })),
  );
}

const name = String.raw`"?(?:public\.)?"?([A-Za-z_][A-Za-z0-9_]*)"?`;
const CREATE = new RegExp(
  String.raw`\bCREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${name}`,
  'gi',
);
const DROP = new RegExp(String.raw`\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${name}`, 'gi');
const RENAME = new RegExp(
  String.raw`\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?${name}\s+RENAME\s+TO\s+${name}`,
  'gi',
);

/** The text of the string and template literals of a migration's `up` method, in order. */
function upStatements(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statements: string[] = [];
  const collect = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node)) statements.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      statements.push(node.head.text + node.templateSpans.map((span) => '${}' + span.literal.text).join(''));
    }
    ts.forEachChild(node, collect);
  };
  const visit = (node: ts.Node) => {
    if (ts.isMethodDeclaration(node) && node.name.getText(file) === 'up') collect(node);
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return statements;
}

/**
 * The tables the migrations leave behind: replays CREATE TABLE, DROP TABLE and ALTER TABLE … RENAME TO of
 * every migration's `up`, in order. Temporary tables (CREATE TEMPORARY TABLE) are not tables of the schema.
 */
export function migratedTables(): Set<string> {
  const tables = new Set<string>();
  const files = listFiles(migrationsDir, (path) => /\/\d+-[^/]+\.ts$/.test(path) && !isSpec(path));
  for (const file of files) {
    for (const statement of upStatements(file, readSource(file))) {
      const events: Array<{ at: number; apply: () => void }> = [];
      for (const m of statement.matchAll(CREATE)) events.push({ at: m.index, apply: () => tables.add(m[1]) });
      for (const m of statement.matchAll(DROP))
        events.push({ at: m.index, apply: () => tables.delete(m[1]) });
      for (const m of statement.matchAll(RENAME)) {
        events.push({
          at: m.index,
          apply: () => {
            if (tables.delete(m[1])) tables.add(m[2]);
          },
        });
      }
      for (const event of events.sort((a, b) => a.at - b.at)) event.apply();
    }
  }
  return tables;
}
