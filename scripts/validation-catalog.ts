/**
 * Builds docs/validation.md, the catalog of every synth-time rule of the package, from the tests.
 *
 * A rule is a test inside a `describe('<Unit> bad input')` or `describe('<Unit> validation')`
 * block. Its expected message is the regular expression it passes to `toThrow`, and the
 * `invalid <prop>:` part of that expression names the prop. test/validation-catalog.test.ts checks that the file is
 * current and that every prop the library validates has at least one such test, so the catalog
 * cannot drift from the code.
 *
 * Usage: npm run docs:validation
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
export const CATALOG_PATH = path.join(ROOT, 'docs', 'validation.md');
const RULE_BLOCK = /^(.*?)\s+(bad input|validation)$/;
const PROP_IN_MESSAGE = /invalid ((?:\\.|[^:\\])+):/;

/** One synth-time rule, as one test asserts it. */
export interface CatalogEntry {
  readonly unit: string;
  readonly rule: string;
  readonly prop: string;
  readonly message: string;
  readonly testFile: string;
}

/** Lists every `*.ts` file under `dir`, sorted for a stable catalog. */
function sourceFiles(dir: string, suffix: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...sourceFiles(full, suffix));
    } else if (entry.name.endsWith(suffix)) {
      files.push(full);
    }
  }
  return files.sort();
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Returns the callee name of `describe(...)`, `test(...)`, `test.each(...)(...)`, or undefined. */
function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    return callee.text;
  }
  if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression)) {
    return `${callee.expression.expression.getText()}.${callee.expression.name.text}`;
  }
  return undefined;
}

function stringValue(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
    return node.text;
  }
  return undefined;
}

