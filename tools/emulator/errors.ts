/**
 * The one error type every emulated operation throws, and the few constructors shared by the services.
 *
 * An ApiError carries what each wire protocol needs to encode it the way AWS does: the code (the error shape
 * name for JSON, the query code for XML), the HTTP status, whether the sender or the receiver is at fault,
 * and for SQS's query-compatible JSON the legacy query code. It knows nothing about encoding; server.ts does.
 */

export type Fault = 'Sender' | 'Receiver';

export interface ApiErrorDetails {
	/** JSON `__type` namespace (SQS writes `com.amazonaws.sqs#QueueDoesNotExist`); SageMaker writes the bare code. */
	namespace?: string;
	/** The awsQuery error code: SQS's `x-amzn-query-error` header, STS's `<Code>`. Defaults to `code`. */
	queryCode?: string;
	/** Modelled SageMaker exceptions name their member `Message`; everything else uses `message`. */
	messageKey?: 'message' | 'Message';
	fault?: Fault;
}

export class ApiError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status = 400,
		readonly details: ApiErrorDetails = {},
	) {
		super(message);
		this.name = code;
	}

	get fault(): Fault {
		return this.details.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
	}
}

/** A body that is not what the operation's JSON shape says (a number where a string belongs, say). */
export function serializationError(message: string): ApiError {
	return new ApiError('SerializationException', message, 400, {
		namespace: 'com.amazon.coral.service',
		queryCode: 'SerializationException',
	});
}
