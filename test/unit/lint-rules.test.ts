// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** The rule module, loaded by path (it is plain JS, outside what tsc checks). */
async function cycleRule() {
  const path = join(ROOT, 'eslint-rules/no-import-cycle.js');
  return ((await import(path)) as { default: NonNullable<ESLint.Plugin['rules']>[string] }).default;
}

describe('layering/no-import-cycle (type-only imports count)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A throwaway project with its tsconfig; each file linted with only the cycle rule on. */
  async function lintProject(files: Record<string, string>): Promise<Record<string, string[]>> {
    dir = mkdtempSync(join(tmpdir(), 'scene-qr-cycle-'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, moduleResolution: 'bundler', module: 'esnext' }, include: ['*.ts'] }),
    );
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { layering: { rules: { 'no-import-cycle': await cycleRule() } } },
        rules: { 'layering/no-import-cycle': ['error', { tsconfig: 'tsconfig.json' }] },
      },
    ];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
    const results = await eslint.lintFiles(Object.keys(files));
    return Object.fromEntries(results.map((result) => [result.filePath.slice(dir!.length + 1), result.messages.map((m) => m.message)]));
  }

  it('reports a cycle made of type-only imports, on both files, with the chain', async () => {
    const messages = await lintProject({
      'a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'b.ts': "import { type A } from './a';\nexport interface B { a?: A }\n",
    });
    expect(messages['a.ts']).toEqual([expect.stringContaining('Import cycle: a.ts → b.ts → a.ts')]);
    expect(messages['b.ts']).toEqual([expect.stringContaining('Import cycle: b.ts → a.ts → b.ts')]);
  });

  it('follows longer chains through re-exports, import() and typeof import()', async () => {
    const messages = await lintProject({
      'a.ts': "export * from './b';\n",
      'b.ts': "export const later = () => import('./c');\n",
      'c.ts': "export type A = typeof import('./a');\n",
    });
    expect(messages['a.ts']).toEqual([expect.stringContaining('a.ts → b.ts → c.ts → a.ts')]);
    expect(messages['c.ts']).toEqual([expect.stringContaining('c.ts → a.ts → b.ts → c.ts')]);
  });

  it('accepts a shared module both sides import', async () => {
    const messages = await lintProject({
      'a.ts': "import type { Shared } from './shared';\nimport { b } from './b';\nexport const a: Shared = b;\n",
      'b.ts': "import type { Shared } from './shared';\nexport const b: Shared = 1;\n",
      'shared.ts': 'export type Shared = number;\n',
    });
    expect(messages).toEqual({ 'a.ts': [], 'b.ts': [], 'shared.ts': [] });
  });
});

describe('the layering rules of eslint.config.js', () => {
  /** Lints text as if it were at `path` in the repo, with the project's config (type-aware rules off: no program needed). */
  async function ruleIds(path: string, text: string): Promise<string[]> {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: {
        files: ['**/*.{ts,tsx}'],
        languageOptions: { parserOptions: { projectService: false } },
        rules: {
          '@typescript-eslint/no-floating-promises': 'off',
          '@typescript-eslint/no-misused-promises': 'off',
          '@typescript-eslint/await-thenable': 'off',
        },
      },
    });
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
    return result!.messages.map((m) => m.ruleId ?? m.message);
  }

  it('keeps the WeChat layer off the features, and off utils/messaging but app-error', async () => {
    const text = [
      "import type { StoredAccount } from '../accounts/account';",
      "import { sendMessage } from '@/utils/messaging/messages';",
      "import { fail } from '@/utils/messaging/app-error';",
      "import { tokenItem } from '@/utils/storage/items';",
      'export const x = [sendMessage, fail, tokenItem, () => import("@/utils/history/query")];',
      'export type Y = StoredAccount;',
    ].join('\n');
    expect(await ruleIds('utils/wechat/probe.ts', text)).toEqual([
      'import-x/no-restricted-paths',
      'import-x/no-restricted-paths',
      'import-x/no-restricted-paths',
    ]);
  });

  it('keeps utils/ off components/ and entrypoints/', async () => {
    const text = "import { ErrorAlert } from '@/components/shared/ErrorAlert';\nexport const x = ErrorAlert;\n";
    expect(await ruleIds('utils/codes/probe.ts', text)).toEqual(['import-x/no-restricted-paths']);
  });

  it('keeps storage out of components, but not out of their hooks', async () => {
    const text = [
      "import { openDB } from 'idb';",
      "import { storage } from 'wxt/utils/storage';",
      "import { batchProgressItem } from '../../utils/storage/items';",
      "export const x = [openDB, storage, batchProgressItem, () => import('idb'), () => import('@/utils/storage/history-db')];",
    ].join('\n');
    expect(await ruleIds('components/shared/Probe.tsx', text)).toEqual([
      'no-restricted-imports',
      'no-restricted-imports',
      'import-x/no-restricted-paths',
      'no-restricted-syntax',
      'import-x/no-restricted-paths',
    ]);
    expect(await ruleIds('components/shared/useProbe.ts', text)).toEqual([]);
  });

  it('wants a reason on every eslint-disable', async () => {
    const text = '// eslint-disable-next-line no-control-regex\nexport const controls = /[\\u0000-\\u001f]/;\n';
    expect(await ruleIds('utils/codes/probe.ts', text)).toEqual(['@eslint-community/eslint-comments/require-description']);
  });
});
