/**
 * A local AWS for this package's tests, demo and benchmarks: one HTTP endpoint on 127.0.0.1 serving the
 * SageMaker Pipelines operations, the SQS operations the callback trigger uses, and STS, all behind real
 * SigV4 verification, with scripted faults and latency and a recorded request log.
 *
 * Faithful enough that the real AWS SDK v3 clients work against it unchanged; strict enough (botocore limits,
 * exact content types, signature, scope, clock skew, unknown members rejected) to catch a wrong request. It is
 * not AWS: no IAM policies, one account, one region (plus any extra accepted ones), state in memory.
 * See README.md beside this file.
 */
import { CredentialStore, type CredentialRecord } from './auth';
import { EventBridgeModel } from './eventbridge';
import { Faults, type FaultSpec } from './faults';
import { EmulatorServer, type RecordedRequest } from './server';
import { SageMakerModel, sageMakerService } from './sagemaker';
import { SqsModel } from './sqs';
import { StsModel } from './sts';

export const EMULATOR_CREDENTIALS = {
	accessKeyId: 'AKIDEMULATOR0EXAMPLE',
	secretAccessKey: 'emulator-secret-key-not-a-real-aws-secret',
	region: 'us-east-1',
	accountId: '123456789012',
} as const;

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Added before every response. */
	latencyMs?: number;
	/** How far X-Amz-Date may be from the emulator's clock; default 300 s, as AWS. */
	clockSkewToleranceSec?: number;
	/** The region requests must be scoped to and ARNs carry; default us-east-1. */
	region?: string;
	/** Further regions accepted in the credential scope. */
	extraRegions?: string[];
}

export interface AddCredentialsOptions {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** Epoch ms or a Date; requests after it get ExpiredTokenException. */
	expiresAt?: number | Date;
	/** What GetCallerIdentity says for this key; an IAM user ARN by default. */
	arn?: string;
}

export interface Emulator {
	/** 'http://127.0.0.1:PORT': one endpoint for SageMaker, SQS and STS. */
	url: string;
	region: string;
	accountId: string;
	/** Ends pending long polls and open sockets, then stops listening. */
	close(): Promise<void>;
	/** Clears all state, faults, added credentials and recorded requests; latency back to the start value. */
	reset(): void;
	setLatency(ms: number): void;
	/** Requests received and not yet answered (latency included), and the peak since `resetPeakInFlight()` or `reset()`. */
	requestsInFlight(): { now: number; peak: number };
	resetPeakInFlight(): void;
	/** Every request that reached an operation, in order (live array). */
	requests: RecordedRequest[];
	faults: { inject(fault: FaultSpec): void; clear(): void };
	addCredentials(credentials: AddCredentialsOptions): void;
	sageMaker: SageMakerModel;
	sqs: SqsModel;
	sts: StsModel;
	/** Puts EventBridge events on a queue, as a rule with that queue as its target delivers them. */
	events: EventBridgeModel;
}

export type { RecordedRequest } from './server';
export type { FaultSpec, FaultKind } from './faults';
export type {
	SageMakerModel,
	StepView,
	StepDefinition,
	PipelineDefinition,
	OutputDeclaration,
} from './sagemaker';
export type { SqsModel, QueueOptions, QueueStats, SqsMessage } from './sqs';
export type { StsModel, RoleOptions } from './sts';
export type { EventBridgeModel, PutEventsEntry } from './eventbridge';

function baseCredentialRecord(accountId: string): CredentialRecord {
	return {
		accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
		secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		arn: `arn:aws:iam::${accountId}:user/emulator`,
		userId: 'AIDAEMULATOR0EXAMPLE0',
	};
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const region = options.region ?? EMULATOR_CREDENTIALS.region;
	const accountId = EMULATOR_CREDENTIALS.accountId;
	const startLatency = options.latencyMs ?? 0;
	let latency = startLatency;
	const credentials = new CredentialStore();
	const base = baseCredentialRecord(accountId);
	credentials.add(base);
	const faults = new Faults();
	const requests: RecordedRequest[] = [];

	let url = '';
	const sts = new StsModel(accountId, credentials);
	const sqs = new SqsModel(() => url, region, accountId);
	// SageMaker puts callback messages in SQS as a sender of the same account.
	const sageMaker = new SageMakerModel(region, accountId, (queueUrl, body) =>
		sqs.sendMessage(queueUrl, body),
	);
	const events = new EventBridgeModel(region, accountId, (queueUrl, body) =>
		sqs.sendMessage(queueUrl, body),
	);

	const server = new EmulatorServer({
		host: options.host ?? '127.0.0.1',
		port: options.port ?? 0,
		regions: [region, ...(options.extraRegions ?? [])],
		clockSkewToleranceSec: options.clockSkewToleranceSec ?? 300,
		credentials,
		faults,
		requests,
		latencyMs: () => latency,
		services: [sageMakerService(sageMaker), sqs.service(), sts.service()],
	});
	url = await server.listen();

	return {
		url,
		region,
		accountId,
		close: () => server.close(),
		reset() {
			sageMaker.reset();
			sqs.reset();
			sts.reset();
			events.reset();
			faults.clear();
			credentials.clear((record) => record === base);
			requests.length = 0;
			latency = startLatency;
			server.resetPeakInFlight();
		},
		setLatency(ms: number) {
			latency = ms;
		},
		requestsInFlight: () => ({ ...server.inFlight }),
		resetPeakInFlight: () => server.resetPeakInFlight(),
		requests,
		faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
		addCredentials(added) {
			credentials.add({
				accessKeyId: added.accessKeyId,
				secretAccessKey: added.secretAccessKey,
				sessionToken: added.sessionToken,
				expiresAt: added.expiresAt instanceof Date ? added.expiresAt.getTime() : added.expiresAt,
				arn: added.arn ?? `arn:aws:iam::${accountId}:user/${added.accessKeyId.toLowerCase()}`,
				userId: `AIDA${added.accessKeyId.slice(4, 21).toUpperCase()}`,
			});
		},
		sageMaker,
		sqs,
		sts,
		events,
	};
}
