import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { modelPackageOp } from './helpers';

const ctx = useEmulator();

const describeOp = modelPackageOp('describe');

describe('Describe Model Package', () => {
	test('flattens what a reviewer decides on; SageMaker\'s whole answer under "response"', async () => {
		const { emulator } = ctx;
		const execution =
			'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-train/execution/k2l3m4n5o6p7';
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models', {
			description: 'xgboost, 2026-01 data',
			customerMetadataProperties: { accuracy: '0.93', Recall: '0.81' },
			image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7',
			modelDataUrl: 's3://models/churn/model.tar.gz',
			modelQualityStatisticsUri: 's3://models/churn/evaluation.json',
			generatedBy: execution,
			creationTime: Date.UTC(2026, 0, 2),
		});
		// The default Model Package is {{ $json.modelPackageArn }}: what List outputs.
		const result = await runNode(emulator, describeOp, [{ modelPackageArn: registered.arn }]);
		expect(result.error('SageMaker')).toBeUndefined();
		const { response, ...flat } = result.output('SageMaker')[0].json;
		expect(flat).toEqual({
			modelPackageArn: registered.arn,
			modelPackageGroupName: 'churn-models',
			modelPackageVersion: 1,
			modelPackageStatus: 'Completed',
			modelApprovalStatus: 'PendingManualApproval',
			approvalDescription: '',
			modelPackageDescription: 'xgboost, 2026-01 data',
			creationTime: '2026-01-02T00:00:00.000Z',
			images: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7'],
			modelDataUrl: 's3://models/churn/model.tar.gz',
			customerMetadataProperties: { accuracy: '0.93', Recall: '0.81' },
			modelMetrics: { modelQualityStatistics: 's3://models/churn/evaluation.json' },
			generatedBy: execution,
			pipelineExecutionArn: execution,
			pipelineName: 'churn-train',
			pipelineExecutionId: 'k2l3m4n5o6p7',
			awsRequestId: expect.any(String),
		});
		expect(response).toMatchObject({
			modelPackageArn: registered.arn,
			inferenceSpecification: {
				containers: [{ modelDataUrl: 's3://models/churn/model.tar.gz' }],
				supportedContentTypes: ['text/csv'],
			},
			metadataProperties: { generatedBy: execution },
			modelPackageStatusDetails: { validationStatuses: [] },
		});
		expect(requestsFor(emulator, 'DescribeModelPackage')[0].input).toEqual({
			ModelPackageName: registered.arn,
		});
	});

	test('a package not registered by a pipeline has no execution fields; approved ones show their description', async () => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		emulator.sageMaker.registry.updateApproval(registered.arn, {
			approvalStatus: 'Approved',
			approvalDescription: 'good enough',
		});
		const result = await runNode(emulator, describeOp, [{ modelPackageArn: registered.arn }]);
		const json = result.output('SageMaker')[0].json;
		expect(json).toMatchObject({
			modelApprovalStatus: 'Approved',
			approvalDescription: 'good enough',
			customerMetadataProperties: {},
			modelMetrics: {},
		});
		expect(json).not.toHaveProperty('pipelineExecutionArn');
		expect(json).not.toHaveProperty('generatedBy');
	});

	test("a package that does not exist: SageMaker's ValidationException with a hint that says so", async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, describeOp, [
			{ modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/9' },
		]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(
			/^SageMaker DescribeModelPackage failed: .*does not exist.* \[ValidationException\]$/,
		);
		expect(error?.description).toMatch(/model package that does not exist/);
	});

	const bad: Array<[string, unknown, RegExp]> = [
		['no ARN in the item', undefined, /^Model Package is empty/],
		[
			'a pipeline ARN',
			'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn',
			/^Model Package must be a model package ARN or "group\/version"/,
		],
		[
			'an ARN over 176 characters',
			`arn:aws:sagemaker:us-east-1:123456789012:model-package/${'a'.repeat(130)}/1`,
			/^Model Package must be 1 to 176 characters/,
		],
	];
	test.each(bad)('%s is refused before any request', async (_case, value, message) => {
		const { emulator } = ctx;
		const result = await runNode(emulator, describeOp, [{ modelPackageArn: value as string }]);
		expect(result.error('SageMaker')?.message).toMatch(message);
		expect(requestsFor(emulator, 'DescribeModelPackage')).toHaveLength(0);
	});

	test('AccessDenied names the IAM action to allow', async () => {
		const { emulator } = ctx;
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		emulator.faults.inject({
			operation: 'DescribeModelPackage',
			kind: 'error',
			code: 'AccessDeniedException',
			status: 400,
			message: 'denied',
		});
		const result = await runNode(emulator, describeOp, [{ modelPackageArn: registered.arn }]);
		expect(result.error('SageMaker')?.description).toMatch(
			/may not call sagemaker:DescribeModelPackage/,
		);
	});
});
