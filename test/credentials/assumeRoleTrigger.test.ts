/**
 * Assume Role under the callback trigger, which keeps one credential object for as long as the workflow is
 * active: when SQS answers ExpiredToken, the trigger's keys are renewed and the call resent, and the loop
 * (message → execution → Send Step Success → delete) carries on without reporting an error.
 */
import { activateTrigger, type ActiveTrigger } from '../harness/trigger';
import { requestsFor, useEmulator } from '../harness/emulator';
import { callbackLoopWorkflow } from '../nodes/AwsSageMakerPipelinesTrigger/helpers';
import { assumeRoleRequests, assumeRoleStore, ROLE_ARN, signingKeyOf } from './helpers';
import { until } from '../harness/wait';

const ctx = useEmulator();
let active: ActiveTrigger | undefined;

afterEach(async () => {
	await active?.close();
	active = undefined;
});

test("the trigger renews the role's keys when SQS says they expired, and loses no message", async () => {
	const { emulator } = ctx;
	emulator.sts.addRole({ roleArn: ROLE_ARN });
	const queueUrl = emulator.sqs.createQueue('callbacks');
	active = await activateTrigger({
		...callbackLoopWorkflow(emulator, queueUrl),
		credentials: assumeRoleStore(emulator),
	});

	const first = emulator.sageMaker.createCallbackStep({ queueUrl });
	const [execution] = await active.waitForExecutions(1);
	expect((await execution.result).run.status).toBe('success');
	await until(() => emulator.sqs.stats(queueUrl).deleted === 1, 'the first message is deleted');
	expect(emulator.sageMaker.step(first.token)?.status).toBe('Succeeded');

	// AWS ends the session the trigger polls with.
	const poll = requestsFor(emulator, 'ReceiveMessage').at(-1)!;
	expect(signingKeyOf(poll)).toMatch(/^ASIA/);
	emulator.addCredentials({
		accessKeyId: signingKeyOf(poll),
		secretAccessKey: 'revoked',
		sessionToken: poll.headers['x-amz-security-token'],
		expiresAt: Date.now() - 1000,
	});

	const second = emulator.sageMaker.createCallbackStep({ queueUrl });
	await active.waitForExecutions(2);
	await until(() => emulator.sqs.stats(queueUrl).deleted === 2, 'the second message is deleted');

	expect(emulator.sageMaker.step(second.token)?.status).toBe('Succeeded');
	const sqsCalls = emulator.requests.filter((request) => request.service === 'sqs');
	expect(sqsCalls.some((request) => request.errorCode === 'ExpiredToken')).toBe(true);
	expect(assumeRoleRequests(emulator).length).toBeGreaterThanOrEqual(2);
	expect(active.errors).toEqual([]);
	expect(active.failedExecutions).toEqual([]);
});
