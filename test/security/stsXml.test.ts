/**
 * The STS answer is read in one pass, bounded, and without trusting it: a hostile or broken STS endpoint
 * cannot block the event loop, values inside comments are not taken, CDATA is text, and keys that expired
 * before they arrived are refused rather than used (and assumed again on every request).
 */
import { parseXml, textAt } from '../../nodes/shared/sts/xml';
import { chain, runWorkflow, sageMakerNode, startNode } from '../harness/engine';
import { emulatorCredential, requestsFor, useEmulator } from '../harness/emulator';

const ctx = useEmulator();
const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';
const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

function assumeRoleAnswer(credentials: string, expiration: string): string {
	return (
		'<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
		`<Credentials>${credentials}<Expiration>${expiration}</Expiration></Credentials>` +
		'<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/n8n-callbacks/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>' +
		'</AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>'
	);
}

describe('the XML reader', () => {
	const xmlText = (xml: string, path: string[]) => {
		const root = parseXml(xml);
		return root && textAt(root, path);
	};
	test('a body of repeated "<AssumeRoleResponse " is refused at once (was 18.7 s for 781 KB)', () => {
		const hostile = '<AssumeRoleResponse '.repeat(40_000);
		const started = process.hrtime.bigint();
		expect(xmlText(hostile, ['AssumeRoleResponse', 'AssumeRoleResult'])).toBeUndefined();
		const underCap = '<AssumeRoleResponse '.repeat(6_000);
		expect(xmlText(underCap, ['AssumeRoleResponse', 'AssumeRoleResult'])).toBeUndefined();
		const deep = '<a>'.repeat(6_000);
		expect(parseXml(deep)).toBeUndefined();
		// A hang check, not a speed test: linear parsing is milliseconds, the old reader took seconds.
		expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
	});

	test('values inside comments are not taken; CDATA is text; a DOCTYPE is refused', () => {
		const xml = '<R><!-- <Key>fake</Key> --><Key><![CDATA[a<b]]>&amp;c</Key></R>';
		expect(xmlText(xml, ['R', 'Key'])).toBe('a<b&c');
		expect(
			xmlText('<!DOCTYPE r [<!ENTITY x "y">]><R><Key>&x;</Key></R>', ['R', 'Key']),
		).toBeUndefined();
	});

	test('an element closed by another name is not a document', () => {
		expect(xmlText('<R><Key>v</Other></R>', ['R', 'Key'])).toBeUndefined();
	});
});

describe('Assume Role against a broken STS answer', () => {
	beforeEach(() => ctx.emulator.sts.addRole({ roleArn: ROLE_ARN }));

	async function runWithAssumeRole() {
		const step = ctx.emulator.sageMaker.createCallbackStep();
		const result = await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: {
				awsSageMakerApi: emulatorCredential(ctx.emulator, {
					authentication: 'assumeRole',
					roleArn: ROLE_ARN,
				}),
			},
			input: [{ token: step.token }],
		});
		return { result, step };
	}

	test('keys in a comment are not used; the real ones are', async () => {
		const { emulator } = ctx;
		emulator.addCredentials({
			accessKeyId: 'ASIAREALROLEKEY00001',
			secretAccessKey: 'role-secret-0123456789',
			sessionToken: 'role-token-0123456789',
		});
		const body = assumeRoleAnswer(
			'<!-- <AccessKeyId>ASIAFAKEFROMCOMMENT1</AccessKeyId><SecretAccessKey>fake</SecretAccessKey><SessionToken>fake</SessionToken> -->' +
				'<AccessKeyId>ASIAREALROLEKEY00001</AccessKeyId><SecretAccessKey><![CDATA[role-secret-0123456789]]></SecretAccessKey><SessionToken>role-token-0123456789</SessionToken>',
			new Date(Date.now() + 3600_000).toISOString(),
		);
		emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'garbage',
			status: 200,
			body,
			contentType: 'text/xml',
		});
		const { result, step } = await runWithAssumeRole();
		expect(result.error('SageMaker')).toBeUndefined();
		expect(
			requestsFor(emulator, 'SendPipelineExecutionStepSuccess')[0].headers.authorization,
		).toContain('Credential=ASIAREALROLEKEY00001/');
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
	});

	test('an Expiration in the past is an error; nothing is signed with those keys', async () => {
		const { emulator } = ctx;
		const body = assumeRoleAnswer(
			'<AccessKeyId>ASIAREALROLEKEY00001</AccessKeyId><SecretAccessKey>role-secret-0123456789</SecretAccessKey><SessionToken>role-token-0123456789</SessionToken>',
			'2001-01-01T00:00:00Z',
		);
		emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'garbage',
			status: 200,
			body,
			contentType: 'text/xml',
		});
		const { result } = await runWithAssumeRole();
		expect(result.error('SageMaker')?.message).toMatch(
			/they expired at 2001-01-01T00:00:00Z, before they arrived/,
		);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(0);
	});

	test('a hostile body of repeated tags: refused quickly, retried as a glitch, then reported', async () => {
		const { emulator } = ctx;
		emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'garbage',
			status: 200,
			body: '<AssumeRoleResponse '.repeat(40_000),
			contentType: 'text/xml',
			times: 3,
		});
		const { result } = await runWithAssumeRole();
		expect(result.error('SageMaker')?.message).toMatch(
			/STS answered without usable credentials \(an answer of 800000 characters\)/,
		);
		expect(requestsFor(emulator, 'AssumeRole')).toHaveLength(3);
	});
});
