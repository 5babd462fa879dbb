// An ESLint rule: no import cycles between the project's files, type-only imports included.
//
// Why not import-x/no-cycle: it skips `import type` and `import { type X }` by design (and has no
// option to count them), and this project counts them: a type-only cycle still ties two modules
// together, and it is how the old runtime cycles came back. The graph is the one tsc sees: the
// files of tsconfig.json, each import resolved by TypeScript itself (so '@/…' and './x' resolve as
// they do for the build), every kind of import counted (import, import type, export … from,
// import(), typeof import(), import x = require()).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One project per tsconfig, loaded once per process: its compiler options and its files. */
const projects = new Map();

function loadProject(tsconfigPath) {
  let project = projects.get(tsconfigPath);
  if (project) return project;
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`no-import-cycle: cannot read ${tsconfigPath}`);
  project = {
    options: parsed.options,
    files: new Set(parsed.fileNames.map((file) => path.resolve(file))),
    resolutionCache: ts.createModuleResolutionCache(path.dirname(tsconfigPath), (name) => name, parsed.options),
    /** file → { mtimeMs, imports: [{ specifier, target }] }, refreshed when the file changes on disk. */
    imports: new Map(),
  };
  projects.set(tsconfigPath, project);
  return project;
}

/** The project files a source text imports, with the specifier that names each. */
function resolveImports(project, file, text) {
  const found = [];
  for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
    const resolved = ts.resolveModuleName(specifier, file, project.options, ts.sys, project.resolutionCache).resolvedModule;
    const target = resolved && path.resolve(resolved.resolvedFileName);
    if (target && target !== file && project.files.has(target)) found.push({ specifier, target });
  }
  return found;
}

function importsOnDisk(project, file) {
  const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtimeMs === undefined) return [];
  const known = project.imports.get(file);
  if (known && known.mtimeMs === mtimeMs) return known.imports;
  const imports = resolveImports(project, file, fs.readFileSync(file, 'utf8'));
  project.imports.set(file, { mtimeMs, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `file` (files, `start` first), or undefined. */
function chainBack(project, start, file) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const { target } of importsOnDisk(project, current)) {
      if (target === file) {
        const chain = [current];
        for (let step = cameFrom.get(current); step !== undefined; step = cameFrom.get(step)) chain.unshift(step);
        return chain;
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, current);
        queue.push(target);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between project files, type-only imports included' },
    schema: [{ type: 'object', properties: { tsconfig: { type: 'string' } }, required: ['tsconfig'], additionalProperties: false }],
    messages: {
      cycle: 'Import cycle: {{chain}}. Type-only imports count too: move what both sides need into a module of its own that neither imports back.',
    },
  },
  create(context) {
    const file = path.resolve(context.filename);
    const project = loadProject(path.resolve(context.cwd, context.options[0].tsconfig));
    if (!project.files.has(file)) return {};
    const root = path.dirname(path.resolve(context.cwd, context.options[0].tsconfig));
    // The file being linted is read from the editor's text, the others from disk.
    const targets = new Map(resolveImports(project, file, context.sourceCode.text).map(({ specifier, target }) => [specifier, target]));
    const reported = new Set();
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = targets.get(source.value);
      if (!target || reported.has(target)) return;
      const chain = chainBack(project, target, file);
      if (!chain) return;
      reported.add(target);
      const names = [file, ...chain, file].map((step) => path.relative(root, step));
      context.report({ node, messageId: 'cycle', data: { chain: names.join(' → ') } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // typescript-eslint 8.x names the specifier `source`; older ones only had `argument` (a literal type).
      TSImportType: (node) => check(node, node.source ?? (node.argument.type === 'TSLiteralType' ? node.argument.literal : node.argument)),
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};
