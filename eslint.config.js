// ESLint: the usual correctness rules, typescript-eslint (type-aware where it pays), and the layering
// rules of docs/architecture.md ("Layering"). `npm run lint` runs this with --max-warnings 0.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import noImportCycle from './eslint-rules/no-import-cycle.js';

/** The feature folders of utils/: the WeChat layer knows nothing of them. */
const FEATURES = ['accounts', 'codes', 'history', 'batch', 'report', 'push', 'render', 'background', 'tagging'];

/** Packages that open IndexedDB or extension storage. */
const STORAGE_PACKAGES = ['idb', 'wxt/utils/storage', '@wxt-dev/storage'];
const NO_STORAGE_IN_COMPONENTS = 'Components do not open storage: read and write it in a hook (components/**/use*.ts) or through utils/.';

export default defineConfig(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'bench/results/', 'test-results/', 'public/'] },

  js.configs.recommended,
  comments.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Every suppression says why, on the same line: `// eslint-disable-next-line rule -- reason`.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
    },
  },

  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX, layering: { rules: { 'no-import-cycle': noImportCycle } } },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // Promises a caller forgets are errors nobody sees: the background answers every message with
      // a success/error union, so an unawaited call is a lost answer. (Type-aware: the cheap ones.)
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // `_name` marks a parameter kept for its position (handlers, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'layering/no-import-cycle': ['error', { tsconfig: 'tsconfig.json' }],
    },
  },

  // Layering (docs/architecture.md). utils/ is logic: it never reaches up into the UI or the entry points,
  // and the WeChat layer imports none of the features that use it.
  {
    files: ['utils/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './utils/wechat',
              from: FEATURES.map((folder) => `./utils/${folder}`),
              message: 'utils/wechat/ is the WeChat layer: it imports no feature (it may use utils/messaging/app-error and utils/storage).',
            },
            {
              target: './utils/wechat',
              from: './utils/messaging',
              except: ['./app-error.ts'],
              message: 'utils/wechat/ takes only AppError from utils/messaging/.',
            },
            {
              target: './utils',
              from: ['./components', './entrypoints'],
              message: 'utils/ is logic: it never imports the UI (components/) or an entry point.',
            },
          ],
        },
      ],
    },
  },

  // A component never opens IndexedDB or extension storage itself: its hook (components/**/use*.ts) or utils/ does.
  // Tests may seed storage. no-restricted-paths resolves the import, so './x', '@/…' and import() are all caught.
  {
    files: ['components/**/*.{ts,tsx}'],
    ignores: ['components/**/use*.ts', 'components/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: STORAGE_PACKAGES.map((name) => ({ name, message: NO_STORAGE_IN_COMPONENTS })) }],
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/^(${STORAGE_PACKAGES.join('|').replaceAll('/', '\\/')})$/]`, message: NO_STORAGE_IN_COMPONENTS },
      ],
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    ignores: ['components/**/use*.ts', 'components/**/*.test.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [{ target: './components', from: './utils/storage', message: NO_STORAGE_IN_COMPONENTS }] }],
    },
  },

  // This file and the local rule are plain ESM run by Node.
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
  },
);
