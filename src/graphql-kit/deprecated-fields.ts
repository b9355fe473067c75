import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

const found = new WeakMap<DocumentNode, readonly string[]>();

/**
 * The deprecated fields a document selects, as schema coordinates (`Query.employments`), each once.
 * Documents are parsed once per text and reused (Apollo's cache, the subscription gate's), so the
 * answer is kept per document: an operation costs a lookup, not a walk.
 */
export function deprecatedFieldsIn(schema: GraphQLSchema, document: DocumentNode): readonly string[] {
  let coordinates = found.get(document);
  if (!coordinates) {
    const selected = new Set<string>();
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const field = typeInfo.getFieldDef();
          const parent = typeInfo.getParentType();
          if (field?.deprecationReason && parent) selected.add(`${parent.name}.${field.name}`);
        },
      }),
    );
    found.set(document, (coordinates = [...selected]));
  }
  return coordinates;
}
