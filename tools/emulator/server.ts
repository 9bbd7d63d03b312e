/**
 * The emulator's HTTP front: one endpoint for SageMaker (JSON 1.1), SQS (JSON 1.0) and STS (Query/XML),
 * told apart the way AWS's own endpoints would be if they shared a host — by X-Amz-Target and Content-Type.
 *
 * Per request, in order: read the body; route to a service and operation (unknown target or wrong content type →
 * UnknownOperationException); verify SigV4 for that service (auth.ts); decode the input; apply an injected fault;
 * run the operation; wait the configured latency; encode the answer or the error in the protocol's own form
 * (JSON `__type` + `x-amzn-ErrorType`, SQS's `x-amzn-query-error`, STS's `<ErrorResponse>`); record it.
 *
 * It knows no operation's meaning: services register handlers that take the decoded input and return the output
 * (an object for JSON, the inner XML of `<OpResult>` for STS) or throw an ApiError.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApiError, serializationError } from './errors';
import {
	AuthError,
	type AuthFailure,
	type CredentialRecord,
	type CredentialStore,
	verifySigV4,
} from './auth';
import type { Faults, FaultSpec } from './faults';

export type ServiceName = 'sagemaker' | 'sqs' | 'sts';
type Protocol = 'json1.1' | 'json1.0' | 'query';

export interface OperationContext {
	requestId: string;
	now: number;
	identity: CredentialRecord;
	/** Resolves when the emulator is closing: long polls end on it. */
	closing: Promise<void>;
}

// Inputs are checked against botocore shapes inside each handler; `any` keeps the handler tables terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationHandler = (input: any, context: OperationContext) => unknown;

export interface ServiceDefinition {
	name: ServiceName;
	operations: Record<string, OperationHandler>;
}

export interface RecordedRequest {
	service: ServiceName;
	operation: string;
	headers: Record<string, string>;
	rawBody: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	input: any;
	/** 0 when the connection was dropped by a fault. */
	status: number;
	errorCode?: string;
	clientRequestToken?: string;
	at: number;
}

export interface ServerOptions {
	host: string;
	port: number;
	regions: string[];
	clockSkewToleranceSec: number;
	credentials: CredentialStore;
	faults: Faults;
	services: ServiceDefinition[];
	requests: RecordedRequest[];
	latencyMs: () => number;
}

const CONTENT_TYPES: Record<Protocol, string> = {
	'json1.1': 'application/x-amz-json-1.1',
	'json1.0': 'application/x-amz-json-1.0',
	query: 'text/xml',
};

const PROTOCOL_OF: Record<ServiceName, Protocol> = {
	sagemaker: 'json1.1',
	sqs: 'json1.0',
	sts: 'query',
};
const TARGET_PREFIX: Record<string, ServiceName> = { SageMaker: 'sagemaker', AmazonSQS: 'sqs' };
const STS_VERSION = '2011-06-15';
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The auth failure codes each protocol family uses (JSON services, and query/query-compatible services). */
const AUTH_ERRORS: Record<
	AuthFailure,
	{ json: string; query: string; jsonStatus: number; queryStatus: number }
> = {
	MissingAuthenticationToken: {
		json: 'MissingAuthenticationTokenException',
		query: 'MissingAuthenticationToken',
		jsonStatus: 403,
		queryStatus: 403,
	},
	IncompleteSignature: {
		json: 'IncompleteSignatureException',
		query: 'IncompleteSignature',
		jsonStatus: 400,
		queryStatus: 400,
	},
	UnrecognizedClient: {
		json: 'UnrecognizedClientException',
		query: 'InvalidClientTokenId',
		jsonStatus: 400,
		queryStatus: 403,
	},
	InvalidSignature: {
		json: 'InvalidSignatureException',
		query: 'SignatureDoesNotMatch',
		jsonStatus: 400,
		queryStatus: 403,
	},
	ExpiredToken: {
		json: 'ExpiredTokenException',
		query: 'ExpiredToken',
		jsonStatus: 400,
		queryStatus: 403,
	},
};

function authApiError(service: ServiceName, error: AuthError): ApiError {
	const codes = AUTH_ERRORS[error.reason];
	if (service === 'sagemaker') return new ApiError(codes.json, error.message, codes.jsonStatus);
	if (service === 'sqs') {
		return new ApiError(codes.json, error.message, codes.queryStatus, {
			namespace: 'com.amazon.coral.service',
			queryCode: codes.query,
		});
	}
	return new ApiError(codes.query, error.message, codes.queryStatus);
}

