/**
 * Property test: every operation of the node, and the trigger's options, driven with values of the wrong
 * type, empty, huge, unicode, NaN and expressions, from a fixed seed (change SEED to explore; a failure
 * prints the case). For every run: it ends (no hang), every failure is an n8n error naming what is wrong
 * (no crash of ours: TypeError, RangeError…), no input item disappears without an output or an error, and
 * no secret of the credential is anywhere in the run.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { AwsSageMakerPipelines } from '../../nodes/AwsSageMakerPipelines/AwsSageMakerPipelines.node';
import { readTriggerOptions } from '../../nodes/AwsSageMakerPipelinesTrigger/options';
import { triggerProperties } from '../../nodes/AwsSageMakerPipelinesTrigger/description';
import { InputError } from '../../nodes/shared/validation';
import { chain, runWorkflow, sageMakerNode, startNode } from '../harness/engine';
import { emulatorCredential, useEmulator } from '../harness/emulator';
import { secretsIn, seededRandom } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 7);
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 25);
const ctx = useEmulator();

const TEMP_KEY = 'ASIAFAKE0FUZZING0001';
const SECRET = 'fuzz-secret-known-only-to-this-test-000';
const SESSION_TOKEN = 'FUZZ-SESSION-TOKEN-never-in-any-output-0123456789';

const random = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/fuzz/execution/abc123';
const FUZZ_VALUES: unknown[] = [
	'',
	' ',
	'abc',
	'x'.repeat(100_000),
	'😀🧪 مرحبا \u0000\u202e',
	0,
	-1,
	1.5,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	2 ** 60,
	true,
	false,
	null,
	{},
	[],
	{ nested: { deep: [1, 2, 3] } },
	'={{ "abc" }}',
	'={{ $json.missing }}',
	'={{ NaN }}',
	'={{ {} }}',
	'={{ [] }}',
	'={{ 12345678901234567890 }}',
	'={{ $json.token }}',
	'{"a": 12345678901234567890}',
	'{not json',
	ARN,
	'arn:aws:sagemaker:us-east-1:123456789012:pipeline/fuzz',
];

function fuzzValue(property: INodeProperties): unknown {
	if (property.name === 'waitUntilFinished') return pick([false, 'yes', null, 1]);
	if (property.type === 'collection') {
		const options = (property.options ?? []) as INodeProperties[];
		return Object.fromEntries(
			options
				.filter(() => random() < 0.5)
				.map((option) => [option.name, random() < 0.5 ? option.default : pick(FUZZ_VALUES)]),
		);
	}
	if (property.type === 'fixedCollection') {
		return {
			parameters: Array.from({ length: Math.floor(random() * 3) }, () => ({
				name: pick(FUZZ_VALUES),
				value: pick(FUZZ_VALUES),
			})),
		};
	}
	if (property.type === 'resourceLocator') {
		// A bare null locator makes n8n's own parameter check throw a TypeError before any node code runs
		// (n8n-workflow reads its mode): not ours to survive, so null only goes inside the locator.
		return random() < 0.5
			? { __rl: true, mode: 'name', value: pick(FUZZ_VALUES) }
			: pick(FUZZ_VALUES.filter((value) => value !== null));
	}
	return pick(FUZZ_VALUES);
}

const nodeProperties = new AwsSageMakerPipelines().description.properties;
const resources = (
	nodeProperties.find((property) => property.name === 'resource')?.options ?? []
).map((option) => String((option as { value: string }).value));
const operations: Array<[string, string]> = resources.flatMap((resource) =>
	(
		nodeProperties.find(
			(property) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.resource?.includes(resource),
		)?.options ?? []
	).map((option): [string, string] => [resource, String((option as { value: string }).value)]),
);

function fieldsOf(resource: string, operation: string): INodeProperties[] {
	return nodeProperties.filter(
		(property) =>
			property.name !== 'resource' &&
			property.name !== 'operation' &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
}

const LIST_OPERATIONS = new Set(['list', 'listSteps', 'getPendingCallbackSteps']);
const OUR_CRASHES =
	/Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack|Invalid code point|RangeError|TypeError/;

function fuzzItem(): IDataObject {
	return {
		token: pick(['aaaaaaaaaa', '', 'x'.repeat(11), 42, null]),
		pipelineExecutionArn: pick([ARN, '', 'arn:nope', 7]),
		missingNot: pick(FUZZ_VALUES) as never,
	};
}

describe.each(operations)('%s / %s with fuzzed fields', (resource, operation) => {
	test(`${CASES_PER_OPERATION} seeded cases: an output or an error for every item, no crash, no secret`, async () => {
		const { emulator } = ctx;
		emulator.addCredentials({
			accessKeyId: TEMP_KEY,
			secretAccessKey: SECRET,
			sessionToken: SESSION_TOKEN,
		});
		emulator.sageMaker.createPipeline({ name: 'fuzz', steps: [{ name: 'A', type: 'Processing' }] });
		for (let n = 0; n < CASES_PER_OPERATION; n++) {
			const parameters: INodeParameters = { resource, operation };
			for (const field of fieldsOf(resource, operation)) {
				if (random() < 0.6) parameters[field.name] = fuzzValue(field) as never;
			}
			const continueOnFail = random() < 0.5;
			const input = [fuzzItem(), fuzzItem()];
			const described = `case ${n}: ${JSON.stringify({ parameters, continueOnFail, input }).slice(0, 600)}`;
			let result: Awaited<ReturnType<typeof runWorkflow>>;
			try {
				result = await runWorkflow({
					nodes: [
						startNode(),
						sageMakerNode(parameters, continueOnFail ? { onError: 'continueRegularOutput' } : {}),
					],
					connections: chain('Start', 'SageMaker'),
					credentials: {
						awsSageMakerApi: emulatorCredential(emulator, {
							accessKeyId: TEMP_KEY,
							secretAccessKey: SECRET,
							sessionToken: SESSION_TOKEN,
						}),
					},
					input,
				});
			} catch (error) {
				// n8n itself refuses to run a node whose required field is empty, before our code runs, as the editor does.
				expect({ described, refusedByN8n: (error as Error).name }).toEqual({
					described,
					refusedByN8n: 'WorkflowHasIssuesError',
				});
				continue;
			}
			const error = result.error('SageMaker');
			const output = result.output('SageMaker');
			expect({
				described,
				crash:
					`${error?.message ?? ''} ${output.map((item) => String(item.json.error ?? '')).join(' ')}`.match(
						OUR_CRASHES,
					)?.[0],
			}).toEqual({ described, crash: undefined });
			if (!error && !LIST_OPERATIONS.has(operation)) {
				const paired = output.map((item) => (item.pairedItem as { item: number }).item);
				expect({ described, paired: [...new Set(paired)].sort() }).toEqual({
					described,
					paired: [0, 1],
				});
			}
			if (error)
				expect({ described, message: error.message.length > 0 }).toEqual({
					described,
					message: true,
				});
			expect({ described, secrets: secretsIn(result.run, [SECRET, SESSION_TOKEN]) }).toEqual({
				described,
				secrets: [],
			});
		}
	});
});

describe("the trigger's options with fuzzed values", () => {
	const options = (triggerProperties.find((property) => property.name === 'options')?.options ??
		[]) as INodeProperties[];
	test('each set either passes every bound or is refused naming the field', () => {
		for (let n = 0; n < 300; n++) {
			const raw = {
				queueUrl:
					random() < 0.7 ? 'https://sqs.us-east-1.amazonaws.com/123456789012/q' : pick(FUZZ_VALUES),
				options: Object.fromEntries(
					options.filter(() => random() < 0.5).map((option) => [option.name, pick(FUZZ_VALUES)]),
				),
			};
			try {
				const read = readTriggerOptions(raw, 'us-east-1');
				expect(read.maxNumberOfMessages).toBeGreaterThanOrEqual(1);
				expect(read.maxNumberOfMessages).toBeLessThanOrEqual(10);
				for (const value of [
					read.visibilityTimeout,
					read.maxConcurrentExecutions,
					read.maxExecutionTime,
				]) {
					expect(Number.isInteger(value) && value >= 1).toBe(true);
				}
				expect(typeof read.includeStopping).toBe('boolean');
				expect(read.pipelineNames.every((name) => typeof name === 'string')).toBe(true);
			} catch (error) {
				expect({
					raw: JSON.stringify(raw).slice(0, 300),
					inputError: error instanceof InputError,
				}).toEqual({ raw: JSON.stringify(raw).slice(0, 300), inputError: true });
				expect((error as InputError).message).toMatch(
					/^(Queue URL|Pipeline Names|Include Stopping Messages|Max Messages per Receive|Visibility Timeout|Max Concurrent Executions|Max Execution Time|Delete Message)/,
				);
			}
		}
	});
});
