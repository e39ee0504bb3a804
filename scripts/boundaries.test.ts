import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md §2's runtime boundaries, shown by planting imports: each forbidden one fails both
 * ESLint and the compiler (the folder's tsconfig), and an allowed one passes both.
 */
const root = path.resolve(import.meta.dirname, '..');

async function lintErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** Compiles one planted file as a member of `folder`'s tsconfig project; returns its errors. */
function compileErrors(folder: string, code: string): string[] {
  const configPath = path.join(root, folder, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  if (!config) throw new Error(`cannot read ${configPath}`);
  const planted = path.join(root, folder, 'planted-boundary-probe.ts');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === planted ? code : readFile(name));
  host.fileExists = (name) => path.resolve(name) === planted || ts.sys.fileExists(name);
  host.getSourceFile = (name, version, ...rest) =>
    path.resolve(name) === planted
      ? ts.createSourceFile(name, code, version)
      : getSourceFile(name, version, ...rest);
  const program = ts.createProgram({
    rootNames: [planted],
    options: { ...config.options, noEmit: true, composite: true },
    projectReferences: config.projectReferences,
    host,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || path.resolve(d.file.fileName) === planted)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const cases: { folder: string; forbidden: string[]; allowed: string }[] = [
  {
    folder: 'engine',
    forbidden: [
      "import { app } from 'electron'; export const x = app;",
      "import { main } from '../web-host/cli'; export const x = main;",
      "import { registerIpc } from '../electron/ipc/registrar'; export const x = registerIpc;",
    ],
    allowed: "import { catalog } from '../shared/catalog/index'; export const x = catalog;",
  },
  {
    folder: 'web-host',
    forbidden: [
      "import { app } from 'electron'; export const x = app;",
      "import { registerIpc } from '../electron/ipc/registrar'; export const x = registerIpc;",
    ],
    allowed: "import { Engine } from '../engine/index'; export const x = Engine;",
  },
  {
    folder: 'cli',
    forbidden: [
      "import { app } from 'electron'; export const x = app;",
      "import { startWebApp } from '../web-host/app'; export const x = startWebApp;",
    ],
    allowed: "import { Engine } from '../engine/index'; export const x = Engine;",
  },
  {
    folder: 'electron',
    forbidden: ["import { startWebApp } from '../web-host/app'; export const x = startWebApp;"],
    allowed: "import { app } from 'electron'; export const x = app;",
  },
];

describe('runtime boundaries (DESIGN.md §2)', () => {
  for (const { folder, forbidden, allowed } of cases) {
    for (const code of forbidden) {
      it(`${folder}/ refuses: ${code.split(';')[0]}`, async () => {
        expect(await lintErrors(`${folder}/planted.ts`, code)).not.toEqual([]);
        expect(compileErrors(folder, code)).not.toEqual([]);
      });
    }
    it(`${folder}/ allows: ${allowed.split(';')[0]}`, async () => {
      expect(await lintErrors(`${folder}/planted.ts`, allowed)).toEqual([]);
      expect(compileErrors(folder, allowed)).toEqual([]);
    });
  }
});