function faultError(service: ServiceName, fault: FaultSpec): ApiError {
	if (fault.kind === 'throttle') {
		if (service === 'sagemaker')
			return new ApiError(
				'ThrottlingException',
				fault.message ?? 'Rate exceeded',
				fault.status ?? 400,
			);
		if (service === 'sqs') {
			return new ApiError(
				'RequestThrottled',
				fault.message ?? 'Rate exceeded',
				fault.status ?? 403,
				{
					namespace: 'com.amazonaws.sqs',
					queryCode: 'RequestThrottled',
				},
			);
		}
		return new ApiError('Throttling', fault.message ?? 'Rate exceeded', fault.status ?? 400);
	}
	if (fault.kind === 'serverError') {
		return new ApiError(
			fault.code ?? 'InternalFailure',
			fault.message ?? 'We encountered an internal error. Please try again.',
			fault.status ?? 500,
		);
	}
	return new ApiError(fault.code!, fault.message ?? fault.code!, fault.status ?? 400);
}

interface Route {
	service: ServiceName;
	operation: string;
	protocol: Protocol;
	/** STS: the form parameters without Action and Version. */
	form?: Record<string, string>;
}

function route(request: IncomingMessage, body: Buffer): Route {
	const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const target = request.headers['x-amz-target'];
	if (typeof target === 'string' && target.length > 0) {
		const dot = target.indexOf('.');
		const service = TARGET_PREFIX[target.slice(0, dot)];
		const operation = target.slice(dot + 1);
		if (!service || dot < 0) {
			throw new ApiError(
				'UnknownOperationException',
				`Unknown X-Amz-Target '${target}': this endpoint serves SageMaker.<Operation> and AmazonSQS.<Action>.`,
				404,
			);
		}
		const protocol = PROTOCOL_OF[service];
		if (contentType !== CONTENT_TYPES[protocol]) {
			throw new ApiError(
				'UnknownOperationException',
				`Content-Type '${contentType || '(none)'}' is not accepted for ${target}; AWS ${service === 'sqs' ? 'SQS' : 'SageMaker'} requires '${CONTENT_TYPES[protocol]}'.`,
				404,
			);
		}
		if (request.method !== 'POST')
			throw new ApiError(
				'UnknownOperationException',
				`${request.method} is not accepted; JSON protocols use POST.`,
				404,
			);
		return { service, operation, protocol };
	}
	if (contentType === 'application/x-www-form-urlencoded') {
		const params = new URLSearchParams(body.toString('utf8'));
		const form: Record<string, string> = {};
		for (const [key, value] of params) form[key] = value;
		const { Action: action, Version: version, ...rest } = form;
		if (!action) throw new ApiError('MissingAction', 'Missing Action', 400);
		if (version !== STS_VERSION) {
			throw new ApiError(
				'InvalidAction',
				`Could not find operation ${action} for version ${version ?? '(none)'}; STS speaks ${STS_VERSION} and SQS speaks JSON 1.0 here.`,
				400,
			);
		}
		return { service: 'sts', operation: action, protocol: 'query', form: rest };
	}
	throw new ApiError(
		'UnknownOperationException',
		'No X-Amz-Target header and no form-encoded Action: nothing on this endpoint answers that request.',
		404,
	);
}

