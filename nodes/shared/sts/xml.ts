/**
 * Reads element text out of the small XML documents STS answers with (AssumeRoleResponse,
 * GetCallerIdentityResponse, ErrorResponse), without an XML dependency and without trusting the endpoint.
 *
 * One pass over the text, each character looked at a bounded number of times (no regex that rescans), into a
 * tree of elements; a path of element names (each searched among the descendants of the previous one, first
 * match in document order) then picks the text. Comments and processing instructions are skipped (a value
 * inside a comment is not a value), CDATA sections are text, the five XML entities and numeric references are
 * decoded, attributes and namespace prefixes are ignored.
 *
 * Limits, on purpose: a document longer than MAX_XML_LENGTH, deeper than MAX_DEPTH, with a DOCTYPE (entity
 * definitions), or not well-formed (an unclosed or mismatched element) yields undefined; it is not a
 * validator beyond that.
 */
import { decodeXmlText } from '../transport/errors';

/** STS answers are a few kilobytes; a session token is at most a few thousand characters. */
export const MAX_XML_LENGTH = 128 * 1024;
const MAX_DEPTH = 32;

interface XmlElement {
	name: string;
	children: XmlElement[];
	/** text and CDATA directly inside the element, entities decoded */
	text: string;
}

function localName(qualified: string): string {
	const colon = qualified.indexOf(':');
	return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

const NAME_END = /[\s/>]/;

/** The document's root element, or undefined when the text is not a document this reader accepts. */
export function parseXml(xml: string): XmlElement | undefined {
	if (xml.length > MAX_XML_LENGTH) return undefined;
	const root: XmlElement = { name: '', children: [], text: '' };
	const stack: XmlElement[] = [root];
	let at = 0;
	while (at < xml.length) {
		const open = xml.indexOf('<', at);
		const textEnd = open < 0 ? xml.length : open;
		if (textEnd > at) stack[stack.length - 1].text += decodeXmlText(xml.slice(at, textEnd));
		if (open < 0) break;
		if (xml.startsWith('<!--', open)) {
			const end = xml.indexOf('-->', open + 4);
			if (end < 0) return undefined;
			at = end + 3;
		} else if (xml.startsWith('<![CDATA[', open)) {
			const end = xml.indexOf(']]>', open + 9);
			if (end < 0) return undefined;
			stack[stack.length - 1].text += xml.slice(open + 9, end);
			at = end + 3;
		} else if (xml.startsWith('<?', open)) {
			const end = xml.indexOf('?>', open + 2);
			if (end < 0) return undefined;
			at = end + 2;
		} else if (xml.startsWith('<!', open)) {
			// DOCTYPE and entity declarations: STS sends none, and they are how XML bombs start.
			return undefined;
		} else if (xml.startsWith('</', open)) {
			const end = xml.indexOf('>', open + 2);
			if (end < 0) return undefined;
			const name = localName(xml.slice(open + 2, end).trim());
			const closed = stack.pop();
			if (!closed || closed === root || closed.name !== name) return undefined;
			at = end + 1;
		} else {
			const end = tagEnd(xml, open + 1);
			if (end < 0) return undefined;
			const inner = xml.slice(open + 1, end);
			const selfClosing = inner.endsWith('/');
			const nameMatch = NAME_END.exec(inner);
			const name = localName(nameMatch ? inner.slice(0, nameMatch.index) : inner);
			if (!name) return undefined;
			const element: XmlElement = { name, children: [], text: '' };
			stack[stack.length - 1].children.push(element);
			if (!selfClosing) {
				if (stack.length > MAX_DEPTH) return undefined;
				stack.push(element);
			}
			at = end + 1;
		}
	}
	if (stack.length !== 1 || root.children.length !== 1) return undefined;
	return root.children[0];
}

/** The `>` that ends a start tag, skipping quoted attribute values; -1 when there is none. */
function tagEnd(xml: string, from: number): number {
	let quote = '';
	for (let i = from; i < xml.length; i++) {
		const char = xml[i];
		if (quote) {
			if (char === quote) quote = '';
		} else if (char === '"' || char === "'") {
			quote = char;
		} else if (char === '>') {
			return i;
		} else if (char === '<') {
			return -1;
		}
	}
	return -1;
}

function findDescendant(element: XmlElement, name: string): XmlElement | undefined {
	const pending = [...element.children].reverse();
	while (pending.length > 0) {
		const next = pending.pop()!;
		if (next.name === name) return next;
		for (let i = next.children.length - 1; i >= 0; i--) pending.push(next.children[i]);
	}
	return undefined;
}

/** Text of the element at `path` below `root` (the root itself may be the first step), or undefined. */
export function textAt(root: XmlElement, path: readonly string[]): string | undefined {
	let scope: XmlElement | undefined = { name: '', children: [root], text: '' };
	for (const name of path) {
		scope = findDescendant(scope, name);
		if (!scope) return undefined;
	}
	return scope.text.trim();
}
