import { chain, runWorkflow, sageMakerNode, startNode } from '../../../harness/engine';
import { emulatorCredential, requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { modelPackageOp } from './helpers';

const ctx = useEmulator();

const approve = (extra: Record<string, unknown> = {}) =>
	modelPackageOp('updateApprovalStatus', {
		approvalStatus: 'Approved',
		approvalDescription: 'accuracy {{ $json.accuracy }} ≥ 0.9',
		...extra,
	});

describe('Approve or Reject a model package', () => {
	test('approves the package of each item with a description and metadata; outputs its ARN and new status', async () => {
		const { emulator } = ctx;
		const { registry } = emulator.sageMaker;
		const first = registry.registerModelPackage('churn-models', {
			customerMetadataProperties: { accuracy: '0.93' },
		});
		const second = registry.registerModelPackage('churn-models');
		const result = await runNode(
			emulator,
			approve({
				approvalDescription: '=accuracy {{ $json.accuracy }} ≥ 0.9',
				customerMetadataProperties: {
					properties: [
						{ key: 'approvedBy', value: 'n8n' },
						{ key: 'run', value: '={{ $json.run }}' },
					],
				},
			}),
			[
				{ modelPackageArn: first.arn, accuracy: 0.93, run: 7 },
				{ modelPackageArn: second.arn, accuracy: 0.95, run: 8 },
			],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		const [one, two] = result.output('SageMaker');
		expect(one.json).toEqual({
			modelPackageArn: first.arn,
			modelApprovalStatus: 'Approved',
			approvalDescription: 'accuracy 0.93 ≥ 0.9',
			clientToken: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			awsRequestId: expect.any(String),
		});
		expect(two.json.clientToken).not.toBe(one.json.clientToken);
		expect(two.pairedItem).toEqual({ item: 1 });
		expect(first).toMatchObject({
			approvalStatus: 'Approved',
			approvalDescription: 'accuracy 0.93 ≥ 0.9',
			customerMetadataProperties: { accuracy: '0.93', approvedBy: 'n8n', run: '7' },
			updates: 1,
		});
		expect(second).toMatchObject({ approvalStatus: 'Approved', updates: 1 });
	});

	test('rejects, and sets back to Pending Manual Approval; an empty description is not sent', async () => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		await runNode(
			emulator,
			approve({ approvalStatus: 'Rejected', approvalDescription: 'too slow' }),
			[{ modelPackageArn: registered.arn }],
		);
		expect(registered).toMatchObject({
			approvalStatus: 'Rejected',
			approvalDescription: 'too slow',
		});
		await runNode(
			emulator,
			approve({ approvalStatus: 'PendingManualApproval', approvalDescription: '' }),
			[{ modelPackageArn: registered.arn }],
		);
		expect(registered).toMatchObject({
			approvalStatus: 'PendingManualApproval',
			approvalDescription: 'too slow',
			updates: 2,
		});
		expect(requestsFor(emulator, 'UpdateModelPackage')[1].input).not.toHaveProperty(
			'ApprovalDescription',
		);
	});

	test('the same run again (n8n retrying) applies once; the next run of the workflow applies again', async () => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		const node = sageMakerNode(approve({ approvalDescription: 'ok' }));
		const run = async (executionId: string) =>
			await runWorkflow({
				nodes: [startNode(), node],
				connections: chain('Start', 'SageMaker'),
				credentials: { awsSageMakerApi: emulatorCredential(emulator) },
				input: [{ modelPackageArn: registered.arn }],
				executionId,
			});
		await run('2001');
		await run('2001');
		expect(registered).toMatchObject({ updates: 1, replays: 1 });
		const tokens = requestsFor(emulator, 'UpdateModelPackage').map(
			(request) => request.input.ClientToken,
		);
		expect(tokens[1]).toBe(tokens[0]);
		await run('2002');
		expect(registered).toMatchObject({ updates: 2 });
		expect(requestsFor(emulator, 'UpdateModelPackage')[2].input.ClientToken).not.toBe(tokens[0]);
	});

	test('a 500 is retried by the transport with the same ClientToken', async () => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		emulator.faults.inject({ operation: 'UpdateModelPackage', kind: 'serverError' });
		const result = await runNode(emulator, approve(), [{ modelPackageArn: registered.arn }]);
		expect(result.error('SageMaker')).toBeUndefined();
		const [failed, retried] = requestsFor(emulator, 'UpdateModelPackage');
		expect(retried.input.ClientToken).toBe(failed.input.ClientToken);
		expect(registered).toMatchObject({ approvalStatus: 'Approved', updates: 1 });
	});

	const arn = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/1';
	const metadata = (properties: Array<{ key: unknown; value: unknown }>) => ({
		customerMetadataProperties: { properties },
	});
	const bad: Array<[string, Record<string, unknown>, RegExp]> = [
		[
			'no ARN in the item',
			{ modelPackageArn: { __rl: true, mode: 'arn', value: '={{ $json.missing }}' } },
			/^Model Package is empty/,
		],
		[
			'a model package group ARN',
			{ modelPackageArn: { __rl: true, mode: 'arn', value: '={{ $json.groupArn }}' } },
			/^Model Package is not a SageMaker model package ARN/,
		],
		[
			'an unknown status',
			{ approvalStatus: '={{ "Maybe" }}' },
			/^Approval Status must be one of "Approved", "PendingManualApproval", "Rejected"/,
		],
		[
			'a description of 1025 characters',
			{ approvalDescription: '={{ "d".repeat(1025) }}' },
			/^Approval Description must be at most 1024 characters \(got 1025 characters\)/,
		],
		[
			'a metadata key with a semicolon',
			metadata([{ key: 'a;b', value: 'v' }]),
			/^Customer Metadata Properties "a;b" key may contain only letters, digits, spaces and/,
		],
		[
			'a metadata key of 129 characters',
			metadata([{ key: 'k'.repeat(129), value: 'v' }]),
			/key must be 1 to 128 characters/,
		],
		[
			'a metadata value of 257 characters',
			metadata([{ key: 'k', value: 'v'.repeat(257) }]),
			/^Customer Metadata Properties "k" value must be 1 to 256 characters/,
		],
		[
			'an empty metadata value',
			metadata([{ key: 'k', value: '' }]),
			/^Customer Metadata Properties "k" value must be 1 to 256 characters \(got 0 characters\)/,
		],
		[
			'a metadata key twice',
			metadata([
				{ key: 'k', value: '1' },
				{ key: 'k', value: '2' },
			]),
			/^Customer Metadata Properties "k" appears twice/,
		],
		[
			'a metadata entry without key',
			metadata([{ key: '', value: '1' }]),
			/^Customer Metadata Properties #1 has no key/,
		],
		[
			'51 metadata entries',
			metadata(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }))),
			/at most 50 properties \(got 51\)/,
		],
	];
	test.each(bad)(
		'%s is refused before any request, naming the field',
		async (_case, parameters, message) => {
			const { emulator } = ctx;
			const groupArn = emulator.sageMaker.registry.createModelPackageGroup('churn-models');
			const result = await runNode(emulator, approve(parameters), [
				{ modelPackageArn: arn, groupArn },
			]);
			expect(result.error('SageMaker')?.message).toMatch(message);
			expect(requestsFor(emulator, 'UpdateModelPackage')).toHaveLength(0);
		},
	);

	const injected: Array<[string, RegExp]> = [
		['AccessDeniedException', /may not call sagemaker:UpdateModelPackage/],
		['ConflictException', /still being created or deleted/],
		['ValidationException', /model package that does not exist/],
		['ResourceNotFound', /model package or model package group was not found/],
		['ThrottlingException', /Lower "Max Concurrent Requests"/],
		['UnrecognizedClientException', /Access Key ID/],
	];
	test.each(injected)('%s reaches the user with its code and a hint', async (code, hint) => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		// Throttling is retried by the transport: fail every attempt.
		emulator.faults.inject({
			operation: 'UpdateModelPackage',
			kind: 'error',
			code,
			status: 400,
			message: `emulated ${code}`,
			times: 5,
		});
		const result = await runNode(emulator, approve(), [{ modelPackageArn: registered.arn }]);
		const error = result.error('SageMaker');
		expect(error?.message).toBe(`SageMaker UpdateModelPackage failed: emulated ${code} [${code}]`);
		expect(error?.description).toMatch(hint);
		expect(registered.updates).toBe(0);
	});

	test("a package still being registered: SageMaker's ConflictException, not retried", async () => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models', {
			status: 'InProgress',
		});
		const result = await runNode(emulator, approve(), [{ modelPackageArn: registered.arn }]);
		expect(result.error('SageMaker')?.message).toMatch(/\[ConflictException\]$/);
		expect(requestsFor(emulator, 'UpdateModelPackage')).toHaveLength(1);
		expect(registered.approvalStatus).toBe('PendingManualApproval');
	});
});
