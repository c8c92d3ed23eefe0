import type { Category, Domain } from '../core/rule-book.js';
import { didYouMean } from '../core/suggest.js';
import type { ProblemList } from './problems.js';
import type { ParsedFile } from './read-yaml-files.js';
import type { CategoriesFile } from './schemas.js';

/** Unique domain and category ids, each category in a known domain. */
export function checkCategories(file: ParsedFile<CategoriesFile>, problems: ProblemList): { categories: Category[]; domains: Domain[] } {
  const domains = new Set<string>();
  file.value.domains.forEach((domain, i) => {
    if (domains.has(domain.id)) problems.add(file.file, `domains.${i}.id`, `domain "${domain.id}" is listed twice`);
    domains.add(domain.id);
  });
  const seen = new Set<string>();
  file.value.categories.forEach((category, i) => {
    if (seen.has(category.id)) problems.add(file.file, `categories.${i}.id`, `category "${category.id}" is listed twice`);
    seen.add(category.id);
    if (!domains.has(category.domain)) {
      problems.add(file.file, `categories.${i}.domain`, `unknown domain "${category.domain}"${didYouMean(category.domain, domains)}`);
    }
  });
  return {
    categories: file.value.categories.map(({ id, name, domain, formerNames, delivered }) => ({ id, name, domain, formerNames, delivered })),
    domains: file.value.domains.map(({ id, name, nameEn }) => ({ id, name, nameEn })),
  };
}
