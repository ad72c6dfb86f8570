/**
 * The relations a piece of SQL names, found by a small tokenizer rather than a parser: good enough for the
 * statements this code base writes, and deliberately forgiving (a fragment such as `JOIN plays p ON …`
 * works too, because queries are often assembled from several template literals).
 *
 * A relation is the name after FROM, JOIN, INTO, UPDATE, TABLE, USING or TRUNCATE, plus every further
 * name of a comma list after FROM (`FROM a, b`). Not relations: names followed by `(` after FROM, JOIN or
 * USING (set-returning functions such as `unnest(…)`), the names of common table expressions
 * (`WITH recent AS (…)`), and `${…}` placeholders. Unquoted names are lower-cased, quotes are removed and a
 * `public.` schema is dropped; other schemas stay (`pg_catalog.pg_class`), so they never match a table.
 * Callers pass the text of a template literal with `${}` for each substitution; it never reads as a name.
 */

type Token = { kind: 'word'; text: string; quoted: boolean } | { kind: 'punct'; text: string };

const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;
const QUOTED = /"((?:[^"]|"")*)"/y;
const SPACE = /\s+/y;
const LINE_COMMENT = /--[^\n]*/y;
const BLOCK_COMMENT = /\/\*[\s\S]*?\*\//y;
const STRING = /(?:[EeBbXxUu]&?)?'(?:[^']|'')*'/y;
const DOLLAR_STRING = /\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$/y;
const NUMBER_OR_PARAM = /\$?[0-9][0-9.]*/y;

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = i;
    return pattern.exec(sql);
  };
  while (i < sql.length) {
    let match: RegExpExecArray | null;
    if ((match = at(SPACE)) || (match = at(LINE_COMMENT)) || (match = at(BLOCK_COMMENT))) {
      i += match[0].length;
    } else if ((match = at(STRING)) || (match = at(DOLLAR_STRING)) || (match = at(NUMBER_OR_PARAM))) {
      // Literals and $1 parameters: kept as an opaque token so that they end name lists.
      tokens.push({ kind: 'punct', text: '?' });
      i += match[0].length;
    } else if ((match = at(WORD))) {
      tokens.push({ kind: 'word', text: match[0], quoted: false });
      i += match[0].length;
    } else if ((match = at(QUOTED))) {
      tokens.push({ kind: 'word', text: match[1].replace(/""/g, '"'), quoted: true });
      i += match[0].length;
    } else {
      tokens.push({ kind: 'punct', text: sql[i] });
      i += 1;
    }
  }
  return tokens;
}

/** Keywords after which a relation name follows. */
const RELATION_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'USING', 'TRUNCATE']);
/** After these, a name followed by `(` is a function, not a relation. */
const FUNCTION_CONTEXT = new Set(['FROM', 'JOIN', 'USING']);
/** After these, a comma continues the list of relations. */
const LIST_CONTEXT = new Set(['FROM', 'USING', 'TRUNCATE', 'TABLE']);
/** Words that may stand between the keyword and the name. */
const MODIFIERS = new Set(['ONLY', 'LATERAL', 'IF', 'NOT', 'EXISTS']);
/** Words that end a relation's alias: a relation list never goes past one of them. */
const CLAUSE_WORDS = new Set(
  (
    'WHERE GROUP ORDER HAVING LIMIT OFFSET WINDOW UNION INTERSECT EXCEPT RETURNING SET ON USING JOIN INNER ' +
    'LEFT RIGHT FULL CROSS NATURAL FOR VALUES SELECT DO WITH AND OR INTO FETCH TABLESAMPLE WHEN THEN ELSE END ' +
    'CASCADE RESTART CONTINUE IDENTITY'
  ).split(' '),
);

const keyword = (token: Token | undefined, caseSensitive: boolean): string | undefined => {
  if (!token || token.kind !== 'word' || token.quoted) return undefined;
  if (caseSensitive) return token.text === token.text.toUpperCase() ? token.text : undefined;
  return token.text.toUpperCase();
};

