/**
 * Event schema versions and upcasters. An event's type string is forever; when its data shape
 * changes, the version goes up and a pure upcaster lifts older data to the current shape.
 * Stores write the version into metadata (`schemaVersion`) and run `upcast` on read.
 */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

export type EventSchema = {
  /** Current version written for new events. */
  version: number;
  /** upcasters[n] lifts data of version n to version n + 1. */
  upcasters?: Readonly<Record<number, Upcaster>>;
};

export type EventSchemas<Type extends string> = Readonly<Record<Type, EventSchema>>;

export function upcast(
  schema: EventSchema,
  data: Readonly<Record<string, unknown>>,
  fromVersion: number,
): Record<string, unknown> {
  let current: Record<string, unknown> = { ...data };
  for (let v = fromVersion; v < schema.version; v++) {
    const step = schema.upcasters?.[v];
    if (!step) throw new Error(`no upcaster from schema version ${v} to ${v + 1}`);
    current = step(current);
  }
  return current;
}

/**
 * Lifts one stored event to the current shape of its type. Types without a schema (written by
 * another part of the system) pass through unchanged; a missing version means version 1.
 */
export function upcastEvent(
  schemas: Readonly<Partial<Record<string, EventSchema>>>,
  type: string,
  data: Readonly<Record<string, unknown>>,
  fromVersion = 1,
): Record<string, unknown> {
  const schema = schemas[type];
  return schema ? upcast(schema, data, fromVersion) : { ...data };
}
