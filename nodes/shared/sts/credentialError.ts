/**
 * An error the credential raises itself, before or instead of an AWS call: a field that cannot work
 * (malformed role ARN, unknown region code) or STS refusing to hand out the role's keys. Its message
 * names the credential field to fix; `description` says how. It carries the signing error name so the
 * transport neither retries it nor mistakes it for a network failure, and it has no `code` property:
 * n8n's credential test shows only `cause.code` when one is present.
 *
 * It never holds a secret: no key, token or external ID value, and no HTTP request or response object
 * (those carry the signed headers).
 */
import { SIGNING_ERROR_NAME } from '../transport/errors';

export class CredentialError extends Error {
	readonly description?: string;

	/** the AWS error code when STS answered, for tests and logs */
	readonly awsCode?: string;

	/** true when trying again later may work (no answer, throttled, STS server error) */
	readonly transient: boolean;

	constructor(
		message: string,
		options: { description?: string; awsCode?: string; transient?: boolean } = {},
	) {
		super(message);
		this.name = SIGNING_ERROR_NAME;
		this.description = options.description;
		this.awsCode = options.awsCode;
		this.transient = options.transient === true;
	}
}
