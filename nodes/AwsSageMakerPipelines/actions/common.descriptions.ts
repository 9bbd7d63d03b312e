/** Fields several operations share. */
import type { INodeProperties } from 'n8n-workflow';

/** The option's default, written out below as a literal (n8n's verification accepts no other); a test holds the two equal. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 10;

export const maxConcurrentRequestsOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrentRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 10,
	description:
		'How many items are sent to AWS at the same time. Output keeps the input order. Lower it if AWS throttles.',
};

export const clientRequestTokenOption: INodeProperties = {
	displayName: 'Client Request Token',
	name: 'clientRequestToken',
	type: 'string',
	// n8n's verification requires a password field for every parameter named "…token": the value is masked.
	typeOptions: { password: true },
	default: '',
	description:
		'Idempotency token (32–128 characters). Leave empty: the node derives one from the callback token and what is sent, so running the same item again is recognised by SageMaker as the same request.',
};

export function callbackTokenField(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Callback Token',
		name: 'callbackToken',
		type: 'string',
		// A password field, as n8n's verification requires for a "…token" name. The editor still shows an
		// expression (the default one included) in its expression editor; only a fixed value is masked.
		typeOptions: { password: true },
		required: true,
		default: '={{ $json.token }}',
		placeholder: '26vcYbeWsZ',
		// The editor shows the hint only for a fixed value; with the default expression it shows the
		// expression's result instead, so the link is in the description (label tooltip) too.
		description:
			'The token SageMaker put in the callback step\'s SQS message (its "token" field): 10 letters or digits. The AWS SageMaker Pipelines Trigger outputs it as "token". See <a href="https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps-types.html#step-type-callback" target="_blank">callback steps</a>.',
		hint: 'Where it comes from: <a href="https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps-types.html#step-type-callback" target="_blank">callback steps</a>',
		displayOptions,
	};
}

/** The "Options" collection every operation ends with. */
export function optionsField(displayOptions: INodeProperties['displayOptions'], options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions, options };
}
