// n8n's formatting, as n8n-nodes-starter and `n8n-node new` set it up: tabs, single quotes, trailing commas,
// 100 columns. `npm run lint` checks it; `npm run format` applies it.
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
