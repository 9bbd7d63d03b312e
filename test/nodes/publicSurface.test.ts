/**
 * What saved workflows depend on: every name, label, default, option and display rule of the node, the trigger
 * and the credential, as n8n loads them. A refactor must leave this snapshot unchanged; a deliberate change
 * updates it (`npx jest -u test/nodes/publicSurface.test.ts`) and is listed in CHANGELOG.md.
 */
import { AwsSageMakerApi } from '../../credentials/AwsSageMakerApi.credentials';
import { AwsSageMakerPipelines } from '../../nodes/AwsSageMakerPipelines/AwsSageMakerPipelines.node';
import { AwsSageMakerPipelinesTrigger } from '../../nodes/AwsSageMakerPipelinesTrigger/AwsSageMakerPipelinesTrigger.node';

/** The description as n8n stores it: plain data, functions (authenticate) left out. */
function asLoaded(value: object): unknown {
	return JSON.parse(JSON.stringify(value));
}

test('the node description is unchanged', () => {
	expect(asLoaded(new AwsSageMakerPipelines().description)).toMatchSnapshot();
});

test('the trigger description is unchanged', () => {
	expect(asLoaded(new AwsSageMakerPipelinesTrigger().description)).toMatchSnapshot();
});

test('the credential description is unchanged', () => {
	const {
		name,
		displayName,
		documentationUrl,
		properties,
		test: credentialTest,
	} = new AwsSageMakerApi();
	expect(
		asLoaded({ name, displayName, documentationUrl, properties, test: credentialTest }),
	).toMatchSnapshot();
});

test("the node's and the trigger's list-search and load-options method names are unchanged", () => {
	const methodNames = (methods: object | undefined) =>
		Object.fromEntries(
			Object.entries(methods ?? {}).map(([kind, table]) => [kind, Object.keys(table).sort()]),
		);
	expect({
		node: methodNames(new AwsSageMakerPipelines().methods),
		trigger: methodNames(new AwsSageMakerPipelinesTrigger().methods),
	}).toMatchSnapshot();
});
