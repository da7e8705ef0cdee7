import Ajv, { type SchemaObject, type ValidateFunction } from 'ajv';
import {
  getMetadataStorage,
  type MetadataStorage,
  ValidationTypes,
  type ValidatorOptions,
} from 'class-validator';
import { schemaForRule } from './dto-rule-schemas';

type RuleMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Condition = (object: object, value: unknown) => boolean;
type Rule = (value: unknown, object: object) => boolean;

/** What is checked outside the class's compiled schema, per property. */
type PropertyCheck = {
  name: string;
  /** @IsOptional, @ValidateIf: when one is false, nothing else about the property is checked. */
  conditions: Condition[];
  /** The schema rules of a conditional property (an unconditional one's are in the class's). */
  schema?: ValidateFunction;
  /** Rules JSON Schema cannot say, run as class-validator runs them. */
  rules: Rule[];
  /** @ValidateNested: arrays and objects are checked by their own class's rules. */
  nested: boolean;
};

type DtoCheck = (entity: object) => boolean;
/** A DTO class, as class-validator's metadata is keyed. */
export type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * Every request's DTO used to go through class-validator, whose cost is its generic walk over
 * the decorators' metadata on each call, not the rules themselves. Here each DTO class's rules
 * are read once and compiled (ajv, as Fastify compiles its route schemas) into one check.
 *
 * The check only ever says "class-validator would find nothing wrong": `accepts` is true only
 * for such a value, and anything else (a refused value, a class whose rules cannot be compiled)
 * goes to class-validator, which decides and words the 400 exactly as before. So the messages
 * clients and tests rely on still come from one place, and a rule compiled too strictly costs
 * speed, never a wrong answer.
 */
export class CompiledDtoChecks {
  private readonly ajv = new Ajv({ strict: true, allErrors: false });
  private readonly checks = new Map<DtoClass, DtoCheck | null>();
  private readonly storage = getMetadataStorage();

  constructor(private readonly options: ValidatorOptions) {}

  /** True when class-validator, with these options, would find no error in `entity`. */
  accepts(entity: unknown): boolean {
    if (typeof entity !== 'object' || entity === null) return false;
    const type: unknown = entity.constructor;
    if (typeof type !== 'function') return false;
    const check = this.checkOf(type as DtoClass);
    return check !== null && check(entity);
  }

  /** Whether `type`'s rules compile; false means class-validator checks it on every request. */
  compiles(type: DtoClass): boolean {
    return this.checkOf(type) !== null;
  }

  private checkOf(type: DtoClass): DtoCheck | null {
    let check = this.checks.get(type);
    if (check === undefined) {
      check = this.compileOrNull(type);
      this.checks.set(type, check);
    }
    return check;
  }

  /** A schema ajv refuses to compile is a gap in dto-rule-schemas.ts, not the client's fault. */
  private compileOrNull(type: DtoClass): DtoCheck | null {
    try {
      return this.compile(type);
    } catch {
      return null;
    }
  }

  private compile(type: DtoClass): DtoCheck | null {
    const { always = false, strictGroups = false, groups } = this.options;
    // The very list class-validator asks for, so inheritance and groups resolve as in its walk.
    const metadata = this.storage.getTargetValidationMetadatas(
      type,
      '',
      always,
      strictGroups,
      groups,
    );
    if (metadata.length === 0) return null; // forbidUnknownValues: class-validator's error
    const properties: Record<string, SchemaObject> = {};
    const required: string[] = [];
    const extra: PropertyCheck[] = [];
    for (const [name, rules] of Object.entries(this.storage.groupByPropertyName(metadata))) {
      const property = this.compileProperty(name, rules);
      if (property === null) return null;
      const { schemas, check } = property;
      const unconditional = check.conditions.length === 0;
      properties[name] = unconditional && schemas.length > 0 ? { allOf: schemas } : {};
      if (unconditional && schemas.length > 0) required.push(name);
      if (!unconditional && schemas.length > 0) check.schema = this.ajv.compile({ allOf: schemas });
      if (!unconditional || check.rules.length > 0 || check.nested) extra.push(check);
    }
    const schema = this.ajv.compile({
      type: 'object',
      properties,
      required,
      // Stricter than class-validator without `whitelist`, exact with forbidNonWhitelisted.
      additionalProperties: false,
    });
    return (entity) => schema(entity) && extra.every((check) => this.passes(check, entity));
  }

  /** The property's schema rules and the rest, or null if one is of a kind not compiled. */
  private compileProperty(
    name: string,
    metadata: readonly RuleMetadata[],
  ): { schemas: SchemaObject[]; check: PropertyCheck } | null {
    const check: PropertyCheck = { name, conditions: [], rules: [], nested: false };
    const schemas: SchemaObject[] = [];
    for (const rule of metadata) {
      // Per-rule conditions and groups of rules are class-validator's business.
      if ((rule as { validateIf?: unknown }).validateIf !== undefined) return null;
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        check.conditions.push(rule.constraints[0] as Condition);
      } else if (rule.type === ValidationTypes.NESTED_VALIDATION) {
        check.nested = true;
      } else if (rule.type === ValidationTypes.CUSTOM_VALIDATION && !rule.each) {
        const schema = schemaForRule(rule.name, rule.constraints);
        if (schema) schemas.push(schema);
        else check.rules.push(...this.rulesOf(rule));
      } else {
        return null;
      }
    }
    return { schemas, check };
  }

  /** The rule's own validator, called with the arguments class-validator passes it. */
  private rulesOf(rule: RuleMetadata): Rule[] {
    return this.storage.getTargetValidatorConstraints(rule.constraintCls).map(({ instance }) => {
      return (value, object) =>
        // A promise (an async rule) is not a yes: class-validator will await it.
        instance.validate(value, {
          value,
          object,
          property: rule.propertyName,
          constraints: rule.constraints,
          targetName: object.constructor.name,
        }) === true;
    });
  }

  private passes(check: PropertyCheck, entity: object): boolean {
    const value: unknown = (entity as Record<string, unknown>)[check.name];
    if (!check.conditions.every((condition) => condition(entity, value))) return true;
    if (check.schema && !check.schema(value)) return false;
    if (!check.rules.every((rule) => rule(value, entity))) return false;
    return !check.nested || this.nestedAccepts(value);
  }

  /** class-validator's nested walk: undefined passes, arrays item by item, objects by class. */
  private nestedAccepts(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.every((item) => this.nestedAccepts(item));
    if (value instanceof Set || value instanceof Map) return false;
    return value instanceof Object && this.accepts(value);
  }
}
