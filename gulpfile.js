// Copies what tsc does not emit next to the compiled JavaScript: node and credential icons
// (n8n resolves `file:` icons beside the .js file) and the nodes' codex .node.json files.
const { src, dest, parallel } = require('gulp');

function buildIcons() {
	return src('nodes/**/*.{png,svg}', { base: '.', encoding: false }).pipe(dest('dist'));
}

function buildCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = buildIcons;
exports.build = parallel(buildIcons, buildCodex);
