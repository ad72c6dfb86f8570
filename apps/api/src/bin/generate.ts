/**
 * Writes the files generated from the code, which are committed:
 * - libs/api-client/openapi.json, the OpenAPI document, and libs/api-client/src/generated/schema.ts, the client's types;
 * - .env.example and the configuration table in README.md, from the documented AppConfig.
 * `--check` writes nothing and fails when any of them is stale (npm test runs it).
 *   npm run generate         regenerate
 *   npm run generate:check   verify
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';
import { AppModule } from '../app.module';
import { configDocs } from '../config/config-docs';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from '../openapi';

const WORKSPACE = join(__dirname, '..', '..', '..', '..');
const DOCUMENT = join(WORKSPACE, 'libs/api-client/openapi.json');
const SCHEMA = join(WORKSPACE, 'libs/api-client/src/generated/schema.ts');
const ENV_EXAMPLE = join(WORKSPACE, '.env.example');
const README = join(WORKSPACE, 'README.md');

/** Formats like `npm run format` would, so the generated file passes the format check as written. */
async function format(content: string, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(content, { ...options, filepath: file });
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // Preview mode builds the module graph and routes without connecting to a database.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused' }),
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });
  const document = buildOpenApiDocument(app);
  const json = `${JSON.stringify(document, null, 2)}\n`;
  // Fields with a default stay optional in requests (the server fills them in).
  const ast = await openapiTS(JSON.parse(json), { defaultNonNullable: false });
  const schema = `// Generated from libs/api-client/openapi.json by \`npm run generate\`. Do not edit.\n/* eslint-disable */\n${astToString(ast)}`;

  const readme = readFileSync(README, 'utf8');
  const docs = configDocs();
  const outputs: Array<[string, string]> = [
    [DOCUMENT, json],
    [SCHEMA, schema],
    [ENV_EXAMPLE, docs.envExample],
    [README, await format(docs.replaceReadmeTable(readme), README)],
  ];
  if (check) {
    const stale = outputs.filter(
      ([file, content]) => !existsSync(file) || readFileSync(file, 'utf8') !== content,
    );
    if (stale.length > 0) {
      process.stderr.write(
        `Stale generated files: ${stale.map(([file]) => file.slice(WORKSPACE.length + 1)).join(', ')}. Run npm run generate and commit.\n`,
      );
      return 1;
    }
    process.stdout.write(
      'Generated files are up to date: OpenAPI document, API client, .env.example, README configuration table.\n',
    );
    return 0;
  }
  for (const [file, content] of outputs) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  process.stdout.write(`Wrote ${outputs.map(([file]) => file.slice(WORKSPACE.length + 1)).join(' and ')}.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
