// A small evaluator for Make's mapping language (IML) as our blueprints use it: text with
// `{{ expression }}` parts, where an expression is a quoted string, a number, true/false/null, a
// reference to an earlier module's output (`3.data.id`, `1.\`0\``, `1.__IMTHEADERS__`), a
// function call with `;` between arguments, or several of those joined with `+`.
// Test tooling only: it lets the checker run a blueprint's filters and mappings the way Make
// would, so a wrong reference or a wrong signature expression fails a test instead of a user.
//
// Rules it keeps from Make:
// - A field that is exactly one `{{...}}` keeps the value's type; text around it makes a string.
// - A reference to a missing field is empty (Make leaves a gap, it does not fail).
// - An unknown function is an error here (Make would refuse the blueprint at import).
import { callMakeFunction } from './functions';
import { toText } from './text';

export type Bundles = ReadonlyMap<number, unknown>;

export type Expression =
	| { kind: 'literal'; value: unknown }
	| { kind: 'reference'; moduleId: number; path: readonly string[] }
	| { kind: 'call'; name: string; args: readonly Expression[] }
	| { kind: 'concat'; parts: readonly Expression[] };

export type TemplatePart =
	{ kind: 'text'; text: string } | { kind: 'expression'; expression: Expression };

/** Splits a mapped field into its literal text and its `{{...}}` expressions. */
export function parseTemplate(template: string): TemplatePart[] {
	const parts: TemplatePart[] = [];
	let position = 0;
	while (position < template.length) {
		const open = template.indexOf('{{', position);
		if (open === -1) {
			parts.push({ kind: 'text', text: template.slice(position) });
			break;
		}
		if (open > position) parts.push({ kind: 'text', text: template.slice(position, open) });
		const parser = new ExpressionParser(template, open + 2);
		const expression = parser.parseExpression();
		parser.expect('}}');
		parts.push({ kind: 'expression', expression });
		position = parser.position;
	}
	return parts;
}

/** Evaluates a mapped field against the bundles of the modules that ran before it. */
export function evaluateTemplate(template: string, bundles: Bundles): unknown {
	const parts = parseTemplate(template);
	if (parts.length === 1 && parts[0].kind === 'expression') {
		return evaluateExpression(parts[0].expression, bundles);
	}
	return parts
		.map((part) =>
			part.kind === 'text' ? part.text : toText(evaluateExpression(part.expression, bundles)),
		)
		.join('');
}

/** Every module id a template refers to, in order of appearance. */
export function referencedModules(template: string): number[] {
	const ids: number[] = [];
	const visit = (expression: Expression): void => {
		if (expression.kind === 'reference') ids.push(expression.moduleId);
		if (expression.kind === 'call') expression.args.forEach(visit);
		if (expression.kind === 'concat') expression.parts.forEach(visit);
	};
	for (const part of parseTemplate(template))
		if (part.kind === 'expression') visit(part.expression);
	return ids;
}

/** Every function a template calls. */
export function calledFunctions(template: string): string[] {
	const names: string[] = [];
	const visit = (expression: Expression): void => {
		if (expression.kind === 'call') {
			names.push(expression.name);
			expression.args.forEach(visit);
		}
		if (expression.kind === 'concat') expression.parts.forEach(visit);
	};
	for (const part of parseTemplate(template))
		if (part.kind === 'expression') visit(part.expression);
	return names;
}

export function evaluateExpression(expression: Expression, bundles: Bundles): unknown {
	switch (expression.kind) {
		case 'literal':
			return expression.value;
		case 'reference':
			return readPath(bundles.get(expression.moduleId), expression.path);
		case 'call':
			return callMakeFunction(
				expression.name,
				expression.args.map((arg) => evaluateExpression(arg, bundles)),
			);
		case 'concat':
			return concat(expression.parts.map((part) => evaluateExpression(part, bundles)));
	}
}

// `+` adds numbers and joins anything else as text (IML runs on JavaScript).
function concat(values: unknown[]): unknown {
	if (values.every((value) => typeof value === 'number')) {
		return (values as number[]).reduce((sum, value) => sum + value, 0);
	}
	return values.map(toText).join('');
}