export function xmlEscape(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

function encodeError(
	protocol: Protocol,
	error: ApiError,
	requestId: string,
): { headers: Record<string, string>; body: string } {
	if (protocol === 'query') {
		const body =
			`<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${error.fault}</Type><Code>${xmlEscape(error.details.queryCode ?? error.code)}</Code>` +
			`<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
		return { headers: {}, body };
	}
	const type = error.details.namespace ? `${error.details.namespace}#${error.code}` : error.code;
	const body = JSON.stringify({
		__type: type,
		[error.details.messageKey ?? 'message']: error.message,
	});
	if (protocol === 'json1.0') {
		return {
			headers: { 'x-amzn-query-error': `${error.details.queryCode ?? error.code};${error.fault}` },
			body,
		};
	}
	return { headers: { 'x-amzn-ErrorType': error.code }, body };
}

/** The error name an AWS SDK reports for this error, which is what the request log records. */
function clientErrorName(protocol: Protocol, error: ApiError): string {
	if (protocol === 'json1.1') return error.code;
	// SQS's modelled errors map back to their shape name; the others surface under their query code.
	if (protocol === 'json1.0' && error.details.namespace === 'com.amazonaws.sqs') return error.code;
	return error.details.queryCode ?? error.code;
}

function encodeSuccess(route: Route, output: unknown, requestId: string): string {
	if (route.protocol === 'query') {
		const op = route.operation;
		return (
			`<${op}Response xmlns="${STS_NAMESPACE}"><${op}Result>${String(output ?? '')}</${op}Result>` +
			`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`
		);
	}
	return JSON.stringify(output ?? {});
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(
					new ApiError(
						'RequestEntityTooLarge',
						`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`,
						413,
					),
				);
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class EmulatorServer {
	private readonly server: Server;
	private readonly operations = new Map<ServiceName, Record<string, OperationHandler>>();
	private signalClosing!: () => void;
	private readonly closing = new Promise<void>((resolve) => (this.signalClosing = resolve));
	private isClosing = false;
	/** Requests received and not yet answered, and the most at once since the last `resetPeakInFlight()`. */
	readonly inFlight = { now: 0, peak: 0 };

	constructor(private readonly options: ServerOptions) {
		for (const service of options.services) this.operations.set(service.name, service.operations);
		this.server = createServer((request, response) => {
			void this.handle(request, response);
		});
		this.server.keepAliveTimeout = 5000;
	}

	async listen(): Promise<string> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, this.options.host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const { port } = this.server.address() as AddressInfo;
		const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
		return `http://${host}:${port}`;
	}

	async close(): Promise<void> {
		this.isClosing = true;
		this.signalClosing();
		// Let pending long polls write their empty answers before their sockets go.
		await new Promise((resolve) => setImmediate(resolve));
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.server.closeAllConnections();
		await closed;
	}

	resetPeakInFlight(): void {
		this.inFlight.peak = this.inFlight.now;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		this.inFlight.now++;
		if (this.inFlight.now > this.inFlight.peak) this.inFlight.peak = this.inFlight.now;
		try {
			await this.serve(request, response);
		} finally {
			this.inFlight.now--;
		}
	}

	private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const requestId = randomUUID();
		const started = Date.now();
		let protocol: Protocol = 'json1.1';
		let body: Buffer = Buffer.alloc(0);
		let record: RecordedRequest | undefined;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
		}
		try {
			body = await readBody(request);
			if (request.method === 'GET' && request.url === '/health') {
				response
					.writeHead(200, { 'content-type': 'application/json' })
					.end('{"emulator":"sagemaker-pipelines","ok":true}');
				return;
			}
			const target = route(request, body);
			protocol = target.protocol;
			record = {
				service: target.service,
				operation: target.operation,
				headers,
				rawBody: body.toString('utf8'),
				input: target.form,
				status: 0,
				clientRequestToken: undefined,
				at: started,
			};
			const handler = this.operations.get(target.service)?.[target.operation];

			let identity: CredentialRecord;
			try {
				identity = await verifySigV4(
					{
						method: request.method ?? 'POST',
						url: request.url ?? '/',
						rawHeaders: request.rawHeaders,
						body,
					},
					{
						service: target.service,
						regions: this.options.regions,
						clockSkewToleranceSec: this.options.clockSkewToleranceSec,
						now: Date.now(),
						store: this.options.credentials,
					},
				);
			} catch (error) {
				if (error instanceof AuthError) throw authApiError(target.service, error);
				throw error;
			}

			let input: unknown = target.form;
			if (protocol !== 'query') {
				try {
					input = JSON.parse(record.rawBody || '{}');
				} catch {
					throw serializationError('The request body is not valid JSON.');
				}
				if (input === null || typeof input !== 'object' || Array.isArray(input)) {
					throw serializationError('The request body must be a JSON object.');
				}
			}
			record.input = input;
			const crt = (input as Record<string, unknown>).ClientRequestToken;
			if (typeof crt === 'string') record.clientRequestToken = crt;

			if (!handler) {
				if (protocol === 'query')
					throw new ApiError(
						'InvalidAction',
						`Could not find operation ${target.operation} for version ${STS_VERSION}`,
						400,
					);
				throw new ApiError(
					'UnknownOperationException',
					`The emulator does not implement ${target.operation}.`,
					400,
				);
			}

			const fault = this.options.faults.take(target.operation);
			const run = async () =>
				await handler(input, { requestId, now: Date.now(), identity, closing: this.closing });
			if (fault?.kind === 'drop') {
				record.status = 0;
				record.errorCode = 'ConnectionDropped';
				this.options.requests.push(record);
				request.socket.destroy();
				return;
			}
			if (
				fault?.kind === 'redirect' ||
				fault?.kind === 'drip' ||
				fault?.kind === 'garbage' ||
				fault?.kind === 'dropMidAnswer'
			) {
				// Recorded before answering: a drip lasts as long as the client listens.
				record.status = fault.kind === 'redirect' ? (fault.status ?? 302) : (fault.status ?? 200);
				record.errorCode = fault.kind;
				this.options.requests.push(record);
				record = undefined;
				await this.misbehave(fault, response, protocol, requestId, run, target);
				return;
			}
			if (fault?.kind === 'latency') await sleep(fault.ms ?? 0);
			if (fault && fault.kind !== 'latency') throw faultError(target.service, fault);

			const output = await run();
			await this.respond(
				response,
				200,
				protocol,
				{},
				encodeSuccess(target, output, requestId),
				requestId,
			);
			record.status = 200;
		} catch (caught) {
			const error =
				caught instanceof ApiError
					? caught
					: new ApiError(
							'InternalFailure',
							`Emulator failure: ${(caught as Error)?.stack ?? String(caught)}`,
							500,
						);
			const encoded = encodeError(protocol, error, requestId);
			await this.respond(
				response,
				error.status,
				protocol,
				encoded.headers,
				encoded.body,
				requestId,
			);
			if (record) {
				record.status = error.status;
				record.errorCode = clientErrorName(protocol, error);
			}
		} finally {
			if (record && record.status !== 0) this.options.requests.push(record);
		}
	}

	/** A hostile or broken endpoint (faults.ts). */
	private async misbehave(
		fault: FaultSpec,
		response: ServerResponse,
		protocol: Protocol,
		requestId: string,
		run: () => Promise<unknown>,
		target: Route,
	): Promise<void> {
		const base = { 'x-amzn-RequestId': requestId };
		if (fault.kind === 'redirect') {
			const status = fault.status ?? 302;
			response.writeHead(status, { ...base, Location: fault.location!, 'Content-Length': 0 }).end();
			return;
		}
		if (fault.kind === 'garbage') {
			const status = fault.status ?? 200;
			if (status < 300) await run();
			response
				.writeHead(status, {
					...base,
					'Content-Type': fault.contentType ?? CONTENT_TYPES[protocol],
					'Content-Length': Buffer.byteLength(fault.body!),
				})
				.end(fault.body);
			return;
		}
		if (fault.kind === 'dropMidAnswer') {
			const body = encodeSuccess(target, await run(), requestId);
			const bytes = Buffer.from(body);
			response.writeHead(200, {
				...base,
				'Content-Type': CONTENT_TYPES[protocol],
				'Content-Length': bytes.length,
			});
			response.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
			await sleep(20);
			response.socket?.destroy();
			return;
		}
		// drip: headers at once, then a byte at a time, for as long as the client listens
		response.writeHead(200, { ...base, 'Content-Type': CONTENT_TYPES[protocol] });
		response.flushHeaders();
		while (!response.destroyed && !response.socket?.destroyed && !this.isClosing) {
			response.write(' ');
			await sleep(fault.ms ?? 1000);
		}
		response.destroy();
	}

	private async respond(
		response: ServerResponse,
		status: number,
		protocol: Protocol,
		headers: Record<string, string>,
		body: string,
		requestId: string,
	): Promise<void> {
		const latency = this.options.latencyMs();
		if (latency > 0 && !this.isClosing) await sleep(latency);
		if (response.destroyed || response.headersSent) return;
		response.writeHead(status, {
			'x-amzn-RequestId': requestId,
			'Content-Type': CONTENT_TYPES[protocol],
			'Content-Length': Buffer.byteLength(body),
			...headers,
		});
		response.end(body);
	}
}
