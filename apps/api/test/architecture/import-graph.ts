import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import * as ts from 'typescript';
import { listFiles, readSource, workspaceRoot } from './source-files';

/**
 * The import graph of the TypeScript files under `roots`, and its circles. Edges are the imports that exist
 * at run time: `import … from`, `export … from`, `import(…)`, `require(…)`; `import type` / `export type`
 * (erased by the compiler) are not edges. Specifiers resolve as relative paths (`./x` -> x.ts, x.tsx,
 * x/index.ts) or through tsconfig.base.json's path aliases; anything else is a package and not followed.
 */
export function importGraph(roots: string[]): Map<string, string[]> {
  const files = roots.flatMap((root) =>
    listFiles(root, (path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts')),
  );
  const known = new Set(files);
  const aliases = pathAliases();
  const resolve = (from: string, specifier: string): string | undefined => {
    let base: string;
    if (specifier.startsWith('.')) base = posix.join(posix.dirname(from), specifier);
    else if (aliases.has(specifier)) base = aliases.get(specifier)!;
    else return undefined;
    base = base.replace(/\.js$/, '');
    return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => known.has(candidate));
  };
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const specifier of runtimeImports(file, readSource(file))) {
      const target = resolve(file, specifier);
      if (target) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** tsconfig.base.json's `paths`: alias -> workspace-relative file. */
function pathAliases(): Map<string, string> {
  const config = ts.readConfigFile(join(workspaceRoot, 'tsconfig.base.json'), (path) =>
    readFileSync(path, 'utf8'),
  );
  const paths = (config.config?.compilerOptions?.paths ?? {}) as Record<string, string[]>;
  const aliases = new Map<string, string>();
  for (const [alias, [target]] of Object.entries(paths)) {
    if (!alias.includes('*') && target && existsSync(join(workspaceRoot, target))) {
      aliases.set(alias, target.replace(/\.tsx?$/, ''));
    }
  }
  return aliases;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // import './side-effect'
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    !!bindings &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** The module specifiers a file imports at run time. */
export function runtimeImports(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!isTypeOnlyImport(node)) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const onlyTypes =
        node.isTypeOnly ||
        (!!clause &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      !node.isTypeOnly &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      specifiers.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return specifiers;
}

/**
 * The circles of a graph: its strongly connected components of more than one file, and files that import
 * themselves (Tarjan's algorithm). Each circle's files are sorted; the circles are sorted by first file.
 */
export function importCircles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const connect = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) circles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return circles.sort((a, b) => a[0].localeCompare(b[0]));
}
