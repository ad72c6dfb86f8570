import { AppConfig } from './app-config';
import { describeVariables } from './config-variable.decorator';

const BEGIN =
  '<!-- config-table:begin (generated from apps/api/src/config/app-config.ts by npm run generate) -->';
const END = '<!-- config-table:end -->';

/** The configuration reference, in the two places people read it: .env.example and the README. */
export function configDocs() {
  const variables = describeVariables(AppConfig);
  const envExample = [
    '# Soundlink configuration. Every variable is optional; the defaults run the demo on this machine.',
    '# Generated from apps/api/src/config/app-config.ts by `npm run generate`.',
    '',
    ...variables.flatMap((v) => [
      `# ${v.description}${v.sensitive ? ' (secret)' : ''}`,
      `# Default: ${v.default === '' ? '(none)' : v.default}`,
      `# ${v.name}=`,
      '',
    ]),
  ].join('\n');
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const table = [
    '| Variable | Meaning | Default |',
    '| --- | --- | --- |',
    ...variables.map(
      (v) =>
        `| \`${v.name}\` | ${escape(v.description)}${v.sensitive ? ' Secret.' : ''} | ${v.default === '' ? '' : `\`${escape(v.default)}\``} |`,
    ),
  ].join('\n');
  return {
    envExample,
    replaceReadmeTable(readme: string): string {
      const start = readme.indexOf(BEGIN);
      const end = readme.indexOf(END);
      if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${BEGIN} … ${END}`);
      return `${readme.slice(0, start)}${BEGIN}\n\n${table}\n\n${readme.slice(end)}`;
    },
  };
}
