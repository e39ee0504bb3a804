import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  checkAgainstSchema,
  explainGraphqlErrors,
  graphqlPayload,
  isNodeLimit,
  pagedQuery,
  pageRequest,
  readGraphqlErrors,
  readPage,
  type GraphqlPayload,
} from './graphql';

const body = (text: string, variables = '', operationName?: string) => ({
  kind: 'graphql' as const,
  text,
  variables,
  operationName,
});

function payload(text: string, variables = ''): GraphqlPayload {
  const p = graphqlPayload(body(text, variables));
  if ('problem' in p) throw new Error(p.problem.message);
  return p;
}

describe('GraphQL requests, checked before sending', () => {
  it('builds Tableau’s JSON body, naming the operation only when it matters', () => {
    expect(JSON.parse(payload('{ workbooks { name } }').json)).toEqual({
      query: '{ workbooks { name } }',
    });
    const two = graphqlPayload(body('query A { a } query B { b }', '{"x": 1}', 'B'));
    expect('json' in two && JSON.parse(two.json)).toEqual({
      query: 'query A { a } query B { b }',
      variables: { x: 1 },
      operationName: 'B',
    });
  });

  it('says where the syntax is wrong, and what is wrong with the variables or the operation', () => {
    expect(graphqlPayload(body('{ workbooks { name }'))).toEqual({
      problem: expect.objectContaining({ code: 'graphql.syntax', line: 1, column: 21 }),
    });
    expect(graphqlPayload(body(' '))).toEqual({
      problem: expect.objectContaining({ code: 'graphql.empty' }),
    });
    expect(graphqlPayload(body('{ a }', '{"a": }'))).toEqual({
      problem: expect.objectContaining({ code: 'graphql.variables' }),
    });
    expect(graphqlPayload(body('query A { a } query B { b }', '', 'C'))).toEqual({
      problem: expect.objectContaining({
        message: expect.stringMatching(/no operation named “C”/),
      }),
    });
  });

  it('checks fields and variable types against a schema', () => {
    const schema = buildSchema(
      'type Query { workbooks(first: Int): [W!]! } type W { name: String }',
    );
    expect(checkAgainstSchema(schema, payload('{ workbooks { nam } }'))[0].message).toMatch(
      /Did you mean "name"/,
    );
    const typed = payload(
      'query Q($first: Int!) { workbooks(first: $first) { name } }',
      '{"first": "x"}',
    );
    expect(checkAgainstSchema(schema, typed)[0]).toMatchObject({ code: 'graphql.variables' });
    expect(
      checkAgainstSchema(
        schema,
        payload('query Q($first: Int!) { workbooks(first: $first) { name } }', '{"first": 3}'),
      ),
    ).toEqual([]);
  });
});

describe('fetch-all paging', () => {
  const query =
    'query W($first: Int, $after: String, $p: String) { wc: workbooksConnection(first: $first, after: $after, filter: { projectName: $p }) { nodes { name } } }';

  it('finds the top …Connection, its alias and the page size the query asks for', () => {
    expect(pagedQuery(payload(query, '{"first": 25}'))).toEqual({
      responseKey: 'wc',
      field: 'workbooksConnection',
      firstInQuery: 25,
      usesOffset: false,
    });
    expect(pagedQuery(payload('{ workbooks { name } }'))).toEqual({
      problem: expect.objectContaining({ message: expect.stringMatching(/…Connection/) }),
    });
    expect(pagedQuery(payload('{ workbooksConnection { totalCount } }'))).toEqual({
      problem: expect.objectContaining({
        message: 'Select nodes { … } in workbooksConnection to fetch all of them.',
      }),
    });
  });

  it('rewrites one page: literals for first/after/offset, paging variables dropped, pageInfo added', () => {
    const page = pageRequest(payload(query, '{"first": 25, "after": null, "p": "Sales"}'), {
      first: 10,
      offset: 30,
    });
    expect(page.variables).toEqual({ p: 'Sales' });
    expect(page.query).toContain('query W($p: String)');
    expect(page.query).toContain(
      'workbooksConnection(filter: {projectName: $p}, first: 10, offset: 30)',
    );
    expect(page.query).toContain('trestlePageInfo: pageInfo');
    const answer = {
      data: {
        wc: {
          nodes: [{ name: 'a' }],
          trestlePageInfo: { hasNextPage: true, endCursor: 'c1' },
          trestleTotalCount: 31,
        },
      },
    };
    expect(readPage(answer, 'wc')).toEqual({
      nodes: [{ name: 'a' }],
      hasNextPage: true,
      endCursor: 'c1',
      totalCount: 31,
    });
  });
});

describe('GraphQL errors in an answer', () => {
  it('reads errors[] with Tableau’s extensions and explains the node limit', () => {
    const errors = readGraphqlErrors({
      data: { x: [] },
      errors: [
        {
          message: 'Showing partial results. The request exceeded the 20000 node limit.',
          extensions: { code: 'NODE_LIMIT_EXCEEDED', severity: 'WARNING' },
        },
      ],
    })!;
    expect(isNodeLimit(errors[0])).toBe(true);
    // TSC's fixture: a message, no extensions.
    expect(
      isNodeLimit({
        message: 'the request exceeded the 20000 node limit',
        code: null,
        severity: null,
        path: null,
      }),
    ).toBe(true);
    const panel = explainGraphqlErrors(errors, true);
    expect(panel).toMatchObject({
      code: 'NODE_LIMIT_EXCEEDED',
      summary: 'GraphQL error: the data shown is partial',
    });
    expect(panel.suggestedFix).toMatch(/Fetch all lowers the page size/);
    expect(readGraphqlErrors({ data: {} })).toBeNull();
  });
});
