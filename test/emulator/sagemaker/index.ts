/**
 * The SageMaker service as the server sees it: its operation table, assembled from callback.ts and
 * pipelines.ts over one SageMakerModel.
 */
import type { ServiceDefinition } from '../server';
import { callbackOperations } from './callback';
import type { SageMakerModel } from './model';
import { pipelineOperations } from './pipelines';

export function sageMakerService(model: SageMakerModel): ServiceDefinition {
	return {
		name: 'sagemaker',
		operations: { ...callbackOperations(model), ...pipelineOperations(model) },
	};
}

export { SageMakerModel } from './model';
export type { Execution, OutputDeclaration, Pipeline, PipelineDefinition, StepDefinition, StepStatus, StepView } from './model';