const isPunct = (token: Token | undefined, text: string): boolean =>
  token?.kind === 'punct' && token.text === text;

/** The names of the common table expressions defined in `tokens`: `name AS (`, `name (a, b) AS (`. */
function cteNames(tokens: Token[]): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (keyword(tokens[i], false) !== 'AS') continue;
    let next = i + 1;
    if (keyword(tokens[next], false) === 'NOT') next++;
    if (keyword(tokens[next], false) === 'MATERIALIZED') next++;
    if (!isPunct(tokens[next], '(')) continue;
    let before = i - 1;
    if (isPunct(tokens[before], ')')) {
      let depth = 0;
      for (; before >= 0; before--) {
        if (isPunct(tokens[before], ')')) depth++;
        if (isPunct(tokens[before], '(') && --depth === 0) break;
      }
      before--;
    }
    const name = tokens[before];
    if (name?.kind === 'word') names.add(name.quoted ? name.text : name.text.toLowerCase());
  }
  return names;
}

/** Reads a possibly qualified name at `i`: the name and the index after it, or undefined. */
function qualifiedName(tokens: Token[], i: number): { name: string; end: number } | undefined {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const token = tokens[j];
    if (token?.kind !== 'word') return undefined;
    parts.push(token.quoted ? token.text : token.text.toLowerCase());
    j++;
    if (!isPunct(tokens[j], '.')) break;
    j++;
  }
  if (parts.length === 2 && parts[0] === 'public') parts.shift();
  return { name: parts.join('.'), end: j };
}

/**
 * The relations `sql` names, in order of appearance, duplicates included. With `caseSensitive` (SQL found
 * in an arbitrary string literal) only upper-case keywords count, so that English prose such as "update
 * the campaign" is not read as SQL; the text passed to `.query(…)` is read case-insensitively.
 */
export function sqlRelations(sql: string, caseSensitive = false): string[] {
  const tokens = tokenize(sql);
  const ctes = cteNames(tokens);
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = keyword(tokens[i], caseSensitive);
    if (!word || !RELATION_KEYWORDS.has(word)) continue;
    let j = i + 1;
    // TRUNCATE TABLE a: the list belongs to TABLE, which the loop reaches next.
    if (word === 'TRUNCATE' && keyword(tokens[j], caseSensitive) === 'TABLE') continue;
    for (;;) {
      while (MODIFIERS.has(keyword(tokens[j], caseSensitive) ?? '')) j++;
      const relation = qualifiedName(tokens, j);
      if (relation) {
        const isFunction = FUNCTION_CONTEXT.has(word) && isPunct(tokens[relation.end], '(');
        if (!isFunction && !ctes.has(relation.name) && !CLAUSE_WORDS.has(relation.name.toUpperCase())) {
          found.push(relation.name);
        }
        j = relation.end;
      }
      if (!LIST_CONTEXT.has(word)) break;
      // Skip the alias and anything in parentheses up to a comma that starts the next relation.
      let depth = 0;
      let comma = false;
      for (; j < tokens.length; j++) {
        const token = tokens[j];
        if (isPunct(token, '(')) depth++;
        else if (isPunct(token, ')')) {
          if (--depth < 0) break;
        } else if (depth === 0 && isPunct(token, ',')) {
          comma = true;
          j++;
          break;
        } else if (
          depth === 0 &&
          (isPunct(token, ';') || CLAUSE_WORDS.has(keyword(token, caseSensitive) ?? ''))
        ) {
          break;
        }
      }
      if (!comma) break;
    }
  }
  return found;
}

/** Whether a string literal reads like SQL: an upper-case statement keyword or relation keyword. */
export function looksLikeSql(text: string): boolean {
  return /\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN|INTO|TRUNCATE|TABLE)\b/.test(text);
}