function readPath(value: unknown, path: readonly string[]): unknown {
	let current = value;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

class ExpressionParser {
	constructor(
		private readonly source: string,
		public position: number,
	) {}

	parseExpression(): Expression {
		const parts = [this.parseOperand()];
		while (this.peekSymbol('+')) {
			this.position += 1;
			parts.push(this.parseOperand());
		}
		return parts.length === 1 ? parts[0] : { kind: 'concat', parts };
	}

	expect(symbol: string): void {
		this.skipSpaces();
		if (!this.source.startsWith(symbol, this.position)) {
			this.fail(`expected "${symbol}"`);
		}
		this.position += symbol.length;
	}

	private parseOperand(): Expression {
		this.skipSpaces();
		const char = this.source[this.position];
		if (char === '"') return { kind: 'literal', value: this.parseString() };
		if (char !== undefined && /[0-9]/.test(char)) return this.parseNumberOrReference();
		if (char === '-') return { kind: 'literal', value: this.parseNumber() };
		const name = this.parseIdentifier();
		if (name === 'true') return { kind: 'literal', value: true };
		if (name === 'false') return { kind: 'literal', value: false };
		if (name === 'null') return { kind: 'literal', value: null };
		this.skipSpaces();
		if (this.source[this.position] !== '(')
			this.fail(`"${name}" is neither a function nor a value`);
		this.position += 1;
		const args: Expression[] = [];
		if (!this.peekSymbol(')')) {
			args.push(this.parseExpression());
			while (this.peekSymbol(';')) {
				this.position += 1;
				args.push(this.parseExpression());
			}
		}
		this.expect(')');
		return { kind: 'call', name, args };
	}

	private parseNumberOrReference(): Expression {
		const start = this.position;
		while (/[0-9]/.test(this.source[this.position] ?? '')) this.position += 1;
		if (this.source[this.position] !== '.' || !this.isPathStart(this.position + 1)) {
			this.position = start;
			return { kind: 'literal', value: this.parseNumber() };
		}
		const moduleId = Number(this.source.slice(start, this.position));
		const path: string[] = [];
		while (this.source[this.position] === '.') {
			this.position += 1;
			path.push(this.parsePathSegment());
		}
		return { kind: 'reference', moduleId, path };
	}

	private isPathStart(index: number): boolean {
		const char = this.source[index] ?? '';
		return char === '`' || /[A-Za-z_]/.test(char);
	}

	private parsePathSegment(): string {
		if (this.source[this.position] === '`') {
			const end = this.source.indexOf('`', this.position + 1);
			if (end === -1) this.fail('unclosed backtick');
			const segment = this.source.slice(this.position + 1, end);
			this.position = end + 1;
			return segment;
		}
		return this.parseIdentifier();
	}

	private parseIdentifier(): string {
		const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.source.slice(this.position));
		if (!match) this.fail('expected a name');
		this.position += match[0].length;
		return match[0];
	}

	private parseNumber(): number {
		const match = /^-?[0-9]+(\.[0-9]+)?/.exec(this.source.slice(this.position));
		if (!match) this.fail('expected a number');
		this.position += match[0].length;
		return Number(match[0]);
	}

	private parseString(): string {
		let value = '';
		this.position += 1;
		while (this.position < this.source.length) {
			const char = this.source[this.position];
			if (char === '"') {
				this.position += 1;
				return value;
			}
			if (char === '\\' && this.position + 1 < this.source.length) {
				value += this.source[this.position + 1];
				this.position += 2;
				continue;
			}
			value += char;
			this.position += 1;
		}
		return this.fail('unclosed string');
	}

	private peekSymbol(symbol: string): boolean {
		this.skipSpaces();
		return this.source.startsWith(symbol, this.position);
	}

	private skipSpaces(): void {
		while (/\s/.test(this.source[this.position] ?? '')) this.position += 1;
	}

	private fail(message: string): never {
		throw new SyntaxError(
			`IML: ${message} at character ${this.position} of ${JSON.stringify(this.source)}`,
		);
	}
}
