/**
 * Reads element text out of the small, fixed XML documents STS answers with (AssumeRoleResponse,
 * GetCallerIdentityResponse), without an XML dependency.
 *
 * Limits, on purpose: it follows a path of element names, each searched inside the previous one, and
 * returns the first match's text with the five XML entities and numeric references decoded. It ignores
 * attributes and namespace prefixes, and does not handle CDATA, comments or an element nested inside one
 * of the same name — none of which STS sends. It is not a validator: malformed XML yields undefined.
 */
import { decodeXmlText } from '../transport/errors';

function innerXml(xml: string, name: string): string | undefined {
	const open = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?(/?)>`).exec(xml);
	if (!open) return undefined;
	if (open[1] === '/') return '';
	const start = open.index + open[0].length;
	const close = new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`).exec(xml.slice(start));
	return close ? xml.slice(start, start + close.index) : undefined;
}

/** Text of the element at `path` (outermost first), or undefined when any step is missing. */
export function xmlText(xml: string, path: readonly string[]): string | undefined {
	let scope: string | undefined = xml;
	for (const name of path) {
		scope = innerXml(scope, name);
		if (scope === undefined) return undefined;
	}
	return decodeXmlText(scope.trim());
}
