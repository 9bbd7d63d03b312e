/**
 * Runs the emulator in the foreground for manual tries, the demo and out-of-process benchmarks:
 *
 *   npx ts-node --transpile-only tools/emulator/cli.ts [--port 4566] [--host 127.0.0.1] [--latency 25]
 *                                                     [--start-execution] [--failed-event] [--role ARN] [--json]
 *
 * It creates a demo queue (`sagemaker-callbacks`) and a demo pipeline (`demo-pipeline`: Prepare → ApproveModel
 * (callback, messages to that queue) → Train), prints the endpoint, the fake credentials and those names, and stops
 * on SIGINT/SIGTERM. `--start-execution` also starts one execution so a callback message is waiting. It also
 * creates `sagemaker-pipeline-events`, the queue an EventBridge rule would target; `--failed-event` runs
 * `demo-failing-pipeline` (its Train step fails) and puts that execution's Failed event there. `--role ARN`
 * registers a role that the emulator's keys may assume (repeatable), for the credential's Assume Role mode. `--json`
 * prints the same facts as one JSON line, for scripts that spawn the CLI.
 */
import { EMULATOR_CREDENTIALS, startEmulator } from './index';

interface CliOptions {
	port: number;
	host: string;
	latencyMs: number;
	startExecution: boolean;
	failedEvent: boolean;
	json: boolean;
	roles: string[];
}

const USAGE =
	'usage: cli.ts [--port 4566] [--host 127.0.0.1] [--latency <ms>] [--start-execution] [--failed-event] [--role ARN] [--json]';

function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = {
		port: 4566,
		host: '127.0.0.1',
		latencyMs: 0,
		startExecution: false,
		failedEvent: false,
		json: false,
		roles: [],
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const number = () => {
			const value = Number(argv[++i]);
			if (!Number.isInteger(value) || value < 0)
				throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
			return value;
		};
		if (flag === '--port') options.port = number();
		else if (flag === '--latency') options.latencyMs = number();
		else if (flag === '--host') options.host = argv[++i] ?? options.host;
		else if (flag === '--start-execution') options.startExecution = true;
		else if (flag === '--failed-event') options.failedEvent = true;
		else if (flag === '--json') options.json = true;
		else if (flag === '--role' && argv[i + 1]) options.roles.push(argv[++i]);
		else if (flag === '--help' || flag === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else throw new Error(`unknown option ${flag}\n${USAGE}`);
	}
	return options;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const emulator = await startEmulator({
		port: options.port,
		host: options.host,
		latencyMs: options.latencyMs,
	});
	for (const roleArn of options.roles) emulator.sts.addRole({ roleArn });
	const queueUrl = emulator.sqs.createQueue('sagemaker-callbacks');
	const pipelineArn = emulator.sageMaker.createPipeline({
		name: 'demo-pipeline',
		queueUrl,
		steps: [
			{ name: 'Prepare', type: 'Processing' },
			{
				name: 'ApproveModel',
				type: 'Callback',
				arguments: { modelPackage: 's3://demo-bucket/model.tar.gz', accuracy: '0.93' },
				outputs: [{ name: 'approved', type: 'Boolean' }],
			},
			{ name: 'Train', type: 'Training' },
		],
	});
	const execution = options.startExecution
		? emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('demo-pipeline')!)
		: undefined;
	const pendingToken = execution?.runs.find((run) => run.callback)?.callback?.token;
	const eventsQueueUrl = emulator.sqs.createQueue('sagemaker-pipeline-events');
	if (options.failedEvent) {
		const failingArn = emulator.sageMaker.createPipeline({
			name: 'demo-failing-pipeline',
			steps: [
				{ name: 'Prepare', type: 'Processing' },
				{
					name: 'Train',
					type: 'Training',
					failureReason: 'AlgorithmError: the training data is empty',
				},
			],
		});
		const failed = emulator.sageMaker.startExecution(emulator.sageMaker.pipelines.get(failingArn)!);
		emulator.events.putEvents(eventsQueueUrl, [emulator.events.executionStatusChange(failed)]);
	}

	const facts = {
		url: emulator.url,
		region: EMULATOR_CREDENTIALS.region,
		accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
		secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		accountId: EMULATOR_CREDENTIALS.accountId,
		queueUrl,
		eventsQueueUrl,
		pipelineArn,
		pipelineExecutionArn: execution?.arn,
		callbackToken: pendingToken,
	};
	if (options.json) {
		console.log(JSON.stringify(facts));
	} else {
		console.log(
			[
				`SageMaker/SQS/STS emulator listening on ${emulator.url}${options.latencyMs ? ` (+${options.latencyMs} ms per response)` : ''}`,
				'',
				`  region             ${facts.region}`,
				`  access key id      ${facts.accessKeyId}`,
				`  secret access key  ${facts.secretAccessKey}`,
				`  queue URL          ${queueUrl}`,
				`  events queue URL   ${eventsQueueUrl}${options.failedEvent ? ' (a Failed execution event is waiting)' : ''}`,
				`  pipeline ARN       ${pipelineArn}`,
				...(execution
					? [`  execution ARN      ${execution.arn}`, `  callback token     ${pendingToken}`]
					: []),
				...options.roles.map((roleArn) => `  role to assume     ${roleArn}`),
				'',
				'Try it with the AWS CLI:',
				`  export AWS_ACCESS_KEY_ID=${facts.accessKeyId} AWS_SECRET_ACCESS_KEY=${facts.secretAccessKey} AWS_REGION=${facts.region} AWS_DEFAULT_REGION=${facts.region}`,
				`  aws --endpoint-url ${emulator.url} sts get-caller-identity`,
				`  aws --endpoint-url ${emulator.url} sagemaker start-pipeline-execution --pipeline-name demo-pipeline`,
				`  aws --endpoint-url ${emulator.url} sqs receive-message --queue-url ${queueUrl} --wait-time-seconds 20`,
				'',
				'Ctrl-C stops it.',
			].join('\n'),
		);
	}

	const stop = () => {
		void emulator.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
