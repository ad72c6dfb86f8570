import * as ts from 'typescript';
import { looksLikeSql, sqlRelations } from './sql-tables';

/** A relation named by a source file: in SQL, through an entity class, or by a query builder's string. */
export interface RelationUse {
  relation: string;
  line: number;
  /** How the file names it, for the failure message. */
  via: string;
}

/** An entity class and its table (`@Entity('table')`). */
export interface EntityClass {
  className: string;
  table: string;
}

/**
 * Query-builder methods whose first argument, when a string, names a relation (`.from('plays', 'p')`). Not
 * `createQueryBuilder`: a repository's takes an alias there.
 */
const RELATION_ARGUMENT_METHODS = new Set([
  'from',
  'into',
  'update',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'getRepository',
]);

/** Calls that run SQL: `.query(…)` on a data source, manager, query runner or repository, and query builders. */
const SQL_CALLS = new Set(['query', 'createQueryBuilder']);

const parse = (path: string, text: string): ts.SourceFile =>
  ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

const lineOf = (file: ts.SourceFile, node: ts.Node): number =>
  file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;

const calleeName = (call: ts.CallExpression): string | undefined => {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
};

/** The classes of a file decorated with `@Entity('name')` or `@Entity({ name })`. */
export function entityClasses(path: string, text: string): EntityClass[] {
  const file = parse(path, text);
  const found: EntityClass[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isClassDeclaration(node) && node.name) {
      for (const decorator of ts.getDecorators(node) ?? []) {
        const call = decorator.expression;
        if (!ts.isCallExpression(call) || calleeName(call) !== 'Entity') continue;
        const [argument] = call.arguments;
        let table: string | undefined;
        if (argument && ts.isStringLiteralLike(argument)) table = argument.text;
        if (argument && ts.isObjectLiteralExpression(argument)) {
          for (const property of argument.properties) {
            if (
              ts.isPropertyAssignment(property) &&
              property.name.getText(file) === 'name' &&
              ts.isStringLiteralLike(property.initializer)
            ) {
              table = property.initializer.text;
            }
          }
        }
        if (!table) throw new Error(`${path}: @Entity on ${node.name.text} without a table name`);
        found.push({ className: node.name.text, table });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** `const NAME = 'text'` anywhere in the file, for names declared once: substituted into templates. */
function stringConstants(file: ts.SourceFile): Map<string, string | undefined> {
  const constants = new Map<string, string | undefined>();
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isStringLiteralLike(node.initializer) &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.flags & ts.NodeFlags.Const
    ) {
      const name = node.name.text;
      constants.set(name, constants.has(name) ? undefined : node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return constants;
}

/** Whether `node` is (inside) an argument of a `.query(…)` call. */
function isQueryArgument(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression)) {
      return calleeName(parent) === 'query';
    }
    if (ts.isFunctionLike(parent) || ts.isSourceFile(parent)) return false;
  }
  return false;
}

export interface FileScan {
  /** Every relation the file names (SQL, entity classes, query-builder strings), unfiltered. */
  relations: RelationUse[];
  /** How many `.query(` / `createQueryBuilder(` calls the file makes. */
  sqlCalls: number;
}

/**
 * Reads one TypeScript file: the relations named by its SQL (string and template literals that read like
 * SQL, and everything passed to `.query(`), by entity classes passed to calls (`getRepository(PlayEntity)`,
 * `@InjectRepository(PlayEntity)`, `TypeOrmModule.forFeature([PlayEntity])`, `manager.find(PlayEntity, …)`)
 * and by strings given to query builders (`.from('plays', 'p')`), and the number of SQL calls.
 */
export function scanSource(path: string, text: string, entities: ReadonlyMap<string, string>): FileScan {
  const file = parse(path, text);
  const constants = stringConstants(file);
  const relations: RelationUse[] = [];
  let sqlCalls = 0;

  const addSql = (node: ts.Node, sql: string) => {
    const inQuery = isQueryArgument(node);
    if (!inQuery && !looksLikeSql(sql)) return;
    for (const relation of sqlRelations(sql, !inQuery))
      relations.push({ relation, line: lineOf(file, node), via: 'SQL' });
  };

  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      addSql(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      let sql = node.head.text;
      for (const span of node.templateSpans) {
        const value = ts.isIdentifier(span.expression) ? constants.get(span.expression.text) : undefined;
        sql += (value ?? '${}') + span.literal.text;
      }
      addSql(node, sql);
      for (const span of node.templateSpans) visit(span.expression);
      return;
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      // x.query(…), x.createQueryBuilder(…), and a bare createQueryBuilder(…); not a local function query(…).
      if (
        name &&
        SQL_CALLS.has(name) &&
        (!ts.isIdentifier(node.expression) || name === 'createQueryBuilder')
      ) {
        sqlCalls++;
      }
      const [first] = node.arguments;
      if (name && RELATION_ARGUMENT_METHODS.has(name) && first && ts.isStringLiteralLike(first)) {
        relations.push({ relation: first.text, line: lineOf(file, first), via: `.${name}('${first.text}')` });
      }
    } else if (ts.isIdentifier(node) && entities.has(node.text)) {
      const parent = node.parent;
      const argument =
        (ts.isCallExpression(parent) && parent.arguments.includes(node)) ||
        (ts.isArrayLiteralExpression(parent) &&
          ts.isCallExpression(parent.parent) &&
          parent.parent.arguments.includes(parent));
      if (argument)
        relations.push({ relation: entities.get(node.text)!, line: lineOf(file, node), via: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { relations, sqlCalls };
}
