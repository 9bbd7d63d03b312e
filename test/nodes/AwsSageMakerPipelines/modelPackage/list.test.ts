import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { locator, modelPackageOp, registerVersions } from './helpers';

const ctx = useEmulator();

const list = (extra: Record<string, unknown> = {}) =>
	modelPackageOp('list', { modelPackageGroupName: locator('churn-models'), ...extra });

describe('List Model Packages', () => {
	test('by default: the versions waiting for approval, newest first, one item each with the AWS names camel-cased', async () => {
		const { emulator } = ctx;
		const versions = registerVersions(emulator, 5);
		const result = await runNode(emulator, list(), [{}]);
		expect(result.error('SageMaker')).toBeUndefined();
		const output = result.output('SageMaker').map((item) => item.json);
		expect(output.map((json) => json.modelPackageVersion)).toEqual([5, 3, 2]);
		expect(output[0]).toEqual({
			modelPackageArn: versions[4].arn,
			modelPackageGroupName: 'churn-models',
			modelPackageVersion: 5,
			modelApprovalStatus: 'PendingManualApproval',
			creationTime: '2026-01-01T00:04:00.000Z',
			modelPackageDescription: 'candidate 5',
			modelPackageStatus: 'Completed',
		});
		expect(requestsFor(emulator, 'ListModelPackages')[0].input).toEqual({
			MaxResults: 50,
			ModelApprovalStatus: 'PendingManualApproval',
			ModelPackageGroupName: 'churn-models',
			SortBy: 'CreationTime',
			SortOrder: 'Descending',
		});
	});

	test('Return All follows NextToken across pages of 100', async () => {
		const { emulator } = ctx;
		registerVersions(emulator, 330);
		const result = await runNode(emulator, list({ returnAll: true }), [{}]);
		expect(result.output('SageMaker')).toHaveLength(220);
		const pages = requestsFor(emulator, 'ListModelPackages');
		expect(pages.map((page) => page.input.MaxResults)).toEqual([100, 100, 100]);
		expect(pages[0].input.NextToken).toBeUndefined();
		expect(pages[2].input.NextToken).toEqual(expect.any(String));
		expect(pages[2].input.NextToken).not.toBe(pages[1].input.NextToken);
	});

	test('a limit asks only for what is still wanted; "Any" sends no status; by ARN; oldest first by name', async () => {
		const { emulator } = ctx;
		registerVersions(emulator, 230);
		const limited = await runNode(emulator, list({ approvalStatus: 'any', limit: 150 }), [{}]);
		expect(limited.output('SageMaker')).toHaveLength(150);
		const pages = requestsFor(emulator, 'ListModelPackages');
		expect(pages.map((page) => page.input.MaxResults)).toEqual([100, 50]);
		expect(pages[0].input).not.toHaveProperty('ModelApprovalStatus');

		const groupArn = emulator.sageMaker.registry.findGroup('churn-models')!.arn;
		const approved = await runNode(
			emulator,
			list({
				modelPackageGroupName: locator(groupArn, 'arn'),
				approvalStatus: 'Approved',
				limit: 3,
				options: { sortBy: 'Name', sortOrder: 'Ascending' },
			}),
			[{}],
		);
		expect(approved.output('SageMaker').map((item) => item.json.modelPackageVersion)).toEqual([
			1, 4, 7,
		]);
		expect(requestsFor(emulator, 'ListModelPackages').at(-1)!.input).toMatchObject({
			ModelPackageGroupName: groupArn,
			SortBy: 'Name',
			SortOrder: 'Ascending',
		});
	});

	test('Created After / Before go to SageMaker as epoch seconds', async () => {
		const { emulator } = ctx;
		registerVersions(emulator, 10);
		const result = await runNode(
			emulator,
			list({
				approvalStatus: 'any',
				returnAll: true,
				filters: { createdAfter: '2026-01-01T00:02:00Z', createdBefore: '={{ $json.before }}' },
			}),
			[{ before: '2026-01-01T00:06:00Z' }],
		);
		expect(result.output('SageMaker').map((item) => item.json.modelPackageVersion)).toEqual([
			6, 5, 4,
		]);
		expect(requestsFor(emulator, 'ListModelPackages')[0].input).toMatchObject({
			CreationTimeAfter: Date.parse('2026-01-01T00:02:00Z') / 1000,
			CreationTimeBefore: Date.parse('2026-01-01T00:06:00Z') / 1000,
		});
	});

	// Values come from the item, as expressions do: the editor's own checks only see fixed values.
	const group = (mode: 'name' | 'arn' = 'name') => ({
		modelPackageGroupName: locator('={{ $json.value }}', mode),
	});
	const bad: Array<[string, Record<string, unknown>, unknown, RegExp]> = [
		['an empty group', group(), '', /^Model Package Group is empty/],
		[
			'a group name with a space',
			group(),
			'churn models',
			/^Model Package Group name may contain only/,
		],
		[
			'a group name of 64 characters',
			group(),
			'a'.repeat(64),
			/^Model Package Group name must be 1 to 63 characters/,
		],
		[
			'a pipeline ARN as the group',
			group('arn'),
			'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn',
			/^Model Package Group ARN is not a SageMaker model package group ARN/,
		],
		[
			'an unknown approval status',
			{ approvalStatus: '={{ $json.value }}' },
			'Maybe',
			/^Approval Status must be one of "any", "Approved", "PendingManualApproval", "Rejected"/,
		],
		[
			'a date that is not one',
			{ filters: { createdAfter: '={{ $json.value }}' } },
			'yesterday',
			/^Created After is not a date/,
		],
		[
			'a limit of 0',
			{ limit: '={{ $json.value }}' },
			0,
			/^Limit must be a whole number of at least 1/,
		],
		[
			'an unknown sort',
			{ options: { sortBy: '={{ $json.value }}' } },
			'Accuracy',
			/^Sort By must be one of "CreationTime", "Name"/,
		],
	];
	test.each(bad)(
		'%s is refused before any request, naming the field',
		async (_case, parameters, value, message) => {
			const { emulator } = ctx;
			const result = await runNode(emulator, list(parameters), [{ value: value as string }]);
			expect(result.error('SageMaker')?.message).toMatch(message);
			expect(requestsFor(emulator, 'ListModelPackages')).toHaveLength(0);
		},
	);

	const injected: Array<[string, number, RegExp]> = [
		['AccessDeniedException', 400, /may not call sagemaker:ListModelPackages/],
		['ValidationException', 400, /names the field/],
		['ResourceNotFound', 400, /model package or model package group was not found/],
		['ThrottlingException', 400, /Lower "Max Concurrent Requests"/],
		['InternalFailure', 500, /server error/],
	];
	test.each(injected)(
		'%s reaches the user with its code and a hint',
		async (code, status, hint) => {
			const { emulator } = ctx;
			emulator.faults.inject({
				operation: 'ListModelPackages',
				kind: 'error',
				code,
				status,
				message: `emulated ${code}`,
				times: 5,
			});
			const result = await runNode(emulator, list(), [{}]);
			const error = result.error('SageMaker');
			expect(error?.message).toBe(`SageMaker ListModelPackages failed: emulated ${code} [${code}]`);
			expect(error?.description).toMatch(hint);
		},
	);
});
