import type { Command } from 'commander';
import type { LoadedConfig } from '../config/load-config.js';
import { ConfigError } from '../config/problems.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatCutoff } from '../core/cutoff.js';
import { loadConfigForCli } from './load-for-cli.js';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('the admin\'s configuration under config/');
  config
    .command('check')
    .description('validate every config file; list every problem, or print a summary')
    .option('--config <dir>', 'config directory (default: DW_CONFIG_DIR or ./config)')
    .option('--json', 'print the summary as JSON')
    .action((options: { config?: string; json?: boolean }) => {
      let loaded: LoadedConfig;
      try {
        loaded = loadConfigForCli(options.config, { printWarnings: true });
      } catch (error) {
        // Tools asking for JSON get the problems as JSON too (and exit 1 all the same).
        if (options.json && error instanceof ConfigError) process.stdout.write(`${JSON.stringify({ ok: false, problems: error.problems })}\n`);
        throw error;
      }
      const summary = summarise(loaded);
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : renderSummary(loaded.ruleBook, summary));
    });
}

function summarise(loaded: LoadedConfig) {
  const book = loaded.ruleBook;
  const years = book.officialYears.map((y) => y.year);
  return {
    dir: loaded.dir,
    ok: true,
    calendarYears: years,
    rules: book.rules.size,
    categories: book.categories.size,
    departments: loaded.organisation.departments.length,
    supervisors: loaded.organisation.supervisors.map((s) => ({ jurisdiction: s.jurisdiction, name: s.name })),
    jurisdictions: [...book.jurisdictions.values()].map((j) => ({
      id: j.id,
      name: j.name,
      parent: j.parent ?? null,
      cutoff: formatCutoff(j.cutoff),
      locale: j.locale,
      ownRules: [...book.rules.values()].filter((r) => r.definedIn === j.id).length,
      ownMappings: j.categories.size,
      categoriesWithRules: book.categoriesOf(j.id).size,
    })),
    warnings: loaded.warnings,
  };
}

function renderSummary(book: RuleBook, summary: ReturnType<typeof summarise>): string {
  const lines = [`config ${summary.dir}: OK`];
  const years = summary.calendarYears;
  lines.push(`calendars: ${years.length} notice years, ${years[0]}–${years[years.length - 1]} (${book.officialYears.map((y) => `${y.year} ${y.notice}`).join('; ')})`);
  lines.push(`rules: ${summary.rules}; categories: ${summary.categories}; departments: ${summary.departments} (supervised by ${summary.supervisors.map((s) => s.name).join(', ')})`);
  lines.push('jurisdictions (own rules / own category mappings / categories with a rule):');
  const children = (parent: string | null) => summary.jurisdictions.filter((j) => j.parent === parent);
  const walk = (parent: string | null, depth: number) => {
    for (const j of children(parent)) {
      lines.push(`${'  '.repeat(depth + 1)}${j.id} ${j.name}  ${j.ownRules} / ${j.ownMappings} / ${j.categoriesWithRules}, cut-off ${j.cutoff}, ${j.locale}`);
      walk(j.id, depth + 1);
    }
  };
  walk(null, 0);
  lines.push(summary.warnings.length === 0 ? 'warnings: none' : `warnings: ${summary.warnings.length} (printed above)`);
  return `${lines.join('\n')}\n`;
}
