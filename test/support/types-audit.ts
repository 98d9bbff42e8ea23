// Audits generated/schema.d.ts with the TypeScript type checker, for the ways a spec defect turns
// into a type that lies: request bodies (or parts of them) that are `unknown`, objects that are
// `Record<string, never>` (no key can be set or read), and operations without a typed 2xx body.
import ts from "typescript";

export interface TypesAudit {
  /** "operationId body" or "operationId body.path.to.property" typed `unknown`. */
  unknownRequestBodies: string[];
  /** "schema.path.to.property" typed as an object that admits no key. */
  emptyRecords: string[];
  /** operationIds whose 2xx responses carry no typed body. */
  untypedSuccess: string[];
  operationCount: number;
}

const MAX_DEPTH = 6;

export function auditSchemaTypes(schemaFile: string): TypesAudit {
  const program = ts.createProgram([schemaFile], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  if (!source) throw new Error(`cannot read ${schemaFile}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${schemaFile} is not a module`);
  const exported = (name: string): ts.Type => {
    const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
    if (!symbol) throw new Error(`${schemaFile} exports no ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  const prop = (type: ts.Type, name: string): ts.Type | undefined => {
    const symbol = checker.getNonNullableType(type).getProperty(name);
    return symbol ? checker.getNonNullableType(checker.getTypeOfSymbol(symbol)) : undefined;
  };

  const isUnknown = (type: ts.Type) => (type.flags & ts.TypeFlags.Unknown) !== 0;
  const isEmptyRecord = (type: ts.Type) => {
    if (!(type.flags & ts.TypeFlags.Object) || type.getProperties().length > 0) return false;
    const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    return index !== undefined && (index.flags & ts.TypeFlags.Never) !== 0;
  };

  /** Calls visit on every (nullable-stripped) type reachable through properties and arrays. */
  const walk = (
    type: ts.Type,
    path: string,
    visit: (type: ts.Type, path: string) => void,
    seen = new Set<ts.Type>(),
    depth = 0,
  ): void => {
    // NonNullable<unknown> is {}, so `unknown` is recognised before null is stripped.
    if (isUnknown(type)) return visit(type, path);
    const bare = checker.getNonNullableType(type);
    visit(bare, path);
    if (depth >= MAX_DEPTH || seen.has(bare)) return;
    seen.add(bare);
    const members = bare.isUnion() || bare.isIntersection() ? bare.types : [bare];
    for (const member of members) {
      if (checker.isArrayType(member)) {
        const [element] = checker.getTypeArguments(member as ts.TypeReference);
        if (element) walk(element, `${path}[]`, visit, seen, depth + 1);
        continue;
      }
      if (!(member.flags & ts.TypeFlags.Object)) continue;
      for (const property of member.getProperties()) {
        walk(checker.getTypeOfSymbol(property), `${path}.${property.name}`, visit, seen, depth + 1);
      }
    }
  };

  const unknownRequestBodies = new Set<string>();
  const untypedSuccess: string[] = [];
  const operations = exported("operations");
  for (const operation of operations.getProperties()) {
    const operationType = checker.getTypeOfSymbol(operation);
    const content = prop(prop(operationType, "requestBody") ?? operationType, "content");
    if (prop(operationType, "requestBody") && content) {
      for (const media of content.getProperties()) {
        walk(checker.getTypeOfSymbol(media), `${operation.name} body`, (type, path) => {
          if (isUnknown(type)) unknownRequestBodies.add(path);
        });
      }
    }
    const responses = prop(operationType, "responses");
    const typed = (responses?.getProperties() ?? [])
      .filter((response) => /^2\d\d$/.test(response.name))
      .some((response) => {
        const body = prop(checker.getTypeOfSymbol(response), "content");
        return (body?.getProperties() ?? []).some((media) => {
          const type = checker.getTypeOfSymbol(media);
          return !isUnknown(type) && !(type.flags & ts.TypeFlags.Never);
        });
      });
    if (!typed) untypedSuccess.push(operation.name);
  }

  // Each schema is walked on its own, not through the schemas it references, so that a defect
  // is reported once, where it is declared.
  const emptyRecords = new Set<string>();
  const schemas = (prop(exported("components"), "schemas")?.getProperties() ?? []).map((symbol) => ({
    name: symbol.name,
    type: checker.getNonNullableType(checker.getTypeOfSymbol(symbol)),
  }));
  const schemaTypes = new Set(schemas.map((schema) => schema.type));
  for (const schema of schemas) {
    const others = new Set([...schemaTypes].filter((type) => type !== schema.type));
    walk(
      schema.type,
      schema.name,
      (type, path) => {
        if (isEmptyRecord(type)) emptyRecords.add(path);
      },
      others,
    );
  }

  return {
    unknownRequestBodies: [...unknownRequestBodies].sort(),
    emptyRecords: [...emptyRecords].sort(),
    untypedSuccess: untypedSuccess.sort(),
    operationCount: operations.getProperties().length,
  };
}
