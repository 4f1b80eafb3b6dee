// Finds every use of the query builder outside src/store, resolved by the type checker (whatever a
// variable is called): a read of the Store's `db` handle, a call of a Kysely method (a transaction
// handed out by the store included), a `sql` tagged template, or an import of kysely.
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './door-violations.ts';

const src = join(repoRoot, 'src');
const storeFolder = join(src, 'store');
const storeInterfaceFile = join(storeFolder, 'open-store.ts');
const isKysely = (fileName: string) => fileName.includes('/node_modules/kysely/');

const allowed = (fileName: string) => fileName.startsWith(`${storeFolder}/`);

/** The declarations of the symbol at `node`, through import aliases. */
function declarationsOf(checker: ts.TypeChecker, node: ts.Node): ts.Declaration[] {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.declarations ?? [];
}

/** Is this the `db` member of the Store interface (src/store/open-store.ts)? */
function isStoreDb(declaration: ts.Declaration): boolean {
  if (declaration.getSourceFile().fileName !== storeInterfaceFile) return false;
  const owner = declaration.parent;
  return (
    ts.isPropertySignature(declaration) &&
    ts.isIdentifier(declaration.name) &&
    declaration.name.text === 'db' &&
    ts.isInterfaceDeclaration(owner) &&
    owner.name.text === 'Store'
  );
}

export function queryBuilderUses(program: ts.Program, only?: string): string[] {
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  for (const file of program.getSourceFiles()) {
    const name = file.fileName;
    if (!name.startsWith(`${src}/`) || allowed(name) || (only && name !== only)) continue;
    const where = (node: ts.Node) =>
      `${relative(repoRoot, name)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier.text
          : ts.isCallExpression(node) &&
              node.expression.kind === ts.SyntaxKind.ImportKeyword &&
              node.arguments[0] &&
              ts.isStringLiteral(node.arguments[0])
            ? node.arguments[0].text
            : ts.isImportTypeNode(node) &&
                ts.isLiteralTypeNode(node.argument) &&
                ts.isStringLiteral(node.argument.literal)
              ? node.argument.literal.text
              : undefined;
      if (specifier === 'kysely' || specifier?.startsWith('kysely/'))
        problems.push(`${where(node)} imports ${specifier} (the query builder belongs in src/store)`);
      if (ts.isPropertyAccessExpression(node)) {
        const declarations = declarationsOf(checker, node.name);
        if (declarations.some(isStoreDb))
          problems.push(`${where(node)} reads Store.db (call a store function instead)`);
        else if (declarations.length > 0 && declarations.every((d) => isKysely(d.getSourceFile().fileName)))
          problems.push(`${where(node)} calls the query builder (.${node.name.text})`);
      }
      if (
        ts.isTaggedTemplateExpression(node) &&
        declarationsOf(checker, node.tag).some((d) => isKysely(d.getSourceFile().fileName))
      )
        problems.push(`${where(node)} writes raw SQL (a sql\`\` template)`);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return problems;
}
