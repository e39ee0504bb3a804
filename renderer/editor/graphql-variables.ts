import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { JsonSchema } from '../../shared/catalog';
import { chooseOperation, parseDocument } from '../../shared/graphql';

const SCALARS: Record<string, JsonSchema> = {
  Int: { type: 'integer' },
  Float: { type: 'number' },
  String: { type: 'string' },
  Boolean: { type: 'boolean' },
  ID: { type: 'string' },
  DateTime: { type: 'string', description: 'An ISO-8601 date, e.g. 2026-01-31T00:00:00Z' },
};

function inputSchema(type: GraphQLInputType, depth = 0): JsonSchema {
  if (type instanceof GraphQLNonNull) return inputSchema(type.ofType, depth);
  if (type instanceof GraphQLList) {
    return { type: ['array', 'null'], items: inputSchema(type.ofType, depth) };
  }
  if (type instanceof GraphQLEnumType)
    return {
      enum: type.getValues().map((v) => v.name),
      description: type.description ?? undefined,
    };
  if (type instanceof GraphQLInputObjectType) {
    if (depth > 3) return { type: 'object' };
    const fields = type.getFields();
    return {
      type: ['object', 'null'],
      description: type.description ?? undefined,
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.values(fields).map((f) => [
          f.name,
          { ...inputSchema(f.type, depth + 1), description: f.description ?? undefined },
        ]),
      ),
    };
  }
  if (type instanceof GraphQLScalarType) return SCALARS[type.name] ?? {};
  return {};
}

/**
 * A JSON Schema for the variables of the operation that will run, from its `$variable: Type`
 * definitions and the server's schema: the variables editor completes and checks them.
 */
export function variablesSchema(
  text: string,
  operationName: string | undefined,
  schema: GraphQLSchema | null,
): JsonSchema | undefined {
  const parsed = parseDocument(text);
  if (!('document' in parsed)) return undefined;
  const chosen = chooseOperation(parsed.document, operationName);
  if (!('operation' in chosen)) return undefined;
  const operation: OperationDefinitionNode = chosen.operation;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = schema
      ? (typeFromAST(schema, definition.type) as GraphQLInputType | undefined)
      : undefined;
    properties[name] = type ? inputSchema(type) : {};
    if (definition.type.kind === 'NonNullType' && !definition.defaultValue) required.push(name);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
  };
}
