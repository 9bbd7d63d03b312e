/**
 * n8n's verification accepts only literal parameter defaults, so the editor's defaults are written out in
 * the descriptions while the code that reads a missing value uses the named constants. These tests hold the
 * two equal, through the descriptions n8n loads: change one without the other and they fail.
 */
import type { INodeProperties } from 'n8n-workflow';

import { AwsSageMakerPipelines } from '../../nodes/AwsSageMakerPipelines/AwsSageMakerPipelines.node';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../../nodes/AwsSageMakerPipelines/actions/common.descriptions';
import { WAIT_LIMITS } from '../../nodes/AwsSageMakerPipelines/actions/pipelineExecution/waitUntilFinished';
import { AwsSageMakerPipelinesTrigger } from '../../nodes/AwsSageMakerPipelinesTrigger/AwsSageMakerPipelinesTrigger.node';
import { DEFAULTS } from '../../nodes/AwsSageMakerPipelinesTrigger/options';

/** Every parameter of a description, nested collection entries included. */
function allParameters(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allParameters(
			((property.options ?? []) as INodeProperties[]).filter((option) => 'type' in option),
		),
	]);
}

/** The defaults of the parameters with this name (a name can appear once per operation). */
function defaultsOf(properties: INodeProperties[], name: string): unknown[] {
	const found = allParameters(properties).filter((property) => property.name === name);
	if (found.length === 0) throw new Error(`no parameter named ${name}`);
	return found.map((property) => property.default);
}

const triggerProperties = new AwsSageMakerPipelinesTrigger().description.properties;
const nodeProperties = new AwsSageMakerPipelines().description.properties;

test.each(Object.entries(DEFAULTS))(
	'the trigger option %s defaults to DEFAULTS (%p)',
	(name, value) => {
		expect(defaultsOf(triggerProperties, name)).toEqual([value]);
	},
);

test('Wait Until Finished defaults to WAIT_LIMITS, in every operation that offers it', () => {
	const pollIntervals = defaultsOf(nodeProperties, 'pollInterval');
	const timeouts = defaultsOf(nodeProperties, 'waitTimeout');
	expect(pollIntervals.length).toBeGreaterThanOrEqual(2); // Start and Retry
	expect(pollIntervals).toEqual(pollIntervals.map(() => WAIT_LIMITS.pollIntervalSeconds.default));
	expect(timeouts).toEqual(timeouts.map(() => WAIT_LIMITS.timeoutSeconds.default));
});

test('Max Concurrent Requests defaults to DEFAULT_MAX_CONCURRENT_REQUESTS, in every operation', () => {
	const defaults = defaultsOf(nodeProperties, 'maxConcurrentRequests');
	expect(defaults.length).toBeGreaterThanOrEqual(9);
	expect(defaults).toEqual(defaults.map(() => DEFAULT_MAX_CONCURRENT_REQUESTS));
});
