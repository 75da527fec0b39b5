// How Make writes a value into text: empty for nothing, JSON for collections, else String().
export function toText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}
