import { curlBash } from './curl';
import { javascriptFetch } from './javascript';
import { planRequest, type CodegenInput } from './plan';
import { curlPowerShell, powershellRestMethod } from './powershell';
import { pythonRequests } from './python';
import { tscSnippet } from './tsc';

/**
 * "Copy as" (DESIGN.md §13): a request as a runnable snippet that signs in from environment
 * variables it names and never holds a token or a secret. Pure: the same function serves the
 * app's Copy as and `trestle codegen`.
 */

export type { CodegenInput, SignIn } from './plan';

export const CODE_LANGUAGES = [
  'curl',
  'curl-powershell',
  'python',
  'tsc',
  'powershell',
  'javascript',
] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

export const LANGUAGE_LABELS: Record<CodeLanguage, string> = {
  curl: 'curl (bash)',
  'curl-powershell': 'curl (PowerShell)',
  python: 'Python requests',
  tsc: 'Python TSC',
  powershell: 'PowerShell',
  javascript: 'JavaScript fetch',
};

/** A file name to save a snippet as. */
export const LANGUAGE_FILES: Record<CodeLanguage, string> = {
  curl: 'request.sh',
  'curl-powershell': 'request.ps1',
  python: 'request.py',
  tsc: 'request.py',
  powershell: 'request.ps1',
  javascript: 'request.mjs',
};

export interface CodeSnippet {
  language: CodeLanguage;
  text: string;
  /** Environment variables the snippet reads. */
  env: string[];
  /** What the snippet leaves out or does differently, in the user's words. */
  notes: string[];
}

export function generateCode(language: CodeLanguage, input: CodegenInput): CodeSnippet {
  const plan = planRequest(input);
  const notes = [...plan.notes];
  let text: string;
  switch (language) {
    case 'curl':
      text = curlBash(plan);
      break;
    case 'curl-powershell':
      text = curlPowerShell(plan);
      break;
    case 'python':
      text = pythonRequests(plan);
      break;
    case 'tsc': {
      const tsc = tscSnippet(plan);
      if (tsc.fallback) notes.push('TSC has no call for this request: the snippet uses requests.');
      text = tsc.text;
      break;
    }
    case 'powershell':
      text = powershellRestMethod(plan);
      break;
    case 'javascript':
      text = javascriptFetch(plan);
      break;
  }
  const base =
    plan.signIn === 'token'
      ? ['TABLEAU_TOKEN', 'TABLEAU_SITE_ID']
      : plan.signIn === 'password'
        ? ['TABLEAU_USERNAME', 'TABLEAU_PASSWORD', 'TABLEAU_SITE']
        : ['TABLEAU_PAT_NAME', 'TABLEAU_PAT_SECRET', 'TABLEAU_SITE'];
  return {
    language,
    text,
    env: [
      'TABLEAU_SERVER',
      'TABLEAU_API_VERSION',
      ...base,
      ...plan.params.map((p) => p.env),
      ...(plan.multipart?.files ?? []).map((f) => f.env),
    ],
    notes,
  };
}
