import {
	SageMakerClient,
	SendPipelineExecutionStepFailureCommand,
	SendPipelineExecutionStepSuccessCommand,
} from '@aws-sdk/client-sagemaker';

import { EMULATOR_CREDENTIALS } from '../../../../tools/emulator';
import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';

const ctx = useEmulator();

function sdk(url: string) {
	return new SageMakerClient({
		endpoint: url,
		region: EMULATOR_CREDENTIALS.region,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
		maxAttempts: 1,
	});
}

describe('the node sends the same bytes as the AWS SDK for the same input', () => {
	test('SendPipelineExecutionStepSuccess', async () => {
		const { emulator } = ctx;
		const [a, b] = [
			emulator.sageMaker.createCallbackStep(),
			emulator.sageMaker.createCallbackStep(),
		];
		const ours = await runNode(
			emulator,
			{
				resource: 'callbackStep',
				operation: 'sendSuccess',
				callbackToken: a.token,
				outputParameters: {
					parameters: [
						{ name: 'accuracy', value: '0.93' },
						{ name: 'note', value: 'ünïcode "quoted"' },
					],
				},
			},
			[{}],
		);
		// One idempotency token per request: the emulator, like SageMaker, refuses a token reused for another request.
		const clientRequestToken = (
			ours.output('SageMaker')[0].json.clientRequestToken as string
		).replace('n8n-', 'sdk-');
		await sdk(emulator.url).send(
			new SendPipelineExecutionStepSuccessCommand({
				CallbackToken: b.token,
				OutputParameters: [
					{ Name: 'accuracy', Value: '0.93' },
					{ Name: 'note', Value: 'ünïcode "quoted"' },
				],
				ClientRequestToken: clientRequestToken,
			}),
		);
		const [node, reference] = requestsFor(emulator, 'SendPipelineExecutionStepSuccess');
		expect(node.rawBody).toBe(
			reference.rawBody.replace(b.token, a.token).replace('"sdk-', '"n8n-'),
		);
		expect(node.headers['content-type']).toBe(reference.headers['content-type']);
		expect(node.headers['x-amz-target']).toBe(reference.headers['x-amz-target']);
	});

	test('SendPipelineExecutionStepFailure', async () => {
		const { emulator } = ctx;
		const [a, b] = [
			emulator.sageMaker.createCallbackStep(),
			emulator.sageMaker.createCallbackStep(),
		];
		const ours = await runNode(
			emulator,
			{
				resource: 'callbackStep',
				operation: 'sendFailure',
				callbackToken: a.token,
				failureReason: 'labels missing',
			},
			[{}],
		);
		await sdk(emulator.url).send(
			new SendPipelineExecutionStepFailureCommand({
				CallbackToken: b.token,
				FailureReason: 'labels missing',
				ClientRequestToken: (ours.output('SageMaker')[0].json.clientRequestToken as string).replace(
					'n8n-',
					'sdk-',
				),
			}),
		);
		const [node, reference] = requestsFor(emulator, 'SendPipelineExecutionStepFailure');
		expect(node.rawBody).toBe(
			reference.rawBody.replace(b.token, a.token).replace('"sdk-', '"n8n-'),
		);
	});
});
