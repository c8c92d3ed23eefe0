import { WorkingDayCalendar } from './calendar.js';
import type { OfficialYear, LocalAdjustment } from './calendar-types.js';
import { InputError, UnknownNameError } from './errors.js';
import { closestNames } from './suggest.js';
import type { DeadlineEvents, DeadlineInput } from './deadline.js';
import type { Rule } from './rule-types.js';
import type { Cutoff } from './cutoff.js';
import { decisionRule, type DecisionType } from './decision-type.js';

/** An administrative area whose government sets or inherits disclosure rules (辖区). */
export interface Jurisdiction {
  readonly id: string;
  readonly name: string;
  readonly parent?: string | undefined;
  /** When its deadline days end; inherited from the parent when its file does not say. */
  readonly cutoff: Cutoff;
  /** The language of what its departments and supervisor read. */
  readonly locale: 'zh' | 'en';
  /** Category id → rule id, for the categories this jurisdiction decides itself (法律法规另有规定的，从其规定). */
  readonly categories: ReadonlyMap<string, string>;
}

/** A kind of information items are filed under (信息类别), e.g. procurement.transaction. */
export interface Category {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  /** Names it was known by before a rename, still accepted where a person names it. */
  readonly formerNames?: readonly string[] | undefined;
  /** Met by a document delivered to a person or an office (答复书, 报送), not a web page: answered with its number and delivery. */
  readonly delivered?: boolean | undefined;
}

/** Whether a person naming a category by this text means it. */
function namedBy(category: Category | undefined, value: string): boolean {
  return category !== undefined && (category.name === value || (category.formerNames?.includes(value) ?? false));
}

/** A field of public resource allocation (领域), e.g. procurement 政府采购. */
export interface Domain {
  readonly id: string;
  readonly name: string;
  readonly nameEn?: string | undefined;
}

export interface Resolution {
  readonly rule: Rule;
  /** The jurisdiction whose mapping decided it: the item's own or its nearest ancestor that maps the category. */
  readonly decidedBy: string;
}

/** How an item's rule was chosen: its category's, or that of the licensing or penalty decision it is. */
export interface ItemResolution extends Resolution {
  readonly decisionType?: DecisionType | undefined;
  /** True when the item is a decision but its category's rule is stricter and so applies. */
  readonly categoryStricter?: boolean | undefined;
}

export interface RuleBookParts {
  readonly rules: readonly Rule[];
  /** Rule ids that moved → the rule that answers for each now (rule ids are a contract other tools use). */
  readonly ruleAliases?: ReadonlyMap<string, string> | undefined;
  readonly jurisdictions: readonly Jurisdiction[];
  readonly categories: readonly Category[];
  readonly domains: readonly Domain[];
  readonly officialYears: readonly OfficialYear[];
  readonly localAdjustments: readonly LocalAdjustment[];
}

/**
 * Everything needed to answer "when is this due?": rules, the jurisdiction tree with its category mappings,
 * the categories, and a working-day calendar per jurisdiction. Built from validated config; pure lookups.
 */
export class RuleBook {
  readonly rules: ReadonlyMap<string, Rule>;
  readonly ruleAliases: ReadonlyMap<string, string>;
  readonly jurisdictions: ReadonlyMap<string, Jurisdiction>;
  readonly categories: ReadonlyMap<string, Category>;
  readonly domains: ReadonlyMap<string, Domain>;
  readonly officialYears: readonly OfficialYear[];
  private readonly localAdjustments: readonly LocalAdjustment[];
  private readonly calendars = new Map<string, WorkingDayCalendar>();
  private readonly mappings = new Map<string, ReadonlyMap<string, Resolution>>();

  constructor(parts: RuleBookParts) {
    this.rules = new Map(parts.rules.map((rule) => [rule.id, rule]));
    this.ruleAliases = parts.ruleAliases ?? new Map();
    this.jurisdictions = new Map(parts.jurisdictions.map((j) => [j.id, j]));
    this.categories = new Map(parts.categories.map((c) => [c.id, c]));
    this.domains = new Map(parts.domains.map((d) => [d.id, d]));
    this.officialYears = parts.officialYears;
    this.localAdjustments = parts.localAdjustments;
  }

  /** What it was built from: `new RuleBook(book.parts())` answers as `book` does (the CLI's rule book cache keeps these). */
  parts(): RuleBookParts {
    return {
      rules: [...this.rules.values()],
      ruleAliases: this.ruleAliases,
      jurisdictions: [...this.jurisdictions.values()],
      categories: [...this.categories.values()],
      domains: [...this.domains.values()],
      officialYears: this.officialYears,
      localAdjustments: this.localAdjustments,
    };
  }

