// Finds every way production code could write to a directory without the engine: a call of a
// Directory's apply/applyMany (resolved by the type checker, whatever the variable is called), a
// raw write of an LDAP or Graph client, or an import of an adapter's internals.
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '../../..');
const src = join(repoRoot, 'src');

/** The only file that may call a Directory's write methods. */
export const theDoor = join(src, 'engine/execute-action.ts');

// Lab scaffolding writes to the lab's own DC (building the lab, playing users); never production.
const labFolders = [join(src, 'lab'), join(src, 'app/lab-demo'), join(src, 'directories')];

// The factories that build adapters from the configuration: they import adapter classes to
// construct them (their calls are still checked like everyone's).
const factoryFolder = join(src, 'app/directories');

// What the rest of production may import from src/directories: the port and read-only helpers.
const allowedDirectoryImports = new Set(
  [
    'directory-port.ts',
    'ad/multi-dc/multi-dc-ad-directory.ts',
    'ad/sid.ts',
    'ad/generate-password.ts',
    'ad/multi-dc/wait-key-everywhere.ts',
    'ad/multi-dc/verify-everywhere.ts',
    'ad/multi-dc/repl-property-metadata.ts',
    'ad/multi-dc/read-dc-stamps.ts',
  ].map((p) => join(src, 'directories', p)),
);

const directoryWriteMethods = new Set(['apply', 'applyMany']);
const ldapWriteMethods = new Set(['modify', 'add', 'del', 'modifyDN']);
const graphWriteMethods = new Set(['patch', 'post', 'put', 'delete', 'update', 'create']);

export function createSrcProgram(extra?: { fileName: string; text: string }): ts.Program {
  const config = ts.readConfigFile(join(repoRoot, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  const rootNames = parsed.fileNames.filter((f) => f.startsWith(src));
  const host = ts.createCompilerHost(parsed.options);
  if (extra) {
    const original = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, language, ...rest) =>
      fileName === extra.fileName
        ? ts.createSourceFile(fileName, extra.text, language)
        : original(fileName, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (f) => f === extra.fileName || fileExists(f);
    rootNames.push(extra.fileName);
  }
  return ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true }, host });
}

export function doorViolations(program: ts.Program, only?: string): string[] {
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const file of program.getSourceFiles()) {
    const name = file.fileName;
    if (!name.startsWith(src) || (only && name !== only)) continue;
    if (labFolders.some((f) => name.startsWith(`${f}/`))) continue;
    const where = (node: ts.Node) =>
      `${relative(repoRoot, name)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (
        ts.isImportDeclaration(node) &&
        ts.isStringLiteral(node.moduleSpecifier) &&
        node.moduleSpecifier.text.startsWith('.')
      ) {
        const target = resolve(dirname(name), node.moduleSpecifier.text);
        if (
          target.startsWith(`${join(src, 'directories')}/`) &&
          !allowedDirectoryImports.has(target) &&
          !node.importClause?.isTypeOnly &&
          !name.startsWith(`${factoryFolder}/`)
        ) {
          problems.push(`${where(node)} imports ${relative(repoRoot, target)} (an adapter's internals)`);
        }
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const declarations = checker.getSymbolAtLocation(node.expression.name)?.declarations ?? [];
        const declaredIn = declarations.map((d) => d.getSourceFile().fileName);
        if (
          directoryWriteMethods.has(method) &&
          declaredIn.some((f) => f.startsWith(`${join(src, 'directories')}/`)) &&
          name !== theDoor
        ) {
          problems.push(`${where(node)} calls Directory.${method} (only ${relative(repoRoot, theDoor)} may)`);
        }
        if (ldapWriteMethods.has(method) && declaredIn.some((f) => f.includes('/node_modules/ldapts/')))
          problems.push(`${where(node)} writes over LDAP directly (${method})`);
        if (
          graphWriteMethods.has(method) &&
          declaredIn.some((f) => f.includes('/node_modules/@microsoft/microsoft-graph-client/'))
        )
          problems.push(`${where(node)} writes to Graph directly (${method})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return problems;
}
