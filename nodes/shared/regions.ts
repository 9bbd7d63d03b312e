/**
 * AWS regions and partitions. The region list offered in the credential covers every public region of
 * the aws, aws-cn and aws-us-gov partitions (AWS SDK v3 partitions.json plus regions opened since:
 * ap-east-2 Taipei, ap-southeast-6 New Zealand). A region missing from the list can be typed as a
 * custom region code: its partition (and so the host suffix and the ARN prefix) follows AWS's own
 * naming rules, so a new region never needs a release of this package.
 *
 * Limits: the isolated partitions (aws-iso*, aws-eusc) get their DNS suffix right but are not in the
 * list and are untested; use a custom region code and, if needed, custom endpoints.
 */

export type AwsPartition =
	| 'aws'
	| 'aws-cn'
	| 'aws-us-gov'
	| 'aws-iso'
	| 'aws-iso-b'
	| 'aws-iso-e'
	| 'aws-iso-f'
	| 'aws-eusc';

export interface AwsRegion {
	code: string;
	name: string;
	partition: AwsPartition;
}

/** The option value of the credential's Region list that shows the Region Code field. */
export const CUSTOM_REGION = 'custom';

export const AWS_REGIONS: readonly AwsRegion[] = [
	{ code: 'us-east-1', name: 'US East (N. Virginia)', partition: 'aws' },
	{ code: 'us-east-2', name: 'US East (Ohio)', partition: 'aws' },
	{ code: 'us-west-1', name: 'US West (N. California)', partition: 'aws' },
	{ code: 'us-west-2', name: 'US West (Oregon)', partition: 'aws' },
	{ code: 'af-south-1', name: 'Africa (Cape Town)', partition: 'aws' },
	{ code: 'ap-east-1', name: 'Asia Pacific (Hong Kong)', partition: 'aws' },
	{ code: 'ap-east-2', name: 'Asia Pacific (Taipei)', partition: 'aws' },
	{ code: 'ap-south-1', name: 'Asia Pacific (Mumbai)', partition: 'aws' },
	{ code: 'ap-south-2', name: 'Asia Pacific (Hyderabad)', partition: 'aws' },
	{ code: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', partition: 'aws' },
	{ code: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', partition: 'aws' },
	{ code: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)', partition: 'aws' },
	{ code: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)', partition: 'aws' },
	{ code: 'ap-southeast-5', name: 'Asia Pacific (Malaysia)', partition: 'aws' },
	{ code: 'ap-southeast-6', name: 'Asia Pacific (New Zealand)', partition: 'aws' },
	{ code: 'ap-southeast-7', name: 'Asia Pacific (Thailand)', partition: 'aws' },
	{ code: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', partition: 'aws' },
	{ code: 'ap-northeast-2', name: 'Asia Pacific (Seoul)', partition: 'aws' },
	{ code: 'ap-northeast-3', name: 'Asia Pacific (Osaka)', partition: 'aws' },
	{ code: 'ca-central-1', name: 'Canada (Central)', partition: 'aws' },
	{ code: 'ca-west-1', name: 'Canada West (Calgary)', partition: 'aws' },
	{ code: 'eu-central-1', name: 'Europe (Frankfurt)', partition: 'aws' },
	{ code: 'eu-central-2', name: 'Europe (Zurich)', partition: 'aws' },
	{ code: 'eu-west-1', name: 'Europe (Ireland)', partition: 'aws' },
	{ code: 'eu-west-2', name: 'Europe (London)', partition: 'aws' },
	{ code: 'eu-west-3', name: 'Europe (Paris)', partition: 'aws' },
	{ code: 'eu-south-1', name: 'Europe (Milan)', partition: 'aws' },
	{ code: 'eu-south-2', name: 'Europe (Spain)', partition: 'aws' },
	{ code: 'eu-north-1', name: 'Europe (Stockholm)', partition: 'aws' },
	{ code: 'il-central-1', name: 'Israel (Tel Aviv)', partition: 'aws' },
	{ code: 'me-south-1', name: 'Middle East (Bahrain)', partition: 'aws' },
	{ code: 'me-central-1', name: 'Middle East (UAE)', partition: 'aws' },
	{ code: 'mx-central-1', name: 'Mexico (Central)', partition: 'aws' },
	{ code: 'sa-east-1', name: 'South America (São Paulo)', partition: 'aws' },
	{ code: 'cn-north-1', name: 'China (Beijing)', partition: 'aws-cn' },
	{ code: 'cn-northwest-1', name: 'China (Ningxia)', partition: 'aws-cn' },
	{ code: 'us-gov-east-1', name: 'AWS GovCloud (US-East)', partition: 'aws-us-gov' },
	{ code: 'us-gov-west-1', name: 'AWS GovCloud (US-West)', partition: 'aws-us-gov' },
];

// AWS's partition rules (partitions.json `regionRegex`), most specific first; anything else is `aws`,
// as the AWS SDKs resolve an unknown region.
const PARTITION_RULES: ReadonlyArray<{
	partition: AwsPartition;
	pattern: RegExp;
	dnsSuffix: string;
}> = [
	{ partition: 'aws-cn', pattern: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn' },
	{ partition: 'aws-us-gov', pattern: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
	{ partition: 'aws-iso', pattern: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
	{ partition: 'aws-iso-b', pattern: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
	{ partition: 'aws-iso-e', pattern: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
	{ partition: 'aws-iso-f', pattern: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
	{ partition: 'aws-eusc', pattern: /^eusc-de-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
];

/** The shape of every AWS region code so far: lower-case words joined by dashes, ending in a number. */
const REGION_CODE = /^[a-z]{2,}(?:-[a-z]+)+-\d{1,2}$/;

export function isRegionCode(region: string): boolean {
	return REGION_CODE.test(region);
}

/** Partition of any region code, listed or not, by AWS's naming rule. */
export function partitionOf(region: string): AwsPartition {
	return PARTITION_RULES.find((rule) => rule.pattern.test(region))?.partition ?? 'aws';
}

export function dnsSuffixOf(region: string): string {
	return PARTITION_RULES.find((rule) => rule.pattern.test(region))?.dnsSuffix ?? 'amazonaws.com';
}
