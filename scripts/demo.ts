/**
 * `npm run demo`: the whole callback loop on this machine, told in plain words. The emulator plays AWS
 * (SageMaker, SQS, STS); a real n8n 2.40.7 runs this package, installed from its packed tarball as a
 * user installs it, with the example workflow examples/callback-loop.json: AWS SageMaker Pipelines
 * Trigger → "Accuracy at least 0.9?" → Send Step Success / Send Step Failure. Two pipeline executions
 * wait at a callback step; one model is good enough, one is not. Exits 0 when both steps ended as
 * the workflow decided and both messages left the queue.
 *
 * `npm run dev` (this script with --dev): the same set-up, then n8n stays up with the editor open on
 * 127.0.0.1 and the credential and workflows imported, until Ctrl+C.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../tools/emulator';
import { emulatorN8nCredential } from '../tools/emulator/credential';
import { cacheRoot, packPackage, REPO_ROOT, startN8n, type N8nInstance } from '../test/e2e/runner';

const CREDENTIAL = { id: 'sagemakerExample1', name: 'AWS SageMaker (example)' };
const WORKFLOW_ID = 'demoCallbackLoop1';
const TIMEOUT_MS = 60_000;

interface Case {
	pipelineName: string;
	accuracy: string;
	expected: 'Succeeded' | 'Failed';
}

const CASES: Case[] = [
	{ pipelineName: 'churn-model-release', accuracy: '0.93', expected: 'Succeeded' },
	{ pipelineName: 'fraud-model-release', accuracy: '0.71', expected: 'Failed' },
];

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(line);

function demoWorkflow(queueUrl: string): object {
	const workflow = JSON.parse(
		readFileSync(join(REPO_ROOT, 'examples', 'callback-loop.json'), 'utf8'),
	);
	const trigger = workflow.nodes.find((node: { type: string }) =>
		node.type.endsWith('awsSageMakerPipelinesTrigger'),
	);
	trigger.parameters.queueUrl = queueUrl;
	return { ...workflow, id: WORKFLOW_ID, active: false };
}

/** The AWS side: a queue, and one pipeline per case whose execution waits at its ApproveModel callback step. */
function startPipelines(emulator: Emulator, queueUrl: string) {
	return CASES.map((testCase) => {
		emulator.sageMaker.createPipeline({
			name: testCase.pipelineName,
			queueUrl,
			steps: [
				{ name: 'Train', type: 'Training' },
				{
					name: 'ApproveModel',
					type: 'Callback',
					arguments: {
						modelPackage: `s3://models/${testCase.pipelineName}/model.tar.gz`,
						accuracy: testCase.accuracy,
					},
					outputs: [
						{ name: 'approved', type: 'Boolean' },
						{ name: 'reviewer', type: 'String' },
					],
				},
				{ name: 'RegisterModel', type: 'RegisterModel' },
			],
		});
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline(testCase.pipelineName)!,
		);
		return { testCase, execution };
	});
}

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
	const deadline = Date.now() + TIMEOUT_MS;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

async function main(): Promise<void> {
	const dev = process.argv.includes('--dev');
	say('n8n-nodes-sagemaker-pipelines — the SageMaker callback loop, end to end, on this machine\n');

	const emulator = await startEmulator();
	let n8n: N8nInstance | undefined;
	const cleanUp = async () => {
		await n8n?.stop();
		await emulator.close();
	};
	process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
	process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));

	try {
		const queueUrl = emulator.sqs.createQueue('sagemaker-callbacks');
		say(
			`AWS (emulated)  SageMaker, SQS and STS on ${emulator.url}, checking every SigV4 signature`,
		);

		say(
			`n8n             packing this package and starting n8n 2.40.7 (first run installs it into ${cacheRoot()})`,
		);
		const tarball = await packPackage();
		n8n = await startN8n({
			tarball,
			credentials: [emulatorN8nCredential(emulator, CREDENTIAL)],
			workflows: [demoWorkflow(queueUrl)],
			activate: dev ? [] : [WORKFLOW_ID],
			userFolder: dev ? join(cacheRoot(), 'dev-user-folder') : undefined,
		});
		say(`n8n             ready on ${n8n.url} at ${elapsed()}`);

		if (dev) {
			const runs = startPipelines(emulator, queueUrl);
			say(`\nEditor          ${n8n.url}  (first visit: create the owner account)`);
			say(`Credential      "${CREDENTIAL.name}" points at the emulator`);
			say(
				`Workflow        "SageMaker callback loop" — activate it, or open it and "Execute workflow"`,
			);
			say(
				`Waiting steps   ${runs.map((run) => `${run.testCase.pipelineName}`).join(', ')} (messages in ${queueUrl})`,
			);
			say('\nCtrl+C stops n8n and the emulator.');
			await new Promise(() => undefined);
		}

		say(
			`Workflow        "SageMaker callback loop" active: Trigger → Accuracy at least 0.9? → Send Step Success / Send Step Failure`,
		);
		const loopStarted = Date.now();
		const runs = startPipelines(emulator, queueUrl);
		say('');
		let ok = true;
		for (const { testCase, execution } of runs) {
			const token = execution.runs.find((run) => run.callback)!.callback!.token;
			say(
				`Pipeline        ${testCase.pipelineName}: Train done, ApproveModel waits for a callback`,
			);
			say(`  SQS message   token ${token}, arguments { accuracy: "${testCase.accuracy}" }`);
			const step = await waitFor(`the ${testCase.pipelineName} step to finish`, () => {
				const view = emulator.sageMaker.step(token);
				return view && view.status !== 'Executing' ? view : undefined;
			});
			const finalStatus = await waitFor(`the ${testCase.pipelineName} execution to finish`, () => {
				const status = emulator.sageMaker.requireExecution(execution.arn).status;
				return status === 'Executing' ? undefined : status;
			});
			if (step.status === 'Succeeded') {
				const outputs = (step.outputParameters ?? []).map((p) => `${p.Name}=${p.Value}`).join(', ');
				say(`  n8n sent      Send Step Success with outputs ${outputs}`);
			} else {
				say(`  n8n sent      Send Step Failure: "${step.failureReason}"`);
			}
			say(`  SageMaker     step ApproveModel ${step.status}; pipeline execution ${finalStatus}`);
			if (step.status !== testCase.expected || step.completions !== 1) ok = false;
		}

		const executions = await n8n.api.waitForExecutions(WORKFLOW_ID, CASES.length, TIMEOUT_MS);
		const queue = await waitFor('the queue to be empty', () => {
			const stats = emulator.sqs.stats(queueUrl);
			return stats.visible === 0 && stats.inFlight === 0 ? stats : undefined;
		});
		say('');
		say(`n8n executions  ${executions.map((execution) => execution.status).join(', ')}`);
		say(
			`SQS queue       ${queue.deleted} messages deleted after their executions succeeded, ${queue.visible + queue.inFlight} left`,
		);
		say(
			`Loop time       ${Date.now() - loopStarted} ms from the first message to the last step finished; ${elapsed()} in all`,
		);
		if (!ok || executions.some((execution) => execution.status !== 'success')) {
			throw new Error('The loop did not end as expected (see above)');
		}
		say('\nDone: both callback steps were finished by n8n, exactly once each.');
	} finally {
		await cleanUp();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(`\nDemo failed: ${error.message}`);
		process.exit(1);
	},
);