  /** The rule with this id, or the one an old id now stands for. */
  rule(id: string): Rule {
    const rule = this.rules.get(id) ?? this.rules.get(this.ruleAliases.get(id) ?? '');
    if (!rule) throw new UnknownNameError('rule', id, this.rules.keys());
    return rule;
  }

  jurisdiction(id: string): Jurisdiction {
    const jurisdiction = this.jurisdictions.get(id);
    if (!jurisdiction) throw new UnknownNameError('jurisdiction', id, this.jurisdictions.keys());
    return jurisdiction;
  }

  /** The jurisdiction and its ancestors, nearest first. */
  lineage(id: string): Jurisdiction[] {
    const chain: Jurisdiction[] = [];
    for (let current: string | undefined = id; current !== undefined; current = this.jurisdiction(current).parent) {
      chain.push(this.jurisdiction(current));
    }
    return chain;
  }

  /** The nearest jurisdiction that maps the category decides the rule. */
  resolve(jurisdictionId: string, categoryId: string): Resolution {
    const mapped = this.categoriesOf(jurisdictionId);
    const resolution = mapped.get(categoryId);
    if (!resolution) throw new UnknownNameError('category', categoryId, mapped.keys(), ` for jurisdiction ${jurisdictionId}`);
    return resolution;
  }

  /**
   * The rule of an item: its category's, or, when the item is a licensing or penalty decision, the jurisdiction's
   * rule for such decisions unless the category's own is stricter (see decisionRule).
   */
  resolveItem(jurisdictionId: string, categoryId: string, decisionType: DecisionType | undefined): ItemResolution {
    const byCategory = this.resolve(jurisdictionId, categoryId);
    if (decisionType === undefined || categoryId === decisionType) return byCategory;
    const byDecision = this.resolve(jurisdictionId, decisionType);
    const rule = decisionRule(byCategory.rule, byDecision.rule);
    return rule === byCategory.rule
      ? { ...byCategory, decisionType, categoryStricter: true }
      : { ...byDecision, decisionType, categoryStricter: false };
  }

  /**
   * The category a person named, by its id or its name (政府采购, as the ledger template writes it), among those with
   * a rule in the jurisdiction. A category that exists but has no rule there, and one that does not exist at all,
   * are told apart: the first is a gap in the jurisdiction's mapping, the second a typo.
   */
  categoryIn(jurisdictionId: string, value: string): string {
    const mapped = this.categoriesOf(jurisdictionId);
    if (mapped.has(value)) return value;
    const byName = [...mapped.keys()].find((c) => namedBy(this.categories.get(c), value));
    if (byName) return byName;
    const known = this.categories.has(value) || [...this.categories.values()].some((c) => namedBy(c, value));
    if (known) throw new InputError(`category "${value}" has no rule in ${jurisdictionId} (${this.jurisdiction(jurisdictionId).name})`);
    const hint = closestNames(value, mapped.keys());
    throw new InputError(`unknown category "${value}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`);
  }

  /** Categories that have a rule in this jurisdiction, with the rule that applies (worked out once per jurisdiction). */
  categoriesOf(jurisdictionId: string): ReadonlyMap<string, Resolution> {
    let result = this.mappings.get(jurisdictionId);
    if (!result) {
      const mappings = new Map<string, Resolution>();
      for (const jurisdiction of this.lineage(jurisdictionId)) {
        for (const [category, ruleId] of jurisdiction.categories) {
          if (!mappings.has(category)) mappings.set(category, { rule: this.rule(ruleId), decidedBy: jurisdiction.id });
        }
      }
      this.mappings.set(jurisdictionId, mappings);
      result = mappings;
    }
    return result;
  }

  /** What the engine needs to compute a deadline for an item of this jurisdiction: its calendar and cut-off. */
  deadlineInput(jurisdictionId: string, rule: Rule, events: DeadlineEvents): DeadlineInput {
    return { rule, events, calendar: this.calendarFor(jurisdictionId), cutoff: this.jurisdiction(jurisdictionId).cutoff };
  }

  /** The national calendar with the local adjustments of the jurisdiction and its ancestors. */
  calendarFor(jurisdictionId: string): WorkingDayCalendar {
    let calendar = this.calendars.get(jurisdictionId);
    if (!calendar) {
      const lineage = new Set(this.lineage(jurisdictionId).map((j) => j.id));
      calendar = new WorkingDayCalendar({
        officialYears: this.officialYears,
        localAdjustments: this.localAdjustments.filter((adjustment) => lineage.has(adjustment.jurisdiction)),
      });
      this.calendars.set(jurisdictionId, calendar);
    }
    return calendar;
  }
}