function regexLiterals(node: ts.Node): string[] {
  const found: string[] = [];
  const visit = (child: ts.Node): void => {
    if (child.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = child.getText();
      found.push(text.slice(1, text.lastIndexOf('/')));
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** Turns a regular expression source back into readable message text. */
export function readableMessage(source: string): string {
  return source.replace(/^\^/, '').replace(/\$$/, '').replace(/\\(.)/g, '$1').replace(/\.\*/g, '…');
}

function propOf(source: string): string | undefined {
  const match = PROP_IN_MESSAGE.exec(source);
  return match ? match[1].replace(/\\(.)/g, '$1') : undefined;
}

/** Reads the rules of one test file. */
function entriesOf(file: string): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  const testFile = path.relative(ROOT, file);

  const visitTest = (unit: string, call: ts.CallExpression): void => {
    const title = stringValue(call.arguments[0]) ?? call.arguments[0]?.getText() ?? '';
    const name = calleeName(call);
    if (name === 'test.each' || name === 'it.each') {
      let table = (call.expression as ts.CallExpression).arguments[0];
      while (table && (ts.isAsExpression(table) || ts.isParenthesizedExpression(table))) {
        table = table.expression;
      }
      const rows = table && ts.isArrayLiteralExpression(table) ? table.elements : [];
      for (const row of rows) {
        const cells = ts.isArrayLiteralExpression(row) ? row.elements : [];
        const first = stringValue(cells[0]) ?? cells[0]?.getText() ?? '';
        const patterns = regexLiterals(row);
        const prop = patterns.map(propOf).find((value) => value !== undefined) ?? stringValue(cells[0]);
        const pattern = patterns.find((source) => propOf(source) !== undefined) ?? patterns[0];
        if (prop && pattern) {
          const rule = title.replace(/%[sdpi]/, first).replace(/%[sdpi]/g, '…');
          entries.push({ unit, rule, prop, message: readableMessage(pattern), testFile });
        }
      }
      if (rows.some((row) => regexLiterals(row).length > 0)) {
        return;
      }
      // A table of plain values: the expected message sits in the test body.
    }
    const rule = title.replace(/%[sdpi#]/g, '…');
    for (const pattern of regexLiterals(call)) {
      const prop = propOf(pattern);
      if (prop) {
        entries.push({ unit, rule, prop, message: readableMessage(pattern), testFile });
      }
    }
  };

  const visit = (node: ts.Node, unit: string | undefined): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'describe') {
        const match = RULE_BLOCK.exec(stringValue(node.arguments[0]) ?? '');
        ts.forEachChild(node, (child) => visit(child, match ? match[1] : undefined));
        return;
      }
      if (unit && (name === 'test' || name === 'it' || name === 'test.each' || name === 'it.each')) {
        visitTest(unit, node);
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, unit));
  };
  visit(parse(file), undefined);
  return entries;
}

/** Collects the catalog from every test file. */
export function buildCatalog(): CatalogEntry[] {
  return sourceFiles(path.join(ROOT, 'test'), '.test.ts').flatMap(entriesOf);
}

/** One place in lib/ that rejects a prop, with the prop as a pattern (`<id>` stands for an interpolation). */
export interface ValidationSite {
  readonly prop: string;
  readonly file: string;
  readonly line: number;
}

/**
 * Lists the props that lib/ rejects: the second argument of `new ScaleUpValidationError(...)` and
 * of every `check*(scope, 'prop', ...)` helper call, when it is a string or a template literal.
 */
export function validationSites(): ValidationSite[] {
  const sites: ValidationSite[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'lib'), '.ts')) {
    const source = parse(file);
    const visit = (node: ts.Node): void => {
      const isError =
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'ScaleUpValidationError';
      const isCheck =
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        /^check[A-Z]/.test(node.expression.text);
      if ((isError || isCheck) && node.arguments && node.arguments.length >= 2) {
        const prop = propPattern(node.arguments[1]);
        if (prop) {
          const fourth = isCheck && (node.expression as ts.Identifier).text === 'checkMinNotAboveMax';
          const fullProp = fourth ? `${prop}/${propPattern(node.arguments[3]) ?? ''}` : prop;
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          sites.push({ prop: fullProp, file: path.relative(ROOT, file), line });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return sites;
}

function propPattern(node: ts.Node | undefined): string | undefined {
  if (!node) {
    return undefined;
  }
  const text = stringValue(node);
  if (text !== undefined) {
    return text;
  }
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `<id>${span.literal.text}`).join('');
  }
  return undefined;
}

/**
 * Checks whether a catalog prop (from a message) is an instance of a site's prop pattern: equal, with
 * `<id>` standing for any text, or an element or field of it (`cidrs` matches `cidrs[0]`).
 */
export function propMatches(sitePattern: string, catalogProp: string): boolean {
  const escaped = sitePattern
    .split('<id>')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${escaped}([[.].*)?$`).test(catalogProp);
}

/** Renders the catalog as Markdown, grouped by construct. */
export function renderCatalog(entries: CatalogEntry[]): string {
  const lines = [
    '# Validation rules',
    '',
    'Every rule below fails `cdk synth` with one `ScaleUpValidationError` whose message names the',
    'construct path, the prop, the value received and what is allowed. Values that are CloudFormation',
    'tokens skip range checks, since they are known only at deploy time.',
    '',
    'This page is generated from the tests (`npm run docs:validation`); each row is one test, and',
    '"message" is the pattern that test expects (… stands for any text). A test fails when the page',
    'is out of date or when a validated prop has no test.',
  ];
  const units = [...new Set(entries.map((entry) => entry.unit))].sort();
  for (const unit of units) {
    lines.push('', `## ${unit}`, '', '| prop | rule | message | test |', '|---|---|---|---|');
    for (const entry of entries.filter((candidate) => candidate.unit === unit)) {
      const cells = [`\`${entry.prop}\``, entry.rule, entry.message, entry.testFile].map((cell) =>
        cell.replace(/\|/g, '\\|'),
      );
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(CATALOG_PATH), { recursive: true });
  const entries = buildCatalog();
  fs.writeFileSync(CATALOG_PATH, renderCatalog(entries));
  console.log(`wrote ${path.relative(ROOT, CATALOG_PATH)} with ${entries.length} rules`);
}
