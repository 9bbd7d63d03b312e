/**
 * The SageMaker service as the server sees it: its operation table, assembled from callback.ts and
 * pipelines.ts and modelPackages.ts over one SageMakerModel.
 */
import type { ServiceDefinition } from '../server';
import { callbackOperations } from './callback';
import type { SageMakerModel } from './model';
import { modelPackageOperations } from './modelPackages';
import { pipelineOperations } from './pipelines';

export function sageMakerService(model: SageMakerModel): ServiceDefinition {
	return {
		name: 'sagemaker',
		operations: {
			...callbackOperations(model),
			...pipelineOperations(model),
			...modelPackageOperations(model),
		},
	};
}

export { SageMakerModel } from './model';
export type {
	Execution,
	OutputDeclaration,
	Pipeline,
	PipelineDefinition,
	StepDefinition,
	StepStatus,
	StepView,
} from './model';
export type {
	ModelApprovalStatus,
	ModelPackage,
	ModelPackageDefinition,
	ModelPackageGroup,
	ModelPackageStatus,
} from './modelRegistry';
