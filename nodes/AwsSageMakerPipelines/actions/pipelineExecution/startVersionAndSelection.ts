/**
 * Start's two ways to choose what runs: PipelineVersionId (an earlier version of the pipeline's
 * definition) and SelectiveExecutionConfig (only some steps, reusing the outputs of a source
 * execution for the rest: "re-run Evaluate and Register from yesterday's execution"). Unlike
 * Retry, which resumes the failed steps of the same execution, a selective run is a new execution.
 * Limits from botocore's sagemaker 2017-07-24 model: PipelineVersionId a long ≥ 1; SelectedSteps
 * 1–50 entries of StepName up to 256 characters; SourcePipelineExecutionArn a pipeline execution ARN.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	checkInteger,
	checkLength,
	checkNameList,
	checkPipelineExecutionArn,
	InputError,
} from '../../../shared/validation';

export const SELECTIVE_EXECUTION_LIMITS = {
	pipelineVersionId: { min: 1 },
	selectedSteps: { minItems: 1, maxItems: 50, maxNameLength: 256 },
} as const;

export const pipelineVersionIdOption: INodeProperties = {
	displayName: 'Pipeline Version ID',
	name: 'pipelineVersionId',
	type: 'number',
	typeOptions: { minValue: SELECTIVE_EXECUTION_LIMITS.pipelineVersionId.min },
	default: 1,
	description:
		"Run this version of the pipeline's definition (PipelineVersionId, 1 or more) instead of the latest",
};

export const selectiveExecutionOption: INodeProperties = {
	displayName: 'Selective Execution',
	name: 'selectiveExecutionConfig',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Selective Execution',
	description:
		"Run only some steps, taking the other steps' outputs from an earlier execution (SelectiveExecutionConfig). Retry, by contrast, resumes the failed steps of the same execution.",
	options: [
		{
			displayName: 'Selection',
			name: 'selection',
			values: [
				{
					displayName: 'Source Pipeline Execution ARN',
					name: 'sourcePipelineExecutionArn',
					type: 'string',
					default: '',
					placeholder:
						'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/0a1b2c3d4e5f',
					description:
						'A Succeeded or Failed execution of this pipeline whose outputs the selected steps use. Needed when they depend on steps not selected.',
				},
				{
					displayName: 'Steps to Run',
					name: 'selectedSteps',
					type: 'string',
					default: '',
					placeholder: 'Evaluate, Register',
					description:
						'Names of the steps to run, separated by commas (1 to 50, each up to 256 characters)',
				},
			],
		},
	],
};

export interface VersionAndSelectionOptions {
	pipelineVersionId?: unknown;
	selectiveExecutionConfig?: {
		selection?: { sourcePipelineExecutionArn?: unknown; selectedSteps?: unknown };
	};
}

export function readPipelineVersionId(options: VersionAndSelectionOptions): number | undefined {
	if (
		options.pipelineVersionId === undefined ||
		options.pipelineVersionId === null ||
		options.pipelineVersionId === ''
	)
		return undefined;
	return checkInteger(
		'Pipeline Version ID',
		options.pipelineVersionId,
		SELECTIVE_EXECUTION_LIMITS.pipelineVersionId.min,
	);
}

export function readSelectiveExecution(
	options: VersionAndSelectionOptions,
): { selectedSteps: string[]; sourcePipelineExecutionArn?: string } | undefined {
	const selection = options.selectiveExecutionConfig?.selection;
	if (!selection) return undefined;
	const field = 'Selective Execution: Steps to Run';
	const { minItems, maxItems, maxNameLength } = SELECTIVE_EXECUTION_LIMITS.selectedSteps;
	const names = checkNameList(
		field,
		selection.selectedSteps,
		'step names separated by commas (or a list of names)',
	);
	if (names.length < minItems || names.length > maxItems) {
		throw new InputError(
			field,
			`${field} must name ${minItems} to ${maxItems} steps (got ${names.length})`,
			'Example: Evaluate, Register',
		);
	}
	const seen = new Set<string>();
	for (const name of names) {
		checkLength(
			`${field} "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`,
			name,
			1,
			maxNameLength,
		);
		if (seen.has(name)) throw new InputError(field, `${field} names "${name}" twice`);
		seen.add(name);
	}
	const source = selection.sourcePipelineExecutionArn;
	const sourceArn =
		source === undefined || source === null || source === ''
			? undefined
			: checkPipelineExecutionArn(source, 'Selective Execution: Source Pipeline Execution ARN');
	return { selectedSteps: names, sourcePipelineExecutionArn: sourceArn };
}
