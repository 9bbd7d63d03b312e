/**
 * The credential form as n8n reads it: stored field names stay what existing credentials hold, the Assume
 * Role fields appear only in that mode, and the temporary keys live in the one field n8n treats as expirable
 * (hidden, so never shown; password, so the editor gets a blank instead of the keys).
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AwsSageMakerApi } from '../../credentials/AwsSageMakerApi.credentials';
import { parseXml, textAt } from '../../nodes/shared/sts/xml';

const properties = new AwsSageMakerApi().properties;

/** What n8n makes of stored credential data: defaults filled in, fields hidden by displayOptions dropped. */
function asN8nReadsIt(stored: Record<string, unknown>) {
	return NodeHelpers.getNodeParameters(
		properties as INodeProperties[],
		stored as never,
		true,
		false,
		null,
		null,
	)!;
}

describe('credential form', () => {
	test('keeps the field names existing credentials hold', () => {
		const names = properties.map((property) => property.name);
		for (const name of [
			'region',
			'accessKeyId',
			'secretAccessKey',
			'sessionToken',
			'customEndpoints',
			'sageMakerEndpoint',
			'sqsEndpoint',
			'stsEndpoint',
		]) {
			expect(names).toContain(name);
		}
	});

	test('a credential saved before Assume Role existed reads as Access Key, without role fields', () => {
		const data = asN8nReadsIt({
			region: 'eu-west-1',
			accessKeyId: 'AKIDEXAMPLE',
			secretAccessKey: 'example',
		});
		expect(data.authentication).toBe('accessKey');
		expect(data).not.toHaveProperty('roleArn');
		expect(data).not.toHaveProperty('assumedRoleSession');
	});

	test('Assume Role shows its fields with their defaults, and an empty expirable session field', () => {
		const data = asN8nReadsIt({
			authentication: 'assumeRole',
			accessKeyId: 'AKIDEXAMPLE',
			secretAccessKey: 'example',
		});
		expect(data).toMatchObject({
			roleArn: '',
			externalId: '',
			roleSessionName: '',
			durationSeconds: 3600,
			assumedRoleSession: '',
		});
	});

	test('exactly one expirable field, hidden and password-protected', () => {
		const expirable = properties.filter((property) => property.typeOptions?.expirable === true);
		expect(expirable).toHaveLength(1);
		expect(expirable[0]).toMatchObject({
			name: 'assumedRoleSession',
			type: 'hidden',
			default: '',
			typeOptions: { password: true },
		});
	});

	test('secrets are password fields', () => {
		for (const name of ['secretAccessKey', 'sessionToken']) {
			expect(properties.find((property) => property.name === name)?.typeOptions?.password).toBe(
				true,
			);
		}
	});
});

describe('reading STS XML', () => {
	const xmlText = (xml: string, path: string[]) => {
		const root = parseXml(xml);
		return root && textAt(root, path);
	};
	const answer =
		'<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
		'<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>a&amp;b&lt;c&#x2F;d&#61;</SecretAccessKey></Credentials>' +
		'<AssumedRoleUser><sts:Arn>arn:aws:sts::123456789012:assumed-role/r/s</sts:Arn></AssumedRoleUser>' +
		'</AssumeRoleResult></AssumeRoleResponse>';

	test('follows a path and decodes entities', () => {
		expect(xmlText(answer, ['AssumeRoleResult', 'Credentials', 'SecretAccessKey'])).toBe(
			'a&b<c/d=',
		);
	});

	test('ignores namespace prefixes', () => {
		expect(xmlText(answer, ['AssumedRoleUser', 'Arn'])).toBe(
			'arn:aws:sts::123456789012:assumed-role/r/s',
		);
	});

	test('a missing step, or an element outside the path, is undefined', () => {
		expect(xmlText(answer, ['AssumeRoleResult', 'Credentials', 'SessionToken'])).toBeUndefined();
		expect(xmlText(answer, ['AssumedRoleUser', 'AccessKeyId'])).toBeUndefined();
		expect(xmlText('<Broken><A>text', ['Broken', 'A'])).toBeUndefined();
	});
});
