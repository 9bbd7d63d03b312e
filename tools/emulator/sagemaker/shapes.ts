/**
 * The request shapes of the SageMaker operations the emulator serves, transcribed from botocore's
 * `sagemaker/2017-07-24/service-2.json` (limits, patterns, enums, required members). Only members of these
 * requests are listed, all of them, so that an unknown member is a typo and not a newer API field.
 */
import { ApiError } from '../errors';
import { checkShape, validationMessage, type Shape, type StructureShape } from '../validate';

/** Throws what SageMaker answers for an input that breaks its shape: SerializationException or ValidationException. */
export function checkRequest(shape: StructureShape, input: unknown): void {
	const problems = checkShape(shape, input);
	if (problems.length > 0)
		throw new ApiError('ValidationException', validationMessage(problems), 400);
}

const str = (min: number, max: number, pattern?: string, sensitive?: boolean): Shape => ({
	type: 'string',
	min,
	max,
	pattern,
	sensitive,
});

export const CALLBACK_TOKEN_PATTERN = '[a-zA-Z0-9]+';
const CallbackToken: Shape = {
	type: 'string',
	min: 10,
	max: 10,
	pattern: CALLBACK_TOKEN_PATTERN,
	sensitive: true,
};
const IdempotencyToken = str(32, 128);
const String256 = str(0, 256);
const OutputParameterList: Shape = {
	type: 'list',
	max: 50,
	member: {
		type: 'structure',
		name: 'OutputParameter',
		required: ['Name', 'Value'],
		// Output values are whatever the caller computed, secrets included: never echoed in messages.
		members: { Name: String256, Value: str(0, 1024, undefined, true) },
	},
};
const PipelineExecutionArn = str(
	0,
	2048,
	'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:pipeline\\/.*\\/execution\\/.*',
);
const PipelineNameOrArn = str(
	1,
	2048,
	'(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:([0-9]{12}|aws):pipeline/.*)?([a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})',
);
const PipelineName = str(1, 256, '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}');
const ParallelismConfiguration: Shape = {
	type: 'structure',
	name: 'ParallelismConfiguration',
	required: ['MaxParallelExecutionSteps'],
	members: { MaxParallelExecutionSteps: { type: 'integer', min: 1 } },
};
const Timestamp: Shape = { type: 'timestamp' };
const SortOrder: Shape = { type: 'string', enum: ['Ascending', 'Descending'] };
const NextToken = str(0, 8192, '.*');
const MaxResults: Shape = { type: 'integer', min: 1, max: 100 };

export const SendPipelineExecutionStepSuccessRequest: StructureShape = {
	type: 'structure',
	name: 'SendPipelineExecutionStepSuccessRequest',
	required: ['CallbackToken'],
	members: {
		CallbackToken,
		OutputParameters: OutputParameterList,
		ClientRequestToken: IdempotencyToken,
	},
};

export const SendPipelineExecutionStepFailureRequest: StructureShape = {
	type: 'structure',
	name: 'SendPipelineExecutionStepFailureRequest',
	required: ['CallbackToken'],
	members: { CallbackToken, FailureReason: String256, ClientRequestToken: IdempotencyToken },
};

export const ListPipelinesRequest: StructureShape = {
	type: 'structure',
	name: 'ListPipelinesRequest',
	members: {
		PipelineNamePrefix: PipelineName,
		CreatedAfter: Timestamp,
		CreatedBefore: Timestamp,
		SortBy: { type: 'string', enum: ['Name', 'CreationTime'] },
		SortOrder,
		NextToken,
		MaxResults,
	},
};

export const StartPipelineExecutionRequest: StructureShape = {
	type: 'structure',
	name: 'StartPipelineExecutionRequest',
	required: ['PipelineName', 'ClientRequestToken'],
	members: {
		PipelineName: PipelineNameOrArn,
		PipelineExecutionDisplayName: str(1, 82, '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}'),
		PipelineParameters: {
			type: 'list',
			max: 200,
			member: {
				type: 'structure',
				name: 'Parameter',
				required: ['Name', 'Value'],
				members: { Name: str(1, 256, '[A-Za-z0-9\\-_]*'), Value: str(0, 1024) },
			},
		},
		PipelineExecutionDescription: str(0, 3072, '.*'),
		ClientRequestToken: IdempotencyToken,
		ParallelismConfiguration,
		SelectiveExecutionConfig: {
			type: 'structure',
			name: 'SelectiveExecutionConfig',
			required: ['SelectedSteps'],
			members: {
				SourcePipelineExecutionArn: PipelineExecutionArn,
				SelectedSteps: {
					type: 'list',
					min: 1,
					max: 50,
					member: {
						type: 'structure',
						name: 'SelectedStep',
						required: ['StepName'],
						members: { StepName: String256 },
					},
				},
			},
		},
		PipelineVersionId: { type: 'integer', min: 1 },
		MlflowExperimentName: str(1, 256, '.*'),
	},
};

export const DescribePipelineExecutionRequest: StructureShape = {
	type: 'structure',
	name: 'DescribePipelineExecutionRequest',
	required: ['PipelineExecutionArn'],
	members: { PipelineExecutionArn },
};

export const ListPipelineParametersForExecutionRequest: StructureShape = {
	type: 'structure',
	name: 'ListPipelineParametersForExecutionRequest',
	required: ['PipelineExecutionArn'],
	members: { PipelineExecutionArn, NextToken, MaxResults },
};

export const ListPipelineExecutionsRequest: StructureShape = {
	type: 'structure',
	name: 'ListPipelineExecutionsRequest',
	required: ['PipelineName'],
	members: {
		PipelineName: PipelineNameOrArn,
		CreatedAfter: Timestamp,
		CreatedBefore: Timestamp,
		SortBy: { type: 'string', enum: ['CreationTime', 'PipelineExecutionArn'] },
		SortOrder,
		NextToken,
		MaxResults,
	},
};

export const ListPipelineExecutionStepsRequest: StructureShape = {
	type: 'structure',
	name: 'ListPipelineExecutionStepsRequest',
	members: { PipelineExecutionArn, NextToken, MaxResults, SortOrder },
};

export const StopPipelineExecutionRequest: StructureShape = {
	type: 'structure',
	name: 'StopPipelineExecutionRequest',
	required: ['PipelineExecutionArn', 'ClientRequestToken'],
	members: { PipelineExecutionArn, ClientRequestToken: IdempotencyToken },
};

export const RetryPipelineExecutionRequest: StructureShape = {
	type: 'structure',
	name: 'RetryPipelineExecutionRequest',
	required: ['PipelineExecutionArn', 'ClientRequestToken'],
	members: { PipelineExecutionArn, ClientRequestToken: IdempotencyToken, ParallelismConfiguration },
};
