/**
 * What to do about an AWS error, per error code, in words for the person who built the
 * workflow. Where AWS does not document which code a situation returns (a used callback
 * token, a stopped pipeline), the hint lists the likely causes.
 */
import type { AwsErrorDetails } from './transport/errors';

const IAM_PREFIX = { sagemaker: 'sagemaker', sqs: 'sqs', sts: 'sts' } as const;

export function hintFor(details: AwsErrorDetails): string | undefined {
	const action = `${IAM_PREFIX[details.service]}:${details.operation}`;
	const retried = details.attempts > 1 ? ` It was tried ${details.attempts} times.` : '';
	if (details.network) {
		return `No answer from AWS (${details.code}).${retried} Check the region, the custom endpoint if you set one, and that this n8n host can reach AWS (proxy, firewall, VPC endpoint).`;
	}
	switch (details.code) {
		case 'EndpointRedirect':
			return `The ${details.service === 'sagemaker' ? 'SageMaker' : details.service.toUpperCase()} endpoint answered with a redirect to another address. Requests signed with this credential's keys are never sent anywhere else, so nothing was done. Check the endpoint in the credential (Custom Endpoints) and any proxy in between.`;
		case 'InvalidResponse':
			return `The endpoint answered "success" with a body that is not the JSON AWS sends (cut off, or not JSON at all).${retried} A proxy or load balancer in between may be interfering. The request may have taken effect: running it again is safe, as it carries the same Client Request Token.`;
		case 'ResourceNotFound':
			if (details.operation.includes('ModelPackage')) {
				return "The model package or model package group was not found in this region and account. Check the ARN or name and the credential's region.";
			}
			return details.operation.startsWith('SendPipelineExecutionStep')
				? "SageMaker has no callback step waiting for this token. Either the step was already completed (a token finishes its step once), the pipeline execution was stopped, failed or timed out, or the token belongs to another region or account than this credential (check the credential's region)."
				: "The pipeline or execution was not found in this region and account. Check the name or ARN and the credential's region.";
		case 'ConflictException':
			switch (details.operation) {
				case 'StopPipelineExecution':
					return `SageMaker would not stop the execution.${retried} Only an Executing execution can be stopped: it may already be stopping, stopped or finished (check it with Describe Pipeline Execution).`;
				case 'RetryPipelineExecution':
					return `SageMaker would not retry the execution.${retried} Only a Failed or Stopped execution can be retried: it may still be running, or a retry is already under way (check it with Describe Pipeline Execution).`;
				case 'UpdateModelPackage':
					return 'SageMaker would not change the model package now: it is still being created or deleted (its status is not Completed), or another update of it is under way. Check it with Describe Model Package and try again once it is Completed.';
				case 'StartPipelineExecution':
					return `The pipeline is changing (being updated or deleted), so no execution could start.${retried} Try again once the change is done.`;
				default:
					return 'The pipeline execution is changing state (stopping, retrying, or the step is being completed by another request). Try again in a few seconds.';
			}
		case 'ResourceLimitExceeded':
			return 'An account quota of SageMaker was reached (for example concurrent pipeline executions). Wait for running executions to finish or ask AWS for a higher quota.';
		case 'ValidationException':
			if (
				details.operation === 'DescribeModelPackage' ||
				details.operation === 'UpdateModelPackage'
			) {
				return "AWS rejected a value; its message names the field and the rule. SageMaker also answers this way for a model package that does not exist in this region and account: check the ARN and the credential's region.";
			}
			return 'AWS rejected a value; its message names the field and the rule.';
		case 'AccessDeniedException':
		case 'AccessDenied':
			return `The IAM identity of this credential may not call ${action}. Add that action to its IAM policy (see the README for a least-privilege policy).`;
		case 'UnrecognizedClientException':
		case 'InvalidClientTokenId':
			return 'AWS does not know this Access Key ID: check it was copied whole, is still active, and belongs to this partition (aws, aws-cn or aws-us-gov).';
		case 'InvalidSignatureException':
		case 'SignatureDoesNotMatch':
			return "The signature did not match: the Secret Access Key is wrong, or the region does not match the endpoint, or this machine's clock is off by more than 5 minutes.";
		case 'IncompleteSignature':
		case 'MissingAuthenticationTokenException':
		case 'MissingAuthenticationToken':
			return 'The request reached AWS unsigned or half-signed. If a proxy sits in between, make sure it passes the Authorization and X-Amz-* headers through unchanged.';
		case 'ExpiredToken':
		case 'ExpiredTokenException':
			return 'The temporary credentials (session token) have expired. Put fresh keys and session token in the credential.';
		case 'ThrottlingException':
		case 'Throttling':
		case 'TooManyRequestsException':
			return `AWS throttled the requests.${retried} Lower "Max Concurrent Requests" in the node's options, or ask AWS for a higher rate.`;
		case 'AWS.SimpleQueueService.NonExistentQueue':
		case 'QueueDoesNotExist':
			return "The queue does not exist in this region and account. Check the queue URL and the credential's region.";
		default:
			if (details.httpStatus !== undefined && details.httpStatus >= 500) {
				return `AWS answered with a server error.${retried} Try again later.`;
			}
			return undefined;
	}
}
